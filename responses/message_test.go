package responses

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/tests/golden"
)

// TestGoldenBounceEmail renders the diagnosis of a whole bounce email
// with three recipients (failed, failed, delayed) in JSON and text, in
// English and Vietnamese.
func TestGoldenBounceEmail(t *testing.T) {
	b := newBot(t)
	raw, err := os.ReadFile("testdata/bounce-multi.eml")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "vi"} {
		a := b.DiagnoseMessage(raw, lang)
		if len(a.Diagnoses) != 3 || a.NotBounce != "" {
			t.Fatalf("%s: %d diagnoses, not_bounce %q", lang, len(a.Diagnoses), a.NotBounce)
		}
		j, err := JSON(a, Options{})
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "bounce-multi."+lang+".json.golden", golden.Indent(t, j))
		golden.Check(t, "bounce-multi."+lang+".txt.golden", []byte(Text(a, TextOptions{Width: 100})))
	}
}

// A message that is not a bounce says so in every format, and its JSON
// has not_bounce and no diagnoses.
func TestNotBounceAnswer(t *testing.T) {
	b := newBot(t)
	a := b.DiagnoseMessage([]byte("From: a@b.example\nTo: c@d.example\nSubject: Automatic reply: hi\n\nAway.\n"), "en")
	j, err := JSON(a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(j, &got); err != nil {
		t.Fatal(err)
	}
	if got["not_bounce"] != "autoreply" || got["diagnoses"] != nil || got["intent"] != "diagnose" {
		t.Errorf("JSON %s", j)
	}
	for name, out := range map[string]string{
		"text": Text(a, TextOptions{}), "markdown": Markdown(a, Options{}), "html": HTML(a, HTMLOptions{}),
	} {
		if !strings.Contains(out, "automatic reply") {
			t.Errorf("%s does not say it is an automatic reply:\n%s", name, out)
		}
	}
}

// A bounce with many recipients shows at most MaxRecipients, says how many
// more there are, and stays inside Slack's and Discord's limits.
func TestManyRecipientsWithinLimits(t *testing.T) {
	b := newBot(t)
	var msg strings.Builder
	msg.WriteString("From: MAILER-DAEMON@mx.example.net\nTo: s@example.org\nSubject: Undelivered Mail\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n")
	const n = 60
	for i := range n {
		fmt.Fprintf(&msg, "Final-Recipient: rfc822; user%d@example.com\nAction: failed\nStatus: 5.7.1\nDiagnostic-Code: smtp; 550 5.7.1 %s\n\n", i, strings.Repeat("Message rejected by policy. ", 40))
	}
	msg.WriteString("--B--\n")
	for _, lang := range []string{"en", "vi"} {
		a := b.DiagnoseMessage([]byte(msg.String()), lang)
		if len(a.Diagnoses) != n {
			t.Fatalf("%d diagnoses, want %d", len(a.Diagnoses), n)
		}
		text := Text(a, TextOptions{})
		if strings.Contains(text, fmt.Sprintf("user%d@", MaxRecipients)) || !strings.Contains(text, fmt.Sprint(n-MaxRecipients)) {
			t.Errorf("%s: text shows more than %d recipients or does not count the rest", lang, MaxRecipients)
		}
		checkSlack(t, "many recipients/"+lang, Slack(a, SlackOptions{Options: Options{BaseURL: "https://x.example"}}))
		for name, o := range discordOptions() {
			checkDiscord(t, "many recipients/"+lang+"/"+name, Discord(a, o))
		}
		var j JSONAnswer
		out, _ := JSON(a, Options{})
		if err := json.Unmarshal(out, &j); err != nil || len(j.Diagnoses) != n {
			t.Errorf("JSON lists %d diagnoses (%v), want all %d", len(j.Diagnoses), err, n)
		}
	}
	_ = bot.IntentDiagnose
}
