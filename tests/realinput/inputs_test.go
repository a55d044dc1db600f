package realinput

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
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
	slices.Sort(files)
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

// addresses are the spans of s that look like an email address: a run of
// RFC 5322 atext and dots, "@", and a dotted domain of letters, digits and
// hyphens. A scan from each "@" (a regexp is ten times slower here, which
// matters with -race on whole emails).
func addresses(s string) [][2]int {
	var spans [][2]int
	for i := strings.IndexByte(s, '@'); i >= 0; {
		start, end, floor := i, i+1, 0
		if len(spans) > 0 {
			floor = spans[len(spans)-1][1] // spans never overlap
		}
		for start > floor && (isAlnum(s[start-1]) || strings.IndexByte(".!#$%&'*+/=?^_{|}~-", s[start-1]) >= 0) {
			start--
		}
		for end < len(s) && (isAlnum(s[end]) || s[end] == '.' || s[end] == '-') {
			end++
		}
		for end > i+1 && (s[end-1] == '.' || s[end-1] == '-') {
			end--
		}
		if d := s[i+1 : end]; start < i && d != "" && isAlnum(d[0]) && strings.Contains(d, ".") {
			spans = append(spans, [2]int{start, end})
		}
		next := strings.IndexByte(s[i+1:], '@')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return spans
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// leaks are the forms of the input's addresses that a public answer must
// never show: each address cut to the last two characters of its local
// part, so "bob@example.com" leaks as "ob@example.com" while the masked
// "b…@example.com" does not. Lower case: the check ignores case.
func leaks(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, sp := range addresses(text) {
		a := text[sp[0]:sp[1]]
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
	text = slackEscaper.Replace(text)
	var b strings.Builder
	from := 0
	for _, sp := range addresses(text) {
		a := text[sp[0]:sp[1]]
		b.WriteString(text[from:sp[0]])
		b.WriteString("<mailto:" + a + "|" + a + ">")
		from = sp[1]
	}
	b.WriteString(text[from:])
	return b.String()
}
