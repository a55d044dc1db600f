package bot

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/smtpbot/smtpbot/catalog"
)

// twoLogLines are two Postfix log lines of two deliveries, each with its
// own reply (the forms of Postfix's smtp client; hosts and addresses made
// up).
var twoLogLines = [2]string{
	"Mar  1 10:00:01 mx1 postfix/smtp[101]: 1A2B3C: to=<ann@example.net>, relay=mx.example.net[192.0.2.10]:25, delay=0.5, dsn=5.7.1, status=bounced (host mx.example.net[192.0.2.10] said: 554 5.7.1 <ann@example.net>: Relay access denied (in reply to RCPT TO command))",
	"Mar  1 10:00:03 mx1 postfix/smtp[102]: 4D5E6F: to=<ben@example.org>, relay=mta7.am0.yahoodns.net[192.0.2.20]:25, delay=2.1, dsn=4.7.0, status=deferred (host mta7.am0.yahoodns.net[192.0.2.20] said: 421 4.7.0 [TSS04] Messages from 192.0.2.30 temporarily deferred due to unexpected volume or user complaints (in reply to MAIL FROM command))",
}

func TestDiagnose(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		name     string
		in       string
		category catalog.Category
		retry    bool
		provider string
		actor    catalog.Actor // one of the actors
		note     string        // a substring of the provider notes
	}{
		{"gmail unknown user", "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550 5.1.1 double-checking the recipient's email address for typos or unnecessary spaces. - gsmtp",
			catalog.CatRecipientUnknown, false, "gmail", catalog.ActorSender, ""},
		{"gmail spf (not null MX)", "550 5.7.27 Your email has been blocked because SPF authentication didn't pass for this message. - gsmtp",
			catalog.CatSenderAuth, false, "gmail", catalog.ActorSenderAdmin, "null MX"},
		{"gmail full inbox is temporary", "452-4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp",
			catalog.CatMailboxFull, true, "gmail", catalog.ActorRecipient, ""},
		{"gmail 4.2.1 is a rate, not a disabled mailbox", "450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. - gsmtp",
			catalog.CatRateLimit, true, "gmail", catalog.ActorSenderAdmin, "receiving mail too fast"},
		{"microsoft banned ip", "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/ (AS16012609)",
			catalog.CatBlocked, false, "microsoft", catalog.ActorSenderAdmin, "sender.office.com"},
		{"microsoft 5.1.10 is recipient not found", "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
			catalog.CatRecipientUnknown, false, "microsoft", catalog.ActorSender, "null MX"},
		{"outlook block list tag", "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). [DB3EUR04FT007.eop-eur04.prod.protection.outlook.com]",
			catalog.CatBlocked, false, "microsoft", catalog.ActorSenderAdmin, "(S3150)"},
		{"yahoo deferral", "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
			catalog.CatBlocked, true, "yahoo", catalog.ActorSenderAdmin, "[TSS04]"},
		{"yahoo permanent deferral", "553 5.7.2 [TSS09] All messages from 192.0.2.25 will be permanently deferred; Retrying will NOT succeed.",
			catalog.CatBlocked, false, "yahoo", catalog.ActorSenderAdmin, "[TSS09]"},
		{"spamhaus via postfix", "host mx.example.com[192.0.2.1] said: 554 5.7.1 Service unavailable; Client host [192.0.2.2] blocked using zen.spamhaus.org (in reply to RCPT TO command)",
			catalog.CatBlocked, false, "postfix", catalog.ActorSenderAdmin, ""},
		{"greylisting retries", "450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html",
			catalog.CatPolicy, true, "postfix", catalog.ActorSenderAdmin, "greylist"},
		{"relay denied does not", "554 5.7.1 <bob@example.net>: Relay access denied",
			catalog.CatPolicy, false, "postfix", catalog.ActorSenderAdmin, ""},
		{"quota on a 5xx may clear", "552 5.2.2 <bob@icloud.com>: user is over quota (in reply to RCPT TO command)",
			catalog.CatMailboxFull, true, "apple", catalog.ActorRecipient, ""},
		{"qmail queue timeout", "<bob@example.com>:\nSorry, I wasn't able to establish an SMTP connection. (#4.4.1)\nI'm not going to try again; this message has been in the queue too long.",
			catalog.CatTransient, true, "qmail", catalog.ActorRecipientAdmin, ""},
		{"codeless", "Delivery to the following recipient failed permanently:\n\n  bob@example.com\n\nTechnical details of permanent failure:\nThe email account that you tried to reach does not exist.",
			catalog.CatRecipientUnknown, false, "", catalog.ActorSender, ""},
		{"original subject does not mislead", "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n------ This is a copy of the message, including all the headers. ------\nSubject: your mailbox is full\n\nYour mailbox is full, click here.",
			catalog.CatRecipientUnknown, false, "", catalog.ActorSender, ""},
		// A log pasted with a line per delivery: the reply diagnosed is
		// read alone, not with the words and tags of the other lines.
		{"first of two log lines", twoLogLines[0] + "\n" + twoLogLines[1],
			catalog.CatPolicy, false, "postfix", catalog.ActorSenderAdmin, ""},
		{"first of two log lines, the other way", twoLogLines[1] + "\n" + twoLogLines[0],
			catalog.CatBlocked, true, "yahoo", catalog.ActorSenderAdmin, "[TSS04]"},
	}
	for _, tt := range tests {
		d := askDiagnosis(t, b, tt.name, tt.in, Hints{})
		if d == nil {
			continue
		}
		if d.Category != tt.category || d.Retry != tt.retry || d.Provider != tt.provider || !slices.Contains(d.Actors, tt.actor) {
			t.Errorf("%s: %s retry=%v provider=%q actors=%v, want %s retry=%v provider=%q actor %s",
				tt.name, d.Category, d.Retry, d.Provider, d.Actors, tt.category, tt.retry, tt.provider, tt.actor)
		}
		if tt.note != "" && !strings.Contains(strings.Join(d.ProviderNote, "\n"), tt.note) {
			t.Errorf("%s: provider notes %q lack %q", tt.name, d.ProviderNote, tt.note)
		}
		if d.Action == "" || d.CategoryName == "" || d.RetryText == "" {
			t.Errorf("%s: action %q, category name %q, retry text %q: all must be set", tt.name, d.Action, d.CategoryName, d.RetryText)
		}
	}
}

// The codes list the basic code first, then the enhanced code, and classes
// that disagree get a note. The wire names are responses' (json_test.go).
func TestDiagnosisCodes(t *testing.T) {
	b := newTestBot(t)
	a := b.Ask("421-5.7.32 Your email was blocked because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain. - gsmtp", Hints{})
	if !cmp.Equal(a.Codes, []string{"421", "5.7.32"}) {
		t.Errorf("codes %v, want [421 5.7.32]", a.Codes)
	}
	if a.Diagnosis == nil || len(a.Diagnosis.Notes) == 0 {
		t.Fatalf("a 4xx basic code with a 5.x.x enhanced code needs a note saying the classes disagree")
	}
	d := a.Diagnosis
	if d.ReplyCode != 421 || d.EnhancedCode != (catalog.EnhancedCode{Class: 5, Subject: 7, Detail: 32}) || d.Provider != "gmail" || d.Category != catalog.CatSenderAuth ||
		d.Reason != "authfailure" || d.Bounce != "soft" ||
		// A 421 is retried by the sending server, in vain until DMARC alignment is fixed.
		!d.Retry || d.RetryBy != "server" || d.RetryHelps || d.RetryWindow == "" {
		t.Errorf("diagnosis = %+v", d)
	}
}

// A success reply is explained, not diagnosed as a failure.
func TestDiagnoseSuccess(t *testing.T) {
	b := newTestBot(t)
	d := b.Ask("250 2.0.0 OK  1700000000 d9443c01a7336si1.123 - gsmtp", Hints{}).Diagnosis
	if d == nil || d.Category != catalog.CatNone || d.Retry || !slices.Equal(d.Actors, []catalog.Actor{catalog.ActorNone}) {
		t.Errorf("250 2.0.0 diagnosis = %+v, want no category, no retry, nobody to act", d)
	}
}

// Reason, hard or soft, and retry (issue #11): retry never contradicts the
// class; whether it helps is said apart.
func TestDiagnoseReasonBounceRetry(t *testing.T) {
	b := newTestBot(t)
	for _, tt := range []struct {
		in, reason, bounce string
		retry              bool
		by                 string
		helps              bool
	}{
		// Gmail rate-limits unauthenticated mail with a 421: the server
		// retries, in vain until SPF or DKIM pass.
		{"421-4.7.26 This mail has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp", "authfailure", "soft", true, "server", false},
		{"421-4.7.26 This mail has been rate limited because it is unauthenticated. - gsmtp", "authfailure", "soft", true, "server", false},
		// RFC 7504: a 521 host accepts no mail at all; resending cannot help.
		{"521 5.3.2 System not accepting network messages", "notaccept", "hard", false, "", false},
		{"550 5.1.1 The email account that you tried to reach does not exist. - gsmtp", "userunknown", "hard", false, "", false},
		// A temporary reply never proves the address bad; Postfix sends this
		// 450 while testing its unknown-recipient setting, and retrying does
		// not create the user.
		{"450 4.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table", "userunknown", "soft", true, "server", false},
		{"552 5.2.2 The email account that you tried to reach is over quota. - gsmtp", "mailboxfull", "soft", true, "sender", true},
		{"450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html", "policyviolation", "soft", true, "server", true},
		// Some providers greylist with a 5xx: the sender's later resend passes.
		{"550 5.7.1 Greylisted, please try again in 5 minutes", "policyviolation", "soft", true, "sender", true},
		{"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", "blocked", "soft", false, "", false},
		{"550 5.1.2 Host unknown: no such domain", "hostunknown", "hard", false, "", false},
		// RFC 3207's "TLS not available due to temporary reason": the
		// receiver's trouble, which may clear while the server retries.
		{"454 4.7.0 TLS not available due to temporary reason", "failedstarttls", "soft", true, "server", true},
		// A mail loop loops again on every resend (RFC 5321 §6.3).
		{"554 5.4.6 Hop count exceeded - possible mail loop", "networkerror", "soft", false, "", false},
		{"This message is looping: it already has my Delivered-To line. (#5.4.6)", "networkerror", "soft", false, "", false},
		// Postfix's loop back to itself (the MX points at a server that
		// does not list the domain as its own): no resend changes that.
		{"dsn=5.4.6, status=bounced (mail for example.net loops back to myself)", "networkerror", "soft", false, "", false},
		// A gateway's log naming a refusal for a missing login: the words
		// decide, not the gateway's name (also a block list's).
		{"Barracuda message log: Delivery Status: Rejected (530 5.7.1 Client was not authenticated (at FROM))", "securityerror", "soft", false, "", false},
		{"451 4.4.0 DNS lookup failed: host not found, try again", "networkerror", "soft", true, "server", true},
		// Spectrum's staff: the AUP#In-1020 block (complaints, no public
		// list) expires by itself, so a later resend may pass.
		{"554 impin004.msg.chrl.nc.charter.net cmsmtp blocked. Please see https://www.spectrum.net/support/internet/understanding-email-error-codes for more information. AUP#In-1020", "badreputation", "soft", true, "sender", true},
		{"250 2.0.0 OK queued", "delivered", "", false, "", false},
		// A receiving system's configuration problem (Postfix's 451 4.3.5
		// when a restriction's lookup fails) stays until its administrator
		// fixes it: the server retries in vain.
		{"451 4.3.5 <kim@example.com>: Recipient address rejected: Server configuration problem", "systemerror", "soft", true, "server", false},
		// A user of the submission server on its own list is the sender
		// refused, not the connecting host, whatever the restriction's
		// label says ("Client host rejected").
		{"550 5.7.1 <webmail.example.net[192.0.2.18]>: Client host rejected: Blacklisted user: kim@example.com", "rejected", "soft", false, "", false},
		// Symptoms told without a code name their cause in words: a server
		// that does not allow relaying (iOS Mail's alert), an MX that does
		// not answer, an attachment told with its size, mail filed in the
		// Junk folder (Vietnamese word order).
		{"The recipient \u201cann@example.org\u201d was rejected by the server because it does not allow relaying.", "norelaying", "soft", false, "", false},
		{"mail to one partner has sat in our queue since friday, their MX doesn't answer on port 25 at all", "networkerror", "soft", true, "sender", true},
		{"can't send attachments over 20MB, anything smaller goes out fine", "mesgtoobig", "soft", false, "", false},
		{"gui mail co file dinh kem 30MB thi khong di duoc, file nho thi binh thuong", "mesgtoobig", "soft", false, "", false},
		{"đối tác nói thư báo giá bên mình toàn rơi vào thư mục Junk, không bị trả về", "spamdetected", "soft", false, "", false},
		// A provider's own tag decides over the words around it: Comcast's
		// older BL0xx codes block the sending IP, though the text says
		// "blocked for spam"; Mailgun's "Too old" is a message dropped
		// when its retry window ran out, no bad address (providers.json).
		{"554 imta11.westchester.pa.mail.comcast.net comcast 192.0.2.7 Comcast BL007 Blocked for spam.", "blocked", "soft", false, "", false},
		{"mailgun event for a signup mail: delivery-status message \"Too old\", attempt 8", "expired", "soft", true, "sender", true},
		// A sending service's own wording, the service named by the asker:
		// SES's "Address blacklisted" is its older list of recipients that
		// hard-bounced (suppressed, no blocklist of the sender); SendGrid's
		// "Maximum credits exceeded" is the plan's allowance used up
		// (ratelimited, it renews), whatever "Authentication failed" says.
		{"symfony through aws ses smtp: Expected response code 250 but got code \"554\", with message \"554 Message rejected: Address blacklisted.\"", "suppressed", "soft", false, "", false},
		{"mautic's test connection to sendgrid: << 451 Authentication failed: Maximum credits exceeded", "ratelimited", "soft", true, "server", true},
		// Postmark's API error 400, its From with no sender signature: the
		// sender refused, and 400 is the API's number, no reply.
		{"postmark says {\"ErrorCode\":400,\"Message\":\"Sender signature not defined for From address.\"}", "rejected", "soft", false, "", false},
		// A reply whose words only frame the failure (bounce.json framing)
		// names no cause, pasted as in a whole report: a 554 of many
		// meanings stays undecided, no policy refusal.
		{"nodemailer against smtp.mail.yahoo.com: Error: Message failed: 554 6.6.0 Error sending message for delivery.", "undefined", "soft", false, "", false},
		// ZoneMTA's refusal of a listed client names its IP bad: blocked.
		{"554 5.7.1 Rejected because Bad IP", "blocked", "soft", false, "", false},
		// Mail filed as junk, with the checks the asker names told as
		// passing (passedClause): the verdict on the mail, not its
		// authentication; a check that did not pass still names its cause.
		{"SPF DKIM DMARC all pass, PTR matches, and outlook still puts everything from us in junk", "spamdetected", "soft", false, "", false},
		{"mail gui qua outlook toan vao junk, spf dkim dmarc pass het", "spamdetected", "soft", false, "", false},
		{"DKIM didn't pass and outlook puts us in junk", "authfailure", "soft", false, "", false},
		// End-user notices told without their reply (eval re006, re007,
		// re018, re028, re031, re032): a failure with no code is diagnosed
		// by its words; words that only say something was refused
		// ("has been blocked", generic) name no cause, as in a whole report
		// with no code; the notices' own wordings name theirs (rules.json).
		{"gmail says: Your message to kim@example.org has been blocked. See technical details below for more information.", "undefined", "soft", false, "", false},
		{"undeliverable: your message was blocked", "undefined", "soft", false, "", false},
		{"Cannot Send Mail. A copy has been placed in your Outbox. The sender address was rejected by the server.", "rejected", "soft", false, "", false},
		{"Delivery has failed to these recipients or groups:\nsales@example.org\nThe recipient's email system isn't accepting messages now. Please try resending this message later or contact the recipient directly.", "systemerror", "soft", true, "sender", true},
		{"gmail cứ báo Delivery incomplete, có phải gửi lại không", "expired", "soft", true, "sender", true},
		{"gmail báo: Bạn đã đạt đến giới hạn gửi thư", "ratelimited", "soft", true, "sender", true},
		{"gmail báo Không thể chuyển các thư bạn đã gửi, bao giờ gửi lại được", "ratelimited", "soft", true, "sender", true},
	} {
		d := askDiagnosis(t, b, fmt.Sprintf("%q", tt.in), tt.in, Hints{Lang: "en"})
		if d == nil {
			continue
		}
		if d.Reason != tt.reason || d.Bounce != tt.bounce || d.Retry != tt.retry || d.RetryBy != tt.by || d.RetryHelps != tt.helps {
			t.Errorf("%q: reason %s, bounce %q, retry %v by %q, helps %v; want %s, %q, %v by %q, %v",
				tt.in, d.Reason, d.Bounce, d.Retry, d.RetryBy, d.RetryHelps, tt.reason, tt.bounce, tt.retry, tt.by, tt.helps)
		}
		if r := b.Catalog().Reason(d.Reason); r == nil || r.Category != d.Category {
			t.Errorf("%q: category %s does not come from reason %s", tt.in, d.Category, d.Reason)
		}
		f := b.Catalog().Frame("en")
		switch {
		case tt.bounce == "hard" && d.BounceText != f.BounceHard,
			tt.bounce == "soft" && d.BounceText != f.BounceSoft,
			tt.bounce == "" && d.BounceText != "":
			t.Errorf("%q: bounce text %q", tt.in, d.BounceText)
		}
		if (d.RetryBy == "server") != (d.RetryWindow != "") || (d.RetryWindow != "" && !strings.Contains(d.RetryWindow, "Postfix")) {
			t.Errorf("%q: retry window %q", tt.in, d.RetryWindow)
		}
	}
}

// A whole-email parser hands over one reply per recipient: a temporary
// network failure of a delivery that failed for good means the sending
// server gave up, and a refusal at MAIL FROM is about the sender.
func TestDiagnoseReplyFromBounce(t *testing.T) {
	b := newTestBot(t)
	r := Reply{Basic: 421, Text: "connect to mx.example.com[192.0.2.1]:25: Connection timed out"}
	if d := b.DiagnoseReply(r, true, "en"); d.Reason != "expired" || d.Category != catalog.CatTransient {
		t.Errorf("failed after a timeout: %s/%s, want expired/transient", d.Reason, d.Category)
	}
	if d := b.DiagnoseReply(r, false, "en"); d.Reason != "networkerror" {
		t.Errorf("delayed after a timeout: %s, want networkerror", d.Reason)
	}
	r = Reply{Basic: 550, Enhanced: catalog.EnhancedCode{Class: 5, Subject: 1, Detail: 1}, HasEnh: true, Stage: catalog.StageMAIL, Text: "550 5.1.1 <alice@example.org>: user unknown"}
	if d := b.DiagnoseReply(r, true, "vi"); d.Reason != "rejected" || d.Bounce != "soft" || d.BounceText != b.Catalog().Frame("vi").BounceSoft {
		t.Errorf("user unknown at MAIL FROM: %s/%s %q, want rejected/soft in Vietnamese", d.Reason, d.Bounce, d.BounceText)
	}
}

// Two reasons of one category get each its own next step (reasons.json
// action), in every language; a reply the server still retries gets the
// reason's temporary step; a provider's own action still wins.
func TestNextStepPerReason(t *testing.T) {
	b := newTestBot(t)
	for _, lang := range b.cat.ContentLanguages() {
		h := Hints{Lang: lang}
		relay := askDiagnosis(t, b, "relay", "550 Relaying denied", h)
		tls := askDiagnosis(t, b, "tls", "530 5.7.0 Must issue a STARTTLS command first", h)
		if relay == nil || tls == nil {
			return
		}
		if relay.Category != tls.Category || relay.Reason == tls.Reason {
			t.Fatalf("want two reasons of one category, got %s/%s and %s/%s", relay.Category, relay.Reason, tls.Category, tls.Reason)
		}
		for _, d := range []*Diagnosis{relay, tls} {
			want := b.cat.Reason(d.Reason).Action
			if want.IsZero() || d.Action != want.In(lang) {
				t.Errorf("%s [%s]: action %q, want the reason's own %q", d.Reason, lang, d.Action, want.In(lang))
			}
		}
		if relay.Action == tls.Action {
			t.Errorf("[%s]: %s and %s share the step %q", lang, relay.Reason, tls.Reason, relay.Action)
		}
		// A 4xx the server retries gets the reason's temporary step, the
		// same reason on a 5xx its permanent one.
		tmp := askDiagnosis(t, b, "connections 4xx", "421 Too many concurrent SMTP connections from this IP address", h)
		perm := askDiagnosis(t, b, "connections 5xx", "554 Too many concurrent SMTP connections from this IP address", h)
		if tmp != nil && perm != nil {
			r := b.cat.Reason(tmp.Reason)
			if tmp.RetryBy != "server" || r.ActionTemporary.IsZero() || tmp.Action != r.ActionTemporary.In(lang) {
				t.Errorf("[%s] 421: %s retry by %q, action %q, want the reason's temporary step", lang, tmp.Reason, tmp.RetryBy, tmp.Action)
			}
			if perm.Reason != tmp.Reason || perm.Action != r.Action.In(lang) {
				t.Errorf("[%s] 554: %s action %q, want the permanent step of %s", lang, perm.Reason, perm.Action, tmp.Reason)
			}
		}
		// Gmail's own 5.7.29 step (providers.json) outranks the reason's.
		g := askDiagnosis(t, b, "gmail tls", "550 5.7.29 This message does not meet Gmail's TLS requirements. - gsmtp", h)
		if g == nil {
			continue
		}
		own := b.cat.Reason(g.Reason).Action
		if g.Provider != "gmail" || own.IsZero() || g.Action == own.In(lang) || !strings.Contains(g.Action, "STARTTLS") {
			t.Errorf("[%s] gmail 5.7.29: provider %q reason %s action %q, want Gmail's own step", lang, g.Provider, g.Reason, g.Action)
		}
	}
}

// Who acts follows the step: two reasons of one category with their own
// steps name their own actors (relaying denied is for the sender and the
// sender's admin, TLS required for the sender's admin), in every
// language, on a 5xx and a 4xx alike; a provider's own step keeps the
// category's actors.
func TestActorsFollowTheStep(t *testing.T) {
	b := newTestBot(t)
	for _, lang := range b.cat.ContentLanguages() {
		h := Hints{Lang: lang}
		f := b.cat.Frame(lang)
		relay := askDiagnosis(t, b, "relay", "550 Relaying denied", h)
		tls := askDiagnosis(t, b, "tls", "530 5.7.0 Must issue a STARTTLS command first", h)
		tmp := askDiagnosis(t, b, "tls 4xx", "454 4.7.0 TLS not available due to local problem", h)
		if relay == nil || tls == nil || tmp == nil {
			return
		}
		if relay.Category != tls.Category || relay.Reason != "norelaying" || tls.Reason != "failedstarttls" {
			t.Fatalf("want norelaying and failedstarttls of one category, got %s/%s and %s/%s", relay.Category, relay.Reason, tls.Category, tls.Reason)
		}
		adv, _ := b.cat.Advice(relay.Category)
		for _, tc := range []struct {
			d    *Diagnosis
			want []catalog.Actor
		}{
			{relay, []catalog.Actor{catalog.ActorSender, catalog.ActorSenderAdmin}},
			{tls, []catalog.Actor{catalog.ActorSenderAdmin}},
			{tmp, []catalog.Actor{catalog.ActorSenderAdmin}},
		} {
			r := b.cat.Reason(tc.d.Reason)
			if !slices.Equal(r.Actors, tc.want) {
				t.Fatalf("reasons.json: %s actors %v, want %v (who its step addresses)", r.Name, r.Actors, tc.want)
			}
			if tc.d.Action != r.Action.In(lang) && tc.d.Action != r.ActionTemporary.In(lang) {
				t.Errorf("%s [%s]: action %q is not the reason's own", r.Name, lang, tc.d.Action)
			}
			var names []string
			for _, a := range tc.want {
				names = append(names, f.ActorName(a))
			}
			if !slices.Equal(tc.d.Actors, tc.want) || !slices.Equal(tc.d.ActorNames, names) {
				t.Errorf("%s [%s]: actors %v %q, want %v %q", r.Name, lang, tc.d.Actors, tc.d.ActorNames, tc.want, names)
			}
			if slices.Equal(tc.d.Actors, adv.Actors) {
				t.Errorf("%s [%s]: actors %v are the category's; the test needs reasons that differ from it", r.Name, lang, tc.d.Actors)
			}
		}
		// Gmail's own 5.7.29 step keeps the category's actors.
		g := askDiagnosis(t, b, "gmail tls", "550 5.7.29 This message does not meet Gmail's TLS requirements. - gsmtp", h)
		if g != nil {
			gadv, _ := b.cat.Advice(g.Category)
			if g.Provider != "gmail" || !slices.Equal(g.Actors, gadv.Actors) {
				t.Errorf("[%s] gmail 5.7.29: provider %q actors %v, want the category's %v", lang, g.Provider, g.Actors, gadv.Actors)
			}
		}
	}
}
