package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

// Who refused, from the weaker marks: a code only one provider documents,
// a Yahoo TS tag alone, and a provider the asker names in a chat question.
func TestProviderWeakMarks(t *testing.T) {
	b := newTestBot(t)
	for _, tc := range []struct {
		text, provider, category, reason string
		notes                            []string // substrings the provider notes must hold
	}{
		// A code the registry lacks and only Microsoft documents names it.
		{"550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.", "microsoft", "blocked", "", []string{"5.7.708"}},
		{"550 5.7.606 Access denied, banned sending IP [192.0.2.1]", "microsoft", "blocked", "", nil},
		// Gmail's own unregistered code, relayed by Postfix: Gmail refused.
		{"host mx.example.com said: 550 5.7.32 the From header is not aligned", "gmail", "", "", nil},
		// A registered code marks nobody, even one a provider documents.
		{"550 5.2.2 mailbox full", "", "mailbox_full", "", nil},
		// A registered code with the wording one provider documents for it
		// (providers.json wording) is that provider's reply; the same
		// words with another code are Postfix's access table.
		{"smtp; 550 5.4.1 Recipient address rejected: Access denied.", "microsoft", "recipient_unknown", "", []string{"5.4.1"}},
		{"host mx.example.com[192.0.2.1] said: 550 5.7.1 <bob@example.com>: Recipient address rejected: Access denied (in reply to RCPT TO command)", "postfix", "policy", "", nil},
		// Yahoo's TS tag alone on a 4xx: Yahoo, its temporary-deferral group.
		{"421 4.7.0 [TSS04]", "yahoo", "blocked", "badreputation", []string{"[TS"}},
		// A TS tag that says it is permanent is no temporary deferral.
		{"421 4.7.1 [TS03] All messages from 192.0.2.4 will be permanently deferred; Retrying will NOT succeed.", "yahoo", "blocked", "", nil},
		// Named by the asker: the provider's meaning and the registry's are both said.
		{"gmail says 450 4.2.1, what now?", "gmail", "rate_limit", "", []string{"Gmail", "IANA registry"}},
		{"sending to hotmail gives 550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent.", "microsoft", "", "", nil},
		{"gmail báo lỗi 550 5.7.26", "gmail", "sender_auth", "", nil},
		{"AOL rejects with 554 5.7.9 Message not accepted for policy reasons", "yahoo", "", "", nil},
		{"Office 365 bounces 550 5.1.10 RESOLVER.ADR.RecipientNotFound", "microsoft", "recipient_unknown", "", nil},
		// A sending service the asker names outranks MTA software the
		// reply shows (Sendmail's "<a@b>... "): it reported the bounce.
		// A mailbox provider named beside the same line does not.
		{"SES bounce, the diagnosticCode is just: smtp; 550 5.1.1 <ann@example.com>... User unknown", "ses", "recipient_unknown", "", nil},
		{"a gmail user forwarded this: 550 5.1.1 <ann@example.com>... User unknown", "sendmail", "recipient_unknown", "", nil},
		// MTA software the asker names in their own words is not who refused.
		{"gmail answered `452 4.5.3 Your message has too many recipients.` will postfix send the rest?", "gmail", "rate_limit", "", nil},
		// A provider's own code of several meanings, and no words that
		// decide: the registry's meaning is closer than the basic code's.
		{"421 4.7.28 from gmail, how long do I wait?", "gmail", "rate_limit", "ratelimited", []string{"4.7.28"}},
		// Postfix's DNSBL refusal (reject_rbl_client, reject_rhsbl_*)
		// wording marks Postfix: "Service unavailable; Client host [ip]
		// blocked using <list>".
		{"554 5.7.1 Service unavailable; Client host [192.0.2.90] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.90", "postfix", "blocked", "", nil},
		{"554 5.7.1 Service unavailable; Sender address [a@example.com] blocked using dbl.example.org", "postfix", "", "", nil},
		// Postfix's reply when a lookup table or DNS fails at RCPT time,
		// quoted in Gmail's delay notice: the remote Postfix replied, Gmail
		// only wrote the notice.
		{"Delivery incomplete\nThere was a temporary problem delivering your message to sam@example.org. Gmail will retry for 46 more hours.\n\nThe response from the remote server was:\n451 4.3.0 <sam@example.org>: Temporary lookup failure", "postfix", "transient", "", nil},
		// Postfix's log line marks Postfix.
		{"status=deferred (connect to mx.example.net[192.0.2.5]:25: Connection timed out)", "postfix", "transient", "", nil},
		// So do its own texts in a queue listing or quoted by a client
		// library: the "host[address]" it names a peer with, its smtpd's
		// count limits ("Error: too many connections from"); and Exim's
		// router and transport in a main.log line quoted inline.
		{"the queue shows (lost connection with mx.example.net[192.0.2.5] while sending end of data -- message may be sent more than once), will it leave?", "postfix", "transient", "", nil},
		{"the library says: Expected response code 250 but got code 421, with message 421 4.7.0 mx.example.com Error: too many connections from 192.0.2.9", "postfix", "rate_limit", "", nil},
		{"exim main.log: `R=dnslookup T=remote_smtp defer (110): Connection timed out` what now?", "exim", "transient", "", nil},
		// Postfix's smtpd answers a message over message_size_limit with its
		// own words ("Message size exceeds fixed limit"); Sendmail's "…fixed
		// maximum message size" is no such mark.
		{"bị trả về: 552 5.3.4 Message size exceeds fixed limit, file có 18 mb thôi mà", "postfix", "message", "", nil},
		{"552 5.2.3 Message size exceeds fixed maximum message size (10485760)", "", "message", "", nil},
		// A reply of several lines that a log wrote each after its own
		// prefix (OpenSMTPD's debug "mta: 0x…: <<< ") is read whole: GMX's
		// greeting refusal names its cause, a missing PTR, on a later line.
		{"gửi sang web.de bị từ chối, các server khác vẫn nhận, log opensmtpd:\nmta: 0x7f2a10: <<< 554-web.de (mxweb112) Nemesis ESMTP Service not available\nmta: 0x7f2a10: <<< 554-No SMTP service\nmta: 0x7f2a10: <<< 554-Bad DNS PTR resource record.\nmta: 0x7f2a10: <<< 554 For explanation visit http://postmaster.web.de/en/error-messages?ip=192.0.2.77&c=rdns\nsửa sao ae", "unitedinternet", "blocked", "", nil},
		{"only gmx refuses us, smtpd -dv shows:\nmta: 0x55d1c0: <<< 554-gmx.net (mxgmx015) Nemesis ESMTP Service not available\nmta: 0x55d1c0: <<< 554-No SMTP service\nmta: 0x55d1c0: <<< 554-Bad DNS PTR resource record.\nmta: 0x55d1c0: <<< 554 For explanation visit http://postmaster.gmx.com/en/error-messages?ip=192.0.2.78&c=rdns", "unitedinternet", "blocked", "", nil},
		// Mimecast's own wording, as its page gives it.
		{"mimecast: 451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451", "mimecast", "policy", "", nil},
		// Two providers named: who refused is not known from the names.
		{"moving from gmail to zoho, now 550 5.1.1 user unknown", "", "recipient_unknown", "", nil},
		// Ambiguous words are no names: "outlook" is also the mail client,
		// "free" and "orange" are common words.
		{"outlook shows 550 5.1.1 user unknown", "", "recipient_unknown", "", nil},
		{"free trial server says 550 5.1.1 user unknown", "", "recipient_unknown", "", nil},
		// Whole words only.
		{"hotmailer said 550 5.1.1 user unknown", "", "recipient_unknown", "", nil},
		// A provider's own tag in the asker's sentence marks server text,
		// and its submission host (smtp.zoho.com) marks who refused.
		{"phần mềm gửi qua smtp.zoho.com thì bị 553 Relaying disallowed as noreply@example.vn", "zoho", "policy", "norelaying", []string{"Relaying disallowed as"}},
		{"smtppro.zoho.eu said: 535 Authentication Failed", "zoho", "", "", nil},
		// A provider only named, in the asker's words or the reply's own
		// ("for all yahoo recipients"), comes after one whose host, URL
		// or tag marks the reply: that one wrote it.
		{"our From is a yahoo.com address, comcast answered\n550 5.2.0 Message rejected due to DMARC. Please see http://postmaster.comcast.net/smtp-error-codes.php#DM000001", "comcast", "", "", nil},
		{"the ESP log: 451 4.3.0 [internal] Sending IP temporarily suspended for all yahoo recipients", "sparkpost", "", "", nil},
		// A name alone still names who refused when nothing else marks it.
		{"yahoo answered 554 5.7.9 Message not accepted for policy reasons, why?", "yahoo", "", "", nil},
	} {
		d := askDiagnosis(t, b, fmt.Sprintf("%q", tc.text), tc.text, Hints{})
		if d == nil {
			continue
		}
		if d.Provider != tc.provider {
			t.Errorf("%q: provider %q, want %q", tc.text, d.Provider, tc.provider)
		}
		if tc.category != "" && string(d.Category) != tc.category {
			t.Errorf("%q: category %q, want %q", tc.text, d.Category, tc.category)
		}
		if tc.reason != "" && d.Reason != tc.reason {
			t.Errorf("%q: reason %q, want %q", tc.text, d.Reason, tc.reason)
		}
		notes := strings.Join(d.ProviderNote, "\n")
		for _, n := range tc.notes {
			if !strings.Contains(notes, n) {
				t.Errorf("%q: provider notes %q lack %q", tc.text, notes, n)
			}
		}
	}
}

// A provider the asker names is weaker than the server's own words: strong
// words decide the reason; the provider's meaning of the code is still said.
func TestNamedProviderIsWeaker(t *testing.T) {
	b := newTestBot(t)
	d := askDiagnosis(t, b, "named provider", "gmail says 450 4.2.1 blocked using zen.spamhaus.org", Hints{})
	if d == nil {
		return
	}
	if d.Provider != "gmail" || d.Category != catalog.CatBlocked {
		t.Errorf("provider %q category %q, want gmail and blocked (the server's words)", d.Provider, d.Category)
	}
	if !strings.Contains(strings.Join(d.ProviderNote, "\n"), "4.2.1") {
		t.Errorf("notes %q: Gmail's meaning of 4.2.1 not said", d.ProviderNote)
	}
}

// A whole bounce email's reply is credited only from the report's own
// marks: words that would name a provider in a chat question do not.
func TestNamesNotInWholeEmail(t *testing.T) {
	b := newTestBot(t)
	chat := b.Ask("sending to hotmail: 550 5.1.1 user unknown", Hints{}).Diagnosis
	if chat == nil || chat.Provider != "microsoft" {
		t.Fatalf("chat: provider %v, want microsoft named", chat != nil && chat.Provider == "microsoft")
	}
	r := Reply{Basic: 550, Enhanced: catalog.EnhancedCode{Class: 5, Subject: 1, Detail: 1}, HasEnh: true, Text: "sending to hotmail: 550 5.1.1 user unknown"}
	if d := b.DiagnoseReply(r, true, "en"); d.Provider != "" {
		t.Errorf("whole email: provider %q from a name, want none", d.Provider)
	}
	// A code only Microsoft documents is the server's own mark, in a whole email too.
	r = Reply{Basic: 550, Enhanced: catalog.EnhancedCode{Class: 5, Subject: 7, Detail: 708}, HasEnh: true, Text: "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP."}
	if d := b.DiagnoseReply(r, true, "en"); d.Provider != "microsoft" {
		t.Errorf("whole email 5.7.708: provider %q, want microsoft", d.Provider)
	}
}
