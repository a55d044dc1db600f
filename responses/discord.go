package responses

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// DiscordMessage is a message with embeds: what the Discord adapter sends.
// Empty parts are left out: Discord's types have no null content, embeds
// or components.
type DiscordMessage struct {
	Content         string                            `json:"content,omitempty"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Components      []discordgo.MessageComponent      `json:"components,omitempty"`
}

// DiscordOptions configure the Discord renderer.
type DiscordOptions struct {
	Options
	// ShareID, when set, adds a "Share" button with this custom_id. The
	// adapter keeps it within Discord's 100 characters.
	ShareID string
	// SharedBy, when set, credits the user who shared the answer. It is a
	// display name, not a mention: nobody is notified.
	SharedBy string
	// Detail is the short card (the default) or the full answer.
	Detail Detail
	// Ref, when set, adds the Details button to a short card and the
	// Short answer button to a full one, with custom_id
	// DiscordCustomID(DetailsActionID or ShortActionID, Ref): what the
	// adapter needs to answer the same question again (ShareID's form
	// after its prefix). A Ref longer than DiscordMaxRef gets no button.
	Ref string
}

// DiscordMaxRef is the longest Ref every button's custom_id can carry.
const DiscordMaxRef = DiscordMaxCustomID - len(DetailsActionID) - 1

// DiscordCustomID is the custom_id of a button: "<action>:<ref>".
func DiscordCustomID(action, ref string) string { return action + ":" + ref }

// ParseDiscordCustomID splits a custom_id made by DiscordCustomID; ok is
// false for any other (another app's button, a malformed id).
func ParseDiscordCustomID(id string) (action, ref string, ok bool) {
	action, ref, found := strings.Cut(id, ":")
	switch action {
	case ShareActionID, DetailsActionID, ShortActionID:
		return action, ref, found && ref != ""
	}
	return "", "", false
}

// Discord limits on components (not part of DEVELOPERS.md's embed list, but
// Discord rejects the whole message when they are exceeded).
const (
	DiscordMaxCustomID    = 100
	DiscordMaxButtonLabel = 80
)

func discordColor(c catalog.Class) int { return styleOf(c).discord }

// NoMentions allows no mention of any kind. The empty, non-nil Parse list
// is what makes Discord parse nothing; a nil list is sent as null, and a
// missing allowed_mentions lets Discord parse everything in content.
func NoMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// DiscordNote is a short plain message (a hint, a rate-limit notice) with
// mentions disabled and the text escaped and kept within 2000 characters.
func DiscordNote(text string) DiscordMessage {
	return DiscordMessage{Content: truncate(discordEscape(text), DiscordMaxContent), AllowedMentions: NoMentions()}
}

// Discord renders the answer as embeds within Discord's limits: 10 embeds,
// 25 fields each, and 6000 characters in all. The first embed carries the
// title and the colour of the most severe class; each code gets its own
// embed in its class colour.
func Discord(a bot.Answer, o DiscordOptions) DiscordMessage {
	if o.Detail == DetailShort {
		if c, ok := buildCard(a, creditSize(a.Frame, oneLine(o.SharedBy)), o.Options); ok {
			return discordCard(c, a, o)
		}
	}
	d := build(a, o.Options)
	f := a.Frame
	var embeds []*discordgo.MessageEmbed
	head := &discordgo.MessageEmbed{Title: d.Title, Color: discordColor(d.Class), URL: PageURL(a, o.Options)}
	head.Description = strings.Join(mapSlice(d.Intro, discordEscape), "\n\n")
	embeds = append(embeds, head)
	for i, s := range d.Sections {
		e := discordSection(s, d.Class)
		if i == 0 && head.Description == "" {
			// An answer without an intro (one code, a diagnosis) is one
			// embed under the answer's title, which already names the code.
			head.Description, head.Fields = e.Description, e.Fields
			if s.Class != 0 {
				head.Color = e.Color
			}
			continue
		}
		embeds = append(embeds, e)
	}
	// A single embed with only a title and nothing under it (the help of an
	// empty list) still reads well; an embed with nothing at all is refused.
	last := embeds[len(embeds)-1]
	if links := discordLinks(d.Links); links != "" {
		last.Fields = append(last.Fields, &discordgo.MessageEmbedField{Name: discordEscape(f.LearnMore), Value: links})
	}
	last.Footer = embedFooter(f, o.SharedBy, d.Note)
	if len(embeds) > DiscordMaxEmbeds {
		// Keep the first nine and say what was left out in the last one's
		// footer, keeping the credit and the note.
		tail := embeds[len(embeds)-1]
		embeds = embeds[:DiscordMaxEmbeds]
		markTruncated(embeds[len(embeds)-1], tail.Footer, f.Truncated)
	}
	embeds = fitDiscord(embeds, f.Truncated)
	m := DiscordMessage{Embeds: embeds, AllowedMentions: NoMentions()}
	var buttons []discordgo.MessageComponent
	if o.Detail == DetailFull && validRef(o.Ref) {
		if hasShortForm(a) {
			buttons = append(buttons, discordButton(f.CardShort, discordgo.SecondaryButton, DiscordCustomID(ShortActionID, o.Ref)))
		}
	}
	if o.ShareID != "" {
		buttons = append(buttons, discordButton(f.ShareButton, discordgo.PrimaryButton, o.ShareID))
	}
	m.Components = actionsRow(buttons)
	return m
}

// discordSection is one section of a full answer as an embed: quotes,
// paragraphs and bullets as its description, fields and sub-sections as
// its fields; a section without a class takes the answer's colour.
func discordSection(s section, answerClass catalog.Class) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Color: discordColor(s.Class), Title: s.Heading}
	if s.Class == 0 {
		e.Color = discordColor(answerClass)
	}
	var desc []string
	for _, q := range s.Quote {
		desc = append(desc, discordQuote(q))
	}
	desc = append(desc, mapSlice(s.Paras, discordEscape)...)
	if len(s.Bullets) > 0 {
		desc = append(desc, discordBullets(s.Bullets))
	}
	e.Description = strings.Join(desc, "\n")
	for _, fl := range s.Fields {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: discordEscape(fl.Name), Value: discordEscape(fl.Value)})
	}
	for _, sub := range s.Sub {
		v := mapSlice(sub.Paras, discordEscape)
		if len(sub.Bullets) > 0 {
			v = append(v, discordBullets(sub.Bullets))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: discordEscape(sub.Heading), Value: strings.Join(v, "\n")})
	}
	return e
}

// discordBullets is the bullets, escaped, one a line after a "• ".
func discordBullets(bullets []string) string {
	var b strings.Builder
	for i, s := range bullets {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• ")
		b.WriteString(discordEscape(s))
	}
	return b.String()
}

// embedFooter is the credit of who shared the answer and the answer's
// note, on one line; nil when there is neither.
func embedFooter(f *catalog.Frame, sharedBy, note string) *discordgo.MessageEmbedFooter {
	foot := make([]string, 0, 2)
	if sharedBy != "" {
		foot = append(foot, catalog.Fill(f.SharedBy, "user", oneLine(sharedBy)))
	}
	if note != "" {
		foot = append(foot, note)
	}
	if len(foot) == 0 {
		return nil
	}
	return &discordgo.MessageEmbedFooter{Text: strings.Join(foot, " · ")}
}

// discordCard lays out the short card as one embed: the sentence, the codes
// as inline fields side by side, the key points, and the buttons.
func discordCard(c card, a bot.Answer, o DiscordOptions) DiscordMessage {
	f := a.Frame
	e := &discordgo.MessageEmbed{Title: c.Title, Color: discordColor(c.Class), URL: PageURL(a, o.Options)}
	e.Description = discordEscape(c.Sentence)
	if c.Quote != "" {
		e.Description += "\n" + discordQuote(c.Quote)
	}
	for _, col := range c.Columns[:min(len(c.Columns), DiscordMaxFields-1)] {
		var b strings.Builder
		for i, fl := range col.Fields {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString("**" + discordEscape(fl.Name) + ":** " + discordEscape(fl.Value))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: badge(col.Class) + discordEscape(col.Heading), Value: b.String(), Inline: true})
	}
	if len(c.Points) > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: discordEscape(c.PointsHeading), Value: discordBullets(c.Points)})
	}
	e.Footer = embedFooter(f, o.SharedBy, c.Note)
	m := DiscordMessage{Embeds: fitDiscord([]*discordgo.MessageEmbed{e}, f.Truncated), AllowedMentions: NoMentions()}
	var buttons []discordgo.MessageComponent
	if validRef(o.Ref) {
		buttons = append(buttons, discordButton(f.CardDetails, discordgo.SecondaryButton, DiscordCustomID(DetailsActionID, o.Ref)))
	}
	if o.ShareID != "" {
		buttons = append(buttons, discordButton(f.ShareButton, discordgo.PrimaryButton, o.ShareID))
	}
	if u := PageURL(a, o.Options); u != "" {
		buttons = append(buttons, discordgo.Button{Label: truncate(f.OpenPage, DiscordMaxButtonLabel), Style: discordgo.LinkButton, URL: u})
	}
	m.Components = actionsRow(buttons)
	return m
}

func validRef(ref string) bool { return ref != "" && runeLen(ref) <= DiscordMaxRef }

func discordButton(label string, style discordgo.ButtonStyle, customID string) discordgo.Button {
	return discordgo.Button{Label: truncate(label, DiscordMaxButtonLabel), Style: style, CustomID: customID}
}

func actionsRow(buttons []discordgo.MessageComponent) []discordgo.MessageComponent {
	if len(buttons) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

// discordLinks lists links as Markdown links, whole links only, within one
// field value: a link cut in the middle would show broken syntax.
func discordLinks(links []catalog.Link) string {
	var b strings.Builder
	n := 0
	for _, l := range links {
		if !strings.HasPrefix(l.URL, "https://") && !strings.HasPrefix(l.URL, "http://") {
			continue
		}
		item := "[" + discordEscape(l.Title) + "](" + discordURL(l.URL) + ")"
		if n > 0 {
			item = " · " + item
		}
		if n+runeLen(item) > DiscordMaxFieldValue {
			break
		}
		b.WriteString(item)
		n += runeLen(item)
	}
	return b.String()
}

// markTruncated puts the "shortened" marker in e's footer, after whatever
// footer (credit, note) the message had.
func markTruncated(e *discordgo.MessageEmbed, footer *discordgo.MessageEmbedFooter, marker string) {
	text := marker
	if footer != nil && footer.Text != "" && !strings.Contains(footer.Text, marker) {
		text = footer.Text + " · " + marker
	} else if footer != nil && footer.Text != "" {
		text = footer.Text
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: text}
}

// fitDiscord applies every per-item limit, then shortens the longest texts
// until the whole message is within 6000 characters, and as a last resort
// drops fields and embeds from the end.
func fitDiscord(embeds []*discordgo.MessageEmbed, marker string) []*discordgo.MessageEmbed {
	for _, e := range embeds {
		e.Title = truncate(e.Title, DiscordMaxTitle)
		e.Description = truncate(e.Description, DiscordMaxDescription)
		if len(e.Fields) > DiscordMaxFields {
			e.Fields = e.Fields[:DiscordMaxFields]
		}
		for _, fl := range e.Fields {
			fl.Name = truncate(fl.Name, DiscordMaxFieldName)
			if strings.TrimSpace(fl.Name) == "" {
				fl.Name = "\u200b"
			}
			fl.Value = truncate(fl.Value, DiscordMaxFieldValue)
			if strings.TrimSpace(fl.Value) == "" {
				fl.Value = "-"
			}
		}
		if e.Footer != nil {
			e.Footer.Text = truncate(e.Footer.Text, DiscordMaxFooter)
		}
		if e.Title == "" && e.Description == "" && len(e.Fields) == 0 && e.Footer == nil {
			// Discord refuses an empty embed.
			e.Description = "\u200b"
		}
	}
	// Cut the longest text by a fifth, or by what is over when that is
	// less, so that long texts shrink first and short ones stay whole.
	// Lengths are counted once and kept up to date: a four-code comparison
	// can take dozens of cuts.
	type text struct {
		s *string
		n int
	}
	var texts []text
	for _, e := range embeds {
		texts = append(texts, text{&e.Description, runeLen(e.Description)})
		for _, fl := range e.Fields {
			texts = append(texts, text{&fl.Value, runeLen(fl.Value)})
		}
	}
	total := DiscordSize(embeds)
	for i := 0; total > DiscordMaxTotal && i < 200; i++ {
		li := -1
		for j := range texts {
			if li < 0 || texts[j].n > texts[li].n {
				li = j
			}
		}
		if li < 0 || texts[li].n < 40 {
			break
		}
		n := texts[li].n
		target := max(min(n-n/5, n-(total-DiscordMaxTotal)), 32)
		*texts[li].s = truncate(*texts[li].s, target)
		texts[li].n = runeLen(*texts[li].s)
		total -= n - texts[li].n
	}
	// Still over (many short texts): drop from the end, marking the cut.
	for len(embeds) > 0 && DiscordSize(embeds) > DiscordMaxTotal {
		e := embeds[len(embeds)-1]
		switch {
		case len(e.Fields) > 0:
			e.Fields = e.Fields[:len(e.Fields)-1]
		case len(embeds) > 1:
			embeds[len(embeds)-2].Footer = e.Footer
			embeds = embeds[:len(embeds)-1]
			continue
		default:
			e.Description = truncate(e.Description, max(runeLen(e.Description)-(DiscordSize(embeds)-DiscordMaxTotal)-runeLen(marker)-3, 0))
		}
		markTruncated(embeds[len(embeds)-1], embeds[len(embeds)-1].Footer, marker)
	}
	return embeds
}

// DiscordSize counts the characters Discord counts towards 6000.
func DiscordSize(embeds []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range embeds {
		n += runeLen(e.Title) + runeLen(e.Description)
		for _, fl := range e.Fields {
			n += runeLen(fl.Name) + runeLen(fl.Value)
		}
		if e.Footer != nil {
			n += runeLen(e.Footer.Text)
		}
		if e.Author != nil {
			n += runeLen(e.Author.Name)
		}
	}
	return n
}

// discordReplacer keeps text from turning into mentions, links or markup.
// Mentions are also disabled through allowed_mentions; this makes them not
// even look like mentions, and keeps a pasted bounce from showing as a
// masked link, a header or a spoiler.
var discordReplacer = strings.NewReplacer(
	`\`, `\\`,
	"@everyone", "@\u200beveryone", "@here", "@\u200bhere",
	"<", "<\u200b", // <@id>, <#id>, <@&id>, <t:…>, </cmd:id>, <:emoji:id>
	"*", `\*`, "_", `\_`, "`", "\\`", "~", `\~`, "|", `\|`, "[", `\[`, "]", `\]`,
)

// discordSpecial holds the first byte of everything discordReplacer
// replaces: most texts have none, and the replacer would copy them anyway.
const discordSpecial = "\\@<*_`~|[]"

func discordEscape(s string) string {
	if strings.ContainsAny(s, discordSpecial) {
		s = discordReplacer.Replace(s)
	}
	// Line starts: "# " is a header, "> " a quote, "- " a list item.
	if t := strings.TrimLeft(s, " "); !strings.Contains(s, "\n") && (t == "" || !strings.ContainsRune("#>-", rune(t[0]))) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if t != "" && strings.ContainsRune("#>-", rune(t[0])) {
			lines[i] = l[:len(l)-len(t)] + `\` + t
		}
	}
	return strings.Join(lines, "\n")
}

// discordQuote shows verbatim text (RFC wording, a pasted reply) as a block
// quote, every line of it.
func discordQuote(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = "> " + discordEscape(l)
	}
	return strings.Join(lines, "\n")
}

// discordURL keeps a URL from closing the Markdown link around it.
func discordURL(u string) string { return discordURLReplacer.Replace(u) }

var discordURLReplacer = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E")

// oneLine folds a display name onto one line without control characters.
func oneLine(s string) string {
	return truncate(strings.Join(strings.Fields(bot.Clean(s)), " "), 80)
}
