package bot

import (
	"slices"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func suggestCodes(s []Suggestion) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = x.Code
	}
	return out
}

func TestSuggest(t *testing.T) {
	b := newTestBot(t)
	prefixed := []struct {
		in, want string // every suggestion starts with want
		min      int
	}{
		{"55", "55", 5},
		{"5.7.", "5.7.", 10},
		{"5.7.2", "5.7.2", 5},
		{"x.2", "X.2.", 3},
		{"4", "4", 10},
	}
	for _, tt := range prefixed {
		got := b.Suggest(tt.in, "en", 25)
		if len(got) < tt.min {
			t.Errorf("Suggest(%q) = %v, want at least %d", tt.in, suggestCodes(got), tt.min)
		}
		for _, s := range got {
			if !strings.HasPrefix(s.Code, tt.want) || s.Name == "" || s.Class == "" {
				t.Errorf("Suggest(%q) gave %+v, want codes starting %q with a name and class", tt.in, s, tt.want)
			}
		}
	}
	first := []struct{ in, lang, want string }{
		{"mailbox fu", "en", "552"},
		{"mailbx ful", "en", "552"},
		{"mbox full", "en", "552"},
		{"greylist", "en", "450"},
		{"hộp thư đầy", "vi", "552"},
		{"hop thu day", "vi", "552"},
		{"525", "en", "525"},
		{"5.7.62", "en", "5.7.62"}, // well formed: chat answers it as typed
		{"5.7.99", "en", "5.7.99"},
		{"599", "en", ""}, // no such class of second digit: not offered
	}
	for _, tt := range first {
		got := b.Suggest(tt.in, tt.lang, 5)
		if tt.want == "" {
			if slices.Contains(suggestCodes(got), tt.in) {
				t.Errorf("Suggest(%q) = %v, offers what is no code", tt.in, suggestCodes(got))
			}
			continue
		}
		if len(got) == 0 || got[0].Code != tt.want {
			t.Errorf("Suggest(%q)[0] = %v, want %s first", tt.in, suggestCodes(got), tt.want)
		}
	}
	// A code one typo from what was typed comes right after it.
	if got := suggestCodes(b.Suggest("5.7.62", "en", 2)); !slices.Equal(got, []string{"5.7.62", "5.7.26"}) {
		t.Errorf("Suggest(5.7.62) = %v, want the code as typed, then 5.7.26", got)
	}
	// A code the registry lacks is named by its subject.
	if got := b.Suggest("5.7.99", "en", 1); len(got) != 1 || got[0].Name != b.Catalog().Subject(7).Name.In("en") {
		t.Errorf("Suggest(5.7.99) = %+v, want the subject's name", got)
	}
	if got := b.Suggest("hộp thư đầy", "vi", 1); len(got) != 1 || got[0].Name != b.Catalog().Reply(552).Name.In("vi") {
		t.Errorf("Suggest in Vietnamese = %+v, want the Vietnamese name", got)
	}
	if got := b.Suggest("", "en", 3); len(got) != 3 || got[0].Class[1:] != "xx" {
		t.Errorf("Suggest(\"\") = %+v, want three common basic codes", got)
	}
	for _, in := range []string{"qwxzv", strings.Repeat("5", 5000), "\xff\xfe", "5..", "x"} {
		if got := b.Suggest(in, "en", 25); len(got) > 25 {
			t.Errorf("Suggest(%q) gave %d, more than asked", in, len(got))
		}
	}
	// An x stands for a part not given; a reply's codes are read as a
	// server writes them, the last one still being typed.
	for _, s := range b.Suggest("5.x.1", "en", 25) {
		if !codePrefix(s.Code, "5.x.1") {
			t.Errorf("Suggest(5.x.1) gave %s", s.Code)
		}
	}
	if got := suggestCodes(b.Suggest("5.x.1", "en", 25)); len(got) < 5 {
		t.Errorf("Suggest(5.x.1) = %v, want the 5.s.1 codes", got)
	}
	if got := suggestCodes(b.Suggest("554 5.7", "en", 3)); len(got) != 3 || got[0] != "554" || !strings.HasPrefix(got[1], "5.7.") {
		t.Errorf("Suggest(554 5.7) = %v, want 554 then 5.7.x", got)
	}
	// The start of a code: the codes most met first.
	if got := suggestCodes(b.Suggest("5", "en", 1)); !slices.Equal(got, []string{"550"}) {
		t.Errorf("Suggest(5) = %v, want 550 first", got)
	}
	if got := suggestCodes(b.Suggest("5.1.", "en", 1)); !slices.Equal(got, []string{"5.1.1"}) {
		t.Errorf("Suggest(5.1.) = %v, want 5.1.1 first", got)
	}
	// Names servers print that are no words: an NDR name, a provider's tag.
	if got := suggestCodes(b.Suggest("RecipNotF", "en", 2)); !slices.Contains(got, "550") {
		t.Errorf("Suggest(RecipNotF) = %v, want 550", got)
	}
	if got := suggestCodes(b.Suggest("[TSS04", "en", 2)); !slices.Equal(got, []string{"421", "4.7.0"}) {
		t.Errorf("Suggest([TSS04) = %v, want Yahoo's 421 4.7.0", got)
	}
	// Only what no code is made of: nothing, not the common codes.
	for _, in := range []string{"\x00\x01", "😀", " \u200b "} {
		if got := b.Suggest(in, "en", 5); got != nil {
			t.Errorf("Suggest(%q) = %v, want nothing", in, suggestCodes(got))
		}
	}
	if got := b.Suggest("55", "en", 0); got != nil {
		t.Errorf("Suggest(n=0) = %v", got)
	}
}

func TestFilters(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		in   string
		want []string // among the filters, in this order
		not  string   // a filter that must not be there
	}{
		{"", []string{"2xx", "3xx", "4xx", "5xx", "X.1.x"}, ""},
		{"4", []string{"4xx", "4.1.x"}, "X.1.x"},
		{"5.7", []string{"5.7.x"}, "5xx"},
		{"x.7", []string{"X.7.x"}, "X.1.x"},
		{"secur", []string{"X.7.x"}, "4xx"}, // by name
	}
	for _, tt := range tests {
		got := suggestCodes(b.Filters(tt.in, "en", 25))
		i := 0
		for _, g := range got {
			if i < len(tt.want) && g == tt.want[i] {
				i++
			}
		}
		if i < len(tt.want) || (tt.not != "" && slices.Contains(got, tt.not)) {
			t.Errorf("Filters(%q) = %v, want %v in order and not %q", tt.in, got, tt.want, tt.not)
		}
		for _, f := range got {
			// Every filter is one "list" understands.
			if l := b.Answer(Query{Intent: IntentList, Filter: f}, "en").List; l == nil || l.Filter == "" || len(l.Items) == 0 {
				t.Errorf("Filters(%q) offers %q, which lists nothing", tt.in, f)
			}
		}
	}
	if got := b.Filters("", "en", 3); len(got) != 3 {
		t.Errorf("Filters(n=3) gave %d", len(got))
	}
}

func BenchmarkSuggest(b *testing.B) {
	bot := newTestBot(b)
	ins := []string{"55", "5.7.", "mailbox fu", "mailbx ful", ""}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		bot.Suggest(ins[i%len(ins)], "en", 25)
	}
}

// BenchmarkSuggestTyped is autocomplete on inputs as batch 2 typed them:
// misspelt, half-typed tags, wrapped codes, markup, full-width digits.
func BenchmarkSuggestTyped(b *testing.B) {
	bot := newTestBot(b)
	ins := []string{"reley denied", "STOREDRV.Subm", "[BL2", "sender verify fai", "<script>", "５５０", "(#5.1.1)", "không tìm thấy người nhận"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		bot.Suggest(ins[i%len(ins)], "en", 25)
	}
}

// BenchmarkSuggestData is autocomplete on inputs as batch 3 typed them:
// ranges begun, tags spelt by their patterns, rule wordings, server names
// typed as words, words no rule or name reads.
func BenchmarkSuggestData(b *testing.B) {
	bot := newTestBot(b)
	ins := []string{"5.7.60", "[TS01", "relay not perm", "virus det", "bare line fe", "'; DROP TABLE codes; --"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		bot.Suggest(ins[i%len(ins)], "en", 25)
	}
}

// FuzzSuggest: whatever is typed, in any language asked, Suggest never
// panics and offers at most n codes, each a code chat reads, with a name
// and a class.
func FuzzSuggest(f *testing.F) {
	for _, s := range []string{"55", "5.x.1", "554 5.7", "550-5.1", "x", "x.x", "5..", ".5", "mailbox fu", "[TSS04",
		"RESOLVER.ADR.Rec", "hộp thư đ", "\x00\x01", "😀", "\xff\xfe", "5.7.70", "5xx", "- -", strings.Repeat("5.", 80),
		"５５０", "(#5.1.1)", "550.", "<script>", "</", "<a<b>", "STOREDRV.Subm", "reley denied", "smtp-451", "[TS01", "relay not perm", "bare line fe", "   "} {
		f.Add(s, "en", 25)
	}
	b := newTestBot(f)
	f.Fuzz(func(t *testing.T, in, lang string, n int) {
		n = n % 40
		got := b.Suggest(in, lang, n)
		if len(got) > max(n, 0) {
			t.Fatalf("Suggest(%q, %d) gave %d", in, n, len(got))
		}
		for _, s := range got {
			if _, err := catalog.ParseCode(s.Code); err != nil || s.Name == "" || s.Class == "" {
				t.Fatalf("Suggest(%q) gave %+v (%v)", in, s, err)
			}
		}
	})
}

// TestSuggestReadsAsTyped checks the mechanisms behind autocomplete batches
// 2 and 3 (tests/eval/suggest.jsonl sg158–sg237, sg238–sg297), each on
// inputs of its own.
func TestSuggestReadsAsTyped(t *testing.T) {
	b := newTestBot(t)
	checkSuggestFirst(t, b, []suggestFirst{
		{"full-width digits fold to ASCII", "４２１", "en", []string{"421"}},
		{"full-width dots too", "５．７．２６", "en", []string{"5.7.26"}},
		{"qmail's (#…) around a code", "(#5.7.1)", "en", []string{"5.7.1"}},
		{"a sentence's full stop after a basic code", "552.", "en", []string{"552"}},
		{"a sentence's full stop after an enhanced code", "5.2.2.", "en", []string{"5.2.2"}},
		{"a dot a longer code follows stays", "5.1.", "en", []string{"5.1.1"}},
		{"a markup tag names nothing", "</b>", "en", nil},
		{"words inside markup are read", "<b>mailbox full</b>", "en", []string{"552"}},
		{"an undocumented code after the documented codes it begins", "4.7.65", "en", []string{"4.7.650", "4.7.652"}},
		{"a catch-all after the specific codes met as often", "5.3.", "en", []string{"5.3.4", "5.3.1"}},
		{"a provider tag begun, by its reason's codes", "Unrouteable addr", "en", []string{"X.1.2", "X.4.4"}},
		{"a provider tag of letters begun, by its category's reason", "cuda_n", "en", []string{"X.1.1"}},
		{"a tag a code's note names, with that code", "[BL23", "en", []string{"553"}},
		{"a server's name by its parts typed whole", "RESOLVER.ADR.Xyz", "en", []string{"5.1.1", "5.1.10", "5.5.3", "5.1.4"}},
		{"a number after a word is no part of a name", "smtp-451", "en", nil},
		{"an abbreviation with a word misspelt", "relya acc denied", "en", []string{"554"}},
		{"Vietnamese: recipient not found", "không tìm thấy địa chỉ", "vi", []string{"550"}},
		{"Vietnamese: over the limit", "vượt giới hạn", "vi", []string{"552"}},
		{"Vietnamese typed in Telex, the input method off", "nguwowif nhaanj khoong toonf taij", "vi", []string{"550", "X.1.1"}},
		// Batch 3 (sg238–sg297): what the data writes as patterns,
		// ranges and example replies, read as people type it.
		{"spaces alone name nothing", " \t  ", "en", nil},
		{"a documented range by its first code, before the code as typed", "4.7.50", "en", []string{"4.7.500"}},
		{"a tag's pattern spelt out: Yahoo's [TS…] group", "[TS02", "en", []string{"421", "4.7.0"}},
		{"another wording of a tag's pattern, with the codes its example shows", "envelope block", "en", []string{"550"}},
		{"a wording of a rule begun, with the codes of the rule's example", "relaying prohib", "en", []string{"554", "5.7.1"}},
		{"what a rule reads in the words", "infected attachm", "en", []string{"554"}},
		{"a server's name of one word typed as its words", "send size lim", "en", []string{"5.2.3", "5.3.4"}},
		{"a guess needs a word a typo away, not two edits of four letters", "drop table", "en", nil},
		// Batch 4 (sg298–sg357).
		{"a code typed with spaces between its parts", "5 7 1", "en", []string{"5.7.1"}},
		{"a code typed with commas between its parts", "4,2,2", "en", []string{"4.2.2"}},
		{"a basic code, then an enhanced one typed with spaces", "452 4 2 2", "en", []string{"452"}},
		{"a word that frames a code, before it", "error 421", "en", []string{"421"}},
		{"a word that frames a code, in Vietnamese", "mã lỗi 552", "vi", []string{"552"}},
		{"a class prefix: the codes a reply of that class gives first", "2.6.", "en", []string{"2.6.4", "2.6.8"}},
		{"a keyboard mash names nothing", "qwerty", "en", nil},
		{"chat laughter names nothing", "hihi", "vi", nil},
		{"chat abbreviations name nothing", "rofl", "en", nil},
		{"Vietnamese typed in VNI, the input method off", "thu7 bi5 tu72 cho61i", "vi", []string{"554"}},
		{"Vietnamese: a recipient address not valid", "địa chỉ người nhận không hợp", "vi", []string{"X.1.3"}},
		// Batch 5 (sg358–sg417): codes compared, codes with words after
		// them, providers named, situations.
		{"two codes compared, the second begun: the first", "551 vs 5", "en", []string{"551"}},
		{"two codes compared with or", "450 or 42", "en", []string{"450"}},
		{"a code with a word after it: the code first", "552 quo", "en", []string{"552"}},
		{"an enhanced code with a word after it", "5.1.1 us", "en", []string{"5.1.1"}},
		{"a provider named with a code begun: its codes of that start", "yahoo 42", "en", []string{"421"}},
		{"a provider's name begun after words naming nothing", "bounced by mimec", "en", []string{"550"}},
		{"a situation: a dropped connection", "connection reset by pe", "en", []string{"X.4.2"}},
		{"a situation: mail sitting in the queue", "emails stuck in the q", "en", []string{"X.4.7"}},
		{"Gmail's app password reply", "application-specific passw", "en", []string{"534"}},
		{"Vietnamese: the recipient left the company", "người nhận nghỉ vi", "vi", []string{"X.1.6"}},
		{"Vietnamese: the server refused", "may chu tu choi", "vi", []string{"554"}},
		{"a chat command's name names no code", "/help", "en", nil},
	})
	// Spaces between a code's parts are read only in the box: in chat's
	// prose "5 1 1" is no code.
	if got := b.Ask("5 1 1", Hints{Lang: "en"}).Codes; len(got) > 0 {
		t.Errorf("chat read %v in \"5 1 1\", want no code", got)
	}
	if got := suggestCodes(b.Suggest("550 551", "en", 2)); !slices.Equal(got, []string{"550", "551"}) {
		t.Errorf("Suggest(550 551) = %v, want the two codes", got)
	}
	// A class prefix ranks a code no reply of that class gives after
	// those one does: 2.1.5 of 250 before 2.1.1.
	if got := suggestCodes(b.Suggest("2.1.", "en", 25)); len(got) < 3 || slices.Index(got, "2.1.5") > slices.Index(got, "2.1.1") {
		t.Errorf("Suggest(2.1.) = %v, want 2.1.5 before 2.1.1", got)
	}
	// The word after a code chooses among the codes that go with it: an
	// enhanced code the code's replies list that the word's rule gives
	// ("550 spam" → 5.7.1 before 5.1.1), the basic codes whose replies
	// list a typed enhanced code ("5.7.1 Serv" → 554).
	for _, tt := range []struct{ in, want string }{{"550 spam", "5.7.1"}, {"5.7.1 Serv", "554"}} {
		if got := suggestCodes(b.Suggest(tt.in, "en", 3)); len(got) < 2 || got[1] != tt.want {
			t.Errorf("Suggest(%s) = %v, want %s second", tt.in, got, tt.want)
		}
	}
	// A word that is no code before a number still names nothing.
	if got := suggestCodes(b.Suggest("room 42", "en", 3)); len(got) > 0 {
		t.Errorf("Suggest(room 42) = %v, want nothing", got)
	}
	// A real typo still gets its guess.
	if got := suggestCodes(b.Suggest("relaying denid", "en", 3)); len(got) == 0 {
		t.Errorf("Suggest(relaying denid) = nothing, want a guess")
	}
	// The catch-all still comes, after the others.
	if got := suggestCodes(b.Suggest("5.5.", "en", 25)); !slices.Contains(got, "5.5.0") || got[0] == "5.5.0" {
		t.Errorf("Suggest(5.5.) = %v, want 5.5.0 offered after the specific codes", got)
	}
	// The code as typed still comes, after the documented ones.
	if got := suggestCodes(b.Suggest("5.7.70", "en", 25)); !slices.Contains(got, "5.7.70") || got[0] == "5.7.70" {
		t.Errorf("Suggest(5.7.70) = %v, want 5.7.70 after the documented codes it begins", got)
	}
}

// suggestFirst is an input and the codes any of which Suggest must offer
// first (none: nothing offered), and why.
type suggestFirst struct {
	why, in, lang string
	want          []string
}

func checkSuggestFirst(t *testing.T, b *Bot, cases []suggestFirst) {
	t.Helper()
	for _, tt := range cases {
		got := suggestCodes(b.Suggest(tt.in, tt.lang, 5))
		switch {
		case tt.want == nil && len(got) > 0:
			t.Errorf("%s: Suggest(%q) = %v, want nothing", tt.why, tt.in, got)
		case tt.want != nil && (len(got) == 0 || !slices.Contains(tt.want, got[0])):
			t.Errorf("%s: Suggest(%q) = %v, want one of %v first", tt.why, tt.in, got, tt.want)
		}
	}
}

// TestSuggestReadsData checks the mechanisms behind autocomplete batch 3
// beyond the first code (TestSuggestReadsAsTyped has those).
func TestSuggestReadsData(t *testing.T) {
	b := newTestBot(t)
	// Every range is offered by its first code, after the documented codes
	// listed before it.
	if got := suggestCodes(b.Suggest("5.7.70", "en", 25)); !slices.Contains(got, "5.7.700") || got[0] == "5.7.700" {
		t.Errorf("Suggest(5.7.70) = %v, want Microsoft's 5.7.700-749 as 5.7.700 after 5.7.708", got)
	}
	// Chat answers a rule's wording typed alone with the code autocomplete
	// offers first for it.
	if got, chat := suggestCodes(b.Suggest("malware", "en", 1)), b.Ask("malware", Hints{Lang: "en"}).Codes; len(got) == 0 || len(chat) == 0 || chat[0] != got[0] {
		t.Errorf("malware: autocomplete %v, chat %v, want the same first code", got, chat)
	}
	// Batch 4 (sg298–sg357): a provider code's documented wording begun,
	// with the codes of the example that shows it, the provider's own
	// code first; a tag with the codes of its example.
	checkSuggestFirst(t, b, []suggestFirst{
		{"a code's documented wording begun", "SmtpClientAuthentication is disabled for", "en", []string{"5.7.139"}},
		{"a later part of a code's documented wording", "banned sender", "en", []string{"5.7.511"}},
		{"a tag in a server's exception name", "SendAsDenied", "en", []string{"554"}},
		{"a server's name begun, by its example", "RESOLVER.RST.SenderNotAuth", "en", []string{"5.7.133"}},
		{"a tag in words, by its example", "email account that you tried to reach is disabled", "en", []string{"550", "5.2.1"}},
	})
	// Words the rules read that begin a provider's wording are read as
	// the rules read them in chat, not answered with that provider's
	// code.
	for _, in := range []string{"tls required", "tls required for rcpt"} {
		if chat := b.Ask(in, Hints{Lang: "en"}).Codes; len(chat) > 0 {
			t.Errorf("%s: chat answered %v, want the words read as the rules read them", in, chat)
		}
	}
	// A wording of a rule that names no cause is a suggestion, never an
	// answer.
	if chat := b.Ask("restricted", Hints{Lang: "en"}).Codes; len(chat) > 0 {
		t.Errorf("restricted: chat answered %v, want no code", chat)
	}
}

// A provider's own enhanced code, which the registry lacks, comes before
// the basic code its reply gives; a registered one after it.
func TestOwnCodeFirst(t *testing.T) {
	b := newTestBot(t)
	code := func(s string) catalog.Code {
		c, err := catalog.ParseCode(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tt := range []struct{ in, want []string }{
		{[]string{"550", "5.7.708"}, []string{"5.7.708", "550"}},
		{[]string{"550", "5.7.1"}, []string{"550", "5.7.1"}},
		{[]string{"421"}, []string{"421"}},
	} {
		var in []catalog.Code
		for _, s := range tt.in {
			in = append(in, code(s))
		}
		var got []string
		for _, c := range ownCodeFirst(b.Catalog(), in) {
			got = append(got, c.String())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ownCodeFirst(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// patternWordings spells out what a pattern matches, up to where it goes
// on without bound; none when it matches too many texts.
func TestPatternWordings(t *testing.T) {
	tabletest.Check(t, "patternWordings", func(expr string) string { return strings.Join(patternWordings(expr), "|") }, []struct{ In, Want string }{
		{`internal resources? (?:(?:are|is) )?temporarily unavailable`, "internal resource temporarily unavailable|internal resource are temporarily unavailable|" +
			"internal resource is temporarily unavailable|internal resources temporarily unavailable|" +
			"internal resources are temporarily unavailable|internal resources is temporarily unavailable"},
		{`\bRP-00[1-3]\b`, "rp-001|rp-002|rp-003"},
		{`virus d[ée]tect`, "virus detect|virus détect"},
		{`(?i)Recip(?:ient)?NotFound`, "recipnotfound|recipientnotfound"},
		{`all hosts for '[^']+' have been failing`, "all hosts for '"},
		{`[a-z]{2,4}`, ""},
		{`\d{3}`, ""},
		{`(`, ""},
	})
}

func TestVNIBase(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"hop65", "hop", true}, {"thu7", "thu", true}, {"d9a6y2", "day", true}, {"cho61i", "choi", true},
		{"smtp451", "", false}, {"dkim1", "", false}, {"tss04", "", false}, {"s3150", "", false},
		{"ipv6", "", false}, {"utf8", "", false}, {"hop", "", false}, {"5xx", "", false},
	} {
		if got, ok := vniBase(tt.in); ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("vniBase(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTelexBase(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"hoopj", "hop", true}, {"thuw", "thu", true}, {"ddaayf", "day", true},
		{"nguwowif", "nguoi", true}, {"tuw", "tu", true},
		{"days", "", false}, {"mailbox", "", false}, {"relay", "", false}, {"x", "", false},
	} {
		if got, ok := telexBase(tt.in); ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("telexBase(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestSuggestProviderThenCode: a provider's name, then a reply's codes,
// the last one whole or still being typed (autocomplete batch 6,
// sg418–sg477): the codes typed whole first, then the codes the provider
// gives that the last one begins, its examples' before its own meanings'.
func TestSuggestProviderThenCode(t *testing.T) {
	b := newTestBot(t)
	checkSuggestFirst(t, b, []suggestFirst{
		{"an enhanced code begun: the provider's own meaning", "googlemail 4.2.", "en", []string{"4.2.1"}},
		{"a code whole that begins only a provider's longer one", "msn.com 5.1.9", "en", []string{"5.1.90"}},
		{"a range by its first code", "exchange online 4.7.65", "en", []string{"4.7.650"}},
		{"a name with digits in it, then a code begun", "microsoft 365 5.7.13", "en", []string{"5.7.139", "5.7.133"}},
		{"a code the provider gives itself, typed whole", "live.com 5.7.1", "en", []string{"5.7.1"}},
		{"a basic code typed whole first", "ymail 421 4.", "en", []string{"421"}},
	})
	// After the basic code typed, the enhanced code the provider's example
	// gives with it.
	if got := suggestCodes(b.Suggest("ymail 421 4.", "en", 5)); len(got) < 2 || got[1] != "4.7.0" {
		t.Errorf("Suggest(ymail 421 4.) = %v, want 421 then Yahoo's 4.7.0", got)
	}
}

// TestSuggestReasonNames: Sisimai's reason names, its words run together
// (reasons.json), typed whole or begun, offer their reason's codes; where
// the rules of reasons read the same reason in the words, the codes of the
// rule's example reply first. A name that is a word the catalog's phrases
// use is read as that word.
func TestSuggestReasonNames(t *testing.T) {
	b := newTestBot(t)
	checkSuggestFirst(t, b, []suggestFirst{
		{"a reason's name begun", "failedstartt", "en", []string{"538", "X.7.10"}},
		{"a reason's name begun", "contenterr", "en", []string{"X.6.0"}},
		{"a reason's name typed whole", "exceedlimit", "en", []string{"X.2.3"}},
		{"a reason's name typed as its words", "failed start", "en", []string{"538", "X.7.10"}},
		{"a rule reads the same reason: its example's codes first", "policyviolat", "en", []string{"554"}},
	})
	// Chat answers a reason's name typed whole with autocomplete's first
	// code.
	for _, in := range []string{"exceedlimit", "policyviolation"} {
		got, chat := suggestCodes(b.Suggest(in, "en", 1)), b.Ask(in, Hints{Lang: "en"}).Codes
		if len(got) == 0 || len(chat) == 0 || chat[0] != got[0] {
			t.Errorf("%s: autocomplete %v, chat %v, want the same first code", in, got, chat)
		}
	}
}

// TestSuggestRuleWordingVietnamese: a rule of reasons that reads
// Vietnamese words offers its example's codes for them begun, with or
// without diacritics ("vi phạm chính sách", policy violation).
func TestSuggestRuleWordingVietnamese(t *testing.T) {
	b := newTestBot(t)
	checkSuggestFirst(t, b, []suggestFirst{
		{"a Vietnamese wording of a rule begun", "vi phạm chính", "vi", []string{"550"}},
		{"the same without diacritics", "vi pham chinh sac", "vi", []string{"550"}},
	})
}

// TestSuggestNumberNoGuess: words typed with a number that no step reads
// as a name, a provider's or a rule's are no guess: a version or a
// release string is no code.
func TestSuggestNumberNoGuess(t *testing.T) {
	b := newTestBot(t)
	checkSuggestFirst(t, b, []suggestFirst{
		{"a word close to a name, then a version", "release 3.1.", "en", nil},
		{"a kernel release string", "6.8.0-45-generic", "en", nil},
	})
	// The same word alone is still a guess.
	if got := suggestCodes(b.Suggest("release", "en", 5)); len(got) == 0 {
		t.Errorf("Suggest(release) = %v, want the closest phrases", got)
	}
}

// TestSuggestProviderCodeWords: a provider's name before a code typed
// whole and words reads as the code and words do, the provider read with
// the words: the code first, then the codes the provider's example gives
// with it.
func TestSuggestProviderCodeWords(t *testing.T) {
	b := newTestBot(t)
	for _, in := range []string{"icloud 554 message rejected", "ymail 553 all messages"} {
		got := suggestCodes(b.Suggest(in, "en", 5))
		chat := b.Ask(in, Hints{Lang: "en"}).Codes
		want := strings.Fields(in)[1]
		if len(got) < 2 || got[0] != want || got[1] != "5.7."+map[string]string{"554": "1", "553": "2"}[want] {
			t.Errorf("Suggest(%q) = %v, want %s then the enhanced code the provider's example gives with it", in, got, want)
		}
		if len(chat) == 0 || len(got) == 0 || chat[0] != got[0] {
			t.Errorf("%s: chat %v, autocomplete %v, want the same first code", in, chat, got)
		}
	}
}

// TestSuggestUndotted: digits typed without dots where no reply code the
// catalog documents is those digits read as the enhanced code they spell,
// first; a documented reply code stays what it is.
func TestSuggestUndotted(t *testing.T) {
	b := newTestBot(t)
	checkSuggestFirst(t, b, []suggestFirst{
		{"a well-formed reply code no one documents", "544", "en", []string{"5.4.4"}},
		{"a second digit no reply code has", "474", "en", []string{"4.7.4"}},
		{"a two-digit detail", "5723", "en", []string{"5.7.23"}},
		{"a documented reply code", "552", "en", []string{"552"}},
		{"a documented reply code", "421", "en", []string{"421"}},
	})
	// The digits as typed are still offered after it.
	if got := suggestCodes(b.Suggest("544", "en", 5)); !slices.Contains(got, "544") {
		t.Errorf("Suggest(544) = %v, want 544 as typed after 5.4.4", got)
	}
}

// TestSuggestCodeMarks: an enhanced code's parts split by a full stop and
// a space or by hyphens, or the code in a chat app's backticks, are the
// code; a channel's name ("#general") and another protocol's status line
// (a reply code no one documents, then words) offer nothing.
func TestSuggestCodeMarks(t *testing.T) {
	b := newTestBot(t)
	checkSuggestFirst(t, b, []suggestFirst{
		{"a space after each full stop", "4. 2. 2", "en", []string{"4.2.2"}},
		{"a basic code then such a code", "552 5. 2. 2", "en", []string{"552"}},
		{"hyphens for dots", "5-1-2", "en", []string{"5.1.2"}},
		{"inline code", "`4.4.4`", "en", []string{"4.4.4"}},
		{"a code block", "```421```", "en", []string{"421"}},
		{"a phone number", "571-555-0199", "en", nil},
		{"a channel's name", "#mail-ops", "en", nil},
		{"a channel's name", "#random", "en", nil},
		{"qmail's mark on a code", "#5.1.1", "en", []string{"5.1.1"}},
		{"an HTTP status line", "403 forbidden", "en", nil},
		{"an HTTP status line", "410 gone", "en", nil},
		{"a documented reply code then words", "550 user unknown", "en", []string{"550"}},
	})
}

// TestShorthand: chat's short forms (lexicon "shorthand": "ko" for
// "không", "dc" for "được", "mk" for "mật khẩu") are read as the words
// they stand for, by autocomplete and by chat's reading of a term alike,
// so that a negation typed short is not dropped ("ko gửi được thư" is not
// "gửi", sent).
func TestShorthand(t *testing.T) {
	b := newTestBot(t)
	for _, tt := range []struct{ in, want string }{
		{"hok gửi dc email", "554"},
		{"ko gửi được thư", "554"},
		{"sai mk", "535"},
		{"khong dang nhap dc", "535"},
	} {
		got := suggestCodes(b.Suggest(tt.in, "vi", 5))
		if len(got) == 0 || got[0] != tt.want {
			t.Errorf("Suggest(%q) = %v, want %s first", tt.in, got, tt.want)
		}
		if chat := b.Ask(tt.in, Hints{Lang: "vi"}).Codes; len(chat) == 0 || chat[0] != tt.want {
			t.Errorf("Ask(%q) = %v, want %s as autocomplete", tt.in, chat, tt.want)
		}
	}
	// A short form is a whole word: inside a name or an address it stays.
	if got := b.lex().unshort("dc1.example.net ko"); got != "dc1.example.net không" {
		t.Errorf("unshort = %q", got)
	}
}

// TestSynonyms: a name written with a synonym of its words (lexicon
// "synonyms", one way "said_as") is read by autocomplete and chat alike.
func TestSynonyms(t *testing.T) {
	b := newTestBot(t)
	for _, tt := range []struct{ in, lang, want string }{
		{"authentication denied", "en", "535"},  // "authentication failed", failed said as denied
		{"credentials refused", "en", "535"},    // both words
		{"junk detected", "en", "554"},          // "spam detected"
		{"addressee not found", "en", "550"},    // "recipient not found"
		{"xác thực bị từ chối", "vi", "535"},    // "xác thực thất bại"
		{"hộp thư bị tạm ngưng", "vi", "X.2.1"}, // "hộp thư bị vô hiệu hoá"
		{"máy chủ quá tải", "vi", "421"},
		{"hộp thư người nhận bị khoá", "vi", "X.2.1"}, // "hộp thư bị khoá", said_as        // "máy chủ bận"
	} {
		got := suggestCodes(b.Suggest(tt.in, tt.lang, 5))
		if len(got) == 0 || got[0] != tt.want {
			t.Errorf("Suggest(%q) = %v, want %s first", tt.in, got, tt.want)
		}
		if chat := b.Ask(tt.in, Hints{Lang: tt.lang}).Codes; len(chat) == 0 || chat[0] != tt.want {
			t.Errorf("Ask(%q) = %v, want %s as autocomplete", tt.in, chat, tt.want)
		}
	}
	var rules []synonymRule
	for _, r := range b.lex().synonyms {
		rules = append(rules, r...)
	}
	forms := func(s string) []string { return synonymForms(strings.Fields(s), rules, b.lex().fillers.folded) }
	if f := forms("authentication failed"); !slices.Contains(f, "credentials rejected") {
		t.Errorf("forms of %q = %v, want credentials rejected", "authentication failed", f)
	}
	// One way: a refusal is a failure, not every failure a refusal.
	if f := forms("connection refused"); slices.Contains(f, "connection failed") {
		t.Errorf("forms of %q = %v, want no connection failed", "connection refused", f)
	}
	// A synonym among fillers alone says nothing: texts say "mail server"
	// of any server.
	if f := forms("no mx record"); slices.Contains(f, "no mail server") {
		t.Errorf("forms of %q = %v, want no 'no mail server'", "no mx record", f)
	}
}

// TestNamesAfterWords: a name being typed after words said before it.
func TestNamesAfterWords(t *testing.T) {
	b := newTestBot(t)
	for _, tt := range []struct{ in, lang, want string }{
		{"dung lượng hộp thư bị đ", "vi", "552"}, // "hộp thư bị đầy" begun
		{"sếp bảo tài khoản bị vô h", "vi", "X.2.1"},
	} {
		if got := suggestCodes(b.Suggest(tt.in, tt.lang, 5)); len(got) == 0 || got[0] != tt.want {
			t.Errorf("Suggest(%q) = %v, want %s first", tt.in, got, tt.want)
		}
	}
}

// TestPastMarker: Vietnamese "đã" (a past tense mark) is a filler: "tài
// khoản đã bị khoá" is "tài khoản bị khoá".
func TestPastMarker(t *testing.T) {
	b := newTestBot(t)
	if got := suggestCodes(b.Suggest("tài khoản đã bị khoá", "vi", 5)); len(got) == 0 || got[0] != "X.2.1" {
		t.Errorf("Suggest = %v, want X.2.1 first", got)
	}
}
