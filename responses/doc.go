// Package responses renders a bot.Answer for people: terminal text,
// Markdown, JSON, Slack Block Kit, Discord embeds and HTML.
//
// Every format is laid out from one document model built by build, so the
// formats say the same things in the same order. Renderers enforce each
// platform's limits; they never send anything and never add facts.
package responses

import (
	"slices"
	"strconv"
	"strings"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// doc is an answer laid out as blocks, independent of the output format.
type doc struct {
	Title    string
	Class    catalog.Class // colour of the whole answer: the most severe class in it
	Intro    []string      // paragraphs right under the title
	Sections []section
	Links    []catalog.Link
	Note     string // small print: untranslated note
}

// section is a headed part of the answer. A section with Card set is one code.
type section struct {
	Heading string
	Class   catalog.Class // for badges and embed colours; 0 for none
	Code    string        // the code a card section is about
	Quote   []string      // verbatim text: RFC wording or the pasted reply
	Paras   []string
	Fields  []field
	Bullets []string
	Sub     []section // subsections (When to use which)
}

type field struct {
	Name  string
	Value string
}

// Options are per-render settings.
type Options struct {
	// BaseURL is the public web address; with it, answers link to their page.
	BaseURL string
	// Public is set when everyone in a channel sees the answer (a mention
	// reply, a shared answer): email addresses are then masked in every
	// string shown ("b…@example.com"), IP addresses and hosts are not.
	Public bool
}

// PageURL is the permalink of the answer, or "" without a base URL.
func PageURL(a bot.Answer, o Options) string {
	if o.BaseURL == "" || a.Path == "" {
		return ""
	}
	p := a.Path
	if a.Lang != "" && a.Lang != catalog.English {
		p = "/" + a.Lang + p
	}
	return strings.TrimRight(o.BaseURL, "/") + p
}

func build(a bot.Answer, o Options) doc {
	f := a.Frame
	d := doc{Title: a.Title}
	if a.Untranslated && (a.Compare != nil || a.Card != nil || a.Diagnosis != nil || len(a.Diagnoses) > 0) {
		d.Note = f.Untranslated
	}
	switch {
	case a.Compare != nil:
		d.addComparison(a.Compare, f)
	case a.Card != nil:
		d.Sections = append(d.Sections, cardSection(*a.Card, f, true))
		d.Class = a.Card.Class
		d.Links = a.Card.Refs
	case a.NotBounce != "":
		// The title says what the message is; nothing else to show.
	case len(a.Diagnoses) > 0:
		d.addRecipients(a.Diagnoses, f)
	case a.Diagnosis != nil:
		d.addDiagnosis(a.Diagnosis, f)
	case a.List != nil:
		d.addList(a.List, f)
	case a.Help != nil:
		d.Intro = []string{a.Help.Intro}
		d.Sections = append(d.Sections, section{Heading: f.Examples, Bullets: a.Help.Examples})
	case a.Unknown != nil:
		d.addUnknown(a.Unknown, f)
	}
	if u := PageURL(a, o); u != "" {
		d.Links = append([]catalog.Link{{Title: f.OpenPage, URL: u}}, d.Links...)
	}
	if o.Public {
		d.mask()
	}
	return d
}

// addComparison lays out a comparison: a section per code, the key
// differences, and when each is used.
func (d *doc) addComparison(c *catalog.Comparison, f *catalog.Frame) {
	d.Intro = []string{c.Summary()}
	for _, cd := range c.Cards {
		d.Sections = append(d.Sections, cardSection(cd, f, false))
		d.Class = worst(d.Class, cd.Class)
	}
	if diffs := c.Differences(); len(diffs) > 0 {
		d.Sections = append(d.Sections, section{Heading: f.KeyDifferences, Bullets: diffs})
	}
	if op, rd := c.Operator(), c.Reader(); len(op)+len(rd) > 0 {
		s := section{Heading: f.WhenToUse}
		if len(op) > 0 {
			s.Sub = append(s.Sub, section{Heading: f.ForOperator, Bullets: op})
		}
		if len(rd) > 0 {
			s.Sub = append(s.Sub, section{Heading: f.ForSender, Bullets: rd})
		}
		d.Sections = append(d.Sections, s)
	}
	d.Links = c.LearnMore()
}

// addRecipients lays out a whole bounce email: a section per recipient, up
// to MaxRecipients, and how many more there are.
func (d *doc) addRecipients(all []bot.Diagnosis, f *catalog.Frame) {
	shown := all[:min(len(all), MaxRecipients)]
	for i, dg := range shown {
		s := diagnosisSection(&dg, f)
		if dg.Diagnostic != "" { // the recipient's whole reply, not only its last line
			s.Quote = []string{truncate(dg.Diagnostic, maxQuote)}
		}
		s.Heading = f.Recipient + " " + strconv.Itoa(i+1)
		if dg.Recipient != "" {
			s.Heading += ": " + dg.Recipient
		}
		if action := dsnAction(dg.DSNAction, f); action != "" {
			s.Heading += " (" + action + ")"
		}
		if dg.RemoteMTA != "" {
			s.Fields = append(s.Fields, field{f.RemoteMTA, dg.RemoteMTA})
		}
		for _, cd := range dg.Cards {
			s.Class = worst(s.Class, cd.Class)
		}
		d.Class = worst(d.Class, s.Class)
		d.Sections = append(d.Sections, s)
	}
	if more := len(all) - len(shown); more > 0 {
		d.Sections = append(d.Sections, section{Paras: []string{catalog.Fill(f.MoreRecipients, "count", strconv.Itoa(more))}})
	}
}

// addDiagnosis lays out one pasted reply: the diagnosis, then a section per
// code in it, with the postmaster page and the codes' references.
func (d *doc) addDiagnosis(dg *bot.Diagnosis, f *catalog.Frame) {
	d.Sections = append(d.Sections, diagnosisSection(dg, f))
	if dg.Postmaster != nil {
		d.Links = append(d.Links, *dg.Postmaster)
	}
	for _, cd := range dg.Cards {
		d.Sections = append(d.Sections, cardSection(cd, f, false))
		d.Class = worst(d.Class, cd.Class)
		d.Links = append(d.Links, cd.Refs...)
	}
	d.Links = dedupLinks(d.Links)
}

// addList lays out a list of codes, one line each.
func (d *doc) addList(l *bot.List, f *catalog.Frame) {
	if l.Provider != "" {
		d.addProviderList(l, f)
		return
	}
	if len(l.Items) == 0 {
		d.Intro = []string{f.ListEmpty}
		return
	}
	d.Intro = []string{catalog.Fill(f.ListIntro, "count", strconv.Itoa(len(l.Items)))}
	d.Sections = append(d.Sections, section{Bullets: codeLines(l.Items)})
}

// MaxProviderCodes is how many of a provider's own codes an answer shows,
// each with its meaning; the rest are counted ("…and 17 more codes"). JSON
// lists them all.
const MaxProviderCodes = 20

// addProviderList lays out a provider's own codes: how many, up to
// MaxProviderCodes lines of a code and its meaning, how many more, and the
// provider's pages as the references.
func (d *doc) addProviderList(l *bot.List, f *catalog.Frame) {
	d.Links = l.Refs
	if len(l.Items) == 0 {
		d.Intro = []string{catalog.Fill(f.ProviderListEmpty, "provider", l.ProviderName)}
		return
	}
	d.Intro = []string{catalog.Fill(f.ProviderListIntro, "count", strconv.Itoa(len(l.Items)), "provider", l.ProviderName)}
	shown := l.Items[:min(len(l.Items), MaxProviderCodes)]
	lines := make([]string, len(shown))
	for i, it := range shown {
		lines[i] = it.Code + ": " + it.Name
	}
	d.Sections = append(d.Sections, section{Bullets: lines})
	if more := len(l.Items) - len(shown); more > 0 {
		d.Sections = append(d.Sections, section{Paras: []string{catalog.Fill(f.MoreCodes, "count", strconv.Itoa(more))}})
	}
}

// addUnknown lays out "not understood": why, a hint, and the codes it may
// have meant.
func (d *doc) addUnknown(u *bot.Unknown, f *catalog.Frame) {
	if u.Message != "" {
		d.Intro = append(d.Intro, u.Message)
	}
	d.Intro = append(d.Intro, u.Hint)
	if len(u.Suggestions) > 0 {
		d.Sections = append(d.Sections, section{Heading: f.DidYouMean, Bullets: codeLines(u.Suggestions)})
	}
}

// codeLines is one "code name" line per item.
func codeLines(items []bot.ListItem) []string {
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = it.Code + " " + it.Name
	}
	return lines
}

// MaxRecipients is how many recipients of a whole bounce email an answer
// shows; the rest are counted ("…and 12 more"). JSON lists them all.
const MaxRecipients = 10

// maxQuote bounds the reply quoted for each recipient.
const maxQuote = 400

// dsnAction names a report's Action in the answer's language; an unusual
// one is shown as the report wrote it.
func dsnAction(action string, f *catalog.Frame) string {
	switch action {
	case "failed":
		return f.DSNFailed
	case "delayed":
		return f.DSNDelayed
	}
	return action
}

// diagnosisSection lays out one diagnosis: the reply, then what it means
// and what to do.
func diagnosisSection(dg *bot.Diagnosis, f *catalog.Frame) section {
	s := section{Heading: f.Diagnosis}
	if dg.Excerpt != "" {
		s.Quote = []string{dg.Excerpt}
	}
	s.Fields = append(s.Fields, field{f.Category, dg.CategoryName})
	if dg.ReasonName != "" && dg.BounceText != "" {
		s.Fields = append(s.Fields, field{f.Reason, dg.ReasonName + " (" + dg.Reason + ")"})
		s.Fields = append(s.Fields, field{f.Bounce, dg.BounceText})
	}
	if dg.ProviderName != "" {
		// Who refused, and the software that wrote the bounce when it
		// is another (Titan refusing, Postfix reporting).
		s.Fields = append(s.Fields, field{f.Provider, joinNonEmpty(" · MTA: ", dg.ProviderName, dg.MTAName)})
	}
	retry := f.No
	if dg.Retry {
		retry = f.Yes
	}
	s.Fields = append(s.Fields, field{f.Retry, joinNonEmpty(" ", joinNonEmpty(": ", retry, dg.RetryText), dg.RetryWindow)})
	if len(dg.ActorNames) > 0 {
		s.Fields = append(s.Fields, field{f.WhoActs, strings.Join(dg.ActorNames, ", ")})
	}
	if dg.Action != "" {
		s.Fields = append(s.Fields, field{f.NextStep, dg.Action})
	}
	if dg.Stage != "" {
		s.Fields = append(s.Fields, field{f.Stage, StageMarker([]catalog.Stage{dg.Stage}, f)})
	}
	if len(dg.ProviderNote) > 0 {
		s.Fields = append(s.Fields, field{f.ProviderMeans, strings.Join(dg.ProviderNote, "\n")})
	}
	if len(dg.Notes) > 0 {
		s.Fields = append(s.Fields, field{f.GoodToKnow, strings.Join(dg.Notes, "\n")})
	}
	return s
}

// cardSection lays out one code. full adds what a single-code answer has
// room for: notes and related codes.
func cardSection(cd catalog.Card, f *catalog.Frame, full bool) section {
	name := cd.Name
	if !cd.Registered {
		name = "(" + f.NotRegistered + ")"
	}
	s := section{Heading: cd.Label() + " " + name, Class: cd.Class, Code: cd.Label()}
	for _, o := range cd.Official {
		q := o.Text + " (" + o.Source + ")"
		if o.Context != "" && len(cd.Official) > 1 {
			q += ": " + o.Context
		}
		s.Quote = append(s.Quote, q)
	}
	cls := cd.ClassName
	if cd.Deprecated {
		cls += " · " + f.Deprecated
	}
	if cd.RegistryOnly {
		cls += " · " + f.RegistryOnly
	}
	s.Fields = append(s.Fields,
		field{f.Class, cls},
		field{f.Description, cd.Description},
		field{f.When, cd.When},
	)
	if cd.FixSender == cd.FixAdmin {
		s.Fields = append(s.Fields, field{f.Fix, cd.FixSender})
	} else {
		s.Fields = append(s.Fields, field{f.Fix + " · " + f.FixSender, cd.FixSender}, field{f.Fix + " · " + f.FixAdmin, cd.FixAdmin})
	}
	retry := cd.RetryLabel
	if cd.RetryNote != "" && cd.RetryNote != cd.RetryLabel {
		retry = cd.RetryNote
	}
	s.Fields = append(s.Fields, field{f.Retry, retry})
	if len(cd.Stages) > 0 {
		s.Fields = append(s.Fields, field{f.Stage, StageMarker(cd.Stages, f)})
	}
	if len(cd.Enhanced) > 0 {
		s.Fields = append(s.Fields, field{f.UsualEnhanced, strings.Join(codeStrings(cd.Enhanced), ", ")})
	}
	if basic := basicCodes(cd); len(basic) > 0 {
		s.Fields = append(s.Fields, field{f.UsualBasic, strings.Join(basic, ", ")})
	}
	if full {
		if len(cd.Related) > 0 {
			s.Fields = append(s.Fields, field{f.Related, strings.Join(codeStrings(cd.Related), ", ")})
		}
		if cd.FrequencyName != "" {
			s.Fields = append(s.Fields, field{f.FrequencyLabel, cd.FrequencyName})
		}
		if len(cd.Notes) > 0 {
			s.Sub = append(s.Sub, section{Heading: f.GoodToKnow, Bullets: cd.Notes})
		}
	}
	return s
}

// StageMarker draws the SMTP session on one line with the code's stages in
// brackets: "connect › EHLO › … › [RCPT TO] › DATA › [end of data] › QUIT".
// Stages outside the usual session (VRFY, ETRN, any command) are appended.
func StageMarker(stages []catalog.Stage, f *catalog.Frame) string {
	on := map[catalog.Stage]bool{}
	for _, s := range stages {
		on[s] = true
	}
	session := catalog.SessionStages()
	parts := make([]string, 0, len(session))
	for _, s := range session {
		n := f.StageName(s)
		if on[s] || on[catalog.StageAny] {
			n = "[" + n + "]"
		}
		parts = append(parts, n)
	}
	line := strings.Join(parts, " › ")
	var extra []string
	for _, s := range stages {
		if !slices.Contains(session, s) {
			extra = append(extra, f.StageName(s))
		}
	}
	if len(extra) > 0 {
		line += " (+ " + strings.Join(extra, ", ") + ")"
	}
	return line
}

// worst orders classes by severity: 5 > 4 > 3 > 2 > none.
func worst(a, b catalog.Class) catalog.Class {
	if b > a {
		return b
	}
	return a
}

func dedupLinks(in []catalog.Link) []catalog.Link {
	var out []catalog.Link
	seen := map[string]bool{}
	for _, l := range in {
		if !seen[l.URL] {
			seen[l.URL] = true
			out = append(out, l)
		}
	}
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
