package responses

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// DiscordMessage is a message with embeds: what the Discord adapter sends.
type DiscordMessage struct {
	Content         string                            `json:"content"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Components      []discordgo.MessageComponent      `json:"components,omitempty"`
}

// DiscordOptions configure the Discord renderer.
type DiscordOptions struct {
	Options
	// ShareID, when set, adds a "Share" button with this custom_id.
	ShareID string
	// SharedBy, when set, credits the user who shared the answer.
	SharedBy string
}

// Discord colours by class: 2xx green, 3xx blue, 4xx amber, 5xx red.
func discordColor(c catalog.Class) int {
	switch c {
	case catalog.ClassSuccess:
		return 0x2EA043
	case catalog.ClassIntermediate:
		return 0x1F6FEB
	case catalog.ClassTransient:
		return 0xD29922
	case catalog.ClassPermanent:
		return 0xCF222E
	}
	return 0x6E7681
}

// NoMentions allows no mention of any kind. The empty, non-nil Parse list
// is what makes Discord parse nothing; a nil list is sent as null.
func NoMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// Discord renders the answer as embeds within Discord's limits: 10 embeds,
// 25 fields each, and 6000 characters in all.
func Discord(a bot.Answer, o DiscordOptions) DiscordMessage {
	d := build(a, o.Options)
	f := a.Frame
	var embeds []*discordgo.MessageEmbed
	head := &discordgo.MessageEmbed{Title: d.Title, Color: discordColor(d.Class), URL: PageURL(a, o.Options)}
	head.Description = strings.Join(mapStrings(d.Intro, discordEscape), "\n\n")
	embeds = append(embeds, head)
	for _, s := range d.Sections {
		e := &discordgo.MessageEmbed{Color: discordColor(s.Class)}
		if s.Heading != "" {
			e.Title = s.Heading
		}
		var desc []string
		for _, q := range s.Quote {
			desc = append(desc, "> "+discordEscape(q))
		}
		desc = append(desc, mapStrings(s.Paras, discordEscape)...)
		for _, b := range s.Bullets {
			desc = append(desc, "• "+discordEscape(b))
		}
		e.Description = strings.Join(desc, "\n")
		for _, fl := range s.Fields {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: fl.Name, Value: discordEscape(fl.Value)})
		}
		for _, sub := range s.Sub {
			var v []string
			v = append(v, mapStrings(sub.Paras, discordEscape)...)
			for _, b := range sub.Bullets {
				v = append(v, "• "+discordEscape(b))
			}
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: sub.Heading, Value: strings.Join(v, "\n")})
		}
		embeds = append(embeds, e)
	}
	if len(d.Links) > 0 || d.Note != "" || o.SharedBy != "" {
		last := embeds[len(embeds)-1]
		var ls []string
		for _, l := range d.Links {
			ls = append(ls, "["+discordEscape(l.Title)+"]("+l.URL+")")
		}
		if len(ls) > 0 {
			last.Fields = append(last.Fields, &discordgo.MessageEmbedField{Name: f.LearnMore, Value: strings.Join(ls, " · ")})
		}
		var foot []string
		if o.SharedBy != "" {
			foot = append(foot, strings.ReplaceAll(f.SharedBy, "{user}", o.SharedBy))
		}
		if d.Note != "" {
			foot = append(foot, d.Note)
		}
		if len(foot) > 0 {
			last.Footer = &discordgo.MessageEmbedFooter{Text: strings.Join(foot, " · ")}
		}
	}
	if len(embeds) > DiscordMaxEmbeds {
		embeds = embeds[:DiscordMaxEmbeds]
		embeds[len(embeds)-1].Footer = &discordgo.MessageEmbedFooter{Text: f.Truncated}
	}
	fitDiscord(embeds)
	m := DiscordMessage{Embeds: embeds, AllowedMentions: NoMentions()}
	if o.ShareID != "" {
		m.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: f.ShareButton, Style: discordgo.PrimaryButton, CustomID: o.ShareID},
		}}}
	}
	return m
}

// fitDiscord applies every per-item limit, then shortens the longest texts
// until the whole message is within 6000 characters.
func fitDiscord(embeds []*discordgo.MessageEmbed) {
	for _, e := range embeds {
		e.Title = truncate(e.Title, DiscordMaxTitle)
		e.Description = truncate(e.Description, DiscordMaxDescription)
		if len(e.Fields) > DiscordMaxFields {
			e.Fields = e.Fields[:DiscordMaxFields]
		}
		for _, fl := range e.Fields {
			fl.Name = truncate(fl.Name, DiscordMaxFieldName)
			if fl.Name == "" {
				fl.Name = "\u200b"
			}
			fl.Value = truncate(fl.Value, DiscordMaxFieldValue)
			if fl.Value == "" {
				fl.Value = "-"
			}
		}
		if e.Footer != nil {
			e.Footer.Text = truncate(e.Footer.Text, DiscordMaxFooter)
		}
	}
	for i := 0; DiscordSize(embeds) > DiscordMaxTotal && i < 200; i++ {
		// Find the longest shrinkable text and cut it by a fifth (at least
		// by what is over).
		var longest *string
		for _, e := range embeds {
			if longest == nil || runeLen(e.Description) > runeLen(*longest) {
				longest = &e.Description
			}
			for _, fl := range e.Fields {
				if runeLen(fl.Value) > runeLen(*longest) {
					longest = &fl.Value
				}
			}
		}
		if longest == nil || runeLen(*longest) < 40 {
			break
		}
		n := runeLen(*longest)
		over := DiscordSize(embeds) - DiscordMaxTotal
		target := min(n-n/5, n-over)
		*longest = truncate(*longest, max(target, 32))
	}
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

// discordEscape keeps text from turning into mentions or markup. Mentions
// are also disabled through allowed_mentions; this makes them not even look
// like mentions.
var discordReplacer = strings.NewReplacer("@everyone", "@\u200beveryone", "@here", "@\u200bhere", "<@", "<\u200b@", "<#", "<\u200b#", "*", `\*`, "_", `\_`, "`", "\\`", "~", `\~`, "|", `\|`)

func discordEscape(s string) string { return discordReplacer.Replace(s) }

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}
