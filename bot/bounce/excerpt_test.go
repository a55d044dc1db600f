package bounce

import (
	"strings"
	"testing"
)

// Excerpt keeps what can explain a failure: it ends at the returned copy
// (a marker of bounce.json, however long the separator run drawing it),
// drops the header fields that say nothing of the cause with their
// continuation lines, and is not cut by the paste's own header block.
func TestExcerpt(t *testing.T) {
	p := newParser(t)
	for name, c := range map[string]struct{ in, want string }{
		"one line": {"550 5.1.1 user unknown", "550 5.1.1 user unknown"},
		"copy marker, any run": {
			"550 5.1.1 <a@example.com>: user unknown\n---------- Original message follows\nSubject: mailbox is full\n",
			"550 5.1.1 <a@example.com>: user unknown"},
		"marker without separator": {
			"Remote server said: 552 5.2.2 over quota\nContent-Type: text/rfc822-headers\n\nFrom: someone\n",
			"Remote server said: 552 5.2.2 over quota"},
		"noise headers and their continuations": {
			"Received: from mx.example.com\n\tby relay.example.net\nSubject: Your mailbox is full\nReporting-MTA: dns; sender.example\nDiagnostic-Code: smtp; 550 5.7.1 blocked\n",
			"Diagnostic-Code: smtp; 550 5.7.1 blocked"},
		"received lines of the paste do not cut it": {
			"Received: from a.example\nReceived: from b.example\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 no such user\n",
			"Status: 5.1.1\nDiagnostic-Code: smtp; 550 no such user"},
		"an extension field holding an smtp diagnostic is the reply": {
			"X-Mailer: Example 1.0\nX-Supplementary-Info: <192.0.2.32 #5.0.0 smtp; 550 \"Unknown User\">\nX-Spam-Score: 5.2\n",
			"X-Supplementary-Info: <192.0.2.32 #5.0.0 smtp; 550 \"Unknown User\">"},
	} {
		if got := p.Excerpt(c.in); got != c.want {
			t.Errorf("%s: Excerpt = %q, want %q", name, got, c.want)
		}
	}
}

// In a report's body the copy's header lines end the report (not on the
// first line), and so do the markers.
func TestReportTextEnds(t *testing.T) {
	p := newParser(t)
	report := "<a@example.com>: host mx.example.com said: 550 no such user\n"
	for _, copyStart := range []string{"Received: from mx.example.com\n", "------ Received: by relay\n", "--- Below the next line is a copy of the message.\n"} {
		if got := p.reportText(report + copyStart + "To: a@example.com\n"); got != report {
			t.Errorf("after %q: reportText = %q, want %q", strings.TrimSpace(copyStart), got, report)
		}
	}
	if got := p.reportText("Received: from x\nmore\n"); got != "Received: from x\nmore\n" {
		t.Errorf("a first line ends the report: %q", got)
	}
}
