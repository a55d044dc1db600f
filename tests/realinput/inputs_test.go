package realinput

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
)

// input is one real message: its name, its text and whether it is a whole
// email, which is then also diagnosed as a file.
type input struct {
	name  string
	text  string
	email bool
}

// evalInputs are the "input" fields of tests/eval/cases.jsonl.
func evalInputs(t *testing.T) []input {
	t.Helper()
	f, err := os.Open("../eval/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ins []input
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c struct{ ID, Input string }
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("eval case %d: %v", len(ins)+1, err)
		}
		ins = append(ins, input{name: "eval/" + c.ID, text: c.Input})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ins
}

// emails are the .eml files matched by pattern; keep says which to take.
func emails(t *testing.T, pattern string, keep func(base string) bool) []input {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var ins []input
	for _, f := range files {
		if !keep(filepath.Base(f)) {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, input{name: filepath.ToSlash(f), text: string(raw), email: true})
	}
	return ins
}

// addrRE finds what looks like an email address in an input.
var addrRE = regexp.MustCompile(`[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+`)

// leaks are the forms of the input's addresses that a public answer must
// never show: each address cut to the last two characters of its local
// part, so "bob@example.com" leaks as "ob@example.com" while the masked
// "b…@example.com" does not. Lower case: the check ignores case.
func leaks(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range addrRE.FindAllString(text, -1) {
		at := strings.LastIndexByte(a, '@')
		local := strings.TrimRight(a[:at], ".")
		if local == "" {
			continue
		}
		if len(local) > 2 {
			local = local[len(local)-2:]
		}
		l := strings.ToLower(local + a[at:])
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// slackEscaper is Slack's encoding of message text (&, <, >).
var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// delivered is the text as the platform hands it to the bot: Discord as
// typed, Slack escaped, with each address made a mailto link (an input
// with Slack's markup in it is taken as delivered already).
func delivered(text string, p bot.Platform) string {
	if p != bot.Slack || strings.Contains(text, "<@") || strings.Contains(text, "<!") || strings.Contains(text, "|") && strings.Contains(text, "<http") {
		return text
	}
	return addrRE.ReplaceAllStringFunc(slackEscaper.Replace(text), func(a string) string {
		return "<mailto:" + a + "|" + a + ">"
	})
}
