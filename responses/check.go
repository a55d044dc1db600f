package responses

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	slackapi "github.com/slack-go/slack"
)

// The checks below are the one statement of every limit a platform
// enforces and every promise smtpbot makes about a rendered message (no
// mention can fire, valid UTF-8, no broken link). The renderers' own tests
// and tests/ run every answer they render through them.

// mentionMarks are the texts that can notify people when shown: Slack's
// and Discord's mention syntax and Discord's bare @everyone and @here.
var mentionMarks = []string{"@everyone", "@here", "<@", "<!", "<#", "<t:", "</"}

// SlackProblems lists the ways m breaks a Slack limit or a promise, empty
// when it breaks none. sharedBy is the user ID m was rendered to credit
// (SlackOptions.SharedBy): the credit's own mention of the person who chose
// to share is the one mention allowed.
func SlackProblems(m SlackMessage, sharedBy string) []string {
	var p problems
	if n := runeLen(m.Text); n == 0 || n > SlackMaxFallbackText {
		p.add("notification text of %d characters", n)
	}
	if len(m.Blocks.BlockSet) > SlackMaxBlocks {
		p.add("%d blocks", len(m.Blocks.BlockSet))
	}
	for i, bl := range m.Blocks.BlockSet {
		switch x := bl.(type) {
		case *slackapi.HeaderBlock:
			if n := runeLen(x.Text.Text); n > SlackMaxHeader || n == 0 {
				p.add("header of %d characters", n)
			}
		case *slackapi.SectionBlock:
			if x.Text != nil {
				if n := runeLen(x.Text.Text); n > SlackMaxSectionText || n == 0 {
					p.add("block %d section text of %d characters", i, n)
				}
			}
			if len(x.Fields) > SlackMaxFields {
				p.add("%d fields", len(x.Fields))
			}
			for _, fl := range x.Fields {
				if runeLen(fl.Text) > SlackMaxFieldText {
					p.add("field too long")
				}
			}
		case *slackapi.ContextBlock:
			if len(x.ContextElements.Elements) > SlackMaxContextItems {
				p.add("%d context elements", len(x.ContextElements.Elements))
			}
			for _, el := range x.ContextElements.Elements {
				if tx, ok := el.(*slackapi.TextBlockObject); ok && runeLen(tx.Text) > SlackMaxSectionText {
					p.add("context text too long")
				}
			}
		case *slackapi.ActionBlock:
			slackActions(&p, x)
		}
	}
	credit := "<@" + sanitizeID(sharedBy) + ">"
	for _, s := range SlackTexts(m) {
		if sharedBy != "" {
			s = strings.Replace(s, credit, "", 1)
		}
		p.text(s)
	}
	raw := m.AppendJSON(nil, "") // what MarshalJSON writes
	if !utf8.Valid(raw) {
		p.add("invalid UTF-8")
	}
	return p
}

// SlackFields lists the fields in m's JSON that Slack does not define for
// the object holding them (the hand-written encoder's promise), empty when
// there are none. It decodes the whole message: a slower check than
// SlackProblems.
func SlackFields(m SlackMessage) []string {
	var p problems
	slackFields(&p, m.AppendJSON(nil, ""))
	return p
}

// slackKeys are the fields Slack defines for each kind of object smtpbot
// sends: the message, each block type, text objects and buttons.
var slackKeys = map[string]map[string]bool{
	"message": set("text", "blocks"),
	"header":  set("type", "text", "block_id"),
	"section": set("type", "text", "fields", "accessory", "block_id", "expand"),
	"context": set("type", "elements", "block_id"),
	"actions": set("type", "elements", "block_id"),
	"divider": set("type", "block_id"),
	"text":    set("type", "text", "emoji", "verbatim"),
	"button":  set("type", "text", "action_id", "url", "value", "style", "confirm", "accessibility_label"),
}

func set(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// slackFields checks that the JSON of a message holds only the fields
// Slack defines for each object in it.
func slackFields(p *problems, raw []byte) {
	var msg map[string]json.RawMessage
	if err := json.Unmarshal(raw, &msg); err != nil {
		p.add("JSON: %v", err)
		return
	}
	fieldsOf(p, "message", msg)
	var blocks []map[string]json.RawMessage
	if err := json.Unmarshal(msg["blocks"], &blocks); err != nil {
		p.add("blocks: %v", err)
		return
	}
	for _, b := range blocks {
		fieldsOf(p, kindOf(b), b)
		for _, k := range []string{"text", "fields", "elements"} {
			var objs []map[string]json.RawMessage
			if v, ok := b[k]; ok && json.Unmarshal(v, &objs) != nil {
				objs = make([]map[string]json.RawMessage, 1)
				_ = json.Unmarshal(v, &objs[0])
			}
			for _, o := range objs {
				fieldsOf(p, kindOf(o), o)
			}
		}
	}
}

// kindOf names an object by its "type": plain_text and mrkdwn are text
// objects.
func kindOf(o map[string]json.RawMessage) string {
	var t string
	_ = json.Unmarshal(o["type"], &t)
	if t == "plain_text" || t == "mrkdwn" {
		return "text"
	}
	return t
}

// fieldsOf reports the fields of o that Slack does not define for kind.
func fieldsOf(p *problems, kind string, o map[string]json.RawMessage) {
	keys, ok := slackKeys[kind]
	if !ok {
		p.add("a %q object smtpbot does not send", kind)
		return
	}
	for k := range o {
		if !keys[k] {
			p.add("field %q in a %s", k, kind)
		}
	}
}

// slackActions checks an actions block: buttons only, each with a label,
// an action_id and exactly one of a value or a URL.
func slackActions(p *problems, x *slackapi.ActionBlock) {
	if n := len(x.Elements.ElementSet); n == 0 || n > 25 {
		p.add("%d elements in an actions block", n)
	}
	for _, el := range x.Elements.ElementSet {
		btn, ok := el.(*slackapi.ButtonBlockElement)
		if !ok {
			p.add("element %T", el)
			continue
		}
		if len(btn.Value) > SlackMaxButtonValue {
			p.add("button value of %d bytes", len(btn.Value))
		}
		if n := runeLen(btn.Text.Text); n == 0 || n > slackMaxButtonText {
			p.add("button label of %d characters", n)
		}
		if n := len(btn.ActionID); n == 0 || n > 255 {
			p.add("action_id of %d characters", n)
		}
		if (btn.URL == "") == (btn.Value == "") || len(btn.URL) > 3000 {
			p.add("button %q needs exactly one of a value or a URL", btn.ActionID)
		}
	}
}

// SlackTexts are the texts of m a reader sees: the notification text,
// headers, sections, fields, context lines and button labels.
func SlackTexts(m SlackMessage) []string {
	texts := []string{m.Text}
	add := func(t *slackapi.TextBlockObject) {
		if t != nil {
			texts = append(texts, t.Text)
		}
	}
	for _, bl := range m.Blocks.BlockSet {
		switch x := bl.(type) {
		case *slackapi.HeaderBlock:
			add(x.Text)
		case *slackapi.SectionBlock:
			add(x.Text)
			for _, f := range x.Fields {
				add(f)
			}
		case *slackapi.ContextBlock:
			for _, el := range x.ContextElements.Elements {
				if tx, ok := el.(*slackapi.TextBlockObject); ok {
					add(tx)
				}
			}
		case *slackapi.ActionBlock:
			for _, el := range x.Elements.ElementSet {
				if btn, ok := el.(*slackapi.ButtonBlockElement); ok {
					add(btn.Text)
				}
			}
		}
	}
	return texts
}

// DiscordProblems lists the ways m breaks a Discord limit or a promise,
// empty when it breaks none.
func DiscordProblems(m DiscordMessage) []string {
	var p problems
	if len(m.Embeds) > DiscordMaxEmbeds || (len(m.Embeds) == 0 && m.Content == "") {
		p.add("%d embeds, content %q", len(m.Embeds), m.Content)
	}
	if n := DiscordSize(m.Embeds); n > DiscordMaxTotal {
		p.add("%d characters in embeds", n)
	}
	if n := runeLen(m.Content); n > DiscordMaxContent {
		p.add("content of %d characters", n)
	}
	for i, e := range m.Embeds {
		checkEmbed(&p, i, e)
	}
	for _, row := range m.Components {
		checkRow(&p, row)
	}
	for _, s := range DiscordTexts(m) {
		p.text(s)
	}
	raw, err := json.Marshal(m)
	if err != nil {
		p.add("marshal: %v", err)
	} else if !strings.Contains(string(raw), `"allowed_mentions":{"parse":[]`) {
		p.add("allowed_mentions must be an explicitly empty list")
	}
	return p
}

// checkEmbed checks an embed's limits.
func checkEmbed(p *problems, i int, e *discordgo.MessageEmbed) {
	if e == nil {
		p.add("embed %d is nil", i)
		return
	}
	if n := runeLen(e.Title); n > DiscordMaxTitle {
		p.add("embed %d title of %d characters", i, n)
	}
	if n := runeLen(e.Description); n > DiscordMaxDescription {
		p.add("embed %d description of %d characters", i, n)
	}
	if len(e.Fields) > DiscordMaxFields {
		p.add("embed %d has %d fields", i, len(e.Fields))
	}
	if e.Title == "" && strings.TrimSpace(e.Description) == "" && len(e.Fields) == 0 && e.Footer == nil {
		p.add("embed %d is empty", i)
	}
	if e.URL != "" && !webURL(e.URL) {
		p.add("embed %d URL %q", i, e.URL)
	}
	if e.Color < 0 || e.Color > 0xFFFFFF {
		p.add("embed %d colour %x", i, e.Color)
	}
	for _, fl := range e.Fields {
		if n := runeLen(fl.Name); n > DiscordMaxFieldName || strings.TrimSpace(fl.Name) == "" {
			p.add("field name %q (%d characters)", fl.Name, n)
		}
		if n := runeLen(fl.Value); n > DiscordMaxFieldValue || strings.TrimSpace(fl.Value) == "" {
			p.add("field %q value of %d characters", fl.Name, n)
		}
	}
	if e.Footer != nil {
		if n := runeLen(e.Footer.Text); n > DiscordMaxFooter || n == 0 {
			p.add("footer of %d characters", n)
		}
	}
}

// checkRow checks a row of buttons: at most five, each a link to a web
// page or carrying a custom_id, with a label.
func checkRow(p *problems, row discordgo.MessageComponent) {
	r, ok := row.(discordgo.ActionsRow)
	if !ok || len(r.Components) == 0 || len(r.Components) > 5 {
		p.add("component row %#v", row)
		return
	}
	for _, c := range r.Components {
		b, ok := c.(discordgo.Button)
		if !ok {
			p.add("component %#v", c)
			continue
		}
		if b.Style == discordgo.LinkButton {
			if b.CustomID != "" || !webURL(b.URL) {
				p.add("link button %+v", b)
			}
		} else if n := runeLen(b.CustomID); n == 0 || n > DiscordMaxCustomID || b.URL != "" {
			p.add("custom_id of %d characters", n)
		}
		if n := runeLen(b.Label); n == 0 || n > DiscordMaxButtonLabel {
			p.add("button label of %d characters", n)
		}
	}
}

// DiscordTexts are the texts of m a reader sees: the content, titles,
// descriptions, fields, footers and button labels.
func DiscordTexts(m DiscordMessage) []string {
	texts := []string{m.Content}
	for _, e := range m.Embeds {
		texts = append(texts, embedTexts(e)...)
	}
	for _, row := range m.Components {
		if r, ok := row.(discordgo.ActionsRow); ok {
			for _, c := range r.Components {
				if b, ok := c.(discordgo.Button); ok {
					texts = append(texts, b.Label)
				}
			}
		}
	}
	return texts
}

// embedTexts are an embed's title, description, footer and fields.
func embedTexts(e *discordgo.MessageEmbed) []string {
	if e == nil {
		return nil
	}
	texts := []string{e.Title, e.Description}
	if e.Footer != nil {
		texts = append(texts, e.Footer.Text)
	}
	for _, fl := range e.Fields {
		texts = append(texts, fl.Name, fl.Value)
	}
	return texts
}

// webURL is an http or https address with a host.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// problems gathers what a check found.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// text checks a shown text: valid UTF-8 and no mention that can fire.
func (p *problems) text(s string) {
	if !utf8.ValidString(s) {
		p.add("invalid UTF-8 in %q", s)
	}
	for _, mark := range mentionMarks {
		if strings.Contains(s, mark) {
			p.add("%q can still render as a mention or markup: %q", mark, s)
		}
	}
}
