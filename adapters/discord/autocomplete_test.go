package discord_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// choices asks the endpoint to autocomplete the code option of /smtp
// explain and returns the values offered.
func (f *fixture) choices(t *testing.T, locale, typed string) []string {
	t.Helper()
	code, body := f.post(t, command(4, locale, "explain", focusedOpt("code", typed)))
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	var out []string
	for _, c := range decode(t, body).Data.Choices {
		out = append(out, c.Value)
	}
	return out
}

// TestAutocompleteAgreesWithChat runs the same words through chat and
// autocomplete: the code chat answers with (or, when it does not
// understand, suggests first) is the first choice autocomplete offers.
func TestAutocompleteAgreesWithChat(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := testBot(t)
	for _, in := range []string{
		"inbox full", "auth failed", "message too big", "mailbox full", "user unknown",
		"quota exceeded", "greylisted", "relay denied",
		"5.7.", "55", "x.7", "552", "5.7.26", "5.7.99",
		"mailbx ful", "usr unknwn", "authentcation faild", "mesage to big", "5.7.62", "4211",
	} {
		ans := b.Ask(in, bot.Hints{Lang: catalog.English})
		chat := ""
		switch {
		case len(ans.Codes) > 0:
			chat = ans.Codes[0]
		case ans.Unknown != nil && len(ans.Unknown.Suggestions) > 0:
			chat = ans.Unknown.Suggestions[0].Code
		}
		got := f.choices(t, "en-US", in)
		if chat == "" || len(got) == 0 || got[0] != chat {
			t.Errorf("%q: chat answers %q, autocomplete offers %v first", in, chat, got)
		}
	}
}

func TestAutocompleteCodes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		in, locale string
		first      string   // the first choice, when set
		has        []string // choices that must be there
		not        []string // choices that must not
		all        func(v string) bool
	}{
		{in: "", has: []string{"550", "421"}, all: func(v string) bool { return len(v) == 3 }},
		{in: "55", first: "550", has: []string{"552", "554"}, all: func(v string) bool { return strings.HasPrefix(v, "55") }},
		{in: "4.2.2", first: "4.2.2"},
		{in: "5.7.2", has: []string{"5.7.26", "5.7.25"}, all: func(v string) bool { return strings.HasPrefix(v, "5.7.2") }},
		{in: "x.7", has: []string{"X.7.1"}, all: func(v string) bool { return strings.HasPrefix(v, "X.7.") }},
		{in: "4211", has: []string{"421"}},      // one digit too many
		{in: "5.7.62", has: []string{"5.7.26"}}, // swapped digits
		{in: "storage", has: []string{"552"}},   // name
		{in: "mailbx ful", first: "552"},        // typos
		{in: "hop thu day", locale: "vi", first: "552"},
		{in: "hộp thư đầy", locale: "vi", first: "552"},
	}
	for _, tt := range tests {
		locale := tt.locale
		if locale == "" {
			locale = "en-US"
		}
		got := f.choices(t, locale, tt.in)
		if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
			t.Errorf("%q: choices %v, want %s first", tt.in, got, tt.first)
		}
		for _, h := range tt.has {
			if !slices.Contains(got, h) {
				t.Errorf("%q: choices %v lack %s", tt.in, got, h)
			}
		}
		for _, n := range tt.not {
			if slices.Contains(got, n) {
				t.Errorf("%q: choices %v include %s", tt.in, got, n)
			}
		}
		for _, v := range got {
			if tt.all != nil && !tt.all(v) {
				t.Errorf("%q: choice %q does not fit", tt.in, v)
			}
		}
	}
}

// TestAutocompleteEveryCode checks that every catalog code is offered first
// when its number is typed in full: no code is unreachable.
func TestAutocompleteEveryCode(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cat := testBot(t).Catalog()
	var codes []string
	for _, r := range cat.Replies() {
		codes = append(codes, r.Code.String())
	}
	for _, e := range cat.EnhancedList() {
		codes = append(codes, "5"+e.Code.String()[1:])
	}
	for _, code := range codes {
		if got := f.choices(t, "en-US", code); len(got) == 0 || got[0] != code {
			t.Errorf("%s: choices %v", code, got)
		}
	}
}
