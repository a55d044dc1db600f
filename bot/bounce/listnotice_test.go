package bounce

import (
	"strings"
	"testing"
)

// A mailing-list manager's own notice (a post held for the moderator, a
// request to the moderator, a bounce probe) is an automatic message, not a
// bounce: its words talk of bounces and name addresses (the list's, a
// poster's) without reporting a failure. It is known by Mailman's
// X-List-Administrivia, by the list manager's address it comes from or by
// a list service's own domain on a message that is no post of a list;
// the same text from a person's address, with neither mark, is no
// automatic notice.
func TestListNotice(t *testing.T) {
	p := newParser(t)
	msg := func(from, extra, body string) []byte {
		return []byte("From: " + from + "\r\nTo: member@example.com\r\nSubject: Notice from the physics list\r\n" +
			extra + "Content-Type: text/plain\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n"))
	}
	const probe = "This is the program running the list\n\nphysics@lists.example.org\n\n" +
		"Some mail to you could not be delivered earlier. Receiving this one means your address works again.\n"
	const held = "Your post to physics with the subject\n\n    Results\n\n" +
		"is held until the moderator has looked at it. Reason: the list is moderated.\n"
	for _, c := range []struct {
		name, from, extra, body, want string
	}{
		{"Mailman's mark", "physics-bounces@lists.example.org", "X-List-Administrivia: yes\r\n", held, KindAutoreply},
		{"Mailman's mark from the list's address", "physics@lists.example.org", "X-List-Administrivia: Yes \r\n", held, KindAutoreply},
		{"owner suffix", "physics+owner@lists.example.org", "", probe, KindAutoreply},
		{"owner prefix", "owner-physics@lists.example.org", "", probe, KindAutoreply},
		{"a probe's token after the -bounces address", "physics-bounces+5e0c9a71d2@lists.example.org", "", probe, KindAutoreply},
		{"a member's address after the -bounces address", "physics-bounces+jane=example.com@lists.example.org", "", probe, KindAutoreply},
		{"a person's subaddress", "jane+physics@example.org", "", held, KindNotMail},
		{"list server's address", "\"List server\" <LISTSERV@LISTS.EXAMPLE.ORG>", "", probe, KindAutoreply},
		{"a list service's own domain", "Groups <noreply@googlegroups.com>", "", probe, KindAutoreply},
		{"a list service's post", "'Jane' via physics <physics@googlegroups.com>", "List-Id: <physics.googlegroups.com>\r\n", held, KindNotMail},
		{"a person", "Jane Doe <jane@example.org>", "", held, KindNotMail},
		{"mark says no", "physics@lists.example.org", "X-List-Administrivia: no\r\n", held, KindNotMail},
	} {
		rep := p.Parse(msg(c.from, c.extra, c.body))
		if rep.Kind != c.want || len(rep.Records) != 0 {
			t.Errorf("%s: kind %q with %d records, want %q and none", c.name, rep.Kind, len(rep.Records), c.want)
		}
	}
}

// A list manager handing a bounce on to the list's owner (LISTSERV's
// "error report", the mail system's report enclosed as a text part) reports
// the failure through that report: its recipient, not the addresses of the
// manager's own words.
func TestListNoticeHandsOnReport(t *testing.T) {
	raw := "From: LISTSERV@lists.example.org\r\nTo: owner@example.org\r\nSubject: PHYSICS: error report from example.net\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n" +
		"The enclosed message, sent to physics@lists.example.org, looks like a delivery error notice.\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"error.txt\"\r\n\r\n" +
		"This is an automatically generated Delivery Status Notification.\r\n" +
		"Delivery to the following recipients failed.\r\n       reader@example.net\r\n\r\n--b--\r\n"
	wantRecord(t, newParser(t), recordCase{name: "list error report", msg: raw, addr: "reader@example.net"})
}
