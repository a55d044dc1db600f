// Package bot understands a chat message and answers it from the catalog.
//
// It is the pure core shared by every adapter: text goes in, a structured
// Answer comes out. It does no I/O, holds no mutable globals and knows
// nothing of Slack, Discord or HTML; rendering is the job of package
// responses.
//
// Understanding a message (parse.go) means: removing chat markup (clean.go),
// telling the language (lang.go), finding codes typed in any form
// (tokens.go) but not numbers that are something else (chatter.go), names,
// keywords and typos of codes (match.go), Exchange NDR names (ndr.go), and
// server replies pasted from a bounce (reply.go). The words it reads with
// are data: the catalog's lexicons (catalog/data/lexicon/<lang>.json, merged
// in lexicon.go). Answering a pasted reply (diagnose.go) means finding the
// reason of the failure (catalog/data/reasons.json) from the provider's own
// meanings and tags (catalog/data/providers.json), the reply's words
// (catalog/data/rules.json, read in rules.go), its codes and its stage;
// saying whether the address is bad, whether the message is retried and
// whether that helps; and who acts and how (catalog/data/advice.json).
//
// Parse never fails: what it cannot understand is IntentUnknown with
// suggestions, never a guess presented as fact.
package bot

import (
	"github.com/smtpbot/smtpbot/catalog"
)

// Intent is what the user asked for.
type Intent string

// Intents. Their string values are part of the JSON contract.
const (
	IntentCompare  Intent = "compare"
	IntentExplain  Intent = "explain"
	IntentDiagnose Intent = "diagnose"
	IntentList     Intent = "list"
	IntentHelp     Intent = "help"
	IntentUnknown  Intent = "unknown"
)

// Answer is a complete, language-resolved reply. Renderers lay it out; they
// never add facts.
type Answer struct {
	Intent Intent
	Lang   string
	// Codes lists the codes understood, canonical, in the order the user gave
	// them (for a diagnosis: the basic code, then the enhanced code).
	Codes []string
	Title string

	Compare   *catalog.Comparison // IntentCompare
	Card      *catalog.Card       // IntentExplain
	Diagnosis *Diagnosis          // IntentDiagnose: one pasted reply
	// Diagnoses holds one entry per failed or delayed recipient of a whole
	// bounce email, in the order of the report (IntentDiagnose).
	Diagnoses []Diagnosis
	// NotBounce says what a whole message is when it is not a bounce:
	// "autoreply", "feedback", "delivered" or "not_mail"; "" otherwise.
	NotBounce string
	List      *List    // IntentList
	Help      *Help    // IntentHelp
	Unknown   *Unknown // IntentUnknown

	// Frame holds the headings and labels in Lang for renderers.
	Frame *catalog.Frame
	// Path is the web permalink of this answer ("/compare/252-vs-552"), empty
	// when there is none. Adapters prefix it with the public URL.
	Path string
	// Untranslated is set when the code texts are English inside another
	// language's frame.
	Untranslated bool
}

// Category is the category of the failure the answer diagnoses, CatNone
// when it diagnoses no single reply: what the adapters count.
func (a *Answer) Category() catalog.Category {
	if a.Diagnosis == nil {
		return catalog.CatNone
	}
	return a.Diagnosis.Category
}

// Diagnosis explains a pasted server reply or bounce. It is a core value:
// package responses owns its wire form (responses/json.go).
type Diagnosis struct {
	ReplyCode    catalog.ReplyCode    // 0 when the reply has no basic code
	EnhancedCode catalog.EnhancedCode // zero when the reply has no enhanced code
	Provider     string               // stable identifier, "" when not recognised
	ProviderName string               // display name
	Category     catalog.Category     // one of catalog.Categories()
	CategoryName string               // in the answer's language
	Retry        bool                 // the message may still get through by trying again
	RetryText    string               // who retries and whether it helps, in the answer's language
	Actors       []catalog.Actor      // who has to act
	ActorNames   []string             //
	Action       string               // the concrete next step
	Stage        catalog.Stage        // command the reply answered, when the text says
	Excerpt      string               // the reply line, cleaned, for display
	ProviderNote []string             // the provider's own meaning and tags
	Notes        []string             // other remarks: the basic and enhanced classes disagree
	Cards        []catalog.Card       // the codes, explained

	// Filled by the reason classifier (issue #11). Reason is one of the
	// reason names in catalog/data (Sisimai's public vocabulary:
	// userunknown, mailboxfull, …); Bounce is "hard" (the address itself is
	// bad: remove it), "soft" (keep it) or "" when nothing failed.
	// Retry never contradicts the class: every 4xx is retried by the
	// sending server (RetryBy "server"); a 5xx is not (RetryBy "sender" when
	// a later manual resend can work), nor is a 4xx that a report says
	// failed: the server retried it and gave up. RetryHelps says whether that retry
	// or resend is likely to succeed without anyone changing anything, and
	// RetryWindow how long the retrying lasts, in the answer's language.
	Reason      string
	ReasonName  string // the reason's title, in the answer's language
	BounceText  string // "Hard bounce: remove this address …", in the answer's language
	Bounce      string
	RetryBy     string
	RetryHelps  bool
	RetryWindow string

	// Filled for each recipient of a whole bounce email (issue #11): the
	// failed or delayed recipient, the report's Action (failed, delayed, …),
	// the remote and reporting MTAs, the server's reply text as found, and
	// the software that wrote the bounce when it is not the provider that
	// refused (Postfix wrapping a Gmail refusal).
	Recipient    string
	DSNAction    string
	RemoteMTA    string
	ReportingMTA string
	Diagnostic   string
	MTA          string
	MTAName      string // display name of MTA, when known

	// Postmaster is the refusing provider's page for senders (postmaster,
	// sender guidelines or delisting), when it has one.
	Postmaster *catalog.Link
}

// Codes returns the diagnosis's codes as written: the basic code, then the
// enhanced code, each only when the reply has it.
func (d Diagnosis) Codes() []string {
	var out []string
	if d.ReplyCode != 0 {
		out = append(out, d.ReplyCode.String())
	}
	if !d.EnhancedCode.IsZero() {
		out = append(out, d.EnhancedCode.String())
	}
	return out
}

// List is a compact list of codes.
type List struct {
	Filter string
	Items  []ListItem
	// Provider is the provider whose own codes are listed (a
	// providers.json id: "microsoft"), "" for the registry's codes; each
	// item's Name is then the provider's meaning, cut short.
	Provider     string
	ProviderName string
	// Refs are, for a provider's list, its postmaster page, then the
	// pages its listed meanings come from.
	Refs []catalog.Link
}

// ListItem is one line of a list.
type ListItem struct {
	Code  string
	Name  string
	Class string
}

// Help is the help text with examples.
type Help struct {
	Intro    string
	Examples []string
}

// Unknown is the answer when nothing could be understood.
type Unknown struct {
	Message     string
	Suggestions []ListItem
	Hint        string
}
