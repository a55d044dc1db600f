package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/responses"
)

// flagSpec describes the value flags a subcommand accepts.
type flagSpec map[string]*string

// parseFlags reads "--name value" and "--name=value" anywhere in args (so
// `ask "252 vs 552" --format json` works) and returns the other arguments.
// "--" ends flag parsing.
func parseFlags(args []string, spec flagSpec) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return append(rest, args[i+1:]...), nil
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			rest = append(rest, arg)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		p, ok := spec[name]
		if !ok {
			if looksNumeric(arg) { // "-5" is text, not a flag
				rest = append(rest, arg)
				continue
			}
			return nil, fmt.Errorf("%w: unknown flag %s", errUsage, arg)
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("%w: flag %s needs a value", errUsage, arg)
			}
			i++
			value = args[i]
		}
		*p = value
	}
	return rest, nil
}

func looksNumeric(s string) bool {
	s = strings.TrimLeft(s, "-")
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

var askFormats = []string{"text", "markdown", "json", "slack", "discord", "html"}

func (a app) loadBot(lang string) (*bot.Bot, error) {
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		return nil, err
	}
	def := a.getenv("SMTPBOT_DEFAULT_LANG")
	if def == "" {
		def = catalog.English
	}
	if lang != "" && !cat.HasLanguage(lang) {
		return nil, fmt.Errorf("%w: unknown language %q (have %s)", errUsage, lang, strings.Join(cat.FrameLanguages(), ", "))
	}
	return bot.New(cat, bot.WithDefaultLang(def)), nil
}

func askUsage() string {
	return "usage: smtpbot ask [--format " + strings.Join(askFormats, "|") + "] [--detail short|full] [--lang LANG] TEXT..."
}

// newRenderer checks the output flags ask and diagnose share. The chat
// formats start with the short card, as the adapters send it (detail
// "full" gives the whole answer); the terminal, the web and JSON always
// give the full answer.
func (a app) newRenderer(format, detail string) (renderer, error) {
	if !slices.Contains(askFormats, format) {
		return renderer{}, fmt.Errorf("%w: unknown format %q (want %s)", errUsage, format, strings.Join(askFormats, ", "))
	}
	d, ok := responses.ParseDetail(detail)
	if !ok {
		return renderer{}, fmt.Errorf("%w: unknown detail %q (want short or full)", errUsage, detail)
	}
	return renderer{
		format: format, detail: d, opts: responses.Options{BaseURL: a.getenv("SMTPBOT_PUBLIC_URL")},
		color: a.stdoutTTY && a.getenv("NO_COLOR") == "", width: a.termWidth,
	}, nil
}

// answering is what ask and diagnose read from their flags: the arguments
// left, how to render, the bot, and the language asked for.
type answering struct {
	rest []string
	r    renderer
	b    *bot.Bot
	lang string
}

// answering parses the flags ask and diagnose share and builds what they
// answer with; usage is the command's usage line for flag errors.
func (a app) answering(args []string, usage string) (answering, error) {
	format, lang, detail := "text", "", "short"
	rest, err := parseFlags(args, flagSpec{"format": &format, "lang": &lang, "f": &format, "detail": &detail})
	if err != nil {
		return answering{}, withUsage(err, usage)
	}
	r, err := a.newRenderer(format, detail)
	if err != nil {
		return answering{}, err
	}
	b, err := a.loadBot(lang)
	if err != nil {
		return answering{}, err
	}
	return answering{rest: rest, r: r, b: b, lang: lang}, nil
}

func (a app) ask(args []string) error {
	ans, err := a.answering(args, askUsage())
	if err != nil {
		return err
	}
	rest, r, b, lang := ans.rest, ans.r, ans.b, ans.lang
	if len(rest) > 0 {
		return r.write(a.stdout, b.Ask(strings.Join(rest, " "), bot.Hints{Lang: lang, Platform: bot.CLI}), false)
	}
	if a.stdinTTY {
		return withUsage(fmt.Errorf("%w: no question given", errUsage), askUsage())
	}
	// One message per line, one answer per line (or per block for text).
	sc := bufio.NewScanner(a.stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		if err := r.write(a.stdout, b.Ask(sc.Text(), bot.Hints{Lang: lang, Platform: bot.CLI}), true); err != nil {
			return err
		}
	}
	return sc.Err()
}

type renderer struct {
	format string
	detail responses.Detail // for the chat formats
	opts   responses.Options
	color  bool
	width  int
}

// write renders one answer. In batch mode, JSON-based formats are written as
// one line each, and text answers are separated by a blank line.
func (r renderer) write(w io.Writer, ans bot.Answer, batch bool) error {
	var out []byte
	var err error
	switch r.format {
	case "json":
		out, err = responses.JSON(ans, r.opts)
	case "slack":
		out, err = marshal(responses.Slack(ans, responses.SlackOptions{Options: r.opts, Detail: r.detail}), batch)
	case "discord":
		out, err = marshal(responses.Discord(ans, responses.DiscordOptions{Options: r.opts, Detail: r.detail}), batch)
	case "markdown":
		out = []byte(responses.Markdown(ans, r.opts))
	case "html":
		out = []byte(responses.HTML(ans, responses.HTMLOptions{Options: r.opts}))
	default:
		out = []byte(responses.Text(ans, responses.TextOptions{Options: r.opts, Width: r.width, Color: r.color}))
	}
	if err != nil {
		return err
	}
	if batch && (r.format == "text" || r.format == "markdown") {
		out = append(out, '\n')
	} else if len(out) == 0 || out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	_, err = w.Write(out)
	return err
}

func marshal(v any, compact bool) ([]byte, error) {
	if compact {
		return json.Marshal(v)
	}
	return json.MarshalIndent(v, "", "  ")
}
