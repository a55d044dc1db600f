package bot

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/smtpbot/smtpbot/catalog"
)

// parseCase is a message and what Parse must make of it.
type parseCase struct {
	in     string
	intent Intent
	codes  []string
}

func checkParse(t *testing.T, b *Bot, tests []parseCase) {
	t.Helper()
	for _, tt := range tests {
		q := b.Parse(tt.in)
		if q.Intent != tt.intent || !cmp.Equal(codeStrings(q.Codes), tt.codes, cmpNilEmpty) {
			t.Errorf("Parse(%q) = %s %v, want %s %v", tt.in, q.Intent, codeStrings(q.Codes), tt.intent, tt.codes)
		}
	}
}

// Numbers in chatter are not codes: the context tells (issue #11).
func TestParseChatterNumbers(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"see you in room 421", IntentUnknown, nil},
		{"$550 for the license", IntentUnknown, nil},
		{"550$ for the license", IntentUnknown, nil},
		{"call me at 555 1234", IntentUnknown, nil},
		{"call me at (555) 123-4567", IntentUnknown, nil},
		{"version 4.2.2 is out", IntentUnknown, nil},
		{"meet me at 421 tomorrow", IntentUnknown, nil},
		{"giá 550 nghìn đồng", IntentUnknown, nil},
		{"phiên bản 4.2.2 đã ra", IntentUnknown, nil},
		{"the mail queue has 421 messages stuck", IntentUnknown, nil},
		{"we moved 550 mailboxes to the new tenant", IntentUnknown, nil},
		{"we sent 550 emails this morning", IntentUnknown, nil},
		// Words typed with a slip are still the words meant; a real word
		// that a slip of a filler could give ("cold", "hose") is not.
		{"waht dose 5.7.1 meen", IntentExplain, []string{"5.7.1"}},
		{"smpt eror 451 - retyr or not?", IntentExplain, []string{"451"}},
		{"errror 550 adress", IntentExplain, []string{"550"}},
		{"it was cold, see you at 421 tomorrow", IntentUnknown, nil},
		{"the garden hose costs 550 tomorrow", IntentUnknown, nil},
		// A sender's words (contacts, newsletter) make it about mail.
		{"should I delete contacts that return 5.1.1?", IntentExplain, []string{"5.1.1"}},
		// A mail word with an ending of its language is still a mail word
		// ("retries", "addresses", "queued"); an ending that makes no listed
		// word reads nothing, and a unit stays a unit ("550 min").
		{"our app retries each 451 twice, fine?", IntentExplain, []string{"451"}},
		{"do we drop addresses that keep coming back with 5.1.1", IntentExplain, []string{"5.1.1"}},
		{"queued behind a 4.4.1 since dawn, stuck for good?", IntentExplain, []string{"4.4.1"}},
		{"the blocks cost 550 each, ordering more tonight", IntentUnknown, nil},
		{"migrated the mailboxes, ETA 550 min", IntentUnknown, nil},
		// A code with a plural ending is the code counted.
		{"a pile of 5.1.1s or a pile of 5.7.1s, which is worse?", IntentCompare, []string{"5.1.1", "5.7.1"}},
		{"all those 550's overnight, from the same host", IntentExplain, []string{"550"}},
		{"the 1550s were a long time ago", IntentUnknown, nil},
		// Plain questions stay questions.
		{"550", IntentExplain, []string{"550"}},
		{"what is 421", IntentExplain, []string{"421"}},
		{"552?", IntentExplain, []string{"552"}},
		{"explain 5.7.1", IntentExplain, []string{"5.7.1"}},
		{"tell me about 4.7.0", IntentExplain, []string{"4.7.0"}},
		{"421 450 451 452", IntentCompare, []string{"421", "450", "451", "452"}},
		{"mã 550 là gì", IntentExplain, []string{"550"}},
		{"why does gmail give me 421", IntentExplain, []string{"421"}},
		{"I get 550 when sending to 200 users", IntentExplain, []string{"550"}},
		{"thử lại 421 có được không", IntentExplain, []string{"421"}},
		{"how to fix 550", IntentExplain, []string{"550"}},
		// A provider's own tag beside a number makes it a reply code, and a
		// tag alone is server text; an MTA's usual words stay a question.
		{"421 HL:IFC", IntentDiagnose, []string{"421"}},
		{"Message rejected under suspicion of SPAM", IntentDiagnose, nil},
		// A gateway's verdict ID is such a tag, though it names no cause
		// of its own: the words beside it do.
		{"their admin forwarded: XGEMAIL_0006 Message rejected", IntentDiagnose, nil},
		// An MTA's log line without a code is server text; its errno is
		// no code ("defer (113)").
		{"== bob@example.com R=dnslookup T=remote_smtp defer (113): No route to host", IntentDiagnose, nil},
		{"greylisting", IntentExplain, []string{"450"}},
		// A number no code can be beside a word of transport is a port
		// (chatter.port), and the sentence is no question about a reply,
		// whatever else it names ("blocked"); a reply beside such a word
		// stays a reply.
		{"587 with STARTTLS or 465 with implicit TLS?", IntentUnknown, nil},
		{"relay question: 587 with STARTTLS or 465 for our app servers? outbound 25 is blocked anyway", IntentUnknown, nil},
		{"TLS on 465 or STARTTLS on 587 for the printers?", IntentUnknown, nil},
		{"is 530 about STARTTLS?", IntentExplain, []string{"530"}},
		{"454 TLS not available", IntentDiagnose, []string{"454"}},
		// A number right after a word of the web (chatter.web_before) is an
		// HTTP status, even one the catalog has as a reply; a web word
		// elsewhere leaves a catalog's reply a reply.
		{"the API keeps answering HTTP 503 Service Unavailable since our deploy, their side?", IntentUnknown, nil},
		{"webhook got an http status 550 back", IntentUnknown, nil},
		{"what does 503 mean, I saw it in a link", IntentExplain, []string{"503"}},
		// An API is a word of the web too (chatter.web).
		{"the mail api gives me a 404 on the new tenant", IntentUnknown, nil},
	})
	// Chatter is answered "not understood", with the hint.
	a := b.Ask("see you in room 421", Hints{})
	if a.Unknown == nil || a.Unknown.Hint == "" || a.Unknown.Message != "" {
		t.Errorf("Ask(room 421).Unknown = %+v, want a hint and no message about a bad code", a.Unknown)
	}
}

// What a message holds beside the asker's question names no code when it
// is no reply: a markup record's fields ("<count>452</count>", RFC 7489
// Appendix C), a dashboard's rows giving checks their passing verdict
// (lexicon "passed"), a compound read whole (lexicon "compounds": "spam
// rate" is a measure, "password reset" a kind of mail). Words of waiting
// for a code to clear (chatter.mail "wait", "clear") ask about it.
func TestParseWhatIsNoQuestion(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"a DMARC report row: <row><source_ip>192.0.2.7</source_ip><count>452</count><policy_evaluated><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row> were they bounced?", IntentUnknown, nil},
		{"the report says <count>550</count> for that IP, bounced?", IntentUnknown, nil},
		// An element named as a code's holds one.
		{"the API gave <code>550</code> and nothing else, what does it mean?", IntentDiagnose, []string{"550"}},
		{"copied from the sender dashboard:\nSPF: Compliant\nDKIM, DMARC: pass\nwhen does the banner go away?", IntentUnknown, nil},
		{"bảng điều khiển ghi SPF, DKIM, DMARC: đạt\nvậy sao vẫn vào spam?", IntentDiagnose, nil},
		{"SPF: fail, DKIM: fail\nwhat now?", IntentCompare, []string{"X.7.23", "X.7.20"}},
		{"is one-click unsubscribe needed for password reset emails too?", IntentUnknown, nil},
		{"after the password reset smtp says authentication failed", IntentExplain, []string{"535"}},
		{"keep the spam rate under 0.3%, and what if it hits 0.5% for a day?", IntentUnknown, nil},
		{"why are my emails going to spam?", IntentDiagnose, nil},
		{"will 4.7.650 clear by itself if we just wait a few hours?", IntentExplain, []string{"4.7.650"}},
		{"4.7.26 - does waiting clear it?", IntentExplain, []string{"4.7.26"}},
		{"bumped the library to 5.2.2 last night", IntentUnknown, nil},
		// The name of an SMTP command (RFC 5321 §4.1.1: "RCPT", "EHLO",
		// "VRFY") is a word of mail, and acting on a code asks about it
		// (chatter.mail "act", "action").
		{"is a 251 on RCPT TO something I have to act on?", IntentExplain, []string{"251"}},
		{"is 251 something I have to act on?", IntentExplain, []string{"251"}},
		{"what action should we take on a 421 at EHLO time?", IntentExplain, []string{"421"}},
		{"VRFY gives 252 every time, trust it?", IntentExplain, []string{"252"}},
		// A command named after a code in the asker's words is when the
		// code came, no report: a report names the command with its
		// argument or a colon before the reply ("after RCPT TO:<a@b>:").
		{"503 right after RCPT TO, which step did our script skip?", IntentExplain, []string{"503"}},
		// Nor are the few words after a code that only name that command
		// server text; a reply that names a command in its own words is.
		{"503 after DATA, why?", IntentExplain, []string{"503"}},
		{"550 after MAIL FROM", IntentExplain, []string{"550"}},
		{"503 RCPT first", IntentDiagnose, []string{"503"}},
		{"SMTP error from remote mail server after RCPT TO:<bob@example.com>:\n    host mx.example.com [192.0.2.1]: 550 5.1.1 unknown user", IntentDiagnose, []string{"550", "5.1.1"}},
		{"deliveries fail after end of data: 554 5.7.1 rejected by policy", IntentDiagnose, []string{"554", "5.7.1"}},
	})
}

// A pasted reply with a question around it is a diagnosis.
func TestParseQuestionAroundReply(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"the server says 554 Message not allowed - [299]. anyone seen this?", IntentDiagnose, []string{"554"}},
		{"got this: 550 5.1.1 user unknown, what do I do?", IntentDiagnose, []string{"550", "5.1.1"}},
		{"550 Requested action not taken: mailbox unavailable. why?", IntentDiagnose, []string{"550"}},
		// A damaged basic code (invented, or a digit lost in a copy) before
		// an enhanced code of its class, with a reply's words after them,
		// is a reply inside the sentence, as a valid pair is.
		{"mail to a partner fails with 55 5.1.1 user unknown since monday", IntentDiagnose, []string{"5.1.1"}},
		{"got 571 5.7.1 Relaying denied from their server", IntentDiagnose, []string{"5.7.1"}},
		{"we got 55 5.1.1 bounces", IntentExplain, []string{"5.1.1"}},
		{"why do I get 55 5.1.1 from outlook", IntentExplain, []string{"5.1.1"}},
		// A code named in a question is not a reply.
		{"I have received a \"550\" Error from an email server. What does it mean?", IntentExplain, []string{"550"}},
		{"is 450 a hard bounce?", IntentExplain, []string{"450"}},
	})
	for text, want := range map[string]string{
		"the server says 554 Message not allowed - [299]. anyone seen this?": "554 Message not allowed - [299]",
		// Nothing but the question after the codes: no words of the server's.
		"what does 550 5.7.1 mean":                                 "550 5.7.1",
		"550 5.7.1 meaning?":                                       "550 5.7.1",
		"550 5.7.1 là gì":                                          "550 5.7.1",
		"550 5.1.1 có phải hard bounce không?":                     "550 5.1.1",
		"is 550 5.1.1 a hard bounce? should I remove the address?": "550 5.1.1",
	} {
		if q := b.Parse(text); q.Reply == nil || q.Reply.Text != want {
			t.Errorf("%q: reply = %+v, want %q, the server's words without the question", text, q.Reply, want)
		}
	}
}

// A basic code followed by its enhanced code is one side of a comparison.
func TestParseCodePairs(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"`452 4.2.2` or `552 5.2.2` for a full mailbox?", IntentCompare, []string{"452", "4.2.2", "552", "5.2.2"}},
		{"452 4.2.2 vs 552", IntentCompare, []string{"452", "4.2.2", "552"}},
		// A reply that goes on with "and" is still one reply.
		{"550 5.1.1 user unknown and mailbox disabled", IntentDiagnose, []string{"550", "5.1.1"}},
	})
}

// Exchange NDR names stand for codes: alone they are explained, pasted they
// are diagnosed.
func TestParseNDRNames(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"RESOLVER.ADR.ExRecipNotFound", IntentExplain, []string{"5.1.1"}},
		{"STOREDRV.Deliver.Exception:QuotaExceededException", IntentExplain, []string{"5.2.2"}},
		{"what does RESOLVER.RST.NotAuthorized mean?", IntentExplain, []string{"5.7.1"}},
		{"resolver.rst.sendsizelimit.sender", IntentExplain, []string{"5.2.3"}},
		// Named in a question's own words: asked about, not pasted.
		{"users get RESOLVER.RST.NotAuthorized when they mail the board, why?", IntentExplain, []string{"5.7.1"}},
		{"we got RESOLVER.RST.NotAuthorized; not authorized, why?", IntentDiagnose, []string{"550", "5.7.1"}},
		{"Remote Server returned 'RESOLVER.ADR.ExRecipNotFound; not found'", IntentDiagnose, []string{"550", "5.1.1"}},
		{"Remote Server returned '554 STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded'", IntentDiagnose, []string{"554", "5.2.2"}},
		// The server's own codes win over the name's.
		{"Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'", IntentDiagnose, []string{"550", "5.1.10"}},
	})
	for in, want := range map[string]string{
		"RESOLVER.ADR.RecipNotFound":                                                          "RESOLVER.ADR.RecipNotFound",
		"xRESOLVER.ADR.RecipNotFound":                                                         "",
		"RESOLVER.ADR.RecipNotFoundX":                                                         "",
		"said: RESOLVER.RST.SendSizeLimit.Sender; message too large":                          "RESOLVER.RST.SendSizeLimit.Sender",
		"STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded": "STOREDRV.Deliver.Exception:QuotaExceededException",
	} {
		n, ok := b.lex().findNDR(lowerText(in))
		if got := n.name.Name; ok != (want != "") || got != want {
			t.Errorf("findNDR(%q) = %q, want %q", in, got, want)
		}
	}
	a := b.Ask("Remote Server returned 'STOREDRV.Deliver.Exception:QuotaExceededException'", Hints{})
	if a.Diagnosis == nil || a.Diagnosis.Category != "mailbox_full" {
		t.Errorf("diagnosis = %+v, want mailbox_full", a.Diagnosis)
	}
}

// Folded Vietnamese words that mean something else typed with their
// diacritics: "khắc phục" (fix) is not "khác" (different), "hãy" (please)
// is not "hay" (or).
func TestParseDiacriticsTyped(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"khắc phục: 550 5.1.1 user unknown", IntentDiagnose, []string{"550", "5.1.1"}},
		{"khac phuc: 550 5.1.1 user unknown", IntentDiagnose, []string{"550", "5.1.1"}},
		{"cách khắc phục lỗi 550", IntentExplain, []string{"550"}},
		{"hãy: 550 5.1.1 user unknown", IntentDiagnose, []string{"550", "5.1.1"}},
		// The words themselves still work, with and without diacritics.
		{"252 khác gì 552?", IntentCompare, []string{"252", "552"}},
		{"252 khac gi 552", IntentCompare, []string{"252", "552"}},
		{"550 hay 552", IntentCompare, []string{"550", "552"}},
	})
}

// Adding a language to the parser is a data change: a lexicon file, no Go.
func TestLexiconAddsALanguage(t *testing.T) {
	m := fstest.MapFS{}
	err := fs.WalkDir(catalog.Embedded(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(catalog.Embedded(), p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m["lexicon/fr.json"] = &fstest.MapFile{Data: []byte(`{
		"fillers": ["quelle", "est", "la", "entre", "et", "que", "veut", "dire", "le", "code"],
		"compare": ["différence"],
		"separators": ["et", "ou"],
		"question_tail": ["quelqu'un", "que faire"],
		"detect_phrases": ["quelle est", "que veut dire", "veut dire"],
		"detect_words": ["quelle", "entre", "veut"],
		"chatter": {"before": ["chambre", "salle"], "after": ["euros"], "mail": ["courriel", "serveur"]}
	}`)}
	cat, err := catalog.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	b := New(cat)
	checkParse(t, b, []parseCase{
		{"quelle est la différence entre 421 et 450", IntentCompare, []string{"421", "450"}},
		{"que veut dire le code 552", IntentExplain, []string{"552"}},
		{"rendez-vous dans la salle 421", IntentUnknown, nil},
		{"le serveur dit 550 5.1.1 user unknown, que faire ?", IntentDiagnose, []string{"550", "5.1.1"}},
	})
	if q := b.Parse("que veut dire le code 552"); q.Lang != "fr" {
		t.Errorf("lang = %q, want fr", q.Lang)
	}
	if a := b.Ask("quelle est la différence entre 421 et 450", Hints{}); a.Lang != "fr" {
		t.Errorf("answer lang = %q, want fr (its frame)", a.Lang)
	}
}
