package bounce

import (
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func TestJoinReplies(t *testing.T) {
	tabletest.Check(t, "JoinReplies", JoinReplies, []struct{ In, Want string }{
		// Lines of a reply, as lines.
		{"550-5.1.1 The email account does not exist. Please try\n550-5.1.1 double-checking the address or\n550 5.1.1 spaces. - gsmtp",
			"550 5.1.1 The email account does not exist. Please try double-checking the address or spaces. - gsmtp"},
		// Folded into one line (a Diagnostic-Code), continuation inside.
		{"552-5.2.2 The inbox is out of storage space\n    and inactive. Please 552-5.2.2 direct the recipient to 552 5.2.2\n    https://example.com/quota",
			"552 5.2.2 The inbox is out of storage space and inactive. Please direct the recipient to https://example.com/quota"},
		// A transcript.
		{"<<< 552-5.7.0 This message was blocked\n<<< 552-5.7.0 security issue.\n<<< 552 5.7.0 guidelines. - gsmtp\n554 5.0.0 Service unavailable",
			"<<< 552 5.7.0 This message was blocked security issue. guidelines. - gsmtp 554 5.0.0 Service unavailable"},
		// Without enhanced codes.
		{"550-Please turn on SMTP Authentication.\n550-mail0.example.com is not permitted to\n550 relay through this server.",
			"550 Please turn on SMTP Authentication. mail0.example.com is not permitted to relay through this server."},
		// Only the first line: written as the one line it is.
		{"5.1.0 - Unknown address error 550-'5.7.1 <a@example.jp>... Access denied'",
			"5.1.0 - Unknown address error 550 '5.7.1 <a@example.jp>... Access denied'"},
		// Numbers among the words stay; no continuation: unchanged.
		{"550 5.2.2 mailbox size 550 MB exceeded", "550 5.2.2 mailbox size 550 MB exceeded"},
		{"550-5.2.2 mailbox over\n550 5.2.2 quota (550 MB)", "550 5.2.2 mailbox over quota (550 MB)"},
		{"call 555-1234 now", "call 555-1234 now"},
		{"no code here\n  at all", "no code here\n  at all"},
	})
}

// A Diagnostic-Code holding only a reply's first line is completed from
// the transcript in the report; a different reply there is not taken.
func TestTranscriptReply(t *testing.T) {
	report := "(reason: 552-5.7.0 This message was blocked because)\n\n>>> DATA\n<<< 552-5.7.0 This message was blocked because\n<<< 552 5.7.0 of its content.\n554 5.0.0 Service unavailable\n"
	got := JoinReplies(transcriptReply(report, "552-5.7.0 This message was blocked because"))
	if want := "552 5.7.0 This message was blocked because of its content."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := transcriptReply(report, "550-5.1.1 Some other reply here"); got != "" {
		t.Errorf("a reply the report does not hold: got %q", got)
	}
}

func TestIsSeparator(t *testing.T) {
	tabletest.CheckMap(t, "isSeparator", isSeparator, map[string]bool{
		"------- Failure Reasons  --------":            true,
		"   ----- Transcript of session follows -----": true,
		"****** Message from InterScan ******":         true,
		"--9B095B5ADSN=_01D03A62B009E3D8000522C4BAY":   true,
		"-----":                true,
		"- a list item":        false,
		"550 5.1.1 -- unknown": false,
		"--":                   false,
	})
}

// Hostile input: ten thousand continuation lines are joined in linear
// work, measured by allocations (a quadratic join would allocate for
// every line).
func TestJoinRepliesLarge(t *testing.T) {
	var b strings.Builder
	for range 10000 {
		b.WriteString("550-5.7.1 more words here\n")
	}
	b.WriteString("550 5.7.1 end")
	in := b.String()
	allocs := testing.AllocsPerRun(3, func() { _ = JoinReplies(in) })
	if allocs > 10 {
		t.Errorf("JoinReplies of 10,000 lines: %.0f allocations, want a few", allocs)
	}
	if got := JoinReplies(in); !strings.HasPrefix(got, "550 5.7.1 more words here more words") || strings.Count(got, "550") != 1 {
		t.Errorf("joined: %.80q", got)
	}
}

func BenchmarkJoinReplies10000Lines(b *testing.B) {
	var sb strings.Builder
	for range 10000 {
		sb.WriteString("<<< 550-5.7.1 more words here\n")
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		_ = JoinReplies(in)
	}
}

// FuzzJoinReplies: any text, never a panic, never longer than it was, and
// valid UTF-8 stays valid.
func FuzzJoinReplies(f *testing.F) {
	f.Add("550-5.1.1 a\n550-5.1.1 b\n550 5.1.1 c")
	f.Add("<<< 552-5.7.0 x\n<<< 552 5.7.0 y")
	f.Add("550-'5.7.1 x' 550-")
	f.Add("555-1234 550- 550 550-5.7.1 5.7.1")
	f.Fuzz(func(t *testing.T, s string) {
		got := JoinReplies(s)
		if len(got) > len(s) {
			t.Fatalf("JoinReplies(%q) = %q, longer", s, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("JoinReplies(%q) = %q, invalid UTF-8", s, got)
		}
		_ = transcriptReply(s, s)
		_ = dropSeparators(s)
	})
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A whole report with a reply of many thousand continuation lines is read
// in work linear in its size: ten times the lines, at most about ten
// times the bytes allocated.
func TestParseManyContinuationLines(t *testing.T) {
	p := newParser(t)
	// The MTA's own text (no DSN), then a DSN's Diagnostic-Code.
	texts := []func(n int) string{
		func(n int) string {
			return "<r@c.example>: host mx.c.example said:\n" + strings.Repeat("550-5.7.1 more words of the reply here\n", n) + "550 5.7.1 end\n"
		},
		func(n int) string {
			return "Final-Recipient: rfc822; r@c.example\nAction: failed\nStatus: 5.7.1\nDiagnostic-Code: smtp; 550-5.7.1 first\n" + strings.Repeat("550-5.7.1 more\n", n)
		},
	}
	for k, text := range texts {
		msg := func(n int) []byte {
			return []byte("From: MAILER-DAEMON@a.example\nTo: s@b.example\nSubject: Undelivered Mail\n\n" + text(n))
		}
		small, large := msg(1000), msg(10000)
		a1, a10 := allocated(func() { p.Parse(small) }), allocated(func() { p.Parse(large) })
		if a10 > 15*a1 {
			t.Errorf("text %d: bytes allocated: %d for 1,000 lines, %d for 10,000", k, a1, a10)
		}
		if r := p.Parse(large); len(r.Records) != 1 || len(r.Records[0].Diagnostic) > maxDiagnostic {
			t.Errorf("text %d: records %+v", k, r.Records)
		}
	}
}

func TestDropBoxes(t *testing.T) {
	banner := "    **********************************************\n" +
		"    **      THIS IS A WARNING MESSAGE ONLY      **\n" +
		"    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n" +
		"    **********************************************\n"
	rest := "\nThe original message was received at Thu, 26 Nov 2009\n"
	tabletest.CheckMap(t, "dropBoxes", dropBoxes, map[string]string{
		banner + rest: rest,
		// A heading between marks, without rules around it, is kept.
		"** Address not found **\n\nYour message wasn't delivered.\n": "** Address not found **\n\nYour message wasn't delivered.\n",
		// Two rules in a row hold no box.
		"******\n******\ntext\n": "******\n******\ntext\n",
		// A box that is never closed is text.
		"******\n** a **\nplain\n": "******\n** a **\nplain\n",
	})
}

// A delay notice opening with a boxed banner and naming no recipient in its
// text gives each recipient what the text says after the banner.
func TestBannerIsNoDiagnostic(t *testing.T) {
	msg := "From: Mail Delivery Subsystem <MAILER-DAEMON@example.com>\n" +
		"To: <sender@example.org>\nSubject: Warning: could not send message for past 4 hours\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n" +
		"--b\n\n" +
		"    **********************************************\n" +
		"    **      THIS IS A WARNING MESSAGE ONLY      **\n" +
		"    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n" +
		"    **********************************************\n\n" +
		"   ----- Transcript of session follows -----\n451 example.net: Name server timeout\n\n" +
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; example.com\n\n" +
		"Final-Recipient: RFC822; one@example.net\nAction: delayed\nStatus: 4.4.3\n\n--b--\n"
	wantRecord(t, newParser(t), recordCase{name: "banner", msg: msg, addr: "one@example.net", diag: "Name server timeout", without: "WARNING MESSAGE"})
}
