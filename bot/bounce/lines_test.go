package bounce

import (
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// TestNamedAddress checks the list entry of a display name and an
// address, and what is not one.
func TestNamedAddress(t *testing.T) {
	tabletest.Check(t, "namedAddress", func(line string) bool {
		as := findAddresses(line)
		if len(as) == 0 {
			t.Fatalf("%q: no address found", line)
		}
		return namedAddress(line, as[0])
	}, []struct {
		In   string
		Want bool
	}{
		{"Example User (user@example.com)", true},
		{"Example User <user@example.com>", true},
		{"[Example User (user@example.com)](mailto:user@example.com)", true},
		{"\"O'Neil, Ann\" <user@example.com>", true},
		{"[Example User (user@example.com)](mailto:other@example.com)", false},
		{"To: Example User <user@example.com>", false},
		{"Example User <user@example.com> wrote:", false},
		{"Please write to our helpdesk team at once (user@example.com)", false},
		{"Room 12 (user@example.com)", false},
		{"user@example.com", false},
		// Outlook's entry stamped with the time delivery was tried,
		// after one word of the report's language.
		{"Example User <user@example.com> on 12/7/2026 9:15 AM", true},
		{"Example User <user@example.com> le 07/12/2026 09:15", true},
		{"Example User (user@example.com) 2026-12-07 09:15:00", true},
		{"Example User <user@example.com> on 12/7/2026", false},
		{"Example User <user@example.com> wrote on 12/7/2026 9:15 AM:", false},
		{"Example User <user@example.com> said on 12/7/2026 9:15 AM", false},
		{"Example User <user@example.com> on 12/7/2026 9:15 AM Mailbox full", false},
	})
}

// An Outlook report lists each recipient with the time it was tried, the
// reason on the next line: the entry is the recipient, the next line its
// text.
func TestStampedEntry(t *testing.T) {
	p := newParser(t)
	msg := "From: System Administrator <postmaster@example.com>\nTo: Alice <alice@example.com>\nSubject: Undeliverable: budget\n" +
		"Date: Mon, 07 Dec 2026 09:16:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=\"us-ascii\"\n\n" +
		"Your message did not reach some or all of the intended recipients.\n\n      Subject: budget\n      Sent: 12/7/2026 9:15 AM\n\n" +
		"The following recipient(s) cannot be reached:\n\n      Robin Example <robin@example.net> on 12/7/2026 9:15 AM\n" +
		"            This mailbox is read-only for you: you cannot send messages as its owner.\n"
	wantRecord(t, p, recordCase{name: "outlook stamped entry", msg: msg, addr: "robin@example.net", prefix: "This mailbox is read-only"})
}

// TestQuotedLocalPart checks addresses whose local part is a quoted
// string (RFC 5321 §4.1.2), which may hold "@" and come before a domain
// without a dot, as written in a report and in a DSN field.
func TestQuotedLocalPart(t *testing.T) {
	tabletest.CheckMap(t, "findAddresses", firstAddress, map[string]string{
		`<"user.name@example.com"@forwarding> (expanded from`: `"user.name@example.com"@forwarding`,
		`"john doe"@example.org: 550 no such user`:            `"john doe"@example.org`,
		`Recipient: "a@b"@relay.example.net`:                  `"a@b"@relay.example.net`,
		`he said "hi" @ noon to ann@example.com`:              `ann@example.com`,
		`say"x"@host`:                                         ``,
		`"unterminated@example.com`:                           `unterminated@example.com`,
		`""@example.com or bob@example.com`:                   `bob@example.com`,
	})
	recs := dsnRecords("Final-Recipient: rfc822; \"user.name@example.com\"@forwarding\nAction: failed\nStatus: 5.0.0\n", true)
	if len(recs) != 1 || recs[0].Recipient != `"user.name@example.com"@forwarding` {
		t.Errorf("DSN field: %+v", recs)
	}
}

// TestQuotedByTheText checks that quotes and braces the surrounding text
// opens right before an address and closes right after it (a Python dict's
// "{'key': ...}", a shell's backquotes, Markdown's emphasis "**addr**") are read as the text's, not the
// local part's, while a quote inside a local part stays.
func TestQuotedByTheText(t *testing.T) {
	tabletest.CheckMap(t, "findAddresses", firstAddress, map[string]string{
		`SMTPRecipientsRefused: {'user@example.com': (550, b'5.1.1 unknown')}`: `user@example.com`,
		`refused: ['user@example.com', 'ann@example.net']`:                     `user@example.com`,
		`mail to {user@example.com} failed`:                                    `user@example.com`,
		"sent to `user@example.com` failed":                                    `user@example.com`,
		`{user@example.com failed`:                                             `{user@example.com`,
		`o'brien@example.com: 550 no such user`:                                `o'brien@example.com`,
		`to 'o'brien@example.com' failed`:                                      `o'brien@example.com`,
		`{'o'brien@example.com': (550, b'unknown')}`:                           `o'brien@example.com`,
		`delivery to **user@example.com** has failed`:                          `user@example.com`,
		`delivery to *user@example.com* has failed`:                            `user@example.com`,
		`*user@example.com failed`:                                             `*user@example.com`,
	})
}

// TestTaggedStatus checks Exchange's status for the recipient, marked with
// "#" after the host inside the reply it reports, and that a report
// without a Status field takes it.
func TestTaggedStatus(t *testing.T) {
	tabletest.CheckMap(t, "TaggedStatus", TaggedStatus, map[string]string{
		"554 5.4.0 <mx.example.com #4.4.1>":                          "4.4.1",
		"<mx.example.com #5.7.1 smtp;530 5.7.1 Client was not auth>": "5.7.1",
		"554 5.0.0 <mx.example.com #5.0.0 smtp; 550 5.7.1 refused>":  "5.0.0",
		"ticket #5.1.1 is open":                                      "",
		"<a b #5.1.1>":                                               "",
		"<mx.example.com #2.0.0>":                                    "",
		"<mx.example.com #12>":                                       "",
		"550 no such user (#5.1.1)":                                  "",
	})
	rep := newParser(t).Parse([]byte("From: postmaster@mx.example.edu\nTo: sender@example.org\nSubject: Delivery delayed:Testing\n\n" +
		"Delivery is delayed to these recipients or groups:\n\nrcpt@example.com\n\n" +
		"Diagnostic information for administrators:\n\nrcpt@example.com\nRemote Server returned '554 5.4.0 <mx.example.com #4.4.1>'\n"))
	if len(rep.Records) != 1 || rep.Records[0].Status != "4.4.1" {
		t.Errorf("records %+v", rep.Records)
	}
}

// An address a fixed-width report breaks across the line end mid-word
// ("… Local mailbox memb" then "er@mail.ru is unavailable: …") is the
// recipient's own, read on as its text: no second recipient, and the
// words after it stay the first one's.
func TestBrokenAddressIsNoRecipient(t *testing.T) {
	msg := "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: sender@example.org\n" +
		"Subject: Mail delivery failed: returning message to sender\n\n" +
		"This message was created automatically by mail delivery software.\n\n" +
		"A message that you sent could not be delivered to one or more of\nits recipients. " +
		"The following address(es) failed:\n\nmember@example.net:\n" +
		"SMTP error from remote server for TEXT command, host: mx.example.net (192.0.2.1) reason: 550 Local mailbox memb\n" +
		"er@example.net is unavailable: account is disabled\n"
	wantRecord(t, newParser(t), recordCase{name: "broken address", msg: msg, addr: "member@example.net", diag: "account is disabled"})
	broken := func(prev, next string) bool { return brokenAddress(prev, next, "member@example.net") }
	tabletest.Check2(t, "brokenAddress", broken, []struct {
		A, B string
		Want bool
	}{
		{"reason: 550 Local mailbox memb", "er@example.net", true},
		{"reason: 550 Local mailbox <memb", "er@example.net", true},
		{"reason: 550 Local mailbox memb ", "er@example.net", true},
		{"reason: 550 Local mailbox", "member@example.net", false},
		{"reason: 550 Local mailbox xy", "er@example.net", false},
		{"", "er@example.net", false},
	})
}

// firstAddress is the first address findAddresses reads in line, "" when
// none.
func firstAddress(line string) string {
	if as := findAddresses(line); len(as) > 0 {
		return as[0].addr
	}
	return ""
}
