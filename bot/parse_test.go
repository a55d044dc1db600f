package bot

import (
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// Phrasings from issue #3 and real chats: every natural way of asking.
func TestParse(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		in     string
		intent Intent
		codes  []string
		lang   string
		filter string
	}{
		// Comparisons in every natural form.
		{"252 vs 552", IntentCompare, []string{"252", "552"}, "en", ""},
		{"252 vs. 552", IntentCompare, []string{"252", "552"}, "en", ""},
		{"252vs552", IntentCompare, []string{"252", "552"}, "en", ""},
		{"252 v 552", IntentCompare, []string{"252", "552"}, "", ""},
		{"252/552", IntentCompare, []string{"252", "552"}, "", ""},
		{"252 or 552?", IntentCompare, []string{"252", "552"}, "en", ""},
		{"compare 252 and 552", IntentCompare, []string{"252", "552"}, "en", ""},
		{"difference between 252 and 552", IntentCompare, []string{"252", "552"}, "en", ""},
		{"is 554 the same as 550?", IntentCompare, []string{"554", "550"}, "en", ""},
		{"smtp 451 vs smtp 452", IntentCompare, []string{"451", "452"}, "en", ""},
		{"421 vs 450 vs 451 vs 452", IntentCompare, []string{"421", "450", "451", "452"}, "en", ""},
		{"421 vs 450 vs 451 vs 452 vs 454", IntentCompare, []string{"421", "450", "451", "452"}, "en", ""},
		{"550 vs 5.1.1", IntentCompare, []string{"550", "5.1.1"}, "en", ""},
		{"x.2.2 vs x.1.1", IntentCompare, []string{"X.2.2", "X.1.1"}, "en", ""},
		{"what's the difference between 421 and 450?", IntentCompare, []string{"421", "450"}, "en", ""},
		{"550 vs mailbox full", IntentCompare, []string{"550", "552"}, "en", ""},
		// Single codes in any wrapper.
		{"550", IntentExplain, []string{"550"}, "", ""},
		{"what does 550 mean", IntentExplain, []string{"550"}, "en", ""},
		{"explain 5.7.1", IntentExplain, []string{"5.7.1"}, "en", ""},
		{"SMTP error 553", IntentExplain, []string{"553"}, "en", ""},
		{"why did I get a 452", IntentExplain, []string{"452"}, "en", ""},
		{"is 450 a hard bounce?", IntentExplain, []string{"450"}, "en", ""},
		{"550 550", IntentExplain, []string{"550"}, "", ""},
		// Names, keywords and typos.
		{"cannot verify user vs mailbox full", IntentCompare, []string{"252", "552"}, "en", ""},
		{"mailbox full vs user unknown", IntentCompare, []string{"552", "550"}, "en", ""},
		{"cannot verfy user", IntentExplain, []string{"252"}, "", ""},
		{"exceded storage allocation", IntentExplain, []string{"552"}, "", ""},
		{"authentification failed", IntentExplain, []string{"535"}, "", ""},
		{"mbox full", IntentExplain, []string{"552"}, "", ""},
		{"5.1.1 vs mailbox full", IntentCompare, []string{"5.1.1", "X.2.2"}, "en", ""},
		// Vietnamese.
		{"252 khác gì 552?", IntentCompare, []string{"252", "552"}, "vi", ""},
		{"so sánh 421 với 450", IntentCompare, []string{"421", "450"}, "vi", ""},
		{"mã 550 là gì", IntentExplain, []string{"550"}, "vi", ""},
		{"lỗi 421 nghĩa là gì?", IntentExplain, []string{"421"}, "vi", ""},
		{"giải thích 5.7.1", IntentExplain, []string{"5.7.1"}, "vi", ""},
		{"hộp thư đầy", IntentExplain, []string{"552"}, "vi", ""},
		{"hop thu day", IntentExplain, []string{"552"}, "vi", ""},
		{"ma 550 la gi", IntentExplain, []string{"550"}, "vi", ""},
		// Phrases of mail support typed without diacritics tell Vietnamese.
		{"dang nhap that bai", IntentExplain, []string{"535"}, "vi", ""},
		// So do the common words of a Vietnamese sentence typed without
		// diacritics ("gửi", "bị", "chậm"), beside an English log word.
		{"mail gui sang yahoo bi cham may tieng, log toan deferred", IntentList, nil, "vi", "4xx"},
		// A long question naming a cause asks about it: no pasted text.
		{"hộp thư đầy thì mã lỗi là gì vậy ạ", IntentExplain, []string{"552"}, "vi", ""},
		// A Vietnamese particle ending an English sentence (detect_particles)
		// leaves it English; alone beside a code it tells Vietnamese.
		{"550 or 554, which one is more serious ạ?", IntentCompare, []string{"550", "554"}, "en", ""},
		{"what does 5.7.1 mean nhé", IntentExplain, []string{"5.7.1"}, "en", ""},
		{"552 ạ", IntentExplain, []string{"552"}, "vi", ""},
		// Chat shorthand is filler ("j z" = "gì vậy", "ad" = admin): the
		// code is still asked about.
		{"ad ơi 5.4.1 là j z", IntentExplain, []string{"5.4.1"}, "vi", ""},
		{"5.4.1 là j vậy", IntentExplain, []string{"5.4.1"}, "vi", ""},
		// A word typed with diacritics abbreviates nothing ("trả" is no
		// "transid").
		{"trả", IntentUnknown, nil, "vi", ""},
		// Replies compared keep a code they share, once per side.
		{"451 4.7.1 vs 450 4.7.1", IntentCompare, []string{"451", "4.7.1", "450", "4.7.1"}, "en", ""},
		// Decomposed Vietnamese (combining marks), as some keyboards send it.
		{"ho\u0323\u0302p thu\u031b đa\u0302\u0300y", IntentExplain, []string{"552"}, "vi", ""},
		// Help, list, unknown.
		{"help", IntentHelp, nil, "en", ""},
		{"", IntentHelp, nil, "", ""},
		{"?", IntentHelp, nil, "", ""},
		{"trợ giúp", IntentHelp, nil, "vi", ""},
		// A greeting or the bot's name around a help question: no code's
		// name ("help" also names 214).
		{"hey smtpbot, help", IntentHelp, nil, "en", ""},
		{"hello, what can you do?", IntentHelp, nil, "en", ""},
		{"chào bot", IntentHelp, nil, "vi", ""},
		{"yo smtpbot 👋", IntentHelp, nil, "", ""},
		// Asking whether a code is good or bad is a question about it, not
		// prose without mail words.
		{"so is a 251 good or bad", IntentExplain, []string{"251"}, "en", ""},
		// "cái nào" (which one) after a code asks which; "cái" counts no code.
		{"550 với 554 cái nào nặng hơn", IntentCompare, []string{"550", "554"}, "vi", ""},
		// A symptom asked in the asker's own words, no code, no "it says":
		// its cause is diagnosed, never "not understood".
		{"why are my emails going to spam?", IntentDiagnose, nil, "", ""},
		{"TLS required?", IntentDiagnose, nil, "", ""},
		{"half our mail lands in the junk folder, where do I start?", IntentDiagnose, nil, "", ""},
		{"<@U0123ABCD> help pls", IntentHelp, nil, "en", ""},
		// A web address is one thing: the numbers in its path are no codes.
		{"what does 421 mean? the docs at https://example.com/kb/smtp-550-5-1-1 are down", IntentExplain, []string{"421"}, "en", ""},
		// A name spelled out is what is asked; an abbreviation guessed
		// beside it ("server says" as 220's "service ready") is no second code.
		{"server says mailbox full", IntentExplain, []string{"552"}, "", ""},
		// A mail word typed in full abbreviates no two words of a name
		// ("server" is no "SERVicE Ready"): a notice about a server asks
		// about no code.
		{"bảo trì mail server tối nay, ae lưu ý nha", IntentUnknown, nil, "vi", ""},
		{"the server", IntentUnknown, nil, "en", ""},
		// Counts of people and things (chatter.after) are no codes.
		{"we have 452 staff and 552 mailboxes on the server, how many license we need?", IntentUnknown, nil, "en", ""},
		{"công ty có 452 nhân viên dùng mail server", IntentUnknown, nil, "vi", ""},
		// A number no reply of the catalog has, beside words of the web, is
		// a web page's status; a code the catalog has stays a code.
		{"the link gives me a 404, anyone got a mirror?", IntentUnknown, nil, "en", ""},
		{"what does 404 mean", IntentExplain, []string{"404"}, "en", ""},
		// A change number shaped like a code (ITSM numbering) is chatter.
		{"CHG 4.2.1: mail server patch approved for tonight", IntentUnknown, nil, "", ""},
		// A provider's event JSON: the quoted message opens with the
		// enhanced code, whatever word its sentence starts with.
		{`our ESP log shows {"code": 550, "message": "5.1.1 The email account that you tried to reach does not exist"}`, IntentDiagnose, []string{"550", "5.1.1"}, "en", ""},
		// A failed recipient laid out as Exim's report has it, pasted
		// between the asker's words: the paste is diagnosed, its names are
		// no comparison.
		{"mail bị trả về:\n\n  ketoan@example.vn\n    mailbox is full: retry timeout exceeded\n\ncó nên gửi lại ko ae", IntentDiagnose, nil, "vi", ""},
		// The language turns at the code: the asker's Vietnamese before it,
		// the server's English words after it, are a reply pasted in.
		{"phần mềm gửi thì bị 550 Relaying denied for example.org nha", IntentDiagnose, []string{"550"}, "vi", ""},
		{"bị 550 ko gui duoc", IntentExplain, []string{"550"}, "vi", ""},
		{"bị 550 khi gửi mail cho khách", IntentExplain, []string{"550"}, "vi", ""},
		// An Exim log line (message id, "**" failed) is server text.
		{"2026-01-02 10:00:00 1abcde-000123-AB ** bob@example.org: retry timeout exceeded", IntentDiagnose, nil, "", ""},
		// A DSN diagnostic type after a code ("SMTP;") marks server text
		// pasted into the asker's sentence.
		{"our printer gets 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM", IntentDiagnose, []string{"5.7.57"}, "", ""},
		{"the app got 550 smtp; Recipient address rejected: access denied", IntentDiagnose, []string{"550"}, "en", ""},
		{"trợ giúp với, bot làm được gì?", IntentHelp, nil, "vi", ""},
		{"help me with 535", IntentExplain, []string{"535"}, "en", ""},
		{"list", IntentList, nil, "en", ""},
		{"list 4xx", IntentList, nil, "en", "4xx"},
		{"list 5.7.x", IntentList, nil, "en", "5.7.x"},
		// A class named in words and no code is answered by the class.
		{"why are my mails deferred?", IntentList, nil, "en", "4xx"},
		{"should I worry about soft bounces?", IntentList, nil, "en", "4xx"},
		{"lỗi vĩnh viễn là gì", IntentList, nil, "vi", "5xx"},
		{"what codes do you know", IntentList, nil, "en", ""},
		{"liệt kê mã 4xx", IntentList, nil, "vi", "4xx"},
		{"asdkjhasd qwe", IntentUnknown, nil, "", ""},
		{"999 vs 123", IntentUnknown, nil, "en", ""},
		{"9.9.9", IntentUnknown, nil, "", ""},
		{"550 vs 999", IntentUnknown, nil, "en", ""},
		// Chat markup is removed before parsing.
		{"<@U0123ABCD> 252 vs 552", IntentCompare, []string{"252", "552"}, "en", ""},
		{"<!channel> <!here> explain 550", IntentExplain, []string{"550"}, "en", ""},
		{"<@!123456789012345678> <#123> 5.7.1", IntentExplain, []string{"5.7.1"}, "", ""},
		{"@everyone 421 vs 450", IntentCompare, []string{"421", "450"}, "en", ""},
		// Not codes: addresses, IP addresses, times, sizes, counts.
		{"my server 192.0.2.1 sent 250 mails at 10:45", IntentUnknown, nil, "en", ""},
		{"my server 192.0.2.1 got 250 at 10:45", IntentExplain, []string{"250"}, "en", ""},
		{"450ms latency", IntentUnknown, nil, "", ""},
		// Numbers inside a header's <id> are no codes, and the <id> is no
		// recipient's address that would make the question a bounce.
		{"In-Reply-To <20261206.552.4211@mail.example> got 4.2.2 back, what does it mean", IntentExplain, []string{"4.2.2"}, "en", ""},
		// Typed codes are the sides of a comparison: a word guessed as an
		// abbreviation is no third side.
		{"421 vs 450, which one is about the recipient?", IntentCompare, []string{"421", "450"}, "en", ""},
		// One reply beside "khác" (other, different) is pasted, not compared.
		{"bên kia trả 550 5.7.1 Relaying denied, có phải do gửi qua server khác ko", IntentDiagnose, []string{"550", "5.7.1"}, "vi", ""},
		// Vietnamese typed without diacritics, and its teen code.
		{"ma 552 do dau vay", IntentExplain, []string{"552"}, "vi", ""},
		// A sending system's Vietnamese failure report (lexicon bounce:
		// "gửi mail thất bại", "lý do:") is diagnosed by its words: its
		// "blacklist" names no code asked about.
		{"crm báo gửi email thất bại, lý do: Email nằm trong danh sách đen của hệ thống. IP bị blacklist hả?", IntentDiagnose, nil, "vi", ""},
		// A mailer's English message pasted between the asker's words
		// typed without diacritics: the asker's common words ("được",
		// "không", "thì", "mn") tell the language.
		{"laravel bao Expected response code 250 but got code \"535\", with message \"535 Authentication failed\", de queue thu lai co duoc ko mn", IntentDiagnose, []string{"535"}, "vi", ""},
		{"ê bot, m làm được j", IntentHelp, nil, "vi", ""},
	}
	for _, tt := range tests {
		q := b.Parse(tt.in)
		if q.Intent != tt.intent || !cmp.Equal(codeStrings(q.Codes), tt.codes, cmpNilEmpty) || q.Lang != tt.lang || q.Filter != tt.filter {
			t.Errorf("Parse(%q) = %s %v lang %q filter %q, want %s %v lang %q filter %q",
				tt.in, q.Intent, codeStrings(q.Codes), q.Lang, q.Filter, tt.intent, tt.codes, tt.lang, tt.filter)
		}
	}
}

var cmpNilEmpty = cmp.Comparer(func(a, b []string) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return cmp.Equal(a, b)
})

// Unknown answers suggest instead of guessing.
func TestParseSuggests(t *testing.T) {
	b := newTestBot(t)
	for _, in := range []string{"mailbx fulll errror", "550 vs 999", "relayy acess denid"} {
		q := b.Parse(in)
		a := b.Answer(q, "")
		if a.Intent == IntentUnknown && (a.Unknown == nil || len(a.Unknown.Suggestions) == 0) {
			t.Errorf("Ask(%q): unknown without suggestions", in)
		}
	}
	a := b.Ask("550 vs 999", Hints{})
	if a.Intent != IntentUnknown || a.Unknown.Message == "" || a.Unknown.Suggestions[0].Code != "550" {
		t.Errorf("Ask(550 vs 999) = %+v, want unknown, a message about 999 and 550 suggested first", a.Unknown)
	}
}

// Real reply formats: the codes to explain are the ones inside.
func TestParseReplies(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		name  string
		in    string
		codes []string
		stage catalog.Stage
	}{
		{"multi-line", "550-5.7.26 This mail has been blocked because the sender is\n550-5.7.26 unauthenticated.\n550 5.7.26 Gmail requires all senders to authenticate - gsmtp", []string{"550", "5.7.26"}, ""},
		{"postfix", "host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)", []string{"550", "5.1.1"}, catalog.StageRCPT},
		{"dsn", "Final-Recipient: rfc822; bob@example.com\nAction: failed\nStatus: 5.3.4\nDiagnostic-Code: smtp; 552 5.3.4 Message size exceeds fixed limit", []string{"552", "5.3.4"}, ""},
		{"dsn status only", "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 user unknown", []string{"550", "5.1.1"}, ""},
		{"exchange", "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'", []string{"550", "5.1.10"}, ""},
		{"exchange 2003", "#550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found ##", []string{"550", "5.1.1"}, ""},
		{"qmail", "Sorry, no mailbox here by that name. (#5.1.1)", []string{"5.1.1"}, ""},
		{"status in parentheses", "550 Requested action not taken: mailbox unavailable (5.1.1)", []string{"550", "5.1.1"}, ""},
		{"status after the basic code in parentheses", "The server responded with code 554 (5.7.1) Message rejected", []string{"554", "5.7.1"}, ""},
		{"status after a dash", "554 Message not allowed - 5.7.1", []string{"554", "5.7.1"}, ""},
		{"a dash inside the words is no status", "550 Message not allowed - 5.7.1 and more words", []string{"550"}, ""},
		{"a status of another class is not the reply's", "550 Message not allowed - 4.7.1", []string{"550"}, ""},
		{"qmail remote", "<bob@example.com>:\n192.0.2.1 does not like recipient.\nRemote host said: 550 5.1.1 <bob@example.com>... User Unknown\nGiving up on 192.0.2.1.", []string{"550", "5.1.1"}, "rcpt"},
		{"exim", "SMTP error from remote mail server after RCPT TO:<bob@example.com>:\n    host mx.example.com [192.0.2.1]: 550 5.1.1 <bob@example.com>... User unknown", []string{"550", "5.1.1"}, catalog.StageRCPT},
		{"exim end of data", "SMTP error from remote mail server after end of data:\n    host mx.example.com [192.0.2.1]: 552 Message size exceeds maximum permitted", []string{"552"}, catalog.StageEOD},
		{"sendmail", ">>> RCPT To:<bob@example.com>\n<<< 550 5.1.1 <bob@example.com>... User unknown", []string{"550", "5.1.1"}, catalog.StageRCPT},
		{"mail from wrapped", "(in reply to MAIL\nFROM command)\nsaid: 550 5.7.1 Unfortunately, messages from [192.0.2.2] weren't sent.", []string{"550", "5.7.1"}, catalog.StageMAIL},
		{"no code", "User unknown in local recipient table (in reply to RCPT TO command)", nil, catalog.StageRCPT},
		{"class mismatch", "421-5.7.32 Your email was blocked because the From: header isn't aligned. - gsmtp", []string{"421", "5.7.32"}, ""},
		{"ips are not codes", "host mail-203-0-113-5.example.com[203.0.113.5] said: 554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org", []string{"554", "5.7.1"}, ""},
		{"dates are not codes", "Arrival-Date: Mon, 15 Jan 2024 10:22:33 +0000\nDiagnostic-Code: smtp; 550 5.1.1 user unknown", []string{"550", "5.1.1"}, ""},
		{"failure wins over success", "250 2.1.0 Sender OK\n250 2.1.5 Recipient OK\n550 5.2.1 Mailbox disabled", []string{"550", "5.2.1"}, ""},
		{"question around a reply", "why did I get \"550 5.7.1 Relaying denied\"?", []string{"550", "5.7.1"}, ""},
		// A gateway's tag between the codes (providers.json tags) leaves
		// them one reply; a word that is no provider's tag does not.
		{"tag between the codes", "host mx.example.org[192.0.2.12] said: 550 cuda_nsu 5.1.1 <bob@example.org>: Recipient address rejected (in reply to RCPT TO command)", []string{"550", "5.1.1"}, catalog.StageRCPT},
		{"tag between the codes, another provider", "said: 550 OFR004_104 5.7.1 rejected", []string{"550", "5.7.1"}, ""},
		{"a word between the codes", "said: 550 denied 5.1.1 rejected", []string{"550"}, ""},
		// A reply wrapped after its basic code, as Postfix folds its bounce
		// text: the next line, indented or after "said:", holds the
		// enhanced code.
		{"wrapped after the basic code", "<ann@example.org>: host mx.example.org[192.0.2.35] said: 550\n    5.1.1 <ann@example.org>: Recipient address rejected: User unknown in virtual\n    mailbox table (in reply to RCPT TO command)", []string{"550", "5.1.1"}, catalog.StageRCPT},
		{"wrapped after said: without indent", "zrm@example.net: host mx.example.net[192.0.2.9] said: 530\n5.7.0 Must issue a STARTTLS command first", []string{"530", "5.7.0"}, ""},
	}
	for _, tt := range tests {
		q := b.Parse(tt.in)
		if q.Intent != IntentDiagnose || q.Reply == nil {
			t.Errorf("%s: Parse = %s, want diagnose", tt.name, q.Intent)
			continue
		}
		if got := codeStrings(q.Codes); !cmp.Equal(got, tt.codes, cmpNilEmpty) || q.Reply.Stage != tt.stage {
			t.Errorf("%s: codes %v stage %q, want %v stage %q", tt.name, got, q.Reply.Stage, tt.codes, tt.stage)
		}
		if strings.Contains(q.Reply.Text, "\n") {
			t.Errorf("%s: excerpt %q spans lines", tt.name, q.Reply.Text)
		}
	}
}

// A pasted reply is answered in the language of the words around it, or
// in the bot's default when there are none.
func TestParseReplyLanguage(t *testing.T) {
	b := newTestBot(t, WithDefaultLang(catalog.Vietnamese))
	for _, tt := range []struct{ in, lang string }{
		{"550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown", catalog.Vietnamese},
		{"what does this mean? 550 5.1.1 <bob@example.com>: User unknown", catalog.English},
		{"tại sao thư bị trả về: 550 5.1.1 User unknown", catalog.Vietnamese},
		{"what does 550 mean", catalog.English},
		{"550", catalog.Vietnamese},
	} {
		if a := b.Ask(tt.in, Hints{}); a.Lang != tt.lang {
			t.Errorf("Ask(%q).Lang = %q, want %q", tt.in, a.Lang, tt.lang)
		}
	}
	if a := b.Ask("so sánh 421 với 450", Hints{Lang: catalog.English}); a.Lang != catalog.English {
		t.Errorf("a language set by the caller wins; got %q", a.Lang)
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ In, Want string }{
		{"<@U0123ABCD> hi", "hi"},
		{"<!channel> <!here> <!subteam^S1|@team> 550", "550"},
		{"<mailto:bob@example.com|bob@example.com> 550", "bob@example.com 550"},
		{"<https://example.com|docs> 550", "docs 550"},
		{"<http://example.com> 550", "http://example.com 550"},
		{"<@123456789012345678> <@!123456789012345678> <#123> <@&42> 550", "550"},
		{"<:smtp:123456789012345678> <a:wave:1> <t:1700000000:R> 550", "550"},
		{"@everyone @here 550", "550"},
		{"@EVERYONE 550", "550"},
		// A mention typed as plain text at a line's start is no word of the
		// message; a domain or an address is kept.
		{"@smtpbot 421 busy", "421 busy"},
		{"hi\n  @ops, 550 5.1.1 user unknown", "hi\n  550 5.1.1 user unknown"},
		{"@ops: @mailbot 550", "550"},
		{"@example.org rejects us", "@example.org rejects us"},
		{"bob@example.com 550", "bob@example.com 550"},
		{"ask @smtpbot about 550", "ask @smtpbot about 550"},
		{"<http://x|<@U1>> 550", "550"},
		{"<<@U1>> 550", "< > 550"},
		{"@every\u200bone 550", "550"},
		{"\u202e550\u202c \ufeff\u200b", "550"},
		{"550\x00\x07 vs\r\n552", "550   vs\n552"},
		{"bounce from <bob@example.com>", "bounce from <bob@example.com>"},
		{"bad \xff\xfe bytes", "bad   bytes"},
		{"```text\n550 5.1.1\n```\nwhy?", "text\n550 5.1.1\n\nwhy?"},
		// A code typed with O for 0 or l/I for 1 is read as the code.
		{"55O 5.1.l", "550 5.1.1"},
		{"45o vs 4.2.I?", "450 vs 4.2.1?"},
		{"(55O)", "(550)"},
		// Words that are no code with the digits stay as typed.
		{"5oo1 2lo 4oo 1o1 9.1.l 5.1.lx x55O 55Oé host5.1.l 5.l.l", "5oo1 2lo 4oo 1o1 9.1.l 5.1.lx x55O 55Oé host5.1.l 5.l.l"},
		{"mx1.example.com 2026-12-06 1rAbCd-0001Xy-2Q", "mx1.example.com 2026-12-06 1rAbCd-0001Xy-2Q"},
	}
	tabletest.Check(t, "Clean", Clean, tests)
	long := strings.Repeat("é", MaxInput)
	if got := Clean(long); len(got) > MaxInput || !strings.HasPrefix(long, got) {
		t.Errorf("Clean did not cut a long message at a rune boundary within %d bytes", MaxInput)
	}
}

func TestTokenize(t *testing.T) {
	b := newTestBot(t)
	var got []string
	// Letters and digits together make a word ("450ms", "8bitmime"), a
	// hyphen between them is dropped ("utf-8" is "utf8"), unless a code
	// stands beside it ("550-5.7.1", "smtp-451"); with dots they stay a
	// number (a host).
	for _, tok := range b.lex().tokenize("252vs552, smtp451 x.2.2 5.7.x 4xx 192.0.2.1 9.9.9 450ms what's 8bitmime utf-8 8-bit 550-5.7.1 smtp-451 mx1.example.com 2026-12-06") {
		got = append(got, [...]string{"w", "c", "b", "f", "n", "p"}[tok.kind]+":"+tok.text)
	}
	want := []string{"c:252", "w:vs", "c:552", "p:,", "w:smtp", "c:451", "c:X.2.2", "f:5.7.x", "f:4xx", "n:192.0.2.1", "b:9.9.9", "w:450ms", "w:what's",
		"w:8bitmime", "w:utf8", "w:8bit", "c:550", "c:5.7.1", "w:smtp", "c:451", "n:mx1.example.com", "n:2026", "n:12", "n:06"}
	if !cmp.Equal(got, want) {
		t.Errorf("tokenize:\n%s", cmp.Diff(want, got))
	}
}

// hostileInputs are messages built to make a parser go quadratic, each
// repeating a piece n times: angle brackets, mention marks, codes, replies,
// one long word, typos, Vietnamese, dots, reply lines, indentation, a long
// question, NDR names, chatter numbers, a phone number, emphasis marks that
// never close, a long number in international form.
var hostileInputs = map[string]func(n int) string{
	"angles":   func(n int) string { return strings.Repeat("<", n) },
	"mentions": func(n int) string { return strings.Repeat("<@<!", n/4) },
	"codes":    func(n int) string { return strings.Repeat("550 ", n/4) },
	"replies":  func(n int) string { return strings.Repeat("550 5.1.1 x\n", n/12) },
	"one word": func(n int) string { return strings.Repeat("a", n) },
	"typos":    func(n int) string { return strings.Repeat("mailbx fulll ", n/13) },
	"vi":       func(n int) string { return strings.Repeat("hộp thư đầy ", n/16) },
	"dots":     func(n int) string { return strings.Repeat("5.", n/2) },
	"lines":    func(n int) string { return strings.Repeat("550-\n", n/5) },
	"indent":   func(n int) string { return "550 x\n" + strings.Repeat("  x\n", n/4) },
	"question": func(n int) string { return "says 550 x" + strings.Repeat(", what", n/6) + "?" },
	"ndr":      func(n int) string { return strings.Repeat("resolver.adr.", n/13) + "RESOLVER.ADR.RecipNotFound" },
	"chatter":  func(n int) string { return strings.Repeat("room 421 ", n/9) },
	"phone":    func(n int) string { return strings.Repeat("555 ", n/4) + "1234" },
	"emphasis": func(n int) string { return strings.Repeat("*a _b ||c ", n/10) },
	"intl":     func(n int) string { return "+1" + strings.Repeat(" 55", n/3) },
}

// Hostile input stays cheap: what Ask allocates for a hostile message of
// 4,000 bytes is at most about linear in what it allocates for 1,000 (a
// quadratic step would allocate 16 times as much; the bound is 8). Time is
// measured by BenchmarkAskHostile, never by a test.
func TestParseWorstCase(t *testing.T) {
	b := newTestBot(t)
	allocated := func(in string) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 3 {
			if a := b.Ask(in, Hints{}); a.Title == "" {
				t.Fatalf("no answer to %.40q", in)
			}
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / 3
	}
	for name, make := range hostileInputs {
		small, large := allocated(make(1000)), allocated(make(4000))
		if large > 8*small+64<<10 {
			t.Errorf("%s: %d bytes allocated for 4,000 bytes of input, %d for 1,000: worse than linear", name, large, small)
		}
	}
}

// TestSelfComparison: "550 vs 550" is answered as a comparison that says the
// code was compared with itself, not silently as one code. A code typed
// twice with words of a side between (two settings of one code) is one code
// asked about: a comparison needs two codes.
// Its questions for Parse are read in TestParseReadings/SelfComparison.
func TestSelfComparison(t *testing.T) {
	b := newTestBot(t)
	for _, text := range []string{"550 vs 550", "compare 5.1.1 and 5.1.1", "so sánh 421 với 421"} {
		a := b.Ask(text, Hints{})
		if a.Intent != IntentCompare || len(a.Codes) != 2 || a.Codes[0] != a.Codes[1] || a.Compare == nil || len(a.Compare.Cards) != 1 {
			t.Errorf("%q: intent %s codes %v", text, a.Intent, a.Codes)
			continue
		}
		f := b.Catalog().Frame(a.Lang)
		want := strings.SplitN(f.SummarySelf, "{code}", 2)[0]
		if !strings.Contains(a.Compare.Summary(), want) {
			t.Errorf("%q: summary %q does not say it was compared with itself", text, a.Compare.Summary())
		}
	}
}
