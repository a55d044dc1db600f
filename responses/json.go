package responses

import (
	"encoding/json"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// JSONAnswer is the stable JSON contract of an answer (README, "JSON
// contract"). Fields are only added, never renamed or removed.
type JSONAnswer struct {
	Intent      bot.Intent     `json:"intent"`
	Lang        string         `json:"lang"`
	Codes       []string       `json:"codes"`
	Title       string         `json:"title"`
	Summary     string         `json:"summary,omitempty"`
	Cards       []catalog.Card `json:"cards,omitempty"`
	Differences []string       `json:"differences,omitempty"`
	WhenToUse   *JSONWhenToUse `json:"when_to_use,omitempty"`
	LearnMore   []catalog.Link `json:"learn_more,omitempty"`
	Diagnosis   *bot.Diagnosis `json:"diagnosis,omitempty"`
	// Diagnoses and NotBounce answer a whole email (smtpbot diagnose,
	// POST /api/diagnose): one entry per failed or delayed recipient, or
	// what the message is when it is not a bounce ("" for a bounce).
	Diagnoses   []bot.Diagnosis `json:"diagnoses,omitempty"`
	NotBounce   *string         `json:"not_bounce,omitempty"`
	List        []bot.ListItem  `json:"list,omitempty"`
	Help        *JSONHelp       `json:"help,omitempty"`
	Message     string          `json:"message,omitempty"`
	Suggestions []bot.ListItem  `json:"suggestions,omitempty"`
	Hint        string          `json:"hint,omitempty"`
	URL         string          `json:"url,omitempty"`
	Path        string          `json:"path,omitempty"`
}

// JSONWhenToUse is the advice part of a comparison.
type JSONWhenToUse struct {
	Operator []string `json:"operator"`
	Reader   []string `json:"reader"`
}

// JSONHelp is the help text.
type JSONHelp struct {
	Intro    string   `json:"intro"`
	Examples []string `json:"examples"`
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
		j.Summary = c.Summary
		j.Cards = c.Cards
		j.Differences = c.Differences
		j.WhenToUse = &JSONWhenToUse{Operator: nonNil(c.Operator), Reader: nonNil(c.Reader)}
		j.LearnMore = c.LearnMore
	case a.Card != nil:
		j.Cards = []catalog.Card{*a.Card}
		j.LearnMore = a.Card.Refs
	case len(a.Diagnoses) > 0 || a.NotBounce != "":
		nb := a.NotBounce
		j.NotBounce = &nb
		j.Diagnoses = make([]bot.Diagnosis, len(a.Diagnoses))
		for i, d := range a.Diagnoses {
			j.Diagnoses[i] = jsonDiagnosis(d)
		}
	case a.Diagnosis != nil:
		d := jsonDiagnosis(*a.Diagnosis)
		j.Diagnosis = &d
		j.Cards = d.Cards
	case a.List != nil:
		j.List = a.List.Items
		if j.List == nil {
			j.List = []bot.ListItem{}
		}
	case a.Help != nil:
		j.Help = &JSONHelp{Intro: a.Help.Intro, Examples: a.Help.Examples}
	case a.Unknown != nil:
		j.Message = a.Unknown.Message
		j.Suggestions = a.Unknown.Suggestions
		j.Hint = a.Unknown.Hint
	}
	return j
}

// jsonDiagnosis gives empty lists instead of null.
func jsonDiagnosis(d bot.Diagnosis) bot.Diagnosis {
	if d.Actors == nil {
		d.Actors = []catalog.Actor{}
	}
	if d.ProviderNote == nil {
		d.ProviderNote = []string{}
	}
	return d
}

// JSON renders the answer as one line of JSON.
func JSON(a bot.Answer, o Options) ([]byte, error) {
	return json.Marshal(ToJSON(a, o))
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
