package responses

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// Detail chooses how much of an answer a chat message shows.
type Detail int

const (
	// DetailShort is the short card, the first answer in chat: one
	// sentence, the codes side by side, two or three key points, and a
	// Details button. Lists, help and "not understood" have no short form
	// and are shown whole.
	DetailShort Detail = iota
	// DetailFull is every section of the answer, with a Short answer
	// button back to the card.
	DetailFull
)

// ParseDetail reads "short" or "full".
func ParseDetail(s string) (Detail, bool) {
	switch s {
	case "short":
		return DetailShort, true
	case "full":
		return DetailFull, true
	}
	return DetailShort, false
}

// Button actions. Slack buttons carry them as action_id and the question
// reference (Ref) as value; Discord buttons as custom_id "<action>:<ref>"
// (DiscordCustomID). Adapters route on them.
const (
	ShareActionID   = "smtpbot_share"   // post the answer publicly
	DetailsActionID = "smtpbot_details" // show the full answer
	ShortActionID   = "smtpbot_short"   // back to the short card
	OpenActionID    = "smtpbot_open"    // Slack link button (Slack still sends an action to acknowledge)
	ActionsBlockID  = "smtpbot_actions" // Slack block_id of the buttons
)

// ShortBudget is the most visible characters a short card shows: one
// laptop screen in Slack or Discord.
const ShortBudget = 1200

// Sizes inside the card: a key point is a sentence or two, a field value a
// line or two.
const (
	shortPointMax   = 240
	shortQuoteMax   = 240
	shortValueMax   = 160
	shortSentenceMx = 400
	// shortSlack is room left for separators the card's size does not
	// count exactly.
	shortSlack = 16
)

// maxCardCodes is the most codes a card shows side by side, as many as a
// comparison holds.
const maxCardCodes = 4

// card is the short answer, independent of the chat platform.
type card struct {
	Title         string
	Class         catalog.Class
	Sentence      string   // one plain sentence that answers the question
	Quote         string   // the pasted reply a diagnosis read
	Columns       []column // the codes (or the diagnosis) side by side
	PointsHeading string
	Points        []string // the key differences or the next step
	Note          string   // small print
	// Named: the sentence names the codes the title names, so a
	// notification made of both would say them twice.
	Named bool
}

// notification is the card's one-line text for a notification: the title
// and the sentence, or the sentence alone when it names the codes already
// ("550 5.7.26 is a permanent failure: …", not "Diagnosis of 550 5.7.26:
// 550 5.7.26 is …").
func (c *card) notification() string {
	if c.Named || c.Title == "" {
		return c.Sentence
	}
	return c.Title + ": " + c.Sentence
}

// column is one code, or a diagnosis, as a few labelled short values.
type column struct {
	Heading string
	Class   catalog.Class
	Fields  []field
}

// buildCard lays out the short card; ok is false for answers that have no
// short form (lists, help, not understood). reserve is what the renderer
// adds around the card (a credit line), in characters. Like build, it masks
// email addresses in a public answer.
func buildCard(a bot.Answer, reserve int, o Options) (c card, ok bool) {
	f := a.Frame
	if !hasShortForm(a) {
		return card{}, false
	}
	c.Title = a.Title
	if a.Untranslated {
		c.Note = f.Untranslated
	}
	switch {
	case a.Compare != nil && len(a.Compare.Cards) > 1:
		cmp := a.Compare
		var items []string
		for _, cd := range cmp.Cards[:min(len(cmp.Cards), maxCardCodes)] {
			if len(cmp.Cards) > 2 {
				// The headings name them; the sentence says what each is.
				items = append(items, catalog.Fill(f.CardCodeShort, "code", cd.Label(), "kind", cardKind(cd, f)))
			} else {
				items = append(items, cardClause(cd.Label(), cd, cd.Name, f))
			}
			c.Columns = append(c.Columns, codeColumn(cd, f))
			c.Class = worst(c.Class, cd.Class)
		}
		c.Sentence, c.Named = cardSentence(items, f), true
		if cmp.Cards[0].Key != "" {
			// Classes ("4xx vs 5xx"): their verdicts say what each is.
			c.Sentence = cmp.Summary()
		}
		c.PointsHeading, c.Points = f.KeyDifferences, comparePoints(cmp, f)
		if len(c.Points) == 0 {
			c.PointsHeading, c.Points = f.NextStep, firstSentences(cmp.Reader(), len(cmp.Cards), f)
		}
	case a.Card != nil || (a.Compare != nil && len(a.Compare.Cards) == 1):
		cd := a.Card
		if cd == nil {
			cd = &a.Compare.Cards[0]
		}
		c.Class = cd.Class
		c.Sentence, c.Named = cardSentence([]string{cardClause(cd.Label(), *cd, cd.Name, f)}, f), true
		if d := f.FirstSentence(cd.Description); d != "" {
			c.Sentence += " " + d
		}
		c.Columns = []column{codeColumn(*cd, f)}
		c.PointsHeading = f.NextStep
		if cd.FixSender == cd.FixAdmin {
			c.Points = []string{f.FirstSentence(cd.FixSender)}
		} else {
			c.Points = []string{
				catalog.Fill(f.ItemColon, "code", f.FixSender, "text", f.FirstSentence(cd.FixSender)),
				catalog.Fill(f.ItemColon, "code", f.FixAdmin, "text", f.FirstSentence(cd.FixAdmin)),
			}
		}
	case a.Diagnosis != nil || len(a.Diagnoses) > 0:
		dg := a.Diagnosis
		if dg == nil {
			dg = &a.Diagnoses[0]
		}
		c.buildDiagnosis(*dg, f)
		if n := len(a.Diagnoses); n > 1 {
			c.Note = joinNonEmpty(" · ", catalog.Fill(f.CardMore, "count", strconv.Itoa(n-1)), c.Note)
		}
	default:
		return card{}, false
	}
	c.fit(ShortBudget-reserve-shortSlack, f)
	if o.Public {
		c.mask()
	}
	return c, true
}

// hasShortForm reports whether buildCard gives a card for a.
func hasShortForm(a bot.Answer) bool {
	return a.Frame != nil && ((a.Compare != nil && len(a.Compare.Cards) > 0) || a.Card != nil || a.Diagnosis != nil || len(a.Diagnoses) > 0)
}

func (c *card) buildDiagnosis(dg bot.Diagnosis, f *catalog.Frame) {
	codes := strings.Join(dg.Codes(), " ")
	var first *catalog.Card
	for i := range dg.Cards {
		c.Class = worst(c.Class, dg.Cards[i].Class)
		if first == nil {
			first = &dg.Cards[i]
		}
	}
	what := dg.CategoryName
	if what == "" && first != nil {
		what = first.Name
	}
	if first != nil && codes != "" {
		c.Sentence, c.Named = cardSentence([]string{cardClause(codes, *first, what, f)}, f), true
	} else {
		c.Sentence = what
	}
	c.Quote = dg.Excerpt
	col := column{Heading: joinNonEmpty(" · ", codes, dg.ProviderName), Class: c.Class}
	col.Fields = append(col.Fields, field{f.Category, dg.CategoryName})
	if dg.BounceText != "" {
		col.Fields = append(col.Fields, field{f.Bounce, dg.BounceText})
	}
	if dg.ReasonName != "" && dg.ReasonName != dg.CategoryName {
		// The reason says more than the category only when it is finer.
		col.Fields = append(col.Fields, field{f.Reason, dg.ReasonName + " (" + dg.Reason + ")"})
	}
	retry := f.No
	if dg.Retry {
		retry = f.Yes
	}
	col.Fields = append(col.Fields, field{f.Retry, joinNonEmpty(": ", retry, dg.RetryText)})
	if len(dg.ActorNames) > 0 {
		col.Fields = append(col.Fields, field{f.WhoActs, catalog.JoinList(dg.ActorNames, f)})
	}
	if dg.Stage != "" {
		col.Fields = append(col.Fields, field{f.Stage, f.StageName(dg.Stage)})
	}
	c.Columns = []column{col}
	c.PointsHeading = f.NextStep
	if dg.Action != "" {
		c.Points = append(c.Points, dg.Action)
	}
	if len(dg.ProviderNote) > 0 {
		c.Points = append(c.Points, dg.ProviderNote[0])
	}
}

// cardClause is one code in the card's sentence: "552 is a permanent
// failure: exceeded storage allocation".
func cardClause(code string, cd catalog.Card, what string, f *catalog.Frame) string {
	if !cd.Registered && what == cd.Name {
		what = f.NotRegistered
	}
	return catalog.Fill(f.CardCode, "code", code, "kind", cardKind(cd, f), "name", lowerFirst(what))
}

// cardKind is the card's word for the code's class (styleOf).
func cardKind(cd catalog.Card, f *catalog.Frame) string { return styleOf(cd.Class).kind(f) }

func cardSentence(items []string, f *catalog.Frame) string {
	s := ""
	for i, it := range items {
		if i == 0 {
			s = it
			continue
		}
		s = catalog.Fill(f.CardJoin, "a", s, "b", it)
	}
	return catalog.Fill(f.CardSentence, "items", s)
}

// codeColumn is one code's short facts: class, retry, stage, who acts.
func codeColumn(cd catalog.Card, f *catalog.Frame) column {
	name := cd.Name
	if !cd.Registered {
		name = "(" + f.NotRegistered + ")"
	}
	col := column{Heading: cd.Label() + " " + name, Class: cd.Class, Fields: make([]field, 0, 4)}
	cls := cd.ClassName
	if cd.Deprecated {
		cls += " · " + f.Deprecated
	}
	col.Fields = append(col.Fields, field{f.Class, cls}, field{f.Retry, cd.RetryLabel})
	if len(cd.StageNames) > 0 {
		col.Fields = append(col.Fields, field{f.Stage, strings.Join(cd.StageNames, ", ")})
	}
	if len(cd.ActorNames) > 0 {
		col.Fields = append(col.Fields, field{f.WhoActs, catalog.JoinList(cd.ActorNames, f)})
	}
	return col
}

// comparePoints picks the key differences the side-by-side fields do not
// already show: each code's first trap (the notes the comparison quotes
// as "code: note"), one per code, at most three.
func comparePoints(cmp *catalog.Comparison, f *catalog.Frame) []string {
	var out []string
	limit := min(3, max(1, 4-len(cmp.Cards)))
	for _, cd := range cmp.Cards {
		if len(out) == limit {
			break
		}
		if len(cd.Notes) > 0 {
			out = append(out, catalog.Fill(f.ItemColon, "code", cd.Label(), "text", f.FirstSentence(cd.Notes[0])))
		}
	}
	return out
}

func firstSentences(in []string, n int, f *catalog.Frame) []string {
	var out []string
	for _, s := range in[:min(n, len(in), 3)] {
		out = append(out, f.FirstSentence(s))
	}
	return out
}

// fit keeps the card within budget visible characters: each part
// within its own size first, then fewer key points, then shorter ones.
func (c *card) fit(budget int, f *catalog.Frame) {
	c.Sentence = truncate(c.Sentence, shortSentenceMx)
	c.Quote = truncate(c.Quote, shortQuoteMax)
	for i := range c.Points {
		c.Points[i] = shorten(c.Points[i], shortPointMax, f)
	}
	c.truncateValues(shortValueMax)
	if c.size() <= budget {
		return // most cards: nothing below would change them
	}
	over := func() bool { return c.size() > budget }
	for over() && len(c.Points) > 1 {
		c.Points = c.Points[:len(c.Points)-1]
	}
	c.shrink(over, shortValueMax-20, 80)
	if over() && len(c.Columns) > 2 {
		c.Points = nil // the codes come first; Details has the rest
	}
	// Fewer facts per code (Details has them all), then shorter ones.
	for over() {
		dropped := false
		for i := range c.Columns {
			if fs := c.Columns[i].Fields; len(fs) > 2 {
				c.Columns[i].Fields = fs[:len(fs)-1]
				dropped = true
			}
		}
		if !dropped {
			break
		}
	}
	c.shrink(over, 60, 20)
}

// shrink cuts the sentence, the points and the field values, step by step
// from n characters down to least, until the card is no longer over.
func (c *card) shrink(over func() bool, n, least int) {
	for ; over() && n >= least; n -= 20 {
		c.Sentence = truncate(c.Sentence, max(2*n, 120))
		for i := range c.Points {
			c.Points[i] = truncate(c.Points[i], n)
		}
		c.truncateValues(n)
	}
}

// truncateValues cuts every field value to at most n characters.
func (c *card) truncateValues(n int) {
	for i := range c.Columns {
		for j := range c.Columns[i].Fields {
			fl := &c.Columns[i].Fields[j]
			fl.Value = truncate(fl.Value, n)
		}
	}
}

// size counts the card's visible characters, labels included, the way a
// reader sees them (markup and buttons aside).
func (c *card) size() int {
	n := 2 + runeLen(c.Title) + runeLen(c.Sentence) + runeLen(c.Quote) + runeLen(c.Note)
	if len(c.Points) > 0 {
		n += runeLen(c.PointsHeading)
	}
	for _, col := range c.Columns {
		n += 2 + runeLen(col.Heading) // with its badge
		for _, fl := range col.Fields {
			n += runeLen(fl.Name) + 2 + runeLen(fl.Value)
		}
	}
	for _, p := range c.Points {
		n += 2 + runeLen(p)
	}
	return n
}

// shorten keeps s within n characters, as its first sentence when that
// fits rather than cut in the middle of the second.
func shorten(s string, n int, f *catalog.Frame) string {
	if runeLen(s) <= n {
		return s
	}
	if fs := f.FirstSentence(s); runeLen(fs) <= n {
		return fs
	}
	return truncate(s, n)
}

// lowerFirst lowers the first letter of a name used inside a sentence,
// keeping acronyms and code-like words ("DNS", "TLS") as they are.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	r2, n2 := utf8.DecodeRuneInString(s[n:])
	if n2 == 0 || unicode.IsUpper(r2) || unicode.IsDigit(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// creditSize is the length of the "Shared by" line a renderer adds.
func creditSize(f *catalog.Frame, user string) int {
	if user == "" || f == nil {
		return 0
	}
	return runeLen(f.SharedBy) + runeLen(user) + 3
}
