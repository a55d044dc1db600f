package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/internal/download"
	"github.com/smtpbot/smtpbot/adapters/internal/ref"
	"github.com/smtpbot/smtpbot/responses"
)

// ref names a question for the buttons' custom_ids: "<lang>:<question>"
// when it fits in Discord's 100 characters with any action, else the key
// of the question kept in the shared state (package ref), so that Share,
// Details and Short answer answer the very same question on any replica.
// The answer is recomputed rather than copied from the message, which
// Discord may send back only partially.
func (a *Adapter) ref(ctx context.Context, lang, question string) string {
	return a.refs.Make(ctx, lang, question, responses.DiscordMaxRef, ref.Runes)
}

// publicRef is ref for the buttons of a message everyone sees: always a
// key, so the question (which may hold addresses) does not travel in it.
func (a *Adapter) publicRef(ctx context.Context, lang, question string) string {
	return a.refs.Make(ctx, lang, question, 0, ref.Runes)
}

// question returns the language and question behind a ref; ok is false
// when it is malformed or its kept question has expired.
func (a *Adapter) refQuestion(ctx context.Context, r string) (lang, text string, ok bool) {
	return a.refs.Get(ctx, r)
}

// cdn is where Discord serves attachments; nothing else is ever fetched.
var cdn = download.Source{Hosts: map[string]bool{"cdn.discordapp.com": true, "media.discordapp.net": true}}

// attachmentText downloads the first readable attachment (an .eml or text
// file, within download.MaxSize) from Discord's CDN. found is false when
// there is none; ok is false when it cannot be read (the reason is logged,
// never the file).
func (a *Adapter) attachmentText(ctx context.Context, atts []*discordgo.MessageAttachment) (text string, found, ok bool) {
	for _, at := range atts {
		if at == nil || !download.Readable(at.Filename, at.ContentType) {
			continue
		}
		if at.Size > download.MaxSize {
			a.log.Info("discord: attachment refused", "reason", "too large", "bytes", at.Size)
			return "", true, false
		}
		b, err := cdn.Get(ctx, a.client, at.URL, download.MaxSize)
		if err != nil {
			a.log.Warn("discord: attachment not read", "err", err)
			return "", true, false
		}
		return string(b), true, true
	}
	return "", false, false
}
