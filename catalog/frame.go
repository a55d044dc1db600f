package catalog

import (
	"reflect"
	"strings"
	"sync"
)

// Frame holds every fixed string of an answer in one language: headings,
// labels and sentence templates. Templates use {name} placeholders, filled by
// Fill. frame/en.json must set every field; other languages fall back to
// English per field (see Catalog.Frame and Frame.merge).
type Frame struct {
	LanguageName string `json:"language_name"` // the language's own name: "English", "Tiếng Việt"
	Dir          string `json:"dir"`           // "ltr" or "rtl"
	Untranslated string `json:"untranslated"`  // note shown when code texts stay English

	// Headings.
	Summary        string `json:"summary"`
	Description    string `json:"description"`
	When           string `json:"when"`
	Fix            string `json:"fix"`
	FixSender      string `json:"fix_sender"`
	FixAdmin       string `json:"fix_admin"`
	KeyDifferences string `json:"key_differences"`
	WhenToUse      string `json:"when_to_use"`
	LearnMore      string `json:"learn_more"`
	OfficialText   string `json:"official_text"`
	Retry          string `json:"retry"`
	Stage          string `json:"stage"`
	WhoActs        string `json:"who_acts"`
	UsualEnhanced  string `json:"usual_enhanced"`
	UsualBasic     string `json:"usual_basic"`
	Related        string `json:"related"`
	GoodToKnow     string `json:"good_to_know"`
	Class          string `json:"class"`
	Diagnosis      string `json:"diagnosis"`
	Category       string `json:"category"`
	NextStep       string `json:"next_step"`
	Provider       string `json:"provider"`
	ProviderMeans  string `json:"provider_means"`
	DidYouMean     string `json:"did_you_mean"`
	Examples       string `json:"examples"`
	ListTitle      string `json:"list_title"`
	HelpTitle      string `json:"help_title"`
	UnknownTitle   string `json:"unknown_title"`
	ForOperator    string `json:"for_operator"`
	ForSender      string `json:"for_sender"`
	ReplyCode      string `json:"reply_code"`
	EnhancedCode   string `json:"enhanced_code"`
	Codes          string `json:"codes"`

	// Whole bounce emails (bot.DiagnoseMessage).
	TitleBounce        string `json:"title_bounce"`    // {count}
	Recipient          string `json:"recipient"`       // heading of one recipient's diagnosis
	MoreRecipients     string `json:"more_recipients"` // {count}: recipients not shown in chat
	RemoteMTA          string `json:"remote_mta"`
	DSNFailed          string `json:"dsn_failed"`  // a recipient's report Action "failed"
	DSNDelayed         string `json:"dsn_delayed"` // … "delayed"
	NotBounceAutoreply string `json:"not_bounce_autoreply"`
	NotBounceFeedback  string `json:"not_bounce_feedback"`
	NotBounceDelivered string `json:"not_bounce_delivered"`
	NotBounceNotMail   string `json:"not_bounce_not_mail"`

	// Buttons and chat chrome.
	ShareButton  string `json:"share_button"`
	SharedBy     string `json:"shared_by"`     // {user}
	OpenPage     string `json:"open_page"`     // link text to the web page
	RateLimited  string `json:"rate_limited"`  // polite answer when a user asks too fast
	Truncated    string `json:"truncated"`     // marker when an answer had to be cut
	MentionHint  string `json:"mention_hint"`  // short hint when the bot is mentioned without a question
	SearchLabel  string `json:"search_label"`  // web search box label
	SearchButton string `json:"search_button"` // web search button
	SearchHint   string `json:"search_hint"`   // placeholder
	Language     string `json:"language"`      // "Language"
	NotFound     string `json:"not_found"`     // 404 title
	// SessionDiagram captions the web page's SMTP session diagram.
	SessionDiagram string `json:"session_diagram"`
	TooLong        string `json:"too_long"` // {max}: a web question longer than the limit

	// Words.
	Vs              string `json:"vs"`       // "vs"
	ListAnd         string `json:"list_and"` // "{a} and {b}": joins the last item of a list
	ListSep         string `json:"list_sep"` // "{a}, {b}": joins the other items
	Yes             string `json:"yes"`
	No              string `json:"no"`
	NotRegistered   string `json:"not_registered"`
	Deprecated      string `json:"deprecated"`
	RegistryOnly    string `json:"registry_only"`
	BasicAny        string `json:"basic_any"`           // registry: "Any" basic code goes
	BasicOther      string `json:"basic_other_allowed"` // registry: other 4XX or 5XX codes are allowed
	AnyStage        string `json:"any_stage"`
	FrequencyLabel  string `json:"frequency"`
	FreqVeryCommon  string `json:"freq_very_common"`
	FreqCommon      string `json:"freq_common"`
	FreqOccasional  string `json:"freq_occasional"`
	FreqRare        string `json:"freq_rare"`
	FreqHistoric    string `json:"freq_historic"`
	RetryNone       string `json:"retry_none"`
	RetryAutomatic  string `json:"retry_automatic"`
	RetryMayClear   string `json:"retry_may_clear"`
	RetryAfterFix   string `json:"retry_after_change"`
	ActorNone       string `json:"actor_none"`
	ActorSender     string `json:"actor_sender"`
	ActorSenderAdm  string `json:"actor_sender_admin"`
	ActorRecipient  string `json:"actor_recipient"`
	ActorRecipAdmin string `json:"actor_recipient_admin"`

	StageConnect  string `json:"stage_connect"`
	StageEHLO     string `json:"stage_ehlo"`
	StageSTARTTLS string `json:"stage_starttls"`
	StageAUTH     string `json:"stage_auth"`
	StageMAIL     string `json:"stage_mail"`
	StageRCPT     string `json:"stage_rcpt"`
	StageDATA     string `json:"stage_data"`
	StageEOD      string `json:"stage_end_of_data"`
	StageQUIT     string `json:"stage_quit"`
	StageVRFY     string `json:"stage_vrfy"`
	StageHELP     string `json:"stage_help"`
	StageETRN     string `json:"stage_etrn"`
	StageATRN     string `json:"stage_atrn"`
	StageAny      string `json:"stage_any"`
	StageClient   string `json:"stage_client"` // "client" in the session diagram
	StageServer   string `json:"stage_server"` // "server"

	// Sentence templates.
	TitleCompare      string `json:"title_compare"`       // {codes}
	TitleExplain      string `json:"title_explain"`       // {code} {name}
	TitleDiagnose     string `json:"title_diagnose"`      // {code}
	SummaryCode       string `json:"summary_code"`        // {code} {name} {class}
	SummaryBoth       string `json:"summary_both"`        // {class} {verdict}
	SummarySelf       string `json:"summary_self"`        // {code}
	SummaryPair       string `json:"summary_pair"`        // {enhanced} {basic}
	DiffClass         string `json:"diff_class"`          // {a} {class_a} {verdict_a} {b} {class_b} {verdict_b}
	DiffSameClass     string `json:"diff_same_class"`     // {codes} {class} {verdict}
	DiffClasses       string `json:"diff_classes"`        // {items}
	DiffRetry         string `json:"diff_retry"`          // {items}
	DiffSameRetry     string `json:"diff_same_retry"`     // {codes} {retry}
	DiffStage         string `json:"diff_stage"`          // {items}
	DiffSameStage     string `json:"diff_same_stage"`     // {codes} {stages}
	DiffActors        string `json:"diff_actors"`         // {items}
	DiffKind          string `json:"diff_kind"`           // {basic} {enhanced}
	DiffPair          string `json:"diff_pair"`           // {basic} {enhanced}: the enhanced code usually comes with the basic one
	DiffSubject       string `json:"diff_subject"`        // {items}
	ItemColon         string `json:"item_colon"`          // {code} {text}: "552: …"
	UseTransientFirst string `json:"use_transient_first"` // {transient} {permanent}
	UseSuccessNot     string `json:"use_success_not"`     // {success} {failure}
	UseSameClass      string `json:"use_same_class"`      // {items}
	UseMeaning        string `json:"use_meaning"`         // {code} {name}
	UseMeanings       string `json:"use_meanings"`        // {items}: the use_meaning items as a sentence
	UseTogether       string `json:"use_together"`        // {basic} {enhanced}
	UseIntermediate   string `json:"use_intermediate"`    // {code}
	ReaderLine        string `json:"reader_line"`         // {code} {retry}
	UnregBasic        string `json:"unreg_basic"`         // {code} {class} {digit}
	UnregEnhanced     string `json:"unreg_enhanced"`      // {code} {class} {subject}
	UnregFix          string `json:"unreg_fix"`           // {code}
	UnknownCode       string `json:"unknown_code"`        // {code}
	UnknownHint       string `json:"unknown_hint"`
	HelpIntro         string `json:"help_intro"`
	HelpExamples      string `json:"help_examples"` // one example per line
	ListIntro         string `json:"list_intro"`    // {count}
	ListEmpty         string `json:"list_empty"`
	// A provider's own codes listed (providers.json codes).
	ProviderListTitle string `json:"provider_list_title"` // {provider}
	ProviderListIntro string `json:"provider_list_intro"` // {count} {provider}
	ProviderListEmpty string `json:"provider_list_empty"` // {provider}
	MoreCodes         string `json:"more_codes"`          // {count}: codes of a list not shown
	ClassMismatch     string `json:"class_mismatch"`      // {basic} {enhanced}
	ProviderUses      string `json:"provider_uses"`       // {provider} {code} {meaning}
	RegistrySays      string `json:"registry_says"`       // {code} {meaning}

	// Reasons, hard or soft, retry (catalog/data/reasons.json, retry.json).
	Reason           string `json:"reason"`              // label: the bounce reason
	Bounce           string `json:"bounce"`              // label: hard or soft
	BounceHard       string `json:"bounce_hard"`         // remove the address
	BounceSoft       string `json:"bounce_soft"`         // keep the address
	RetryServerHelps string `json:"retry_server_helps"`  // 4xx: the server retries and will likely get through
	RetryServerFails string `json:"retry_server_fails"`  // 4xx: the server retries, in vain until a fix
	RetrySenderHelps string `json:"retry_sender_helps"`  // 5xx: not retried, a later resend can work
	RetrySenderFails string `json:"retry_sender_fails"`  // 5xx: not retried, a resend fails until a fix
	RetryGaveUpHelps string `json:"retry_gave_up_helps"` // a report's failed 4xx: retried and given up, a later resend can work
	RetryGaveUpFails string `json:"retry_gave_up_fails"` // a report's failed 4xx: retried and given up, a resend fails until a fix
	RetryWindow      string `json:"retry_window"`        // {items}: how long servers retry
	RetryWindowItem  string `json:"retry_window_item"`   // {duration} {name}
	Days             string `json:"days"`                // {n}: "4–5 days"
	Hours            string `json:"hours"`               // {n}: "24 hours"
	// The short chat card (responses/short.go): one sentence, the codes
	// side by side, buttons to the full answer and back.
	CardCode         string `json:"card_code"`         // {code} {kind} {name}: one code in the card's sentence
	CardCodeShort    string `json:"card_code_short"`   // {code} {kind}: the same without the name (three or four codes)
	CardJoin         string `json:"card_join"`         // {a} {b}: joins the codes' clauses
	CardSentence     string `json:"card_sentence"`     // {items}: ends the sentence
	CardSuccess      string `json:"card_success"`      // {kind} of a 2xx
	CardIntermediate string `json:"card_intermediate"` // {kind} of a 3xx
	CardTransient    string `json:"card_transient"`    // {kind} of a 4xx or 4.x.x
	CardPermanent    string `json:"card_permanent"`    // {kind} of a 5xx or 5.x.x
	CardEither       string `json:"card_either"`       // {kind} of an X.x.x code
	CardDetails      string `json:"card_details"`      // button: the full answer
	CardShort        string `json:"card_short"`        // button: back to the short card
	CardMore         string `json:"card_more"`         // {count}: more recipients, shown in Details

	// Discord's /smtp command, as clients show it: its description, the
	// descriptions of its subcommands and options, and the localized name
	// of the "Explain SMTP codes" message command. Discord's limits hold:
	// descriptions of at most 100 characters, a name of at most 32.
	CmdDescription string `json:"cmd_description"`
	CmdCompare     string `json:"cmd_compare"`
	CmdCode1       string `json:"cmd_code1"`
	CmdCode2       string `json:"cmd_code2"`
	CmdCode3       string `json:"cmd_code3"`
	CmdCode4       string `json:"cmd_code4"`
	CmdExplain     string `json:"cmd_explain"`
	CmdCode        string `json:"cmd_code"`
	CmdDiagnose    string `json:"cmd_diagnose"`
	CmdText        string `json:"cmd_text"`
	CmdList        string `json:"cmd_list"`
	CmdClass       string `json:"cmd_class"`
	CmdHelp        string `json:"cmd_help"`
	CmdMessageName string `json:"cmd_message_name"`

	// abbreviations are every lexicon's (lexicon/<lang>.json), set by Load.
	abbreviations []string
}

// FirstSentence returns the first sentence of s, trimmed: up to the first
// '.', '!' or '?' followed by a space, a line end or the end, never inside
// a code ("5.1.1") nor after an abbreviation of the lexicons ("e.g.").
func (f *Frame) FirstSentence(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		if i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\n' {
			continue
		}
		if i+1 < len(s) && f.abbreviationEnds(s[:i+1]) {
			continue
		}
		return s[:i+1]
	}
	return s
}

func (f *Frame) abbreviationEnds(s string) bool {
	for _, a := range f.abbreviations {
		if strings.HasSuffix(s, a) {
			return true
		}
	}
	return false
}

// Fill replaces {key} placeholders in tmpl with values given as key, value
// pairs. Unknown placeholders stay as they are, so a missing value shows up
// in tests instead of vanishing.
func Fill(tmpl string, kv ...string) string {
	i := strings.IndexByte(tmpl, '{')
	if i < 0 {
		return tmpl
	}
	var b strings.Builder
	b.Grow(fill(nil, tmpl, i, kv))
	fill(&b, tmpl, i, kv)
	return b.String()
}

// fill writes tmpl, whose first '{' is at i, with its placeholders filled
// to b and returns the length written; with b nil it only counts, so that
// Fill allocates the result once, at its size.
func fill(b *strings.Builder, tmpl string, i int, kv []string) int {
	n := 0
	put := func(s string) {
		n += len(s)
		if b != nil {
			b.WriteString(s)
		}
	}
	for i >= 0 {
		put(tmpl[:i])
		tmpl = tmpl[i:]
		j := strings.IndexByte(tmpl, '}')
		if j < 0 {
			break
		}
		key, found := tmpl[1:j], false
		for k := 0; k+1 < len(kv); k += 2 {
			if kv[k] == key {
				put(kv[k+1])
				found = true
				break
			}
		}
		if !found {
			put(tmpl[:j+1])
		}
		tmpl = tmpl[j+1:]
		i = strings.IndexByte(tmpl, '{')
	}
	put(tmpl)
	return n
}

// merge fills empty fields of f from fallback, so every language answers in full.
func (f *Frame) merge(fallback *Frame) {
	v := reflect.ValueOf(f).Elem()
	fb := reflect.ValueOf(fallback).Elem()
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).Kind() == reflect.String && v.Field(i).String() == "" {
			v.Field(i).SetString(fb.Field(i).String())
		}
	}
}

// MissingFields lists the JSON names of empty string fields.
func (f *Frame) MissingFields() []string {
	var out []string
	v := reflect.ValueOf(f).Elem()
	t := v.Type()
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).Kind() == reflect.String && v.Field(i).String() == "" {
			out = append(out, strings.Split(t.Field(i).Tag.Get("json"), ",")[0])
		}
	}
	return out
}

// StageName returns the frame's name for a stage.
func (f *Frame) StageName(s Stage) string { return label(f, "stage_", knownStages, s, string(s)) }

// RetryName returns the frame's label for a retry kind.
func (f *Frame) RetryName(r Retry) string { return label(f, "retry_", knownRetry, r, f.RetryNone) }

// ActorName returns the frame's label for an actor.
func (f *Frame) ActorName(a Actor) string { return label(f, "actor_", knownActors, a, f.ActorNone) }

// FrequencyName returns the frame's label for a frequency.
func (f *Frame) FrequencyName(q Frequency) string {
	return label(f, "freq_", knownFrequency, q, f.FreqHistoric)
}

// label is the frame's word for v, a value of one of the catalog's
// vocabularies (stages, retry kinds, actors, frequencies): the field whose
// JSON name is the prefix and the value, "retry_may_clear" for
// RetryMayClear. A value outside the vocabulary gets the fallback, so that
// "window" is never read as the retry_window template.
func label[T ~string](f *Frame, prefix string, known map[T]bool, v T, fallback string) string {
	if !known[v] {
		return fallback
	}
	i, ok := frameFields()[prefix+string(v)]
	if !ok {
		return fallback
	}
	return reflect.ValueOf(f).Elem().Field(i).String()
}

// frameFields maps the JSON name of each string field of Frame to its
// index. It is derived from the type alone, once, and never changes.
var frameFields = sync.OnceValue(func() map[string]int {
	t := reflect.TypeFor[Frame]()
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		if t.Field(i).Type.Kind() == reflect.String {
			m[strings.Split(t.Field(i).Tag.Get("json"), ",")[0]] = i
		}
	}
	return m
})
