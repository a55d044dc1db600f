package bot

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/catalog"
)

// markup is what chat platforms turn into mentions; none may survive Clean.
var markup = regexp.MustCompile(`(?i)<[@#!][^>]*>|@everyone|@here|@channel`)

// FuzzParse checks the properties of Parse on any bytes: it never panics,
// the cleaned text is valid UTF-8 within MaxInput and free of chat markup,
// and every code it returns is canonical (parses back to itself).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"252 vs 552", "what's the difference between 421 and 450?", "so sánh 421 với 450", "mailbox full",
		"550-5.7.26 This mail has been blocked\n550 5.7.26 - gsmtp", "Diagnostic-Code: smtp; 552 5.3.4 too big",
		"(#5.1.1)", "x.2.2 vs X.1.1", "list 5.7.x", "999 vs 123", "9.9.9", "",
		"\xff\xfe\xfd invalid utf-8 \xc3", "\x00\x01\x02\x1b[31m control", "\u202e552\u202c \u200f\u200b",
		"<@U0123ABCD> <!channel> <#C1|general> <mailto:a@b|a@b> <http://x|<@U1>>", "@@everyoneeveryone",
		"<<<<@U1>>>>", "<@" + strings.Repeat("x", 600) + ">", strings.Repeat("550 ", 2000),
		strings.Repeat("é", 3000), strings.Repeat("<", 5000), "5.5.5.5.5.5", "1.2.3.4 [192.0.2.1]:25",
		"ho\u0323\u0302p thu\u031b đa\u0302\u0300y",
		"$550 for the license", "call me at (555) 123-4567", "khắc phục: 550 5.1.1 user unknown",
		"`452 4.2.2` or `552 5.2.2`?", "Remote Server returned 'STOREDRV.Deliver.Exception:QuotaExceededException.Mapi'",
		"RESOLVER.ADR.RecipNotFound" + strings.Repeat(".x", 2000), "says 554 x. anyone? , what? - how?",
		"not 554 5.7.1, it's 550 5.7.1", "5.7.62 by mistake not 5.7.26 5.7.27", "nha\u0300m, 552 chu\u031b\u0301 không pha\u0309i 522 a\u0323",
		"５５２ not ５２２", "list 5.7.20 to 5.7.27", "từ 550 đến 554",
	} {
		f.Add(s)
	}
	b := newTestBot(f)
	f.Fuzz(func(t *testing.T, in string) {
		q := b.Parse(in)
		if !utf8.ValidString(q.Text) {
			t.Fatalf("Text is not valid UTF-8: %q", q.Text)
		}
		if len(q.Text) > MaxInput {
			t.Fatalf("Text has %d bytes, more than MaxInput", len(q.Text))
		}
		if m := markup.FindString(q.Text); m != "" {
			t.Fatalf("markup %q survived in %q", m, q.Text)
		}
		for _, c := range q.Codes {
			if _, err := parseCanonical(c.String()); err != nil {
				t.Fatalf("code %q is not canonical: %v", c, err)
			}
		}
		if q.Intent == "" {
			t.Fatalf("no intent for %q", in)
		}
		a := b.Answer(q, "")
		for _, c := range a.Codes {
			if _, err := parseCanonical(c); err != nil {
				t.Fatalf("answer code %q is not canonical: %v", c, err)
			}
		}
	})
}

// parseCanonical parses a code and checks that it prints back the same.
func parseCanonical(s string) (string, error) {
	c, err := catalog.ParseCode(s)
	if err != nil {
		return "", err
	}
	if c.String() != s {
		return "", fmt.Errorf("prints as %q", c.String())
	}
	return s, nil
}

// FuzzDiagnoseReply: whatever codes, stage and text a whole-email parser
// hands over, the diagnosis has a known reason (or none), a bounce verdict
// that fits it, and retry fields that fit the class.
func FuzzDiagnoseReply(f *testing.F) {
	f.Add(550, 5, 1, 1, "rcpt", "550 5.1.1 user unknown", true)
	f.Add(421, 4, 7, 0, "", "421 4.7.0 [TSS04] Messages temporarily deferred", false)
	f.Add(0, 0, 0, 0, "data", "Connection timed out", true)
	f.Add(999, 9, 9, 999, "lunch", "\xff\xfe", true)
	b := newTestBot(f)
	f.Fuzz(func(t *testing.T, basic, class, subject, detail int, stage, text string, failed bool) {
		r := Reply{Basic: catalog.ReplyCode(basic % 1000), Stage: catalog.Stage(stage), Text: text}
		if class != 0 {
			r.Enhanced, r.HasEnh = catalog.EnhancedCode{Class: class % 10, Subject: subject % 1000, Detail: detail % 1000}, true
		}
		d := b.DiagnoseReply(r, failed, "vi")
		if d.Reason != "" && b.Catalog().Reason(d.Reason) == nil {
			t.Fatalf("unknown reason %q", d.Reason)
		}
		if d.Bounce == catalog.BounceHard && (d.Category != catalog.CatRecipientUnknown || d.ReplyCode.Class() == 4) {
			t.Fatalf("hard bounce for %s %s %q", d.ReplyCode, d.Category, d.Reason)
		}
		if d.RetryBy == "server" && !d.Retry || d.RetryBy == "sender" && !d.Retry {
			t.Fatalf("retry %v by %q", d.Retry, d.RetryBy)
		}
	})
}
