package slack

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/adapters/internal/ref"
	"github.com/smtpbot/smtpbot/adapters/internal/share"
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

// quickInput is the longest question always answered inline: a question
// about codes takes microseconds. A longer paste (a bounce, headers) is the
// work that can be slow.
const quickInput = 512

// Commands handles POST /slack/commands: the /smtp slash command. A short
// question, or one answered before, is answered in the HTTP response
// itself. A long paste is answered inline when ready within inlineWait,
// otherwise acknowledged with a bare 200 and posted to the response_url when
// ready, so Slack's three seconds are never missed.
func (a *Adapter) Commands(w http.ResponseWriter, r *http.Request) {
	body, ok := a.readVerified(w, r)
	if !ok {
		return
	}
	cmd, sslCheck, err := parseCommandForm(string(body))
	if err != nil {
		a.log.Debug("slack command refused", "reason", "malformed form")
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if sslCheck {
		w.WriteHeader(http.StatusOK)
		return
	}
	if cmd.Command == "" || cmd.UserID == "" {
		a.log.Debug("slack command refused", "reason", "no command or user")
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	ctx := context.WithoutCancel(r.Context())
	q := a.prepare(cmd)
	if b, ok := a.cachedBody(ctx, cmd, q); ok {
		// Answered before: microseconds, inline.
		writeReply(w, b)
		return
	}
	if len(q.text) <= quickInput || !a.validResponseURL(cmd.ResponseURL) {
		// A short question is answered in microseconds; and with nowhere to
		// send a late answer, inline is the only way anyway.
		writeReply(w, a.computeBody(ctx, cmd, q))
		return
	}
	done := make(chan []byte, 1)
	a.goAsync(func() { done <- a.computeBody(ctx, cmd, q) })
	t := time.NewTimer(a.inlineWait)
	defer t.Stop()
	select {
	case b := <-done:
		writeReply(w, b)
	case <-t.C:
		w.WriteHeader(http.StatusOK)
		a.background(ctx, func(ctx context.Context) {
			var b []byte
			select {
			case b = <-done:
			case <-ctx.Done():
				a.log.Error("slack slow answer abandoned", "err", ctx.Err())
				return
			}
			if err := a.call(ctx, "response_url", func(ctx context.Context) error {
				return a.respondRaw(ctx, cmd.ResponseURL, b)
			}); err != nil {
				a.log.Error("slack slow answer not delivered", "err", safeErr(err))
			}
		})
	}
}

// parseCommandForm reads the fields of a slash command from its form body
// as url.ParseQuery and Values.Get would (the first value of each key; an
// error for the same bodies), without building a map of every field: the
// values are substrings of form unless they hold escapes. On any doubt (a
// key with ";", a bad escape, too many parameters) it asks url.ParseQuery
// itself, so the errors are its own.
func parseCommandForm(form string) (cmd slackapi.SlashCommand, sslCheck bool, err error) {
	if strings.Count(form, "&") >= maxFormFields {
		_, err = url.ParseQuery(form)
		if err != nil {
			return cmd, false, err
		}
	}
	// fields[i] is where the first value of the key commandFields[i] goes;
	// bit i of seen says it has come.
	var ssl string
	fields := [len(commandFields)]*string{&cmd.TeamID, &cmd.ChannelID, &cmd.UserID, &cmd.Command, &cmd.Text, &cmd.ResponseURL, &ssl}
	var seen uint8
	for rest := form; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if strings.Contains(pair, ";") || !validEscapes(pair) {
			_, err = url.ParseQuery(form)
			return slackapi.SlashCommand{}, false, err
		}
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if strings.ContainsAny(k, "%+") {
			k, _ = url.QueryUnescape(k)
		}
		i := slices.Index(commandFields[:], k)
		if i < 0 || seen&(1<<i) != 0 {
			continue
		}
		seen |= 1 << i
		*fields[i] = unescapeForm(v)
	}
	return cmd, ssl == "1", nil
}

// commandFields are the keys of a slash command's form that the adapter
// reads; ssl_check marks Slack's certificate check.
var commandFields = [...]string{"team_id", "channel_id", "user_id", "command", "text", "response_url", "ssl_check"}

// maxFormFields is url.ParseQuery's default limit on parameters; a body
// near it is left to url.ParseQuery to judge.
const maxFormFields = 10000

// unescapeForm is url.QueryUnescape for a value already checked by
// validEscapes; it copies only when there is something to unescape.
func unescapeForm(v string) string {
	if !strings.ContainsAny(v, "%+") {
		return v
	}
	u, _ := url.QueryUnescape(v)
	return u
}

// validEscapes reports whether every "%" in s starts a two-digit hex
// escape, which is the only thing url.QueryUnescape refuses.
func validEscapes(s string) bool {
	for i := strings.IndexByte(s, '%'); i >= 0; {
		if i+2 >= len(s) {
			return false
		}
		if _, ok := fromHex(s[i+1]); !ok {
			return false
		}
		if _, ok := fromHex(s[i+2]); !ok {
			return false
		}
		j := strings.IndexByte(s[i+3:], '%')
		if j < 0 {
			break
		}
		i += 3 + j
	}
	return true
}

func writeReply(w http.ResponseWriter, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
}

// cachedAnswer is a finished slash-command reply and what metrics need of it.
type cachedAnswer struct {
	body     []byte
	intent   string
	codes    []string
	category string
	// lang and question are set when the buttons name a kept copy of the
	// question (package ref), which a hit keeps alive.
	lang, question string
}

// weight is what the answer holds beyond its fixed size, for the cache's
// byte budget.
func (c cachedAnswer) weight() int {
	n := cap(c.body) + len(c.intent) + len(c.category) + len(c.lang) + len(c.question) + 16*cap(c.codes)
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
	q := a.prepare(cmd)
	if b, ok := a.cachedBody(ctx, cmd, q); ok {
		return b
	}
	return a.computeBody(ctx, cmd, q)
}

// prepared is a slash command's question as the cache and the core read it.
type prepared struct {
	start      time.Time
	lang, text string
	key        string
}

func (a *Adapter) prepare(cmd slackapi.SlashCommand) prepared {
	q := prepared{start: time.Now()}
	q.lang, q.text = parseCommand(cmd.Text)
	// The answer is computed from the cleaned question, the cache key's own
	// text, so that a cached answer is exactly the one the key asks for (a
	// subcommand's operands are cleaned already).
	if !ref.Chosen(q.text) {
		q.text = bot.Clean(q.text)
	}
	q.key = cacheKey(q.lang, q.text)
	return q
}

// cachedBody is the reply to a question answered before, or ok false.
func (a *Adapter) cachedBody(ctx context.Context, cmd slackapi.SlashCommand, q prepared) ([]byte, bool) {
	hit, ok := a.cache.Get(q.key)
	if !ok {
		return nil, false
	}
	if !a.allow(ctx, cmd.UserID, cmd.ChannelID) {
		return append(ephemeral(a.notice(q.lang, q.text, bot.NoticeRateLimited)).appendJSON(nil), '\n'), true
	}
	if hit.question != "" {
		a.refs.Make(ctx, hit.lang, hit.question)
	}
	a.metrics.Answered(platform, hit.intent, hit.codes, hit.category, time.Since(q.start))
	return hit.body, true
}

// computeBody asks the core and caches the reply.
func (a *Adapter) computeBody(ctx context.Context, cmd slackapi.SlashCommand, q prepared) []byte {
	r, ans := a.answerCommand(ctx, cmd, q.lang, q.text, q.start)
	// Rendered in a reused buffer and kept at its size: the collector pays
	// for every byte a new answer allocates, and the cache weighs capacity.
	buf, _ := a.scratch.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	*buf = append(r.appendJSON((*buf)[:0]), '\n')
	body := bytes.Clone(*buf)
	a.scratch.Put(buf)
	if ans != nil {
		c := cachedAnswer{body: body, intent: string(ans.Intent), codes: ans.Codes, category: string(ans.Category())}
		if len(ans.Lang)+1+len(q.text) > responses.SlackMaxButtonValue {
			c.lang, c.question = ans.Lang, q.text
		}
		a.cache.Put(q.key, c)
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
		return ephemeral(a.notice(lang, text, bot.NoticeRateLimited)), nil
	}
	ans := a.ask(ref.Asked(text, a.hints(lang)))
	opts := responses.SlackOptions{Options: responses.Options{BaseURL: a.baseURL}}
	if share.Worth(ans) {
		opts.ShareValue = a.refs.Make(ctx, ans.Lang, text)
		opts.Ref = opts.ShareValue
	}
	msg := responses.Slack(ans, opts)
	a.answered(ans, start)
	return ephemeral(msg), &ans
}

// answered counts one answer.
func (a *Adapter) answered(ans bot.Answer, start time.Time) {
	a.metrics.Answered(platform, string(ans.Intent), ans.Codes, string(ans.Category()), time.Since(start))
}

// notice is a note given instead of an answer (bot.Note), in the language
// the question asked for or was written in.
func (a *Adapter) notice(lang, text string, n bot.Notice) responses.SlackMessage {
	text, h := ref.Asked(text, a.hints(lang))
	return note(a.bot.Note(n, text, h))
}

// note lays out a one-line note: a section too, not just text, as Slack
// refuses "blocks": null.
func note(s string) responses.SlackMessage {
	section := slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.MarkdownType, escape(s), false, true), nil, nil)
	return responses.SlackMessage{Text: escape(s), Blocks: slackapi.Blocks{BlockSet: []slackapi.Block{section}}}
}

// hints are what Slack tells the core besides the words: the language
// asked for (--lang, a button's), and that the text is Slack's.
func (a *Adapter) hints(lang string) bot.Hints { return bot.Hints{Lang: lang, Platform: bot.Slack} }

// refText is a question as the buttons keep it. A button's question is
// asked again as Slack text (entities read back by the core), so a file's
// content, which Slack does not encode, is encoded here to come back as it
// was: the answer shared is the one the presser saw.
func refText(text string, h bot.Hints) string {
	if h.Attachment {
		return escape(text)
	}
	return text
}

// escape keeps frame text from becoming mentions or links.
var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// parseCommand reads the slash command's text: an optional "--lang xx" (or
// "--lang=xx") anywhere, then either a subcommand (compare, explain, list,
// help) or a free question. It returns the requested language ("" for the
// message's own or the default) and the question as buttons keep it
// (ref.Question): a subcommand travels as its intent and operands, never
// as words of ours for the core to read back.
func parseCommand(text string) (lang, question string) {
	lang, text = cutLangFlag(text)
	text = strings.TrimSpace(text)
	word, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	var h bot.Hints
	switch strings.ToLower(word) {
	case "compare", "diff":
		h.Intent, h.Operands = bot.IntentCompare, compareOperands(rest)
	case "explain", "show":
		h.Intent, h.Operands = bot.IntentExplain, []string{rest}
	case "list":
		h.Intent, h.Operands = bot.IntentList, []string{rest}
	case "help":
		h.Intent, h.Operands = bot.IntentHelp, []string{rest}
	default:
		return lang, text
	}
	return lang, ref.Question("", h)
}

// compareOperands splits what /smtp compare was given: at commas when
// there are some ("mailbox full, user unknown"), at spaces when every word
// holds a digit ("252 552 5.7.1"), else it is one operand the core reads
// as it is ("mailbox full vs user unknown").
func compareOperands(rest string) []string {
	if strings.Contains(rest, ",") {
		return strings.Split(rest, ",")
	}
	fields := strings.Fields(rest)
	for _, f := range fields {
		if !strings.ContainsAny(f, "0123456789") {
			return []string{rest}
		}
	}
	return fields
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
