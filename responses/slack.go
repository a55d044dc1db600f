package responses

import (
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// SlackMessage is a Block Kit message: what the Slack adapter sends.
type SlackMessage struct {
	Text   string          `json:"text"` // notification and accessibility fallback
	Blocks slackapi.Blocks `json:"blocks"`
}

// MarshalJSON writes {"text", "blocks"}; see AppendJSON.
func (m SlackMessage) MarshalJSON() ([]byte, error) { return m.AppendJSON(nil, ""), nil }

// SlackOptions configure the Slack renderer.
type SlackOptions struct {
	Options
	// ShareValue, when set, adds a "Share in channel" button carrying it as
	// its value (the adapter puts the question there to answer it again).
	ShareValue string
	// SharedBy, when set, adds a context line saying who shared the answer.
	SharedBy string
	// Detail is the short card (the default) or the full answer.
	Detail Detail
	// Ref, when set, adds the Details button to a short card and the
	// Short answer button to a full one, carrying Ref as their value: what
	// the adapter needs to answer the same question again (ShareValue's
	// form). Slack caps a button value at 2000 bytes.
	Ref string
}

// Slack renders the answer as Block Kit within Slack's limits: at most 50
// blocks, headers of 150 characters, section texts of 3000. By default it
// is the short card (slackCard); DetailFull gives every section.
func Slack(a bot.Answer, o SlackOptions) SlackMessage {
	if o.Detail == DetailShort {
		if c, ok := buildCard(a, creditSize(a.Frame, o.SharedBy), o.Options); ok {
			return slackCard(c, a, o)
		}
	}
	d := build(a, o.Options)
	f := a.Frame
	var blocks []slackapi.Block
	blocks = append(blocks, slackapi.NewHeaderBlock(plain(truncate(badge(d.Class)+d.Title, SlackMaxHeader))))
	if o.SharedBy != "" {
		// A user mention in a context block shows the name; Slack does not
		// notify anyone for mentions inside blocks posted by an app.
		blocks = append(blocks, slackapi.NewContextBlock("", mrkdwn(strings.ReplaceAll(slackEscape(f.SharedBy), "{user}", "<@"+sanitizeID(o.SharedBy)+">"))))
	}
	for _, p := range d.Intro {
		blocks = appendText(blocks, []string{slackEscape(p)})
	}
	for _, s := range d.Sections {
		if s.Code != "" {
			blocks = append(blocks, slackapi.NewDividerBlock())
		}
		blocks = appendText(blocks, slackLines(s, 0))
	}
	if ctx := slackContext(f, d); len(ctx) > 0 {
		blocks = append(blocks, slackapi.NewContextBlock("", ctx...))
	}
	var buttons []slackapi.BlockElement
	if o.Ref != "" && o.Detail == DetailFull {
		if hasShortForm(a) {
			buttons = append(buttons, slackButton(ShortActionID, o.Ref, f.CardShort, ""))
		}
	}
	if o.ShareValue != "" {
		buttons = append(buttons, slackButton(ShareActionID, o.ShareValue, f.ShareButton, slackapi.StylePrimary))
	}
	if len(buttons) > 0 {
		blocks = append(blocks, slackapi.NewActionBlock(ActionsBlockID, buttons...))
	}
	if len(blocks) > SlackMaxBlocks {
		tail := 1 // the context block; the buttons too when there are any
		if len(buttons) > 0 {
			tail = 2
		}
		blocks = capBlocks(blocks, tail, f.Truncated)
	}
	return SlackMessage{Text: truncate(slackEscape(fallbackText(d)), SlackMaxFallbackText), Blocks: slackapi.Blocks{BlockSet: blocks}}
}

// slackLines is a section's lines in mrkdwn: its heading (with the class
// badge at the top level), quotes, paragraphs, fields, bullets, then its
// sub-sections.
func slackLines(s section, depth int) []string {
	var out []string
	if s.Heading != "" {
		h := "*" + slackEscape(s.Heading) + "*"
		if depth == 0 {
			h = badge(s.Class) + h
		}
		out = append(out, h)
	}
	for _, q := range s.Quote {
		out = append(out, "> "+slackEscape(q))
	}
	for _, p := range s.Paras {
		out = append(out, slackEscape(p))
	}
	for _, fl := range s.Fields {
		out = append(out, "*"+slackEscape(fl.Name)+"*\n"+slackEscape(fl.Value))
	}
	for _, b := range s.Bullets {
		out = append(out, "• "+slackEscape(b))
	}
	for _, sub := range s.Sub {
		out = append(out, slackLines(sub, depth+1)...)
	}
	return out
}

// slackContext is the foot of a full answer: the "Learn more" links and
// the note.
func slackContext(f *catalog.Frame, d doc) []slackapi.MixedElement {
	var ctx []slackapi.MixedElement
	if len(d.Links) > 0 {
		var ls []string
		for _, l := range d.Links {
			ls = append(ls, "<"+slackURL(l.URL)+"|"+slackEscape(strings.ReplaceAll(l.Title, "|", "/"))+">")
		}
		ctx = append(ctx, mrkdwn(truncate("*"+slackEscape(f.LearnMore)+"*: "+strings.Join(ls, " · "), SlackMaxSectionText)))
	}
	if d.Note != "" {
		ctx = append(ctx, mrkdwn(slackEscape(d.Note)))
	}
	return ctx
}

// capBlocks keeps a message within Slack's 50 blocks: the first ones, a
// line saying the rest was cut, and the last tail blocks (context,
// buttons).
func capBlocks(blocks []slackapi.Block, tail int, truncated string) []slackapi.Block {
	last := blocks[len(blocks)-tail:]
	keep := SlackMaxBlocks - tail - 1
	return append(append(blocks[:keep:keep], slackapi.NewContextBlock("", mrkdwn(slackEscape(truncated)))), last...)
}

// appendText packs lines into section blocks of at most 3000 characters.
func appendText(blocks []slackapi.Block, lines []string) []slackapi.Block {
	var cur strings.Builder
	n := 0 // runes in cur
	flush := func() {
		if cur.Len() > 0 {
			blocks = append(blocks, slackapi.NewSectionBlock(mrkdwn(cur.String()), nil, nil))
			cur.Reset()
			n = 0
		}
	}
	cur.Grow(SlackMaxSectionText)
	for _, l := range lines {
		ln := runeLen(l)
		if ln > SlackMaxSectionText {
			l = truncate(l, SlackMaxSectionText)
			ln = runeLen(l)
		}
		if cur.Len() > 0 && n+1+ln > SlackMaxSectionText {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteString("\n")
			n++
		}
		cur.WriteString(l)
		n += ln
	}
	flush()
	return blocks
}

func fallbackText(d doc) string {
	if len(d.Intro) > 0 {
		return d.Title + ": " + d.Intro[0]
	}
	return d.Title
}

func plain(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, true, false)
}

func mrkdwn(s string) *slackapi.TextBlockObject {
	// verbatim: Slack must not turn text into links or mentions by itself.
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, s, false, true)
}

// slackEscape escapes the three characters Slack's mrkdwn treats as control
// characters, so no text we show can become a mention or a link.
var slackReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func slackEscape(s string) string { return slackReplacer.Replace(s) }

var urlReplacer = strings.NewReplacer("<", "%3C", ">", "%3E", "|", "%7C", " ", "%20")

// slackURL keeps a URL from breaking out of Slack's <url|label> syntax.
func slackURL(u string) string { return urlReplacer.Replace(u) }

// sanitizeID keeps a Slack user ID to its allowed characters.
func sanitizeID(id string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') {
			return r
		}
		return -1
	}, id)
}

func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// slackCard lays out the short card: a header, the sentence, the codes as
// fields side by side, the key points, small print and the buttons.
func slackCard(c card, a bot.Answer, o SlackOptions) SlackMessage {
	f := a.Frame
	blocks := make([]slackapi.Block, 0, 7)
	blocks = append(blocks, slackapi.NewHeaderBlock(plain(truncate(badge(c.Class)+c.Title, SlackMaxHeader))))
	if o.SharedBy != "" {
		blocks = append(blocks, slackapi.NewContextBlock("", mrkdwn(strings.ReplaceAll(slackEscape(f.SharedBy), "{user}", "<@"+sanitizeID(o.SharedBy)+">"))))
	}
	text := slackEscape(c.Sentence)
	if c.Quote != "" {
		text += "\n> " + strings.ReplaceAll(slackEscape(c.Quote), "\n", "\n> ")
	}
	blocks = append(blocks, slackapi.NewSectionBlock(mrkdwn(truncate(text, SlackMaxSectionText)), nil, nil))
	var fields []*slackapi.TextBlockObject
	cols := c.Columns[:min(len(c.Columns), SlackMaxFields)]
	if len(cols) > 0 {
		fields = make([]*slackapi.TextBlockObject, 0, len(cols))
	}
	for _, col := range cols {
		// Escaped parts, then one string of the right size.
		var arr [24]string // on the stack: a column has up to five fields
		parts := arr[:0]
		parts = append(parts, badge(col.Class), "*", slackEscape(col.Heading), "*")
		for _, fl := range col.Fields {
			parts = append(parts, "\n*", slackEscape(fl.Name), ":* ", slackEscape(fl.Value))
		}
		fields = append(fields, mrkdwn(truncate(strings.Join(parts, ""), SlackMaxFieldText)))
	}
	if len(fields) > 0 {
		blocks = append(blocks, slackapi.NewSectionBlock(nil, fields, nil))
	}
	if len(c.Points) > 0 {
		var arr [16]string
		parts := arr[:0]
		parts = append(parts, "*", slackEscape(c.PointsHeading), "*")
		for _, p := range c.Points {
			parts = append(parts, "\n• ", slackEscape(p))
		}
		blocks = append(blocks, slackapi.NewSectionBlock(mrkdwn(truncate(strings.Join(parts, ""), SlackMaxSectionText)), nil, nil))
	}
	if c.Note != "" {
		blocks = append(blocks, slackapi.NewContextBlock("", mrkdwn(slackEscape(c.Note))))
	}
	var buttons []slackapi.BlockElement
	if o.Ref != "" {
		buttons = append(buttons, slackButton(DetailsActionID, o.Ref, f.CardDetails, ""))
	}
	if o.ShareValue != "" {
		buttons = append(buttons, slackButton(ShareActionID, o.ShareValue, f.ShareButton, slackapi.StylePrimary))
	}
	if u := PageURL(a, o.Options); u != "" {
		btn := slackapi.NewButtonBlockElement(OpenActionID, "", plain(truncate(f.OpenPage, slackMaxButtonText)))
		btn.URL = u
		buttons = append(buttons, btn)
	}
	if len(buttons) > 0 {
		blocks = append(blocks, slackapi.NewActionBlock(ActionsBlockID, buttons...))
	}
	return SlackMessage{Text: truncate(slackEscape(c.notification()), SlackMaxFallbackText), Blocks: slackapi.Blocks{BlockSet: blocks}}
}

// slackMaxButtonText is Slack's limit on a button's label.
const slackMaxButtonText = 75

func slackButton(actionID, value, label string, style slackapi.Style) *slackapi.ButtonBlockElement {
	btn := slackapi.NewButtonBlockElement(actionID, truncateBytes(value, SlackMaxButtonValue), plain(truncate(label, slackMaxButtonText)))
	btn.Style = style
	return btn
}
