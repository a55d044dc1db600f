package slack

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/responses"
)

// reply is the body of an immediate answer to a slash command: Slack shows
// it to the caller only (ephemeral). The blocks are a plain slice: encoding
// slackapi.Blocks goes through its MarshalJSON, which encoding/json then
// re-scans, and that cost a third of the request (BenchmarkSlashCommand).
type reply struct {
	ResponseType string           `json:"response_type"`
	Text         string           `json:"text"`
	Blocks       []slackapi.Block `json:"blocks"`
}

// appendJSON writes the reply with responses' Block Kit encoder, which
// skips encoding/json's reflection and re-scanning.
func (r reply) appendJSON(dst []byte) []byte {
	m := responses.SlackMessage{Text: r.Text, Blocks: slackapi.Blocks{BlockSet: r.Blocks}}
	return m.AppendJSON(dst, r.ResponseType)
}

func ephemeral(m responses.SlackMessage) reply {
	return reply{ResponseType: slackapi.ResponseTypeEphemeral, Text: m.Text, Blocks: m.Blocks.BlockSet}
}

// Commands handles POST /slack/commands: the /smtp slash command. The answer
// is computed in microseconds, so it goes back in the HTTP response itself,
// well within Slack's three seconds.
func (a *Adapter) Commands(w http.ResponseWriter, r *http.Request) {
	body, ok := a.readVerified(w, r)
	if !ok {
		return
	}
	v, err := url.ParseQuery(string(body))
	if err != nil {
		a.log.Debug("slack command refused", "reason", "malformed form")
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if v.Get("ssl_check") == "1" {
		w.WriteHeader(http.StatusOK)
		return
	}
	cmd := slackapi.SlashCommand{
		TeamID:      v.Get("team_id"),
		ChannelID:   v.Get("channel_id"),
		UserID:      v.Get("user_id"),
		Command:     v.Get("command"),
		Text:        v.Get("text"),
		ResponseURL: v.Get("response_url"),
	}
	if cmd.Command == "" || cmd.UserID == "" {
		a.log.Debug("slack command refused", "reason", "no command or user")
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(a.commandBody(r.Context(), cmd))
}

// cachedAnswer is a finished slash-command reply and what metrics need of it.
type cachedAnswer struct {
	body     []byte
	intent   string
	codes    []string
	category string
}

// weight is what the answer holds beyond its fixed size, for the cache's
// byte budget.
func (c cachedAnswer) weight() int {
	n := cap(c.body) + len(c.intent) + len(c.category) + 16*cap(c.codes)
	for _, code := range c.codes {
		n += len(code)
	}
	return n
}

// cacheKey names a question in the answer cache: a hash of its language
// and of the question as the core reads it (cleaned and capped), so that a
// key is small whatever was sent, and questions that differ only in what
// the core ignores share an answer.
func cacheKey(lang, clean string) string {
	sum := sha256.Sum256([]byte(lang + "\x00" + clean))
	return string(sum[:16])
}

// commandBody is the JSON reply to a slash command. A question asked before
// in the same language is served from the answer cache: the rate limit
// still applies, and the answer is still counted.
func (a *Adapter) commandBody(ctx context.Context, cmd slackapi.SlashCommand) []byte {
	start := time.Now()
	lang, text := parseCommand(cmd.Text)
	// The answer is computed from the cleaned question, the cache key's own
	// text, so that a cached answer is exactly the one the key asks for.
	text = bot.Clean(text)
	key := cacheKey(lang, text)
	if hit, ok := a.cache.Get(key); ok {
		if !a.allow(ctx, cmd.UserID, cmd.ChannelID) {
			return append(ephemeral(a.notice(lang, text, noticeRateLimited)).appendJSON(nil), '\n')
		}
		a.metrics.Answered(platform, hit.intent, hit.codes, hit.category, time.Since(start))
		return hit.body
	}
	r, ans := a.answerCommand(ctx, cmd, lang, text, start)
	body := append(r.appendJSON(make([]byte, 0, 8<<10)), '\n')
	if ans != nil {
		c := cachedAnswer{body: body, intent: string(ans.Intent), codes: ans.Codes}
		if ans.Diagnosis != nil {
			c.category = string(ans.Diagnosis.Category)
		}
		a.cache.Put(key, c)
	}
	return body
}

// command answers a slash command: ephemeral, with a Share button unless
// the answer is only help or "not understood".
func (a *Adapter) command(ctx context.Context, cmd slackapi.SlashCommand) reply {
	lang, text := parseCommand(cmd.Text)
	r, _ := a.answerCommand(ctx, cmd, lang, text, time.Now())
	return r
}

// answerCommand computes the reply; the answer is nil when the user was
// rate limited.
func (a *Adapter) answerCommand(ctx context.Context, cmd slackapi.SlashCommand, lang, text string, start time.Time) (reply, *bot.Answer) {
	if !a.allow(ctx, cmd.UserID, cmd.ChannelID) {
		return ephemeral(a.notice(lang, text, noticeRateLimited)), nil
	}
	ans := a.bot.Ask(text, bot.Hints{Lang: lang})
	opts := responses.SlackOptions{Options: responses.Options{BaseURL: a.baseURL}}
	if ans.Intent != bot.IntentHelp && ans.Intent != bot.IntentUnknown {
		opts.ShareValue = shareValue(ans.Lang, text)
		opts.Ref = opts.ShareValue
	}
	msg := responses.Slack(ans, opts)
	a.answered(ans, start)
	return ephemeral(msg), &ans
}

// answered counts one answer.
func (a *Adapter) answered(ans bot.Answer, start time.Time) {
	category := ""
	if ans.Diagnosis != nil {
		category = string(ans.Diagnosis.Category)
	}
	a.metrics.Answered(platform, string(ans.Intent), ans.Codes, category, time.Since(start))
}

type noticeKind int

const (
	noticeRateLimited noticeKind = iota
	noticeMentionHint
)

// notice is a one-line answer from the frame, in the language the question
// asked for or was written in.
func (a *Adapter) notice(lang, text string, kind noticeKind) responses.SlackMessage {
	f := a.bot.Catalog().Frame(a.bot.Language(text, bot.Hints{Lang: lang}))
	s := f.RateLimited
	if kind == noticeMentionHint {
		s = f.MentionHint
	}
	// A section too, not just text: Slack refuses "blocks": null.
	section := slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.MarkdownType, escape(s), false, true), nil, nil)
	return responses.SlackMessage{Text: escape(s), Blocks: slackapi.Blocks{BlockSet: []slackapi.Block{section}}}
}

// escape keeps frame text from becoming mentions or links.
var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// parseCommand reads the slash command's text: an optional "--lang xx" (or
// "--lang=xx") anywhere, then either a subcommand (compare, explain, list,
// help) or a free question. It returns the requested language ("" for the
// message's own or the default) and a question the core understands.
func parseCommand(text string) (lang, question string) {
	lang, text = cutLangFlag(text)
	text = strings.TrimSpace(text)
	word, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "compare", "diff":
		if strings.Contains(strings.ToLower(" "+rest+" "), " vs ") {
			return lang, rest
		}
		codes := strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
		return lang, strings.Join(codes, " vs ")
	case "explain", "show":
		return lang, strings.TrimSpace("explain " + rest)
	case "list", "help":
		return lang, strings.ToLower(word) + strings.TrimRight(" "+rest, " ")
	}
	return lang, text
}

// cutLangFlag removes "--lang xx" / "--lang=xx" standing as its own word;
// the last one wins. It runs before the rate limit, so it reads the text
// once, copying what it keeps: its cost grows linearly with the text
// (BenchmarkCutLangFlag).
func cutLangFlag(text string) (lang, rest string) {
	var b strings.Builder
	from := 0 // text[from:] is not copied yet
	for i := 0; ; {
		j := strings.Index(text[i:], "--lang")
		if j < 0 {
			break
		}
		j += i
		end := j + len("--lang")
		i = end
		if j > 0 && !isSpace(text[j-1]) {
			continue
		}
		k := end
		switch {
		case k < len(text) && text[k] == '=':
			k++
		case k < len(text) && isSpace(text[k]):
			for k < len(text) && isSpace(text[k]) {
				k++
			}
		case k == len(text):
			b.WriteString(text[from:j])
			return lang, strings.TrimSpace(b.String())
		default:
			continue
		}
		v := k
		for v < len(text) && !isSpace(text[v]) {
			v++
		}
		lang = strings.ToLower(text[k:v])
		b.WriteString(text[from:j])
		from, i = v, v
	}
	if from == 0 {
		return lang, text
	}
	b.WriteString(text[from:])
	return lang, b.String()
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// shareValue is what the Share button carries to answer the same question
// again: the answer's language, a newline, the question. Slack caps button
// values at 2000 bytes; a longer question is cut at a rune boundary, which
// still names the same codes since they come first in any question worth
// sharing.
func shareValue(lang, question string) string {
	v := lang + "\n" + question
	if len(v) <= responses.SlackMaxButtonValue {
		return v
	}
	n := responses.SlackMaxButtonValue
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return v[:n]
}

// parseShareValue reverses shareValue.
func parseShareValue(v string) (lang, question string) {
	lang, question, ok := strings.Cut(v, "\n")
	if !ok || len(lang) > 16 {
		return "", v
	}
	return lang, question
}

func writeJSON(w http.ResponseWriter, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// Slack reads JSON, not HTML: "<" and "&" need no \u escapes.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only a programming error gets here: our replies are plain data.
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}
