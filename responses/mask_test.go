package responses

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func TestMaskEmails(t *testing.T) {
	tabletest.Check(t, "maskEmails", maskEmails, []struct{ In, Want string }{
		{"no address here", "no address here"},
		{"550 5.1.1 <bob@example.com>: user unknown", "550 5.1.1 <b…@example.com>: user unknown"},
		{"to=alice.smith+tag@mail.example.org, relay=mx.example.org[192.0.2.7]", "t…@mail.example.org, relay=mx.example.org[192.0.2.7]"}, // "=" is atext: VERP addresses hide a recipient after it
		{"bounces+bob=example.org@lists.example.com", "b…@lists.example.com"},
		{"a@b.c and x@y.z.", "a…@b.c and x…@y.z."},
		{"ệ@ví.dụ", "ệ…@ví.dụ"},
		{"@ alone, user@localhost, @example.com", "@ alone, user@localhost, @example.com"},
		{"&lt;bob@example.com&gt;", "&lt;b…@example.com&gt;"},
		{"two@@example.com", "two@@example.com"},
	})
}

// A public answer shows no recipient or sender address in any format, at
// either level of detail; IP addresses stay. The private answer shows them.
func TestPublicMasksEveryFormat(t *testing.T) {
	b := newBot(t)
	const bounce = "Final-Recipient: rfc822; bob.smith@example.com\n" +
		"Original-Recipient: rfc822;carol@example.net\n" +
		"Action: failed\nStatus: 5.1.1\n" +
		"Remote-MTA: dns; mx.example.com [192.0.2.25]\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 <bob.smith@example.com>: Recipient address rejected: User unknown in virtual mailbox table (sender alice@example.org, client 192.0.2.25)"
	hidden := []string{"bob.smith@", "carol@", "alice@", "ob.smith@"}
	for _, lang := range []string{"en", "vi"} {
		a := b.Ask(bounce, bot.Hints{Lang: lang})
		if a.Diagnosis == nil && len(a.Diagnoses) == 0 {
			t.Fatalf("%s: not read as a diagnosis: %s", lang, a.Intent)
		}
		render := func(public bool) map[string]string {
			o := Options{BaseURL: "https://smtpbot.example", Public: public}
			out := map[string]string{}
			for _, d := range []Detail{DetailShort, DetailFull} {
				name := map[Detail]string{DetailShort: "short", DetailFull: "full"}[d]
				sj, _ := json.Marshal(Slack(a, SlackOptions{Options: o, Detail: d, Ref: "ref"}))
				out["slack-"+name] = string(sj)
				dj, _ := json.Marshal(Discord(a, DiscordOptions{Options: o, Detail: d, Ref: "ref"}))
				out["discord-"+name] = string(dj)
			}
			out["text"] = Text(a, TextOptions{Options: o})
			out["markdown"] = Markdown(a, o)
			out["html"] = HTML(a, HTMLOptions{Options: o})
			return out
		}
		private := render(false)
		for format, s := range render(true) {
			for _, h := range hidden {
				if strings.Contains(s, h) {
					t.Errorf("%s %s public: shows %q", lang, format, h)
				}
			}
			if !strings.Contains(s, "192.0.2.25") {
				t.Errorf("%s %s public: the IP address is gone", lang, format)
			}
			if strings.Contains(private[format], "bob.smith@example.com") && !strings.Contains(s, "b…@example.com") {
				t.Errorf("%s %s public: the address is dropped, not masked", lang, format)
			}
		}
		if !strings.Contains(private["slack-full"], "bob.smith@example.com") {
			t.Errorf("%s: the private full answer should show the address", lang)
		}
	}
}

// FuzzMaskEmails: hostile text never panics, valid UTF-8 stays valid,
// masking twice changes nothing, and no "@" is added or removed.
func FuzzMaskEmails(f *testing.F) {
	for _, s := range []string{"bob@example.com", "<a@b.c>", "x@y", "@@@", "ệ@ví.dụ", "a.b.c@d-e.f.", "\xff@\xfe.com", "to=<bob+x=y@ex.org>, relay=[192.0.2.1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := maskEmails(s)
		if utf8.ValidString(s) && !utf8.ValidString(m) {
			t.Fatalf("maskEmails(%q) = %q: invalid UTF-8", s, m)
		}
		if strings.Count(m, "@") != strings.Count(s, "@") {
			t.Fatalf("maskEmails(%q) = %q: the @ count changed", s, m)
		}
		if again := maskEmails(m); again != m {
			t.Fatalf("masking twice: %q then %q", m, again)
		}
	})
}
