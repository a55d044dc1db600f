package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// set is a closed vocabulary of the data files: the values one field may
// take (a stage, a retry kind, an actor, …). Load refuses any other.
type set[T comparable] map[T]bool

func setOf[T comparable](values ...T) set[T] {
	s := make(set[T], len(values))
	for _, v := range values {
		s[v] = true
	}
	return s
}

// Words is a list of words or phrases per language.
type Words map[string][]string

// Stage is the point of an SMTP session at which a reply is sent.
type Stage string

// Stages, in session order.
const (
	StageConnect  Stage = "connect"     // greeting after TCP connect (RFC 5321 §3.1)
	StageEHLO     Stage = "ehlo"        // EHLO/HELO
	StageSTARTTLS Stage = "starttls"    // RFC 3207
	StageAUTH     Stage = "auth"        // RFC 4954
	StageMAIL     Stage = "mail"        // MAIL FROM
	StageRCPT     Stage = "rcpt"        // RCPT TO
	StageDATA     Stage = "data"        // the DATA command itself
	StageEOD      Stage = "end_of_data" // after <CRLF>.<CRLF>
	StageQUIT     Stage = "quit"
	StageVRFY     Stage = "vrfy" // VRFY/EXPN
	StageHELP     Stage = "help" // HELP
	StageETRN     Stage = "etrn" // RFC 1985
	StageATRN     Stage = "atrn" // RFC 2645
	StageAny      Stage = "any"  // any command
)

// sessionStages are the stages of a session in order, as a diagram draws them.
var sessionStages = [...]Stage{StageConnect, StageEHLO, StageSTARTTLS, StageAUTH, StageMAIL, StageRCPT, StageDATA, StageEOD, StageQUIT}

// SessionStages returns the stages drawn in a session diagram, in order.
func SessionStages() []Stage { return slices.Clone(sessionStages[:]) }

var knownStages = setOf(append(SessionStages(), StageVRFY, StageHELP, StageETRN, StageATRN, StageAny)...)

// Retry says whether sending again can help.
type Retry string

// Retry kinds.
const (
	RetryNone        Retry = "none"         // not a failure: nothing to retry
	RetryAutomatic   Retry = "automatic"    // the sending server retries by itself and will usually get through
	RetryMayClear    Retry = "may_clear"    // may succeed later without a change (quota freed, limit reset), or may not
	RetryAfterChange Retry = "after_change" // fails again until someone changes something
)

var knownRetry = setOf(RetryNone, RetryAutomatic, RetryMayClear, RetryAfterChange)

// Actor is who has to act on a reply.
type Actor string

// Actors.
const (
	ActorNone           Actor = "none"
	ActorSender         Actor = "sender"
	ActorSenderAdmin    Actor = "sender_admin"
	ActorRecipient      Actor = "recipient"
	ActorRecipientAdmin Actor = "recipient_admin"
)

var knownActors = setOf(ActorNone, ActorSender, ActorSenderAdmin, ActorRecipient, ActorRecipientAdmin)

// Frequency is how often a code is seen in practice.
type Frequency string

// Frequencies.
const (
	VeryCommon Frequency = "very_common"
	Common     Frequency = "common"
	Occasional Frequency = "occasional"
	Rare       Frequency = "rare"
	Historic   Frequency = "historic"
)

var knownFrequency = setOf(VeryCommon, Common, Occasional, Rare, Historic)

// Category is a diagnosis category: a stable identifier for the kind of failure.
type Category string

// Categories of failure.
const (
	CatNone             Category = ""
	CatRecipientUnknown Category = "recipient_unknown"
	CatMailboxFull      Category = "mailbox_full"
	CatAccountDisabled  Category = "account_disabled"
	CatBlocked          Category = "blocked"
	CatSpamVirus        Category = "spam_virus"
	CatSenderAuth       Category = "sender_auth"
	CatPolicy           Category = "policy"
	CatMessage          Category = "message"
	CatRateLimit        Category = "rate_limit"
	CatTransient        Category = "transient"
	CatUnknown          Category = "unknown"
)

// Categories lists every category in a stable order.
func Categories() []Category {
	return []Category{CatRecipientUnknown, CatMailboxFull, CatAccountDisabled, CatBlocked, CatSpamVirus,
		CatSenderAuth, CatPolicy, CatMessage, CatRateLimit, CatTransient, CatUnknown}
}

// knownCategories are the categories and CatNone (not a failure).
var knownCategories = setOf(append(Categories(), CatNone)...)

// Meaning is one official meaning of a basic code, as its RFC words it.
type Meaning struct {
	Text    string `json:"text"`    // the RFC's reply text, verbatim (English)
	Source  Source `json:"source"`  // where it is defined
	Context Text   `json:"context"` // when this meaning applies; required when a code has two
}

// Explanation is what the entry of a basic and of an enhanced code both
// explain besides the code's name: the category of a failure, the texts of
// its card, its notes and its references. Its fields stand in the entry's
// JSON object beside the others.
type Explanation struct {
	Category    Category `json:"category"`
	Description Text     `json:"description"`
	When        Text     `json:"when"`
	FixSender   Text     `json:"fix_sender"`
	FixAdmin    Text     `json:"fix_admin"`
	Notes       []Text   `json:"notes"`
	Refs        []Source `json:"refs"`
}

// Reply is the catalog entry of a basic reply code.
type Reply struct {
	Code      ReplyCode `json:"code"`
	Name      Text      `json:"name"`
	Meanings  []Meaning `json:"meanings"`
	Stages    []Stage   `json:"stages"`
	Frequency Frequency `json:"frequency"`
	Retry     Retry     `json:"retry"`
	RetryNote Text      `json:"retry_note"`
	Actors    []Actor   `json:"actors"`
	Explanation
	Enhanced []EnhancedCode `json:"enhanced"`
	Related  []ReplyCode    `json:"related"`
	Keywords Words          `json:"keywords"`
	// RegistryOnly marks codes that no SMTP RFC defines and that appear only as
	// associated codes in the IANA enhanced status code registry.
	RegistryOnly bool `json:"registry_only"`
}

// Enhanced is the catalog entry of an enhanced status code, in registry form (X.s.d).
type Enhanced struct {
	Code      EnhancedCode `json:"code"`
	Official  string       `json:"official"` // the registry's title, verbatim
	Title     Text         `json:"title"`
	Basic     []ReplyCode  `json:"basic"`      // associated basic codes from the registry
	BasicNote BasicNote    `json:"basic_note"` // when the registry gives a class rather than codes
	Explanation
	Keywords   Words `json:"keywords"`
	Deprecated bool  `json:"deprecated"`
}

// BasicNote is what the registry says about an enhanced code's basic codes
// beyond listing them: a class ("5XX"), any code, or others too.
type BasicNote string

// Basic notes other than a class.
const (
	BasicNone   BasicNote = ""
	BasicAny    BasicNote = "any"    // the registry's "Any": any basic code goes
	BasicOthers BasicNote = "others" // "other 4XX or 5XX codes are allowed" besides those listed
)

// Valid reports whether the note is one the catalog can say in every
// language: none, any, others, or a failure class "4XX" or "5XX".
func (n BasicNote) Valid() bool {
	switch n {
	case BasicNone, BasicAny, BasicOthers, "4XX", "5XX":
		return true
	}
	return false
}

// Source is a reference to a specification: "RFC 5321 4.2.3", "IANA", or a draft name.
type Source struct {
	RFC     int    // 0 for non-RFC sources
	Section string // "4.2.3", or empty
	Doc     string // "IANA" or "draft-…" when RFC is 0
}

// ParseSource parses "RFC 5321", "RFC 5321 4.2.3", "IANA" or "draft-name".
func ParseSource(s string) (Source, error) {
	switch {
	case s == "IANA":
		return Source{Doc: "IANA"}, nil
	case strings.HasPrefix(s, "draft-") && !strings.ContainsAny(s, " \t"):
		return Source{Doc: s}, nil
	case strings.HasPrefix(s, "RFC "):
		f := strings.Fields(s[4:])
		if len(f) == 0 || len(f) > 2 {
			break
		}
		n, err := strconv.Atoi(f[0])
		if err != nil || n <= 0 || n > 99999 {
			break
		}
		src := Source{RFC: n}
		if len(f) == 2 {
			for _, p := range strings.Split(f[1], ".") {
				if _, err := strconv.Atoi(p); err != nil {
					return Source{}, fmt.Errorf("catalog: bad section in source %q", s)
				}
			}
			src.Section = f[1]
		}
		return src, nil
	}
	return Source{}, fmt.Errorf("catalog: bad source %q (want \"RFC n [section]\", \"IANA\" or \"draft-…\")", s)
}

func (s Source) String() string { return s.format(" §") }

// Key is the data-file form of the source.
func (s Source) Key() string { return s.format(" ") }

// format writes the source with sep between the RFC and its section.
func (s Source) format(sep string) string {
	switch {
	case s.RFC == 0:
		return s.Doc
	case s.Section == "":
		return "RFC " + strconv.Itoa(s.RFC)
	default:
		return "RFC " + strconv.Itoa(s.RFC) + sep + s.Section
	}
}

// URL links to the document, and to the section where one is given.
func (s Source) URL() string {
	switch {
	case s.Doc == "IANA":
		return "https://www.iana.org/assignments/smtp-enhanced-status-codes/smtp-enhanced-status-codes.xhtml"
	case s.RFC == 0:
		return "https://datatracker.ietf.org/doc/" + s.Doc + "/"
	case s.Section == "":
		return "https://www.rfc-editor.org/rfc/rfc" + strconv.Itoa(s.RFC)
	default:
		return "https://www.rfc-editor.org/rfc/rfc" + strconv.Itoa(s.RFC) + "#section-" + s.Section
	}
}

// MarshalText writes the data-file form.
func (s Source) MarshalText() ([]byte, error) { return []byte(s.Key()), nil }

// UnmarshalText reads the data-file form.
func (s *Source) UnmarshalText(b []byte) error { return parseInto(s, ParseSource, b) }

// MarshalText writes "X.2.2".
func (e EnhancedCode) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText reads "X.2.2" or "5.2.2".
func (e *EnhancedCode) UnmarshalText(b []byte) error { return parseInto(e, ParseEnhanced, b) }

// parseInto sets *dst to what parse reads in b; on an error *dst is left
// as it was.
func parseInto[T any](dst *T, parse func(string) (T, error), b []byte) error {
	v, err := parse(string(b))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// ClassInfo describes a class of basic or enhanced codes.
type ClassInfo struct {
	Class       Class `json:"class"`
	Name        Text  `json:"name"`
	Verdict     Text  `json:"verdict"` // what a reply of this class tells the client, as a clause
	Description Text  `json:"description"`
	// Retry says who retries a reply of the class, and when; Sender whether
	// the sender must change something; SendWhen when a server sends one.
	// They are what a comparison of classes ("4xx vs 5xx") says of each.
	Retry    Text `json:"retry"`
	Sender   Text `json:"sender"`
	SendWhen Text `json:"send_when"`
}

// SubjectInfo describes an enhanced code subject (RFC 3463 §2) or the
// second digit of a basic code (RFC 5321 §4.2.1).
type SubjectInfo struct {
	Subject     int  `json:"subject"`
	Name        Text `json:"name"`
	Description Text `json:"description"`
}

// Classes holds the meanings of classes and subjects.
type Classes struct {
	Reply       []ClassInfo   `json:"reply_classes"`
	ReplySecond []SubjectInfo `json:"reply_second_digit"`
	Enhanced    []ClassInfo   `json:"enhanced_classes"`
	Subjects    []SubjectInfo `json:"enhanced_subjects"`
	// FailureRule tells a transient failure from a permanent one
	// (RFC 5321 §4.2.1), for a comparison of the failure classes.
	FailureRule   Text `json:"failure_rule"`
	CategoryNames []struct {
		Category Category `json:"category"`
		Name     Text     `json:"name"`
	} `json:"categories"`
}
