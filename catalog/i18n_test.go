package catalog

// Tests for the languages (issue 8): every frame file names every frame string
// in its own words, every catalog text has Vietnamese, and Vietnamese answers
// contain no English sentence.

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// frameLanguages are the languages of the source site: English and
// Vietnamese carry the content, the others the frame only.
var frameLanguages = []string{"en", "vi", "es", "de", "fr", "pt", "ru", "ja", "ko", "zh-Hans", "tr", "id", "hi", "ar", "th"}

// rtlLanguages are written right to left; their frame must say so.
var rtlLanguages = map[string]bool{"ar": true, "fa": true, "he": true, "ur": true}

// sameAsEnglish are frame keys whose value may equal English in every
// language: protocol words, code-only templates and example queries the
// parser understands as they are.
var sameAsEnglish = map[string]bool{
	"dir": true, "title_compare": true, "title_explain": true, "item_colon": true, "retry_window_item": true, "help_examples": true,
	"stage_ehlo": true, "stage_starttls": true, "stage_auth": true, "stage_mail": true, "stage_rcpt": true,
	"stage_data": true, "stage_quit": true, "stage_vrfy": true, "stage_help": true, "stage_etrn": true, "stage_atrn": true,
	"list_sep":  true,                        // a comma is a comma in most languages
	"card_join": true, "card_sentence": true, // punctuation only
}

var (
	placeholderRE = regexp.MustCompile(`\{[a-z_]+\}`)
	// protectedRE matches what a translation keeps as it is: SMTP commands,
	// names of specifications and registries, and codes.
	protectedRE = regexp.MustCompile(`\b(?:MAIL FROM|RCPT TO|EHLO|HELO|STARTTLS|AUTH|DATA|QUIT|VRFY|EXPN|ETRN|ATRN|IANA|SMTP|smtpbot|RFC \d+|[2-5]\d\d|[2-5]\.\d{1,3}\.\d{1,3})\b`)
)

// frameKeys lists the JSON names of the Frame fields, in struct order.
func frameKeys(t *testing.T) []string {
	t.Helper()
	typ := reflect.TypeFor[Frame]()
	keys := make([]string, 0, typ.NumField())
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() {
			continue // set by Load from other files, not a frame string
		}
		if f.Type.Kind() != reflect.String {
			t.Fatalf("Frame.%s is a %s; these tests only know string fields", f.Name, f.Type)
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			t.Fatalf("Frame.%s has no JSON name", f.Name)
		}
		keys = append(keys, name)
	}
	return keys
}

// readFrameFiles returns every frame file as written, before Load fills its
// gaps from English, keyed by language. Each file is also decoded strictly
// into Frame, so a misspelt key fails here. English must be among them.
func readFrameFiles(t *testing.T) map[string]map[string]string {
	t.Helper()
	fsys := Embedded()
	names, err := fs.Glob(fsys, "frame/*.json")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, name := range names {
		lang := fileLang(name)
		if err := decodeFile(fsys, name, new(Frame)); err != nil {
			t.Errorf("%v", err)
			continue
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("%s: every value must be a string: %v", name, err)
			continue
		}
		out[lang] = m
	}
	if out[English] == nil {
		t.Fatal("frame/en.json is missing")
	}
	return out
}

func TestFrameFilesHaveEveryKey(t *testing.T) {
	keys := frameKeys(t)
	files := readFrameFiles(t)
	for _, lang := range frameLanguages {
		if files[lang] == nil {
			t.Errorf("frame/%s.json is missing or unreadable", lang)
		}
	}
	names := map[string]string{}
	for _, lang := range slices.Sorted(maps.Keys(files)) {
		m := files[lang]
		var missing, empty []string
		for _, k := range keys {
			v, ok := m[k]
			switch {
			case !ok:
				missing = append(missing, k)
			case strings.TrimSpace(v) == "":
				empty = append(empty, k)
			case v != strings.TrimSpace(v) || strings.Contains(v, "  "):
				t.Errorf("frame/%s.json: %s has stray spaces: %q", lang, k, v)
			}
		}
		if len(missing) > 0 {
			t.Errorf("frame/%s.json lacks %d keys: %s", lang, len(missing), strings.Join(missing, ", "))
		}
		if len(empty) > 0 {
			t.Errorf("frame/%s.json has empty values: %s", lang, strings.Join(empty, ", "))
		}
		wantDir := "ltr"
		if rtlLanguages[lang] {
			wantDir = "rtl"
		}
		if m["dir"] != wantDir {
			t.Errorf("frame/%s.json: dir is %q, want %q", lang, m["dir"], wantDir)
		}
		if other, dup := names[m["language_name"]]; dup {
			t.Errorf("frame/%s.json and frame/%s.json share the language name %q", lang, other, m["language_name"])
		}
		names[m["language_name"]] = lang
	}
}

func TestFrameFilesAreTranslated(t *testing.T) {
	files := readFrameFiles(t)
	en := files[English]
	for _, lang := range slices.Sorted(maps.Keys(files)) {
		if lang == English {
			continue
		}
		for _, k := range frameKeys(t) {
			v := files[lang][k]
			// A single word may be the same in both languages ("Codes" in
			// French and German); a phrase equal to English is untranslated.
			if v == en[k] && v != "" && !sameAsEnglish[k] && strings.ContainsAny(v, " \n") {
				t.Errorf("frame/%s.json: %s is still English: %q", lang, k, v)
			}
		}
	}
}

func TestFramePlaceholdersMatchEnglish(t *testing.T) {
	files := readFrameFiles(t)
	en := files[English]
	for _, lang := range slices.Sorted(maps.Keys(files)) {
		for _, k := range frameKeys(t) {
			v, ok := files[lang][k]
			if !ok {
				continue // reported by TestFrameFilesHaveEveryKey
			}
			want, got := tokenSet(placeholderRE, en[k]), tokenSet(placeholderRE, v)
			if !slices.Equal(want, got) {
				t.Errorf("frame/%s.json: %s has placeholders %v, English has %v", lang, k, got, want)
			}
			for _, term := range tokenSet(protectedRE, en[k]) {
				if !strings.Contains(v, term) {
					t.Errorf("frame/%s.json: %s drops %q, which stays as it is in every language: %q", lang, k, term, v)
				}
			}
		}
	}
}

// tokenSet returns the distinct matches of re in s, sorted.
func tokenSet(re *regexp.Regexp, s string) []string {
	out := re.FindAllString(s, -1)
	slices.Sort(out)
	return slices.Compact(out)
}

var (
	textType  = reflect.TypeFor[Text]()
	wordsType = reflect.TypeFor[Words]()
)

// walkTexts calls text for every Text and words for every Words reachable
// from v through exported fields, slices and pointers, with a JSON-like path.
// Walking by reflection means a Text field added later is checked too.
func walkTexts(v reflect.Value, at string, text func(at string, t Text), words func(at string, w Words)) {
	switch v.Type() {
	case textType:
		text(at, v.Interface().(Text))
		return
	case wordsType:
		words(at, v.Interface().(Words))
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkTexts(v.Elem(), at, text, words)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" {
				name = f.Name
			}
			walkTexts(v.Field(i), at+"."+name, text, words)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkTexts(v.Index(i), fmt.Sprintf("%s[%d]", at, i), text, words)
		}
	}
}

// catalogTexts visits every text of the catalog: entries, classes and
// providers.
func catalogTexts(c *Catalog, text func(at string, t Text), words func(at string, w Words)) {
	for _, r := range c.Replies() {
		walkTexts(reflect.ValueOf(r), r.Code.String(), text, words)
	}
	for _, e := range c.EnhancedList() {
		walkTexts(reflect.ValueOf(e), e.Code.String(), text, words)
	}
	walkTexts(reflect.ValueOf(c.classes), "classes.json", text, words)
	for p := range c.Providers() {
		walkTexts(reflect.ValueOf(p), "providers.json "+p.ID, text, words)
	}
}

// The content languages are those every entry of the data carries.
// Adding one is a data change: give every text and keyword list of the
// catalog the new language, then add it here.
func TestContentLanguages(t *testing.T) {
	c := loadEmbedded(t)
	if got, want := c.ContentLanguages(), []string{English, Vietnamese}; !slices.Equal(got, want) {
		t.Errorf("content languages %v, want %v", got, want)
	}
	if !c.HasContent(Vietnamese) || c.HasContent("fr") {
		t.Error("HasContent disagrees with ContentLanguages")
	}
}

// Every text of the catalog exists in every content language, and so do
// the keywords.
func TestEveryTextInEveryContentLanguage(t *testing.T) {
	c := loadEmbedded(t)
	langs := c.ContentLanguages()
	texts, keywords := 0, 0
	catalogTexts(c, func(at string, tx Text) {
		if !tx.Has(English) {
			return // optional and absent, such as the context of a code's only meaning
		}
		texts++
		for _, lang := range langs {
			if strings.TrimSpace(tx.In(lang)) == "" || !tx.Has(lang) {
				t.Errorf("%s: no %s text", at, lang)
			}
		}
	}, func(at string, w Words) {
		keywords++
		for _, lang := range langs {
			if len(w[lang]) == 0 {
				t.Errorf("%s: no %s keywords", at, lang)
			}
			for i, k := range w[lang] {
				if strings.TrimSpace(k) == "" {
					t.Errorf("%s.%s[%d]: empty keyword", at, lang, i)
				}
			}
		}
	})
	// Guard the walk itself: a basic code has at least six texts (name,
	// description, when, both fixes, retry note), an enhanced code five.
	if min := 6*len(c.Replies()) + 5*len(c.EnhancedList()); texts < min {
		t.Errorf("visited %d texts, want at least %d: the walk misses fields", texts, min)
	}
	if want := len(c.Replies()) + len(c.EnhancedList()); keywords != want {
		t.Errorf("visited %d keyword lists, want %d", keywords, want)
	}
}

// The English detector. A Vietnamese text fails when it is the English text
// itself, or when one of its sentences is mostly words of the English texts,
// or holds a run of them. What stays English by design is removed first:
// quoted text (replies and RFC wording quoted verbatim), reply lines pasted
// as examples, codes, RFC numbers, host names, acronyms (SPF, DKIM, MX) and
// names of providers and products.

// englishRun is the length of a run of English words that makes a sentence
// English even inside Vietnamese: loanwords come alone or in pairs ("open
// relay", "mail server"), not four in a row.
const englishRun = 4

// viAlsoEnglish are Vietnamese words written without diacritics that are
// also English words; they never count as English.
var viAlsoEnglish = map[string]bool{"an": true, "ban": true, "con": true, "do": true, "sang": true, "so": true, "tin": true}

// namesAndTerms are names and terms that read the same in Vietnamese
// (lower case). Acronyms and mixed-case names (SPF, OAuth, SendGrid) need no
// entry: they are recognised by their case.
var namesAndTerms = words(`
	gmail google workspace microsoft outlook hotmail exchange office yahoo aol icloud apple proton protonmail
	zoho yandex gmx amazon ses sendgrid mailgun postmark mailchimp mandrill sparkpost brevo
	postfix exim sendmail qmail dovecot zimbra haraka opensmtpd courier mdaemon
	spamhaus barracuda mimecast proofpoint cloudmark cisco ironport fortinet sophos spamassassin rspamd
	cloudflare thunderbird linux windows
	smtp esmtp smtps lmtp starttls tls ssl dns ip ipv4 ipv6 mx spf dkim dmarc arc bimi mta sts dane tlsa ptr
	rdns fcrdns helo ehlo sasl oauth base64 mime utf utf8 smtputf8 http https tcp ndr dsn
	bounce relay quota spam email e-mail mail`)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	// Single quotes open after a space and close before a non-letter, so an
	// apostrophe inside ("weren't") does not end the quote.
	quotedRE = regexp.MustCompile(`"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|„[^“”\n]*[“”]|(?:^|[\s(])'(?:[^'\n]|'\pL)+'(?:[^\pL]|$)`)
	// A pasted reply line: "550-5.7.26 This mail …", "550 5.1.1 The email …".
	replyLineRE = regexp.MustCompile(`(?m)^[2-5]\d\d(?:-| [2-5]\.\d{1,3}\.\d{1,3}\b).*$`)
	dottedRE    = regexp.MustCompile(`[\p{L}\p{N}_@§-]*[\p{L}\p{N}_]\.[\p{L}\p{N}_][\p{L}\p{N}_.@/-]*|https?://\S+|\S+@\S+`)
	// A word, hyphens included ("Require-Recipient-Valid-Since"), or a comma or
	// bracket, which ends a run of English words.
	wordRE     = regexp.MustCompile(`[\p{L}\p{M}\p{N}_'’]+(?:-[\p{L}\p{M}\p{N}_'’]+)*|[,()\[\]]`)
	sentenceRE = regexp.MustCompile(`[.!?;:]+(?:\s+|$)|\n+`)
)

type englishDetector struct {
	vocab    map[string]bool   // lower-case words of the English texts
	verbatim *strings.Replacer // removes English that may appear as it is: RFC reply texts, registry titles
}

// newEnglishDetector learns the English vocabulary from English texts and
// the verbatim texts that may be quoted in any language.
func newEnglishDetector(english, verbatim []string) *englishDetector {
	d := &englishDetector{vocab: map[string]bool{}}
	for _, s := range english {
		for _, w := range strings.FieldsFunc(strings.ToLower(s), notWordRune) {
			if isASCII(w) && !viAlsoEnglish[w] {
				d.vocab[w] = true
			}
		}
	}
	// Longest first, so a text is removed before a shorter one inside it.
	sorted := slices.Clone(verbatim)
	slices.SortFunc(sorted, func(a, b string) int { return len(b) - len(a) })
	var pairs []string
	for _, v := range slices.Compact(sorted) {
		if v != "" {
			pairs = append(pairs, v, " 0 ")
		}
	}
	d.verbatim = strings.NewReplacer(pairs...)
	return d
}

// problems returns what is English in vi, whose English counterpart is en.
func (d *englishDetector) problems(en, vi string) []string {
	var out []string
	if vi == "" {
		return nil
	}
	if vi == en && d.hasWords(vi) {
		out = append(out, "same as English")
	}
	for _, s := range sentenceRE.Split(d.clean(vi), -1) {
		ws := wordRE.FindAllString(s, -1)
		english, rest, run, longest := 0, 0, 0, 0
		for i, w := range ws {
			k := d.kind(w)
			if i > 0 && k == wordEnglish && unicode.IsUpper([]rune(w)[0]) {
				// A capital inside a sentence starts a name: "Tenant
				// Allow/Block List", "Directory-Based Edge Blocking".
				k = wordNeutral
			}
			switch k {
			case wordNeutral:
				continue // does not break a run: "the SPF record of the domain"
			case wordBreak:
				run = 0 // a list of loanwords is not a sentence: "transport map, smart host"
			case wordEnglish:
				english++
				run++
				longest = max(longest, run)
			default:
				rest++
				run = 0
			}
		}
		switch {
		case english >= 2 && rest == 0:
			out = append(out, fmt.Sprintf("English: %q", strings.TrimSpace(s)))
		case english >= 3 && english > rest:
			out = append(out, fmt.Sprintf("mostly English (%d of %d words): %q", english, english+rest, strings.TrimSpace(s)))
		case longest >= englishRun:
			out = append(out, fmt.Sprintf("%d English words in a row: %q", longest, strings.TrimSpace(s)))
		}
	}
	return out
}

// clean removes what may stay English: verbatim texts, quotes, pasted reply
// lines, placeholders, codes, host names and addresses. Removed text leaves a
// neutral "0" so the words around it do not join.
func (d *englishDetector) clean(s string) string {
	s = d.verbatim.Replace(s)
	for _, re := range []*regexp.Regexp{quotedRE, replyLineRE, placeholderRE, dottedRE} {
		s = re.ReplaceAllString(s, " 0 ")
	}
	return s
}

func (d *englishDetector) hasWords(s string) bool {
	for _, w := range wordRE.FindAllString(d.clean(s), -1) {
		if k := d.kind(w); k == wordEnglish || k == wordOther {
			return true
		}
	}
	return false
}

type wordKind int

const (
	wordOther   wordKind = iota // Vietnamese, or not an English word
	wordEnglish                 // an English word of the English texts
	wordNeutral                 // a code, acronym or name: the same in both languages
	wordBreak                   // a comma or bracket
)

func (d *englishDetector) kind(w string) wordKind {
	lower := strings.ToLower(w)
	switch {
	case strings.ContainsAny(w, ",()[]"):
		return wordBreak
	case strings.Contains(w, "-"):
		// Names of drafts, headers and features are hyphenated and
		// capitalised ("Require-Recipient-Valid-Since", "draft-levine-…");
		// other compounds are English when each part is.
		if strings.HasPrefix(lower, "draft-") || strings.ContainsFunc(w, unicode.IsUpper) {
			return wordNeutral
		}
		for _, part := range strings.Split(w, "-") {
			if d.kind(part) != wordEnglish {
				return wordOther
			}
		}
		return wordEnglish
	case strings.ContainsAny(w, "0123456789_"), namesAndTerms[lower]:
		return wordNeutral
	case len([]rune(w)) >= 2 && strings.ToUpper(w) == w: // SPF, MAIL, RCPT
		return wordNeutral
	case strings.ContainsFunc(w[utf8.RuneLen([]rune(w)[0]):], unicode.IsUpper): // OAuth, SendGrid, iCloud
		return wordNeutral
	case isASCII(lower) && d.vocab[lower] && !viAlsoEnglish[lower]:
		return wordEnglish
	}
	return wordOther
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsNumber(r) && r != '_' && r != '\'' && r != '’'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// The detector must catch English and pass Vietnamese, or the tests that
// use it prove nothing.
func TestEnglishDetector(t *testing.T) {
	d := newEnglishDetector([]string{
		"The mailbox is full, so the message was refused. Ask the recipient to free some space.",
		"The server could not verify the sender with SPF and DKIM, so the message was rejected.",
		"Gmail sends this code when the message is too large.",
	}, []string{"Requested mail action aborted: exceeded storage allocation"})
	tests := []struct {
		name     string
		en, vi   string
		problems int
	}{
		{"copied", "Ask the recipient to free some space.", "Ask the recipient to free some space.", 2},
		{"English sentence in Vietnamese", "", "Hộp thư đầy. The mailbox is full, so the message was refused.", 1},
		{"English clause", "", "Máy chủ từ chối vì the server could not verify the sender.", 1},
		{"template seam", "", "Cả hai đều thuộc nhóm 5xx: the message was refused.", 1},
		{"Vietnamese", "", "Hộp thư đã đầy nên thư bị từ chối. Hãy nhờ người nhận dọn bớt dung lượng.", 0},
		{"Vietnamese with terms", "", "Máy chủ không xác minh được bên gửi bằng SPF và DKIM (RFC 7208), nên thư bị từ chối với 550 5.7.26.", 0},
		{"Vietnamese with names", "", "Gmail gửi mã này khi thư quá lớn; Outlook và Yahoo cũng vậy.", 0},
		{"quoted reply", "", `Gmail trả về "552-5.2.3 Your message exceeded Google's message size limits" khi thư quá lớn.`, 0},
		{"verbatim RFC text", "", "RFC 5321 ghi Requested mail action aborted: exceeded storage allocation cho mã 552.", 0},
		{"pasted reply line", "", "giải thích 550\n550-5.7.26 This mail has been blocked because the sender is unauthenticated", 0},
		{"loanword pair", "", "Đây là lỗi của mail server phía nhận, không phải của bạn.", 0},
		{"codes only, same as English", "552 · 5.2.2 · X.2.2", "552 · 5.2.2 · X.2.2", 0},
		{"English name", "", "Mailbox is full", 1},
		{"Vietnamese name", "", "Hộp thư đầy", 0},
		{"name with a loanword", "", "Spam hoặc virus", 0},
		{"English sentences after a code", "", "552 is sent when the mailbox is full; ask the recipient.", 2},
		{"hyphenated names", "", "Với RRVS (Require-Recipient-Valid-Since, RFC 7293), xem draft-levine-mailbomb-header.", 0},
		{"list of loanwords", "", "Thiếu transport map, smart host hoặc send connector.", 0},
		{"product name", "", "Tổ chức của bạn chặn người nhận này bằng Tenant Allow Block List.", 0},
		{"English sentence in Vietnamese, capitalised start", "", "Không gửi được. Ask the recipient to free some space.", 1},
		{"same acronym", "STARTTLS", "STARTTLS", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.problems(tt.en, tt.vi); len(got) != tt.problems {
				t.Errorf("problems(%q) = %q, want %d", tt.vi, got, tt.problems)
			}
		})
	}
}

// detectorFor builds the detector from every English text of the catalog
// and its frame.
func detectorFor(c *Catalog) *englishDetector {
	var english, verbatim []string
	catalogTexts(c, func(_ string, tx Text) { english = append(english, tx.In(English)) }, func(_ string, w Words) {
		english = append(english, w[English]...)
	})
	for _, r := range c.Replies() {
		for _, m := range r.Meanings {
			verbatim = append(verbatim, m.Text)
		}
	}
	for _, e := range c.EnhancedList() {
		verbatim = append(verbatim, e.Official)
	}
	en := reflect.ValueOf(c.Frame(English)).Elem()
	for i := range en.NumField() {
		if !en.Type().Field(i).IsExported() {
			continue
		}
		english = append(english, en.Field(i).String())
	}
	return newEnglishDetector(append(english, verbatim...), verbatim)
}

// textPair is one thing an answer shows, in English and in Vietnamese.
type textPair struct{ field, en, vi string }

// cardPairs lists what a card shows in words. The RFC wording (Official)
// stays English by design; codes and links are left out.
func cardPairs(en, vi Card) []textPair {
	ps := []textPair{
		{"name", en.Name, vi.Name},
		{"class", en.ClassName, vi.ClassName},
		{"description", en.Description, vi.Description},
		{"when", en.When, vi.When},
		{"fix_sender", en.FixSender, vi.FixSender},
		{"fix_admin", en.FixAdmin, vi.FixAdmin},
		{"retry_label", en.RetryLabel, vi.RetryLabel},
		{"retry_note", en.RetryNote, vi.RetryNote},
		{"frequency", en.FrequencyName, vi.FrequencyName},
	}
	if vi.BasicNote != "" {
		ps = append(ps, textPair{"usual_basic", en.BasicNote, vi.BasicNote})
	}
	ps = appendPairs(ps, "stage", en.StageNames, vi.StageNames)
	ps = appendPairs(ps, "actor", en.ActorNames, vi.ActorNames)
	ps = appendPairs(ps, "note", en.Notes, vi.Notes)
	for i := range vi.Official {
		var e string
		if i < len(en.Official) {
			e = en.Official[i].Context
		}
		ps = append(ps, textPair{fmt.Sprintf("meaning %d context", i), e, vi.Official[i].Context})
	}
	return ps
}

func comparisonPairs(en, vi Comparison) []textPair {
	ps := []textPair{{"title", en.Title, vi.Title}, {"summary", en.Summary(), vi.Summary()}}
	ps = appendPairs(ps, "difference", en.Differences(), vi.Differences())
	ps = appendPairs(ps, "operator", en.Operator(), vi.Operator())
	ps = appendPairs(ps, "reader", en.Reader(), vi.Reader())
	for i := range vi.Cards {
		for _, p := range cardPairs(en.Cards[i], vi.Cards[i]) {
			p.field = vi.Cards[i].Code.String() + " " + p.field
			ps = append(ps, p)
		}
	}
	return ps
}

func appendPairs(ps []textPair, field string, en, vi []string) []textPair {
	for i, v := range vi {
		var e string
		if i < len(en) {
			e = en[i]
		}
		ps = append(ps, textPair{fmt.Sprintf("%s %d", field, i), e, v})
	}
	return ps
}

// everyCode lists every code of the catalog the way users ask for it: basic
// codes, enhanced codes in registry form and with each class, and two codes
// the catalog lacks, which are explained from classes.json and the frame.
func everyCode(t *testing.T, c *Catalog) []Code {
	t.Helper()
	var out []Code
	for _, r := range c.Replies() {
		out = append(out, Code{Reply: r.Code})
	}
	for _, e := range c.EnhancedList() {
		for _, cl := range []int{0, 2, 4, 5} {
			code := e.Code
			code.Class = cl
			out = append(out, Code{Enhanced: code})
		}
	}
	for _, s := range []string{"239", "5.1.99"} {
		code, err := ParseCode(s)
		if err != nil {
			t.Fatalf("ParseCode(%q): %v", s, err)
		}
		out = append(out, code)
	}
	return out
}

// viComparisons are the source site's two comparisons, then comparisons that
// reach the other templates (success against failure, an intermediate reply,
// basic with enhanced, three codes, two enhanced codes).
var viComparisons = []string{"252 455", "252 552", "250 550", "354 554", "550 5.1.1", "450 451 452", "5.1.1 5.2.2"}

func parseCodes(t *testing.T, s string) []Code {
	t.Helper()
	var out []Code
	for _, f := range strings.Fields(s) {
		code, err := ParseCode(f)
		if err != nil {
			t.Fatalf("ParseCode(%q): %v", f, err)
		}
		out = append(out, code)
	}
	return out
}

func TestVietnameseAnswersHaveNoEnglish(t *testing.T) {
	c := loadEmbedded(t)
	d := detectorFor(c)
	// The same text shows in many answers (an enhanced code in four forms,
	// a card inside a comparison): check and report each pair once.
	checked := map[textPair]bool{}
	report := func(where string, p textPair) {
		key := textPair{en: p.en, vi: p.vi}
		if checked[key] {
			return
		}
		checked[key] = true
		for _, problem := range d.problems(p.en, p.vi) {
			t.Errorf("%s %s: %s\n\ten: %s\n\tvi: %s", where, p.field, problem, p.en, p.vi)
		}
	}
	for _, code := range everyCode(t, c) {
		for _, p := range cardPairs(c.Card(code, English), c.Card(code, Vietnamese)) {
			report(code.String(), p)
		}
	}
	for _, q := range viComparisons {
		codes := parseCodes(t, q)
		for _, p := range comparisonPairs(c.Compare(codes, English), c.Compare(codes, Vietnamese)) {
			report(strings.ReplaceAll(q, " ", " vs "), p)
		}
	}
	// The frame strings that no card shows: help, errors, buttons.
	en, vi := reflect.ValueOf(c.Frame(English)).Elem(), reflect.ValueOf(c.Frame(Vietnamese)).Elem()
	for i := range en.NumField() {
		key, _, _ := strings.Cut(en.Type().Field(i).Tag.Get("json"), ",")
		if sameAsEnglish[key] || !en.Type().Field(i).IsExported() {
			continue
		}
		report("frame", textPair{key, en.Field(i).String(), vi.Field(i).String()})
	}
	// And every Vietnamese text of the catalog on its own, including those
	// only a diagnosis shows (providers, categories).
	catalogTexts(c, func(at string, tx Text) {
		if tx.Has(Vietnamese) {
			report(at, textPair{"", tx.In(English), tx.In(Vietnamese)})
		}
	}, func(string, Words) {})
}

// In the other languages the frame is translated and the code texts stay
// English, which the untranslated note tells the reader.
func TestOtherLanguagesUseTheirFrame(t *testing.T) {
	c := loadEmbedded(t)
	enFrame := c.Frame(English)
	for _, lang := range frameLanguages {
		if !c.HasLanguage(lang) {
			t.Errorf("no frame for %s", lang)
		}
	}
	codes := parseCodes(t, "252 552")
	enCmp := c.Compare(codes, English)
	for _, lang := range c.FrameLanguages() {
		if c.HasContent(lang) {
			continue
		}
		t.Run(lang, func(t *testing.T) {
			f := c.Frame(lang)
			if f.Untranslated == enFrame.Untranslated {
				t.Errorf("the untranslated note is English: %q", f.Untranslated)
			}
			if f.KeyDifferences == enFrame.KeyDifferences || f.WhenToUse == enFrame.WhenToUse {
				t.Errorf("headings are English: %q, %q", f.KeyDifferences, f.WhenToUse)
			}
			card, enCard := c.Card(codes[1], lang), c.Card(codes[1], English)
			if card.Description != enCard.Description {
				t.Errorf("552 description is not the English text, so the untranslated note would be wrong: %q", card.Description)
			}
			if card.RetryLabel != f.RetryName(card.Retry) || card.RetryLabel == enCard.RetryLabel {
				t.Errorf("552 retry label %q is not this language's", card.RetryLabel)
			}
			if slices.Equal(card.ActorNames, enCard.ActorNames) {
				t.Errorf("552 actors are English: %q", card.ActorNames)
			}
			cmp := c.Compare(codes, lang)
			var notes []string
			for _, cd := range enCmp.Cards {
				notes = append(notes, cd.Notes...)
			}
			for _, p := range comparisonPairs(enCmp, cmp) {
				if !strings.HasPrefix(p.field, "title") && !strings.HasPrefix(p.field, "summary") &&
					!strings.HasPrefix(p.field, "difference") && !strings.HasPrefix(p.field, "operator") &&
					!strings.HasPrefix(p.field, "reader") {
					continue // card texts: English by design
				}
				isNote := slices.ContainsFunc(notes, func(n string) bool { return strings.HasSuffix(p.vi, n) })
				if p.vi == p.en && !isNote {
					t.Errorf("252 vs 552 %s is the English sentence: %q", p.field, p.vi)
				}
			}
		})
	}
}

// TestVietnameseHeadingsAsTheSourcePages pins the six Vietnamese headings
// the source pages used; people know them.
func TestVietnameseHeadingsAsTheSourcePages(t *testing.T) {
	c := loadEmbedded(t)
	f := c.Frame(Vietnamese)
	for got, want := range map[string]string{
		f.Description: "Mô tả", f.When: "Khi bạn thấy mã này", f.Fix: "Cách khắc phục",
		f.KeyDifferences: "Sự khác biệt chính", f.WhenToUse: "Khi nào dùng cái nào", f.LearnMore: "Tìm hiểu thêm",
	} {
		if got != want {
			t.Errorf("Vietnamese heading %q, want %q", got, want)
		}
	}
}
