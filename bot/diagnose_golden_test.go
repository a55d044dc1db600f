package bot_test

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/responses"
	"github.com/smtpbot/smtpbot/tests/golden"
)

// Diagnoses as people read them, in both languages: the category, the
// retry judgement, who acts and the next step. Regenerate with -update and
// review the diff. (An external test package: it shows the diagnosis in the
// JSON contract, which responses owns.)
func TestDiagnoseGolden(t *testing.T) {
	b := bottest.New(t)
	inputs := []struct{ name, in string }{
		{"gmail-5.7.26", "550-5.7.26 This mail has been blocked because the sender is\n550-5.7.26 unauthenticated. Gmail requires all senders to authenticate with\n550 5.7.26 either SPF or DKIM. - gsmtp"},
		{"gmail-4.7.27", "421-4.7.27 Your email has been rate limited because SPF authentication didn't pass for this message. Gmail requires all bulk email senders to authenticate their email with SPF. - gsmtp"},
		{"microsoft-5.7.708", "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to https://go.microsoft.com/fwlink/?LinkID=526655 AS(7171)"},
		{"yahoo-tss04", "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)"},
		{"postfix-user-unknown", "<bob@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)"},
		{"exim-retry-timeout", "This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  bob@example.com\n    retry timeout exceeded"},
		{"mimecast-greylist", "451 Internal resource is temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451 [Aj3QXapeMpqZYaeFwWhjzw.us32]"},
		{"qmail-no-mailbox", "<bob@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)"},
	}
	for _, lang := range b.Catalog().ContentLanguages() {
		var sb strings.Builder
		for _, in := range inputs {
			a := b.Ask(in.in, bot.Hints{Lang: lang})
			if a.Diagnosis == nil {
				t.Fatalf("%s: no diagnosis", in.name)
			}
			sb.Write(golden.Marshal(t, goldenView(in.name, a)))
		}
		golden.Check(t, "diagnose."+lang+".golden", []byte(sb.String()))
	}
}

// diagnosisView is how the golden file shows a diagnosis: its wire form
// (responses.JSONDiagnosis), then the texts a person reads beside it.
type diagnosisView struct {
	Name string `json:"name"`
	responses.JSONDiagnosis
	Codes        []string `json:"codes"`
	Title        string   `json:"title"`
	Excerpt      string   `json:"excerpt"`
	CategoryName string   `json:"category_name"`
	RetryText    string   `json:"retry_text"`
	ActorNames   []string `json:"actor_names"`
}

func goldenView(name string, a bot.Answer) diagnosisView {
	d := a.Diagnosis
	return diagnosisView{
		Name: name, JSONDiagnosis: responses.ToJSONDiagnosis(*d),
		Codes: a.Codes, Title: a.Title, Excerpt: d.Excerpt, CategoryName: d.CategoryName, RetryText: d.RetryText, ActorNames: d.ActorNames,
	}
}
