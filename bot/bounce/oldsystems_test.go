package bounce

import (
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// Leads of old mail systems' reports (bounce.json recipient_leads): IMail
// states what happened before the address ("Delivery failed 20 attempts:
// <addr>", "Invalid final delivery userid: <addr>"), Exchange 5.5 names
// an SMTP recipient by its X.400 form, the address the value of the
// domain-defined attribute "dda:SMTP=", and a site's responder sets the
// address off by commas after its lead ("… was addressed, <addr>, did not
// …"). A lead is whole words: "userids" is none.
func TestOldSystemsLeads(t *testing.T) {
	p := newParser(t)
	tabletest.CheckMap(t, "recipientLead", leadOf(p), map[string]string{
		"Delivery failed 20 attempts: userx@example.ph":                      "userx@example.ph → ",
		"Invalid final delivery userid: userx@example.com":                   "userx@example.com → ",
		"c=US;a= ;p=IKON;o=Nexus2;dda:SMTP=userx@example.com; on Fri, 4 Oct": "userx@example.com → on Fri, 4 Oct",
		"which your message was addressed, user1@example.gov, did not match": "user1@example.gov → did not match",
		"List of userids user2@example.com":                                  "none",
	})
}

// A report's end (bounce.json original_markers): LLNL's responder quotes
// the message after "Original message as received is as follows:", and
// the quoted Received lines ("… for <addr>") are no failed recipient.
func TestOriginalAsReceived(t *testing.T) {
	p := newParser(t)
	msg := "From: postmaster@example.gov\nTo: list-admin@example.org\nSubject: FAILED MAIL to \"user1\"\n\n" +
		"The address to\nwhich your message was addressed, user1@example.gov, did not exactly match an\nExample email address.\n\n" +
		"Original message as received is as follows:\n====\n>Received: from a.example.org by b.example.gov for <user2@example.gov>; Sun, 27 May 2001 14:21:25 -0700\n"
	rep := p.Parse([]byte(msg))
	if rep.Kind != KindBounce || len(rep.Records) != 1 || rep.Records[0].Recipient != "user1@example.gov" {
		t.Fatalf("Parse = %+v, want one record for user1@example.gov", rep)
	}
}

// Automatic replies that set no header of their own (bounce.json
// autoreply_*): SunOS vacation(1)'s default reply ("Subject: away from my
// mail", "I will not be reading my mail for a while") and a
// challenge-response service's request (Bluebottle's X-Bluebottle-Request).
func TestOldAutoreplies(t *testing.T) {
	p := newParser(t)
	tabletest.CheckMap(t, "Parse kind", func(msg string) string { return p.Parse([]byte(msg)).Kind }, map[string]string{
		"From: jsmith@example.edu\nTo: pat@example.org\nSubject: away from my mail\n\nI will not be reading my mail for a while.\n":            KindAutoreply,
		"From: jsmith@example.edu\nTo: pat@example.org\nSubject: draft\n\nI will not be reading my mail for a while. It will be read later.\n": KindAutoreply,
		"From: a@example.com\nTo: b@example.org\nSubject: RE: BLAH\nX-Bluebottle-Request: <1234>\n\nYour message was received.\n":              KindAutoreply,
		"From: a@example.com\nTo: b@example.org\nSubject: RE: BLAH\n\nYour message was received.\n":                                            KindNotMail,
	})
}
