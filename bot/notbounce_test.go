package bot

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot/bounce"
)

// TestPastedNotBounce: the body of an auto-reply or an abuse report pasted
// without its headers is told for what it is, by the same words a whole
// message is read with; a question about auto-replies, or an auto-reply's
// words beside a code, is not.
func TestPastedNotBounce(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct{ in, want, lang string }{
		{"I am away from the office until 3 January with limited access to email. For urgent matters contact the front desk.", bounce.KindAutoreply, "en"},
		{"Automatic reply: Thank you for your message. I am currently out of the office.", bounce.KindAutoreply, "en"},
		{"Tôi đang nghỉ phép đến thứ Hai, sẽ trả lời khi quay lại.", bounce.KindAutoreply, "vi"},
		{"This is an email abuse report for an email message received from IP 192.0.2.1", bounce.KindFeedback, "en"},
		{"Automatic reply: Meeting on Friday", bounce.KindAutoreply, "en"},
		{"Out of Office : back on Monday", bounce.KindAutoreply, "en"},
		{"auto-reply", "", "en"},
		{"how do I set up an out of office reply in exchange", "", "en"},
		{"why do out of office replies get sent to mailing lists?", "", "en"},
		{"làm sao để bật trả lời tự động", "", "vi"},
		{"out of office replies bounce with 550 5.7.1", "", "en"},
	} {
		a := b.Ask(c.in, Hints{})
		if a.NotBounce != c.want {
			t.Errorf("%q: not_bounce %q, want %q (intent %s)", c.in, a.NotBounce, c.want, a.Intent)
		}
		if c.want != "" && (a.Title == "" || a.Lang != c.lang || len(a.Diagnoses) != 0) {
			t.Errorf("%q: title %q, lang %s, %d diagnoses; want a title in %s and no diagnosis", c.in, a.Title, a.Lang, len(a.Diagnoses), c.lang)
		}
	}
}

// TestGaveUpRetry: a 4xx that a report says failed was retried by the
// sending server until it gave up: nothing retries it any more, only a
// resend by the sender can still work, and no retry window is given; the
// same reply in a delay notice is still the server's to retry.
func TestGaveUpRetry(t *testing.T) {
	b := newTestBot(t)
	report := func(action string) string {
		return "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: Delivery Status Notification\n" +
			"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n" +
			"--B\nContent-Type: text/plain\n\nDelivery report.\n\n--B\nContent-Type: message/delivery-status\n\n" +
			"Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; rcpt@example.com\nAction: " + action +
			"\nStatus: 4.0.0\nDiagnostic-Code: smtp; 426 connection timed out\n\n--B--\n"
	}
	if d, ok := oneDiagnosis(t, b, "failed 426", report("failed")); ok {
		if !d.Retry || d.RetryBy != "sender" || d.RetryWindow != "" || !strings.Contains(d.RetryText, "gave up") {
			t.Errorf("failed 426: retry %v by %q, window %q, text %q; want a resend by the sender, no window", d.Retry, d.RetryBy, d.RetryWindow, d.RetryText)
		}
	}
	if d, ok := oneDiagnosis(t, b, "delayed 426", report("delayed")); ok {
		if !d.Retry || d.RetryBy != "server" || d.RetryWindow == "" {
			t.Errorf("delayed 426: retry %v by %q, window %q; want the server's retry with its window", d.Retry, d.RetryBy, d.RetryWindow)
		}
	}
}

// TestLookalikeText: a text the asker doubts comes from a mail system
// ("legit or phishing?", "got an SMS") is no bounce when it shows nothing
// of a report beyond a bounce's words: no code, no address, no report's
// layout. With such evidence, or without the doubt, it is diagnosed.
func TestLookalikeText(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct {
		in     string
		intent Intent
	}{
		{"got this in my inbox, legit or phishing? \"Mail Administrator: Your mailbox has exceeded its storage limit of 2 GB. Click here to validate: http://validate.example.com/\"", IntentUnknown},
		{"got an SMS: \"Parcel 4421 delivery failed, address incomplete. Update within 12h: https://redeliver.example.com\" — is this our mail server?", IntentUnknown},
		{"got a text message saying delivery failed for my parcel, scam?", IntentUnknown},
		{"nhận được tin nhắn: \"Giao hàng thất bại, cập nhật địa chỉ tại http://x.example\" có phải lừa đảo không", IntentUnknown},
		// Evidence of a report: a code, a failed address.
		{"is this legit? 550 5.1.1 user unknown", IntentDiagnose},
		{"is this bounce legit? Delivery has failed to these recipients or groups: ann@example.com The email address you entered couldn't be found", IntentDiagnose},
		// No doubt: phishing named as what a filter called the mail.
		{"our newsletter got flagged as phishing by outlook, why?", IntentDiagnose},
		{"Delivery failed, mailbox exceeded its storage limit", IntentDiagnose},
	} {
		if q := b.Parse(c.in); q.Intent != c.intent {
			t.Errorf("%q: intent %v, want %v", c.in, q.Intent, c.intent)
		}
	}
}
