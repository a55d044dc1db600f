package discord

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/internal/download"
	"github.com/smtpbot/smtpbot/adapters/internal/share"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/responses"
)

// shareTTL is how long a press and a shared message are remembered, so
// that a second press (a double click, a press reaching another replica)
// posts nothing.
const shareTTL = time.Hour

// share runs a Share press through the one Share flow (package share). The
// interaction ID tells a replay; the message is shared once.
func (a *Adapter) share(ctx context.Context, i *discordgo.Interaction, r string) (*discordgo.InteractionResponse, followWork) {
	s := &sharer{
		a: a, i: i,
		private: i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0,
		// A press that posts nothing is acknowledged without a change.
		resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate},
	}
	pr := share.Press{Ref: r, User: userID(i), Channel: i.ChannelID, ID: i.ID, Hints: question{locale: string(i.Locale)}.hints()}
	if i.Message != nil {
		pr.Message = i.Message.ID
	}
	share.Flow{
		Guard: a.guard, Refs: a.refs, Ask: a.askWith, Note: a.bot.Note, TTL: shareTTL,
		Retry: a.retry, Metrics: a.metrics, Log: a.log,
	}.Press(ctx, pr, s)
	return s.resp, s.after
}

// sharer is Share on Discord. A press must be answered before anything
// can follow it, so the flow's calls become the interaction's response (a
// note, or the private copy replaced by a line crediting the sharer) and
// the public post follows it (a follow-up message, whose failure the REST
// client logs). None of them fails here.
type sharer struct {
	a       *Adapter
	i       *discordgo.Interaction
	private bool
	resp    *discordgo.InteractionResponse
	after   followWork
}

func (s *sharer) Notify(_ context.Context, text string) error {
	s.resp = messageResponse(responses.DiscordNote(text), true)
	return nil
}

func (s *sharer) Post(_ context.Context, ans bot.Answer, ref string) error {
	public := s.a.render(ans, responses.DiscordOptions{
		Options: responses.Options{Public: true}, SharedBy: displayName(s.i), Ref: ref,
	})
	if !s.private {
		s.resp = messageResponse(public, false)
		return nil
	}
	s.after = func(ctx context.Context) { _ = s.a.followup(ctx, s.i, public, false) }
	return nil
}

func (s *sharer) Replace(_ context.Context, ans bot.Answer) error {
	if !s.private {
		return nil
	}
	f := s.a.bot.Catalog().Frame(ans.Lang)
	note := responses.DiscordNote(catalog.Fill(f.SharedBy, "user", displayName(s.i)))
	note.Embeds, note.Components = []*discordgo.MessageEmbed{}, []discordgo.MessageComponent{}
	s.resp = updateResponse(note)
	return nil
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
