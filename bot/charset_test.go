package bot

import (
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// A bounce whose text is in a legacy charset (KOI8-R, GB2312, ISO-2022-JP,
// base64-encoded as such MTAs send it) is decoded before the rules read
// it: the localized words decide the reason.
func TestDiagnoseMessageLegacyCharsets(t *testing.T) {
	b := newTestBot(t)
	// reason is the reason of a bounce whose text is body, in charset; a
	// bounce not read as one failure (reported) has the zero reason "".
	reason := func(charset, body string) string {
		eml := "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: Undelivered Mail Returned to Sender\n" +
			"MIME-Version: 1.0\nContent-Type: text/plain; charset=" + charset + "\nContent-Transfer-Encoding: base64\n\n" + body + "\n"
		d, _ := oneDiagnosis(t, b, charset, eml)
		return d.Reason
	}
	tabletest.Check2(t, "reason of a base64 body in charset", reason, []struct{ A, B, Want string }{
		{"koi8-r", "VGhpcyBpcyB0aGUgbWFpbCBzeXN0ZW0gYXQgaG9zdCBteC5leGFtcGxlLm9yZy4KCkknbSBzb3JyeSB0byBoYXZlIHRvIGluZm9ybSB5b3UgdGhhdCB5b3VyIG1lc3NhZ2UgY291bGQgbm90CmJlIGRlbGl2ZXJlZCB0byBvbmUgb3IgbW9yZSByZWNpcGllbnRzLgoKPHJjcHRAZXhhbXBsZS5ydT46IGhvc3QgbXguZXhhbXBsZS5ydVsxOTIuMC4yLjFdIHNhaWQ6IDU1MiDwz97Uz9fZyiDR3cnLINDF0sXQz8zOxc4gKGluIHJlcGx5IHRvIFJDUFQgVE8gY29tbWFuZCkK", "mailboxfull"},
		{"gb2312", "VGhpcyBpcyB0aGUgbWFpbCBzeXN0ZW0gYXQgaG9zdCBteC5leGFtcGxlLm9yZy4KCkknbSBzb3JyeSB0byBoYXZlIHRvIGluZm9ybSB5b3UgdGhhdCB5b3VyIG1lc3NhZ2UgY291bGQgbm90CmJlIGRlbGl2ZXJlZCB0byBvbmUgb3IgbW9yZSByZWNpcGllbnRzLgoKPHJjcHRAZXhhbXBsZS5jbj46IGhvc3QgbXguZXhhbXBsZS5jblsxOTIuMC4yLjFdIHNhaWQ6IDU1MiDK1bz+yMvTys/kv9W85LK71+MgKGluIHJlcGx5IHRvIFJDUFQgVE8gY29tbWFuZCkK", "mailboxfull"},
		{"iso-2022-jp", "VGhpcyBpcyB0aGUgbWFpbCBzeXN0ZW0gYXQgaG9zdCBteC5leGFtcGxlLm9yZy4KCkknbSBzb3JyeSB0byBoYXZlIHRvIGluZm9ybSB5b3UgdGhhdCB5b3VyIG1lc3NhZ2UgY291bGQgbm90CmJlIGRlbGl2ZXJlZCB0byBvbmUgb3IgbW9yZSByZWNpcGllbnRzLgoKPHJjcHRAZXhhbXBsZS5qcD46IGhvc3QgbXguZXhhbXBsZS5qcFsxOTIuMC4yLjFdIHNhaWQ6IDU1MiAbJEIlYSE8JWslXCVDJS8lOSQsS35HVSRHJDkbKEIgKGluIHJlcGx5IHRvIFJDUFQgVE8gY29tbWFuZCkK", "mailboxfull"},
	})
}
