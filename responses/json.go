package responses

import (
	"encoding/json"
	"fmt"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// JSONAnswer is the stable JSON contract of an answer (README, "JSON
// contract"). Fields are only added, never renamed or removed. The core
// types (bot.Answer, catalog.Card) carry no wire names: this file owns them
// and the mapping.
type JSONAnswer struct {
	Intent      bot.Intent     `json:"intent"`
	Lang        string         `json:"lang"`
	Codes       []string       `json:"codes"`
	Title       string         `json:"title"`
	Summary     string         `json:"summary,omitempty"`
	Cards       []JSONCard     `json:"cards,omitempty"`
	Differences []string       `json:"differences,omitempty"`
	WhenToUse   *JSONWhenToUse `json:"when_to_use,omitempty"`
	LearnMore   []JSONLink     `json:"learn_more,omitempty"`
	Diagnosis   *JSONDiagnosis `json:"diagnosis,omitempty"`
	// Diagnoses and NotBounce answer a whole email (smtpbot diagnose,
	// POST /api/diagnose): one entry per failed or delayed recipient, or
	// what the message is when it is not a bounce ("" for a bounce).
	Diagnoses []JSONDiagnosis `json:"diagnoses,omitempty"`
	NotBounce *string         `json:"not_bounce,omitempty"`
	List      []JSONListItem  `json:"list,omitempty"`
	// Provider is the provider whose own codes a list gives (each item's
	// name is then its meaning); omitted for the registry's codes.
	Provider    *JSONListProvider `json:"provider,omitempty"`
	Help        *JSONHelp         `json:"help,omitempty"`
	Message     string            `json:"message,omitempty"`
	Suggestions []JSONListItem    `json:"suggestions,omitempty"`
	Hint        string            `json:"hint,omitempty"`
	URL         string            `json:"url,omitempty"`
	Path        string            `json:"path,omitempty"`
}

// JSONCard is one code explained: the wire form of catalog.Card, also
// served by `smtpbot catalog` and the web API.
type JSONCard struct {
	Code         string            `json:"code"`  // canonical: "552", "5.2.2", "X.2.2"
	Basic        bool              `json:"basic"` // a basic reply code, not an enhanced one
	Class        string            `json:"class"` // "5xx", "5.X.X" or "X.X.X"
	ClassName    string            `json:"class_name"`
	Name         string            `json:"name"`
	Official     []JSONOfficial    `json:"official,omitempty"`
	Registered   bool              `json:"registered"`
	RegistryOnly bool              `json:"registry_only,omitempty"`
	Deprecated   bool              `json:"deprecated,omitempty"`
	Description  string            `json:"description"`
	When         string            `json:"when"`
	FixSender    string            `json:"fix_sender"`
	FixAdmin     string            `json:"fix_admin"`
	Retry        catalog.Retry     `json:"retry"`
	RetryLabel   string            `json:"retry_label"`
	RetryNote    string            `json:"retry_note"`
	Stages       []catalog.Stage   `json:"stages,omitempty"`
	Actors       []catalog.Actor   `json:"actors"`
	Frequency    catalog.Frequency `json:"frequency,omitempty"`
	Category     catalog.Category  `json:"category,omitempty"`
	Enhanced     []string          `json:"enhanced,omitempty"` // usual enhanced codes (basic cards)
	BasicCodes   []string          `json:"basic_codes,omitempty"`
	Related      []string          `json:"related,omitempty"`
	Notes        []string          `json:"notes,omitempty"`
	Refs         []JSONLink        `json:"refs"`
}

// JSONOfficial is one RFC meaning of a code, verbatim.
type JSONOfficial struct {
	Text    string `json:"text"`
	Source  string `json:"source"`
	URL     string `json:"url"`
	Context string `json:"context,omitempty"`
}

// JSONLink is a titled URL.
type JSONLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// JSONDiagnosis is the wire form of bot.Diagnosis. Codes the reply lacks
// are "".
type JSONDiagnosis struct {
	ReplyCode    string           `json:"reply_code"`
	EnhancedCode string           `json:"enhanced_code"`
	Provider     string           `json:"provider"` // stable identifier, "" when not recognised
	Category     catalog.Category `json:"category"`
	Retry        bool             `json:"retry"`
	Actors       []catalog.Actor  `json:"actors"`
	Action       string           `json:"action"`
	Stage        catalog.Stage    `json:"stage"`
	ProviderNote []string         `json:"provider_note"`
	Notes        []string         `json:"notes,omitempty"`
	Reason       string           `json:"reason"`
	Bounce       string           `json:"bounce"`
	RetryBy      string           `json:"retry_by"`
	RetryHelps   bool             `json:"retry_helps"`
	RetryWindow  string           `json:"retry_window,omitempty"`
	Recipient    string           `json:"recipient,omitempty"`
	DSNAction    string           `json:"dsn_action,omitempty"`
	RemoteMTA    string           `json:"remote_mta,omitempty"`
	ReportingMTA string           `json:"reporting_mta,omitempty"`
	Diagnostic   string           `json:"diagnostic,omitempty"`
	MTA          string           `json:"mta,omitempty"`
	Postmaster   *JSONLink        `json:"postmaster,omitempty"`
}

// JSONListItem is one line of a list or one suggestion.
type JSONListItem struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Class string `json:"class"`
}

// JSONWhenToUse is the advice part of a comparison.
type JSONWhenToUse struct {
	Operator []string `json:"operator"`
	Reader   []string `json:"reader"`
}

// JSONListProvider names the provider of a list of its own codes.
type JSONListProvider struct {
	ID   string `json:"id"`   // providers.json id: "microsoft"
	Name string `json:"name"` // display name
}

// JSONHelp is the help text.
type JSONHelp struct {
	Intro    string   `json:"intro"`
	Examples []string `json:"examples"`
}

// JSONCatalog is every code of the catalog explained in one language: the
// output of `smtpbot catalog` and the body of the web's /api/codes.
type JSONCatalog struct {
	Lang     string     `json:"lang"`
	Replies  []JSONCard `json:"reply_codes"`
	Enhanced []JSONCard `json:"enhanced_codes"`
}

// ToJSON maps an answer to the JSON contract.
func ToJSON(a bot.Answer, o Options) JSONAnswer {
	j := JSONAnswer{Intent: a.Intent, Lang: a.Lang, Codes: a.Codes, Title: a.Title, URL: PageURL(a, o), Path: a.Path}
	if j.Codes == nil {
		j.Codes = []string{}
	}
	switch {
	case a.Compare != nil:
		c := a.Compare
		j.Summary = c.Summary()
		j.Cards = mapSlice(c.Cards, ToJSONCard)
		j.Differences = c.Differences()
		j.WhenToUse = &JSONWhenToUse{Operator: nonNil(c.Operator()), Reader: nonNil(c.Reader())}
		j.LearnMore = mapSlice(c.LearnMore(), jsonLink)
	case a.Card != nil:
		j.Cards = []JSONCard{ToJSONCard(*a.Card)}
		j.LearnMore = mapSlice(a.Card.Refs, jsonLink)
	case len(a.Diagnoses) > 0 || a.NotBounce != "":
		nb := a.NotBounce
		j.NotBounce = &nb
		j.Diagnoses = mapSlice(a.Diagnoses, ToJSONDiagnosis)
	case a.Diagnosis != nil:
		d := ToJSONDiagnosis(*a.Diagnosis)
		j.Diagnosis = &d
		j.Cards = mapSlice(a.Diagnosis.Cards, ToJSONCard)
	case a.List != nil:
		j.List = mapSlice(a.List.Items, jsonListItem)
		if j.List == nil {
			j.List = []JSONListItem{}
		}
		if a.List.Provider != "" {
			j.Provider = &JSONListProvider{ID: a.List.Provider, Name: a.List.ProviderName}
			j.LearnMore = mapSlice(a.List.Refs, jsonLink)
		}
	case a.Help != nil:
		j.Help = &JSONHelp{Intro: a.Help.Intro, Examples: a.Help.Examples}
	case a.Unknown != nil:
		j.Message = a.Unknown.Message
		j.Suggestions = mapSlice(a.Unknown.Suggestions, jsonListItem)
		j.Hint = a.Unknown.Hint
	}
	return j
}

// ToJSONCard maps a card to its wire form.
func ToJSONCard(c catalog.Card) JSONCard {
	return JSONCard{
		Code: c.Label(), Basic: c.Basic, Class: c.ClassKey(), ClassName: c.ClassName, Name: c.Name,
		Official:   mapSlice(c.Official, jsonOfficial),
		Registered: c.Registered, RegistryOnly: c.RegistryOnly, Deprecated: c.Deprecated,
		Description: c.Description, When: c.When, FixSender: c.FixSender, FixAdmin: c.FixAdmin,
		Retry: c.Retry, RetryLabel: c.RetryLabel, RetryNote: c.RetryNote,
		Stages: c.Stages, Actors: c.Actors, Frequency: c.Frequency, Category: c.Category,
		Enhanced:   codeStrings(c.Enhanced),
		BasicCodes: basicCodes(c),
		Related:    codeStrings(c.Related),
		Notes:      c.Notes,
		Refs:       mapSlice(c.Refs, jsonLink),
	}
}

// ToJSONDiagnosis maps a diagnosis to its wire form. Actors and
// ProviderNote are always arrays, never null.
func ToJSONDiagnosis(d bot.Diagnosis) JSONDiagnosis {
	j := JSONDiagnosis{
		Provider: d.Provider, Category: d.Category, Retry: d.Retry, Actors: d.Actors, Action: d.Action,
		Stage: d.Stage, ProviderNote: d.ProviderNote, Notes: d.Notes,
		Reason: d.Reason, Bounce: d.Bounce, RetryBy: d.RetryBy, RetryHelps: d.RetryHelps, RetryWindow: d.RetryWindow,
		Recipient: d.Recipient, DSNAction: d.DSNAction, RemoteMTA: d.RemoteMTA, ReportingMTA: d.ReportingMTA,
		Diagnostic: d.Diagnostic, MTA: d.MTA,
	}
	if d.Postmaster != nil {
		l := jsonLink(*d.Postmaster)
		j.Postmaster = &l
	}
	if d.ReplyCode != 0 {
		j.ReplyCode = d.ReplyCode.String()
	}
	if !d.EnhancedCode.IsZero() {
		j.EnhancedCode = d.EnhancedCode.String()
	}
	if j.Actors == nil {
		j.Actors = []catalog.Actor{}
	}
	if j.ProviderNote == nil {
		j.ProviderNote = []string{}
	}
	return j
}

// ToJSONCatalog explains every code of cat in lang, basic codes first.
func ToJSONCatalog(cat *catalog.Catalog, lang string) JSONCatalog {
	j := JSONCatalog{Lang: lang, Replies: []JSONCard{}, Enhanced: []JSONCard{}}
	for _, r := range cat.Replies() {
		j.Replies = append(j.Replies, ToJSONCard(cat.Card(catalog.Code{Reply: r.Code}, lang)))
	}
	for _, e := range cat.EnhancedList() {
		j.Enhanced = append(j.Enhanced, ToJSONCard(cat.Card(catalog.Code{Enhanced: e.Code}, lang)))
	}
	return j
}

// JSON renders the answer as one line of JSON.
func JSON(a bot.Answer, o Options) ([]byte, error) {
	return json.Marshal(ToJSON(a, o))
}

func jsonLink(l catalog.Link) JSONLink { return JSONLink{Title: l.Title, URL: l.URL} }

func jsonOfficial(o catalog.Official) JSONOfficial {
	return JSONOfficial{Text: o.Text, Source: o.Source, URL: o.URL, Context: o.Context}
}

func jsonListItem(it bot.ListItem) JSONListItem {
	return JSONListItem{Code: it.Code, Name: it.Name, Class: it.Class}
}

// basicCodes lists an enhanced card's associated basic codes as written,
// followed by the class the registry names instead, if any.
func basicCodes(c catalog.Card) []string {
	out := codeStrings(c.BasicCodes)
	if c.BasicNote != "" {
		out = append(out, c.BasicNote)
	}
	return out
}

// codeStrings writes codes as text; nil stays nil.
func codeStrings[C fmt.Stringer](codes []C) []string {
	return mapSlice(codes, C.String)
}

// mapSlice maps each element with f; nil stays nil and empty stays empty,
// so that omitempty and null read as before.
func mapSlice[T, U any](in []T, f func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
