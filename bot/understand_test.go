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

// TestParseReadings reads each question with Parse and checks the intent
// and the codes it finds: one table, in groups named after what each
// group shows (each was a test of its own).
func TestParseReadings(t *testing.T) {
	b := newTestBot(t)
	for _, g := range []struct {
		name  string
		cases []parseCase
	}{
		// Vietnamese typed with the input method off, in Telex or VNI, is read
		// as typed without diacritics (untelex, typedBase as autocomplete
		// reads a word) when two words or more stand for Vietnamese words;
		// a lone "gif" or English words stay as typed.
		// A code's name or a cause's words said of a thing other than mail
		// with passwords, limits or lists of its own (chatter.elsewhere),
		// in a message with no other mail word, ask about that thing; a
		// mail word, or the name far from the thing, keeps the question
		// about mail.
		// A side of a comparison named with a word of a name in another
		// form ("rate limiting" for 421's "rate limited") is that name;
		// outside a comparison the same words tell a cause, diagnosed.
		// "full of" (a lexicon compound) says what fills a mailbox, not
		// that it is over its quota; "full" alone still is.
		{"FullOfSaysWhatFills", []parseCase{
			{"our shared mailbox is full of old invoices, how do I archive them in outlook?", IntentUnknown, nil},
			{"inbox full of promo junk, can I sort it automatically?", IntentUnknown, nil},
			{"recipient mailbox full, what now", IntentExplain, []string{"552"}},
		}},
		{"ComparedNamesInOtherForms", []parseCase{
			{"rate limiting vs mailbox full", IntentCompare, []string{"421", "552"}},
			{"so sánh greylisting với rate limiting", IntentCompare, []string{"450", "421"}},
			{"gmail is rate limiting us", IntentDiagnose, nil},
		}},
		{"NamesSaidOfThingsElsewhere", []parseCase{
			{"the wifi password is wrong, can IT reset it?", IntentUnknown, nil},
			{"procurement blacklisted that supplier last year, who can lift it?", IntentUnknown, nil},
			{"rate limits on the login form are too aggressive, what window do others use?", IntentUnknown, nil},
			{"đăng nhập wifi toàn báo sai mật khẩu, ai đổi giúp", IntentUnknown, nil},
			{"smtp password wrong, even on the office wifi", IntentExplain, []string{"535"}},
			{"email password wrong on office wifi", IntentExplain, []string{"535"}},
		}},
		{"TelexTypedMessages", []parseCase{
			{"looix 550 laf gif vaayj", IntentExplain, []string{"550"}},
			{"maax 4.2.2 nghiax laf gif", IntentExplain, []string{"4.2.2"}},
			{"421 vowis 451 khacs gif nhau", IntentCompare, []string{"421", "451"}},
			{"loi4 552 la2 gi2", IntentExplain, []string{"552"}},
			{"550 gif", IntentExplain, []string{"550"}},
		}},
		// Vietnamese asking what the bot does, with chat shorthand ("ae",
		// "ad", "dc", "e") and "dùng sao", "hỗ trợ" (lexicon help words and
		// phrases); a code beside the same words is still asked about.
		{"VietnameseHelpPhrases", []parseCase{
			{"bot này dùng như nào ad", IntentHelp, nil},
			{"ae ơi bot hỗ trợ những lệnh gì", IntentHelp, nil},
			{"giup em voi, bot lam dc nhung gi", IntentHelp, nil},
			{"ad ơi 550 là gì", IntentExplain, []string{"550"}},
		}},
		// A message made only of help words asks for help when a help phrase's
		// words stand in it in order, other help words between ("what else
		// can u do"); the chat command typed with its slash ("/smtp") is a
		// word about the bot, a path ("/var/log") is none; fillers ("bot",
		// "ơi", "vậy") do not count towards the help words' limit.
		{"HelpWordsSpreadSlashCommand", []parseCase{
			{"what else can u do", IntentHelp, nil},
			{"any example of how to use you?", IntentHelp, nil},
			{"/smtp usage", IntentHelp, nil},
			{"cách dùng lệnh /smtp với bot", IntentHelp, nil},
			{"ad ơi bot có những lệnh gì để tra mã vậy", IntentHelp, nil},
			{"what can you do with /var/log", IntentUnknown, nil},
			{"ad ơi mã 451 có tra được không", IntentExplain, []string{"451"}},
		}},
		// A number after a noun of several words of chatter.before, with a
		// '#' between, is that thing's number ("đơn hàng #552", an order).
		{"NumberAfterNounOfSeveralWords", []parseCase{
			{"đơn hàng #552 giao chưa", IntentUnknown, nil},
			{"căn hộ #450 còn trống ko ad", IntentUnknown, nil},
		}},
		// A code followed by "thì" (then) opens the asker's own clause, no
		// server reply (not_reply): the code is explained.
		{"CodeThenClause", []parseCase{
			{"mail báo 4.4.7 thì có cần làm gì ko hay đợi nó tự gửi lại", IntentExplain, []string{"4.4.7"}},
			{"báo 550 5.1.1 User unknown", IntentDiagnose, []string{"550", "5.1.1"}},
		}},
		// A code followed by the asker's own words is asked about, not pasted:
		// "in" the transcript or log names where the asker saw it (not_reply),
		// and a dash then a question ("5.7.30 — requiretls? …") is the
		// asker's, while a server's words after a dash stay its reply.
		{"AskerWordsAfterCode", []parseCase{
			{"251 in the transcript... did the mail get lost or what", IntentExplain, []string{"251"}},
			{"452 in the log, is the mail gone", IntentExplain, []string{"452"}},
			{"5.7.30 — requiretls? what does that one mean", IntentExplain, []string{"5.7.30"}},
			{"4.7.5 - cryptographic failure? anyone", IntentExplain, []string{"4.7.5"}},
			{"550 5.1.1 - User unknown", IntentDiagnose, []string{"550", "5.1.1"}},
		}},
		// "ai biết X ko" (anyone know X?) asks about the code X.
		{"VietnameseAnyoneKnow", []parseCase{
			{"ai biết 5.6.8 ko, hình như liên quan utf8", IntentExplain, []string{"5.6.8"}},
			{"ai biet 4.4.2 ko", IntentExplain, []string{"4.4.2"}},
		}},
		// Who said a code, as Vietnamese chat tells it ("nó báo", "đc báo",
		// "họ bảo": it says, I was told, they say), is no content of its
		// own, as "it said" and "they said" are English fillers.
		{"VietnameseWhoSaid", []parseCase{
			{"mình đc báo 4.7.0 thì có cần làm gì ko", IntentExplain, []string{"4.7.0"}},
			{"nó báo 452 là sao", IntentExplain, []string{"452"}},
			{"họ bảo 5.2.2 thì chờ hả", IntentExplain, []string{"5.2.2"}},
			{"nó báo giá 550k", IntentUnknown, nil},
		}},
		// The questions Parse reads of TestComparisonSignsAndComparatives (see there).
		{"ComparisonSignsAndComparatives", []parseCase{
			{"421 ≠ 450? or does our queue treat them the same", IntentCompare, []string{"421", "450"}},
			{"450 ≈ 451 for greylisting in practice", IntentCompare, []string{"450", "451"}},
			{"is 550 5.1.1 worse than 550 5.1.10 or are both just dead addresses", IntentCompare, []string{"550", "5.1.1", "550", "5.1.10"}},
			{"552 có nặng hơn 452 không mn", IntentCompare, []string{"552", "452"}},
			{"550 5.1.1 tệ hơn 550 5.1.10 hả", IntentCompare, []string{"550", "5.1.1", "550", "5.1.10"}},
			// One reply with a comparative beside it is still the reply pasted.
			{"550 5.1.1 The email account that you tried to reach does not exist. worse than I thought", IntentDiagnose, []string{"550", "5.1.1"}},
		}},
		// Words of the SMTP session itself ("greeting", "banner") show a question
		// is about mail: the lone code beside them is asked about, no chatter.
		{"SessionWordsAreMail", []parseCase{
			{"quick one: a 220 is just the greeting, right? nothing to worry about", IntentExplain, []string{"220"}},
			{"our banner shows 220 twice, is that ok", IntentExplain, []string{"220"}},
			{"see you at 421 tomorrow", IntentUnknown, nil},
		}},
		// A reply damaged by OCR or a scan is mended only where its own
		// structure confirms it (fixDamagedReply): a basic code in its place
		// (a line's start, after a colon), an enhanced code of the same
		// class after it, then the reply's words. An S for a 5, a scan's
		// gaps between the digits, commas for dots. Elsewhere, and of
		// another class, the number stays what it was typed as.
		{"DamagedReplyCodes", []parseCase{
			{"OCR'd NDR:\nS50 5.7.1 Unfortunately, messages from [192.0.2.9] weren't sent.", IntentDiagnose, []string{"550", "5.7.1"}},
			{"the scan has gaps:\n5 5 0 5.4.1 Recipient address rejected: Access denied.", IntentDiagnose, []string{"550", "5.4.1"}},
			{"the OCR turned dots into commas:\n550 5,1,1 <ann@example.com>: Recipient address rejected: User unknown", IntentDiagnose, []string{"550", "5.1.1"}},
			{"host mx.example.com[192.0.2.5] said: 4 5 1 4.7.1 Greylisted, try again later", IntentDiagnose, []string{"451", "4.7.1"}},
			{"S50 4.7.1 Greylisted, try again later", IntentExplain, []string{"4.7.1"}},
			{"we have 5 5 0 5.4.1 things", IntentExplain, []string{"5.4.1"}},
			{"550 5,1,1", IntentExplain, []string{"550"}},
		}},
		// Numbers that are parts of something else than a reply (chatter):
		// an identifier of a letter prefix and digit groups ("SO-550-117",
		// "VN 550 511"), an amount with cents after a decimal comma and a
		// unit ("552,00 EUR"), a rate ("550 msgs/hour"), the version a
		// program was updated to ("updating the mail app to 5.5.0",
		// chatter.updates and chatter.to), a changelog entry ("5.1.1 –
		// fixed …", chatter.changes). A code told so stays one.
		{"IdentifiersAmountsAndVersions", []parseCase{
			{"customer asks if the confirmation mail for order SO-550-117 went out, can someone check the outbox?", IntentUnknown, nil},
			{"kiện hàng mã VN 550 511 vẫn chưa tới, bên vận chuyển có gửi mail báo gì không ae", IntentUnknown, nil},
			{"OCR of the hosting invoice: 'Mail hosting Q3 ... Total 552,00 EUR' — is that right for 3 mailboxes?", IntentUnknown, nil},
			{"the relay plan's spec sheet says “SMTP relay: 550 msgs/hour” — is that enough?", IntentUnknown, nil},
			{"after updating the mail app to 5.5.0 my inbox shows nothing, anyone else?", IntentUnknown, nil},
			{"changelog line from the mail app: `5.1.1 – fixed inbox not refreshing after sleep`. did that release fix it for everyone?", IntentUnknown, nil},
			{"we updated the reject code to 5.7.1, what does the sender see?", IntentExplain, []string{"5.7.1"}},
			{"Status: 5.1.1 - Bad destination mailbox address", IntentDiagnose, []string{"5.1.1"}},
			{"gmail said 550-5.7.1 this message was blocked", IntentDiagnose, []string{"550", "5.7.1"}},
			{"got NDR 550 554 both today, what's the difference", IntentCompare, []string{"550", "554"}},
		}},
		// An ESP's or CRM's own objects are numbered too: a number right after
		// "list", "workflow", "segment", "automation", "journey" or, in
		// Vietnamese, "chiến dịch" (campaign) is that object's id, and one
		// before "lượt" (times: opens, clicks) a count (chatter.before and
		// chatter.after). The list command opening a message stays the
		// command ("list 550 and 552" compares them).
		{"ServiceObjectNumbers", []parseCase{
			{"mailchimp segment 421 and automation 554 both stopped sending yesterday, why?", IntentUnknown, nil},
			{"activecampaign list 550 shows 0 active contacts, is the import broken?", IntentUnknown, nil},
			{"chiến dịch 421 gửi hôm qua mới có 550 lượt mở, vậy có thấp ko mn", IntentUnknown, nil},
			{"list 550 and 552", IntentCompare, []string{"550", "552"}},
			{"<@U04BOTID> list 4.2.x pls", IntentList, nil},
			{"our workflow emails bounce with 550 5.1.1 user unknown", IntentDiagnose, []string{"550", "5.1.1"}},
		}},
		// "same thing or not?", "same or different?" ask for a comparison
		// (lexicon compare): two replies named in the asker's sentence with
		// words between them are compared, each with its enhanced code;
		// one reply beside "same thing" is still the reply pasted.
		{"SameOrNotCompares", []parseCase{
			{"sendgrid shows some drops as 421 4.7.0 and others as 451 4.7.1, same thing or not?", IntentCompare, []string{"421", "4.7.0", "451", "4.7.1"}},
			{"the dashboard has 550 5.1.1 for a few contacts and 553 5.1.3 for others, same or different?", IntentCompare, []string{"550", "5.1.1", "553", "5.1.3"}},
			{"same thing for every address on the list:\n550 5.7.1 Message rejected as spam by Content Filtering.", IntentDiagnose, []string{"550", "5.7.1"}},
		}},
		// A server's sentence after an enhanced code at a line's start is a
		// reply whatever word opens it, "The" too: capitalised, several
		// words, a full stop at its end (serverSentence). An asker's words
		// after a code are lower case, short or a question.
		{"ServerSentenceAfterCode", []parseCase{
			{"the ESP's log from that morning:\n5.2.2 The email account that you tried to reach is over quota.", IntentDiagnose, []string{"5.2.2"}},
			{"5.1.1 The recipient address does not exist on this server.", IntentDiagnose, []string{"5.1.1"}},
			{"5.1.1 the one for unknown users?", IntentExplain, []string{"5.1.1"}},
			{"550 The worst one?", IntentExplain, []string{"550"}},
		}},
		// A Vietnamese word that ties a code to where it was seen or whose it
		// is ("trong" in, "của" of: lexicon not_reply) opens the asker's
		// sentence after a code at a line's start, no server's text: "4.4.7
		// trong log …", "4.2.2 của gmail …" ask about the code. A Vietnamese
		// server's sentence opens with its subject ("Thư bị từ chối …").
		{"CodeThenVietnameseSentence", []parseCase{
			{"5.7.1 trong log postfix là lỗi gì vậy mn, sáng giờ toàn thấy", IntentExplain, []string{"5.7.1"}},
			{"4.2.2 cua gmail la hop thu day ha ad", IntentExplain, []string{"4.2.2"}},
			{"4.7.0 của hotmail là bị chặn IP hả ae", IntentExplain, []string{"4.7.0"}},
			{"554 Thư bị từ chối vì bị đánh giá là thư rác", IntentDiagnose, []string{"554"}},
		}},
		// The envelope sender's address where a log line or a queue listing
		// names it (lexicon sender_leads: Postfix's "from=<…>", Exim's
		// "F=<…>" and its queue listing's "<id> <…>") names no failed
		// recipient: it is no mark of a bounce. A line that only records a
		// message entering the queue, or a queue entry with no failure text,
		// is no failure to diagnose; the recipient's address in a refusal
		// still marks one.
		{"SenderAddressIsNoMark", []parseCase{
			{"postfix/qmgr[812]: 9F1C2A3B4D: from=<news@example.org>, size=1834, nrcpt=2 (queue active) and it never left, why?", IntentUnknown, nil},
			{"exim -bp for that message:\n 45m   3.1K 1tXq2b-000Ab9-7Q <billing@example.org>\n          bob@example.net\nhow do I find out what it waits for?", IntentUnknown, nil},
			{"2023-11-06 01:17:28 H=mail.example.net [192.0.2.41] F=<a@example.net> temporarily rejected RCPT <b@example.com>: lowest numbered MX record points to local host", IntentDiagnose, nil},
			{"<ann@example.com>: host mx.example.com[192.0.2.5] said: 550 5.1.1 user unknown (in reply to RCPT TO command)", IntentDiagnose, []string{"550", "5.1.1"}},
		}},
		// Numbers that count things (chatter.after): a queue summary's
		// "Requests" and "Kbytes", a count whose noun follows a word of its
		// state ("250 queued mails", chatter.states), a time a run took
		// (chatter.before "took": "552s" is no plural of 552 there) and a
		// count of letters ending its clause ("421 thư,", chatter.after_end).
		// A code with a plural ending elsewhere is the code counted, and a
		// Vietnamese server's "Thư" opening its sentence is no count.
		{"CountsAndDurations", []parseCase{
			{"postqueue -p ends with -- 812 Kbytes in 550 Requests. normal for a monday?", IntentUnknown, nil},
			{"the nightly flush took 421s on the old relay, too slow?", IntentUnknown, nil},
			{"after the outage the queue held 450 deferred messages, gone by noon", IntentUnknown, nil},
			{"hàng đợi còn 550 thư, để nó tự chạy hay flush luôn ae", IntentUnknown, nil},
			{"we keep getting 421s from yahoo since the move", IntentExplain, []string{"421"}},
			{"554 Thư bị từ chối vì bị đánh giá là thư rác", IntentDiagnose, []string{"554"}},
		}},
		// A reply of several lines, each written after a log's own prefix
		// (OpenSMTPD's debug "mta: 0x…: <<< 554-…"), is one reply: its
		// repeated code, each after a hyphen but the last, is no second
		// side beside a comparison word ("khác", other).
		{"MultiLineReplyAfterLogPrefix", []parseCase{
			{"gửi sang web.de bị từ chối, các server khác vẫn nhận, log opensmtpd:\nmta: 0x7f2a10: <<< 554-web.de (mxweb112) Nemesis ESMTP Service not available\nmta: 0x7f2a10: <<< 554-No SMTP service\nmta: 0x7f2a10: <<< 554 Bad DNS PTR resource record.\nsửa sao ae", IntentDiagnose, []string{"554"}},
			{"550 vs 550", IntentCompare, []string{"550", "550"}},
		}},
		// Messages as chat delivers them. Emoji shortcodes (":wave:", ":fire:")
		// are markup that names nothing:
		// no code's name is read in them, a help request beside them is still
		// one, and shortcodes alone are not understood (an empty message would
		// ask for help). A question to the bot holds a help phrase among help
		// words ("làm được gì"), and the asker's words after a code ("lại xuất
		// hiện", "keeps showing up") are no server text.
		{"ChatMarkupAndHelp", []parseCase{
			{":fire: :fire: 🔥", IntentUnknown, nil},
			{":rotating_light: 4.4.7 lại xuất hiện trong queue, là lỗi gì vậy", IntentExplain, []string{"4.4.7"}},
			{"<@U04BOTID> what can you do? :wave:", IntentHelp, nil},
			{"4.4.7 keeps showing up in the queue, what is it", IntentExplain, []string{"4.4.7"}},
			{"<@U04BOTID> bot này làm được gì vậy 🤔", IntentHelp, nil},
			{"got 550 5.1.1 user unknown :sob:", IntentDiagnose, []string{"550", "5.1.1"}},
			{"hướng dẫn dùng với ạ :pray:", IntentHelp, nil},
			{"bot dùng thế nào", IntentHelp, nil},
			{":pray: :pray:", IntentUnknown, nil},
			// "error" after a code is the asker's word ("550 error"), but with a
			// colon and words after it a label of the server's: Postfix's "554
			// Error: transaction failed", a reply quoted in a localised bounce.
			{"554 Error: transaction failed", IntentDiagnose, []string{"554"}},
			{"bounced with this (french UI):\n> Destinataire : tagging@example.org\n> Erreur : 550 Error: open resolver; https://www.spamhaus.org/returnc/pub/2001:db8::58b3\nare we on a spamhaus list now?", IntentDiagnose, []string{"550"}},
			{"550 error: what does it mean", IntentExplain, []string{"550"}},
			{"550 error, what is it", IntentExplain, []string{"550"}},
		}},
		// The asker's own sentence after a code that opens with when it came, the
		// command it answered ("5.5.6 after AUTH PLAIN with a huge oauth token",
		// "334 sau AUTH LOGIN"), is no server text: the code is asked about. A
		// server's text after its code stays a reply.
		{"StageNamedByAsker", []parseCase{
			{"5.5.6 after AUTH PLAIN with a huge oauth token — what's that code saying", IntentExplain, []string{"5.5.6"}},
			{"mã 334 là lỗi hả mn, log smtp toàn thấy 334 sau AUTH LOGIN", IntentExplain, []string{"334"}},
			{"503 after RCPT TO, why?", IntentExplain, []string{"503"}},
			{"535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6", IntentDiagnose, []string{"535", "5.7.8"}},
			{"554 5.5.1 Error: no valid recipients after RCPT TO", IntentDiagnose, []string{"554", "5.5.1"}},
		}},
		// A question asking which code a server should send (code_asked:
		// "which reply", "what code should") names the situation, and the code
		// named is explained: its words are the asker's, never server text,
		// even where they name a cause ("TLS is mandatory"). Where no name of
		// a code is spelled out, a word naming the cause alone names the code
		// chat answers for it alone, when its category is the cause's
		// ("starttls", 530, policy; not "tls", 454, transient); with none, the
		// cause is diagnosed. Its words are no list request even where a
		// scope stem of list_scope hides inside one of them ("know" in
		// "unknown", "all" in "small"), while a question about the catalog as
		// a whole still is one.
		{"WhichCodeToSend", []parseCase{
			{"writing a small smtp server in rust. TLS is mandatory: which reply for a client that skips STARTTLS?", IntentExplain, []string{"530"}},
			{"small relay here. what code should a client get when TLS is required but it never sent STARTTLS?", IntentExplain, []string{"530"}},
			{"we moved the relay. tls required for every client now, what code should it send?", IntentDiagnose, nil},
			{"server tự viết, hộp thư đầy thì nên trả mã nào ạ", IntentExplain, []string{"552"}},
			{"454 4.7.0 TLS not available due to local problem", IntentDiagnose, []string{"454", "4.7.0"}},
			{"what code should my server return for an unknown recipient at RCPT TO?", IntentExplain, []string{"550"}},
			{"which code fits a small mailbox that is over quota?", IntentExplain, []string{"552"}},
			// "là mã nào" (is which code) asks which code a situation gets.
			{"cái mã hộp thư đầy là mã nào ạ, em quên mất rồi", IntentExplain, []string{"552"}},
			{"cai ma hop thu day la ma nao vay a", IntentExplain, []string{"552"}},
			{"which codes do you support?", IntentList, nil},
			{"what codes do you know", IntentList, nil},
		}},
		// An MTA's own log or queue line pasted is server text, diagnosed by
		// its words, even where they name a code's keyword ("lost connection",
		// "connection timed out"): Postfix's "lost connection with
		// host[address]" of a mailq entry, Exim's main.log deferral "R=router
		// T=transport defer (errno)". The same words asked about stay a name.
		{"MTALogLines", []parseCase{
			{"mailq says\nF1C9BCA020B    66234 Fri Apr  6 16:05:29  no-reply@example.com\n(lost connection with mx.example.org[192.0.2.125] while sending end of data -- message may be sent more than once)\n    ann@example.org\nwill it leave?", IntentDiagnose, nil},
			{"exim main.log has `R=dnslookup T=remote_smtp defer (110): Connection timed out`, retry or not?", IntentDiagnose, nil},
			{"what does lost connection mean?", IntentExplain, []string{"X.4.2"}},
			// A person's words (lexicon question: "they", "she") make a long
			// sentence the asker's, its name explained (eval qw018).
			{"emails to one client bounce with 'mailbox full' but they say it's empty", IntentExplain, []string{"552"}},
			{"mail to the bank bounces with server busy every time she sends the statements", IntentExplain, []string{"421"}},
			{"Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again", IntentDiagnose, nil},
		}},
		// A DNS record's TTL is a number of seconds (chatter.before "ttl", "ttl
		// to"): a migration plan that lowers it to 300 asks about no code.
		{"SettingValueIsNoCode", []parseCase{
			{"cutover plan, sanity check pls:\n1. lower MX TTL to 300\n2. point MX at the new host\n3. keep the old box accepting for 48h\nanything missing?", IntentUnknown, nil},
			{"is a TTL of 300 too low for our MX records?", IntentUnknown, nil},
			{"we lowered the MX TTL yesterday and now get 421 from gmail, related?", IntentExplain, []string{"421"}},
			// The value of a setting written "key = value" with a key of words
			// joined by underscores, as main.cf writes it, is no code, with a
			// unit glued on or not ("421s" is no plural of 421 there); nor is a
			// class word beside such settings a class asked about. A key that
			// names a code (chatter.generic) sets one; a log's "dsn=" field has
			// no underscore.
			{"smtp_data_done_timeout = 421s instead of 600s, why do big mails time out?", IntentUnknown, nil},
			{"main.cf: minimal_backoff_time = 300s, maximal_backoff_time = 4000s. why does a deferred mail wait so long?", IntentUnknown, nil},
			{"is smtpd_timeout=300 too short for slow senders?", IntentUnknown, nil},
			{"we set unknown_address_reject_code = 450, is that right?", IntentExplain, []string{"450"}},
			{"what does deferred mean?", IntentExplain, []string{"421"}},
		}},
		// Numbers that something else than mail shows, or that its words tell
		// apart: a device's panel error (chatter.devices makes "error" no mail
		// word), a program's version (chatter.software) and what is compared with
		// it, a number offered beside one no code can be ("500? 5000?"), an
		// issue's number ("PR #421"). The same numbers in a question about mail
		// stay codes.
		{"NumbersOfOtherThings", []parseCase{
			{"the office printer shows error 552 on its panel when I scan to a USB stick, any idea?", IntentUnknown, nil},
			{"máy in báo lỗi 552 khi scan vào usb", IntentUnknown, nil},
			{"dovecot 2.3.21 vs 2.4.1 — worth upgrading before the migration?", IntentUnknown, nil},
			{"how many mails a day can a new IP send to gmail? 500? 5000?", IntentUnknown, nil},
			{"<@U03ABCDE> can you approve PR #421? it bumps go-smtp to 0.21.3", IntentUnknown, nil},
			// Mail words beside the device, a code compared with a code, a
			// small count beside a code, a qmail status after '#'.
			{"the scanner gets error 554 when it sends a scan by email through our relay", IntentExplain, []string{"554"}},
			{"5.2.1 vs 5.2.2 on our dovecot box?", IntentCompare, []string{"5.2.1", "5.2.2"}},
			{"got 550 or 552 from them, twice", IntentCompare, []string{"550", "552"}},
			{"Sorry, no mailbox here by that name. (#5.1.1)", IntentDiagnose, []string{"5.1.1"}},
			// An HTTP status with its reason phrase, named again (eval qw045, qw046).
			{"attaching a big pdf fails with 413 Request Entity Too Large from nginx", IntentUnknown, nil},
			{"OWA kicks users out with 440 Login Timeout, is 440 a mail error?", IntentUnknown, nil},
			{"what does 413 mean?", IntentExplain, []string{"413"}},
		}},
		// Counts and numbers of a campaign: a number counting contacts or opens
		// (chatter.after), a campaign's number (chatter.before), a Vietnamese
		// classifier at a clause's end (chatter.after_end: "421 cái,", while
		// "cái nào" asks which one), a package's version told with "of"
		// (chatter.of, chatter.libraries) though shaped like a status. An enhanced
		// code from a package stays a code.
		{"CampaignFigures", []parseCase{
			{"campaign 452 went out at 5:50, 421 opens so far", IntentUnknown, nil},
			{"is 5.7.1 a hard bounce? our ESP suppressed 300 contacts over it", IntentExplain, []string{"5.7.1"}},
			{"tháng này gửi 5.500 khách, bounce 421 cái, vậy có ổn ko", IntentUnknown, nil},
			{"450 với 451 cái nào mới là greylisting", IntentCompare, []string{"450", "451"}},
			{"anyone on 2.1.0 of the mailgun SDK seeing duplicate sends?", IntentUnknown, nil},
			{"có ai dùng 2.1.0 của thư viện brevo bị lỗi gửi trùng ko", IntentUnknown, nil},
			{"we get 5.7.1 from the mailgun SDK on every send", IntentExplain, []string{"5.7.1"}},
			// An HTTP status told with its reason phrase (chatter.web_statuses).
			{"POST /v3/mail/send came back with status 202 Accepted, where did it go?", IntentUnknown, nil},
			{"the send endpoint answers 422 Unprocessable Entity for one address", IntentUnknown, nil},
			{"what does 202 mean?", IntentExplain, []string{"202"}},
			// A status whose reason phrase a server's reply may use too
			// (chatter.page_statuses) is a web page's in a message naming one
			// (chatter.pages), its title no server text.
			{"webmail shows 503 Service Unavailable in the browser since the upgrade, is that our mail server?", IntentUnknown, nil},
			{"the intranet page shows 503 Service Unavailable in chrome since the update", IntentUnknown, nil},
			{"got 503 Service Unavailable after RCPT TO, what does it mean?", IntentExplain, []string{"503"}},
			// Sending again and getting through are words of mail
			// (chatter.mail): the code beside them is asked about.
			{"will a 5.4.4 ever go through if we just try again tomorrow?", IntentExplain, []string{"5.4.4"}},
			{"do 4.2.2 ones get through later?", IntentExplain, []string{"4.2.2"}},
		}},
		// A code quoted by itself is named in the asker's sentence, enhanced as
		// well as basic: "explain `5.7.25` like I'm five" asks about 5.7.25.
		{"QuotedCodeNamed", []parseCase{
			{"can some1 explain `5.7.25` like im five. is it our PTR?", IntentExplain, []string{"5.7.25"}},
			{"they sent \"5.1.1\" back to us all week", IntentExplain, []string{"5.1.1"}},
			{"`5.7.1 Delivery not authorized` what now", IntentDiagnose, []string{"5.7.1"}},
		}},
		// A range of codes, its ends with a word of range_words between, asks
		// for the codes between (TestCodeRanges): ends of two classes, two
		// kinds or two subjects, or in the wrong order, make no range.
		{"CodeRanges", []parseCase{
			{"list 5.7.20 to 5.7.27", IntentList, nil},
			{"5.1.1 through 5.1.10, which one is the null MX?", IntentList, nil},
			{"từ 550 đến 554 là những mã gì", IntentList, nil},
			{"tu 450 toi 452", IntentList, nil},
			// No range: two classes, two kinds, the wrong order.
			{"4.2.2 to 5.2.2", IntentCompare, []string{"4.2.2", "5.2.2"}},
			{"550 to 5.7.1", IntentCompare, []string{"550", "5.7.1"}},
			{"5.7.27 to 5.7.20", IntentCompare, []string{"5.7.27", "5.7.20"}},
		}},
		// The questions Parse reads of TestWithdrawn (see there): a code
		// struck through, or taken back in words (withdraw_before "not",
		// "chứ không phải"; withdraw_after "by mistake"), with its reply's
		// enhanced code, is no operand; the code kept is one typed, never
		// chatter; a message whose every code would go keeps them.
		{"Withdrawn", []parseCase{
			{"~550~ 553 sorry, typo. what does 553 mean on RCPT TO?", IntentExplain, []string{"553"}},
			// "not" before the code taken back, wherever it stands.
			{"sorry, I meant 452 not 552", IntentExplain, []string{"452"}},
			{"not 421, it was 451. what is it", IntentExplain, []string{"451"}},
			{"typo above, 5.2.2 not 5.2.1", IntentExplain, []string{"5.2.2"}},
			{"compare 450 with 452, not 451", IntentCompare, []string{"450", "452"}},
			// A reply taken back goes with its enhanced code.
			{"not 550 5.1.1, it's 550 5.1.10 — what does that mean?", IntentDiagnose, []string{"550", "5.1.10"}},
			// Words after the code taken back, and Vietnamese ones.
			{"I pasted 5.7.62 by mistake, the log says 5.7.26", IntentExplain, []string{"5.7.26"}},
			{"552 was a typo, I meant 452", IntentExplain, []string{"452"}},
			{"nhầm, 550 5.1.10 chứ không phải 550 5.1.1, nghĩa là gì vậy", IntentDiagnose, []string{"550", "5.1.10"}},
			{"nham roi, 4.2.2 chu ko phai 4.2.1", IntentExplain, []string{"4.2.2"}},
			{"à 552 nhầm rồi, ý em là 452", IntentExplain, []string{"452"}},
			// Nothing is taken back where no code would stay, nor by a
			// question opening with a negation; chatter stays chatter.
			{"not 550?", IntentExplain, []string{"550"}},
			{"isn't 550 worse than 552?", IntentCompare, []string{"550", "552"}},
			{"không phải 550 nặng hơn 552 sao?", IntentCompare, []string{"550", "552"}},
			{"we run version 4.2.2 not 4.2.1 of the agent", IntentUnknown, nil},
		}},
		// Comparisons: a name that stands for a side already typed is no third
		// side ("which one is the over-quota one?"), and two Exchange NDR names
		// compared are their codes compared.
		{"ComparedNames", []parseCase{
			{"> 5.2.1 vs 5.2.2\nwhich one is the over-quota one? (writing the helpdesk wiki)", IntentCompare, []string{"5.2.1", "5.2.2"}},
			{"550 vs mailbox full", IntentCompare, []string{"550", "552"}},
			{"RESOLVER.ADR.RecipNotFound vs RESOLVER.ADR.RecipientNotFound — same thing?", IntentCompare, []string{"5.1.1", "5.1.10"}},
			{"what is RESOLVER.ADR.RecipNotFound?", IntentExplain, []string{"5.1.1"}},
		}},
		// The questions Parse reads of TestTermAlone (see there).
		{"TermAlone", []parseCase{
			{"spam", IntentExplain, []string{"554"}},
			{"dkim", IntentExplain, []string{"X.7.20"}},
			{"relay", IntentExplain, []string{"554"}},
			{"QuotaExceeded", IntentExplain, []string{"552"}},
			{"SendSizeLimit", IntentExplain, []string{"5.2.3"}},
			{"[TSS04]", IntentExplain, []string{"421"}},
			{"danh sách đen", IntentExplain, []string{"554"}},
			{"danh sach den", IntentExplain, []string{"554"}},
			{"spam là lỗi mấy", IntentExplain, []string{"554"}},
			{"người nhận không tồn tại", IntentExplain, []string{"550"}},
			// Whole words, the last cut short, when the names they begin
			// stand for one code.
			{"relay acc", IntentExplain, []string{"554"}},
			{"user unkn", IntentExplain, []string{"550"}},
			// A command, a word begun, help, server text.
			{"danh sách mã lỗi", IntentList, nil},
			{"danh sách", IntentList, nil},
			{"hey smtpbot, help", IntentHelp, nil},
			{"Message rejected under suspicion of SPAM", IntentDiagnose, nil},
		}},
		// The questions Parse reads of TestSelfComparison (see there).
		{"SelfComparison", []parseCase{
			{"421 at connect vs 421 mid-session, how do they differ?", IntentExplain, []string{"421"}},
			{"421 luc moi ket noi voi 421 giua phien thi khac nhau the nao ae", IntentExplain, []string{"421"}},
			{"so sánh 550 từ gmail với 550 từ outlook", IntentExplain, []string{"550"}},
			{"is 550 the same as 550?", IntentCompare, []string{"550", "550"}},
		}},
		// The questions Parse reads of TestParseChatterNumbers (see there).
		{"ParseChatterNumbers", []parseCase{
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
		}},
		// What a message holds beside the asker's question names no code when it
		// is no reply: a markup record's fields ("<count>452</count>", RFC 7489
		// Appendix C), a dashboard's rows giving checks their passing verdict
		// (lexicon "passed"), a compound read whole (lexicon "compounds": "spam
		// rate" is a measure, "password reset" a kind of mail), another mail
		// protocol's answer (IMAP's, POP3's: eval qw041-qw050). Words of waiting
		// for a code to clear (chatter.mail "wait", "clear") ask about it.
		{"ParseWhatIsNoQuestion", []parseCase{
			{"a DMARC report row: <row><source_ip>192.0.2.7</source_ip><count>452</count><policy_evaluated><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row> were they bounced?", IntentUnknown, nil},
			{"the report says <count>550</count> for that IP, bounced?", IntentUnknown, nil},
			{"-ERR [AUTH] Invalid password or username, smtp code for this?", IntentUnknown, nil},
			{"IMAP says NO [OVERQUOTA] and sending gives 552 5.2.2 mailbox full", IntentDiagnose, []string{"552", "5.2.2"}},
			{"smtp-err after the upgrade, mailbox full", IntentExplain, []string{"552"}},
			// An element named as a code's holds one.
			{"the API gave <code>550</code> and nothing else, what does it mean?", IntentDiagnose, []string{"550"}},
			{"copied from the sender dashboard:\nSPF: Compliant\nDKIM, DMARC: pass\nwhen does the banner go away?", IntentUnknown, nil},
			{"bảng điều khiển ghi SPF, DKIM, DMARC: đạt\nvậy sao vẫn vào spam?", IntentDiagnose, nil},
			{"SPF: fail, DKIM: fail\nwhat now?", IntentCompare, []string{"X.7.23", "X.7.20"}},
			{"is one-click unsubscribe needed for password reset emails too?", IntentUnknown, nil},
			{"after the password reset smtp says authentication failed", IntentExplain, []string{"535"}},
			// A client's words for a failed login name 535 (eval qw007).
			{"wordpress contact form: SMTP Error: Could not authenticate. the same login works in thunderbird, what does the server want?", IntentExplain, []string{"535"}},
			{"SMTP ERROR: Password command failed: 535 5.7.0 (#MBR1212) Incorrect username or password.\nSMTP Error: Could not authenticate.", IntentDiagnose, []string{"535", "5.7.0"}},
			{"keep the spam rate under 0.3%, and what if it hits 0.5% for a day?", IntentUnknown, nil},
			{"why are my emails going to spam?", IntentDiagnose, nil},
			{"will 4.7.650 clear by itself if we just wait a few hours?", IntentExplain, []string{"4.7.650"}},
			{"4.7.26 - does waiting clear it?", IntentExplain, []string{"4.7.26"}},
			{"bumped the library to 5.2.2 last night", IntentUnknown, nil},
			// Another mail protocol's answer (chatter.protocol_replies: IMAP's
			// bracketed codes, POP3's "-ERR") is no reply (eval qw041-qw050).
			{"the phone's mail app pops this when it checks the inbox: A0002 NO [AUTHENTICATIONFAILED] Authentication failed.", IntentUnknown, nil},
			{"thunderbird after a send: The mail server responded: [OVERQUOTA] Quota exceeded (mailbox for user is full)", IntentUnknown, nil},
			{"pop3 answers -ERR Logon failure: unknown user name or bad password.", IntentUnknown, nil},
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
		}},
		// The questions Parse reads of TestParseQuestionAroundReply (see there).
		{"ParseQuestionAroundReply", []parseCase{
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
			// A sentence ending with '?' is the asker's (eval qw008).
			{"one user on our roundcube: Unable to send an email: SMTP Error (535): Authentication failed. she logs into webmail with the same password, so how?", IntentDiagnose, []string{"535"}},
			{"550 No such user here. the address worked last week, so why now?", IntentDiagnose, []string{"550"}},
			{"is 550 a hard bounce? or can we retry?", IntentExplain, []string{"550"}},
		}},
		// A basic code followed by its enhanced code is one side of a comparison.
		{"ParseCodePairs", []parseCase{
			{"`452 4.2.2` or `552 5.2.2` for a full mailbox?", IntentCompare, []string{"452", "4.2.2", "552", "5.2.2"}},
			{"452 4.2.2 vs 552", IntentCompare, []string{"452", "4.2.2", "552"}},
			// A reply that goes on with "and" is still one reply.
			{"550 5.1.1 user unknown and mailbox disabled", IntentDiagnose, []string{"550", "5.1.1"}},
		}},
		// The questions Parse reads of TestParseNDRNames (see there).
		{"ParseNDRNames", []parseCase{
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
		}},
		// Folded Vietnamese words that mean something else typed with their
		// diacritics: "khắc phục" (fix) is not "khác" (different), "hãy" (please)
		// is not "hay" (or).
		{"ParseDiacriticsTyped", []parseCase{
			{"khắc phục: 550 5.1.1 user unknown", IntentDiagnose, []string{"550", "5.1.1"}},
			{"khac phuc: 550 5.1.1 user unknown", IntentDiagnose, []string{"550", "5.1.1"}},
			{"cách khắc phục lỗi 550", IntentExplain, []string{"550"}},
			{"hãy: 550 5.1.1 user unknown", IntentDiagnose, []string{"550", "5.1.1"}},
			// The words themselves still work, with and without diacritics.
			{"252 khác gì 552?", IntentCompare, []string{"252", "552"}},
			{"252 khac gi 552", IntentCompare, []string{"252", "552"}},
			{"550 hay 552", IntentCompare, []string{"550", "552"}},
		}},
		// An ordinary short word typed alone names no code: it is no typo
		// of a name's word unless long enough that a typo cannot make it
		// another word ("fire" is no "file"), and three letters shorten no
		// word ("tan" is no "TrANsid"). Longer words, words beside others,
		// and names typed whole still are ("authentification" in TestParse,
		// "mbox full" in the ParseAbbrevStartsPhrase group below).
		{"LoneShortWordsAreNoNames", []parseCase{
			{"fire", IntentUnknown, nil},
			{"tan", IntentUnknown, nil},
			{"tan làm thôi", IntentUnknown, nil},
			{"file", IntentExplain, []string{"X.3.4"}},
			{"reley denied", IntentExplain, []string{"554"}},
		}},
		// Calling the bot is a greeting, which asks for help as "hi" does:
		// "ơi" is Vietnamese's vocative ("bot ơi", hey bot).
		{"GreetingsAskForHelp", []parseCase{
			{"bot ơi", IntentHelp, nil},
			{"bạn ơi", IntentHelp, nil},
			{"hey bot", IntentHelp, nil},
			{"mn ơi 550 là gì", IntentExplain, []string{"550"}},
		}},
		// The questions Parse reads of TestReplyCodeShapes (see there).
		{"ReplyCodeShapes", []parseCase{
			{"<ann@example.com> (host 'mx.example.net' rejected command 'DATA' with code 550 (0.0.0) 'Service unavailable; Client host [192.0.2.9] blocked using Barracuda Reputation')", IntentDiagnose, []string{"550"}},
			{"host 'mx.example.net' rejected command 'RCPT' with code 550 (5.1.1) 'No such user'", IntentDiagnose, []string{"550", "5.1.1"}},
			{"message sending failed: 4.7.1 Ratelimit \"user\" exceeded (451)", IntentDiagnose, []string{"451", "4.7.1"}},
			{"5.7.1 Message refused by policy (554)", IntentDiagnose, []string{"554", "5.7.1"}},
			// Another class: not the reply's code.
			{"message sending failed: 4.7.1 Ratelimit exceeded (550)", IntentDiagnose, []string{"4.7.1"}},
			// A dot where the space between the codes goes: both codes, of
			// one class.
			{"451.4.7.1 Greylisted, please come back in five minutes", IntentDiagnose, []string{"451", "4.7.1"}},
			{"the relay answered: 554.5.7.1 Relay access denied", IntentDiagnose, []string{"554", "5.7.1"}},
		}},
		// A word that ends the phrases of several codes, typed alone, names none
		// of them: "failed" is "SPF failed", "DKIM failed", "auth failed" alike
		// (eval qs048), while "spamhaus" names one. A field and its value ("SPF:
		// fail", "dkim=fail", RFC 8601's form) read as the phrase.
		{"ParseAbbrevStartsPhrase", []parseCase{
			{"KB5034441 failed again with 0x80070643 on the Exchange box overnight, could that be why the outbound queue keeps growing?", IntentUnknown, nil},
			{"failed again", IntentUnknown, nil},
			{"mbox full", IntentExplain, []string{"552"}},
			{"spamhaus", IntentExplain, []string{"554"}},
			{"spf=fail what now", IntentExplain, []string{"X.7.23"}},
			{"DKIM: fail, what does it mean?", IntentExplain, []string{"X.7.20"}},
		}},
		// A count's noun may follow a plan's or model's name of letters and digits
		// (eval qs046): "550 E3 licences" counts licences; a reply's words after
		// its code stay a reply.
		{"ParseCountAfterModelName", []parseCase{
			{"licensing q: we have 550 E3 licences and 25 E5, does E5 include Defender for Office 365 Plan 2 or is that still an add-on?", IntentUnknown, nil},
			{"we bought 421 M365 seats last year", IntentUnknown, nil},
			{"550 unknown users", IntentDiagnose, []string{"550"}},
			{"550 5.1.1 user unknown, we have 40 M365 seats", IntentDiagnose, []string{"550", "5.1.1"}},
		}},
		// A code alone in parentheses starts no reply, and in a message with a word
		// of a page seen in a browser (chatter.pages) it is the page's error, its
		// title no bounce's words (eval qs050); a reply with its text stays a
		// reply, in a browser or not (webmail's "SMTP Error (550): …").
		{"ParseWebPageError", []parseCase{
			{"gmail in chrome just says 'Temporary Error (500)' when I open the inbox, is google down or is my account flagged?", IntentUnknown, nil},
			{"the website shows Server Error (502) since this morning", IntentUnknown, nil},
			{"the server said 500 5.5.1 Command unrecognized, I saw it in the browser", IntentDiagnose, []string{"500", "5.5.1"}},
			{"trang web báo Server Error (502) từ sáng", IntentUnknown, nil},
			{"in the browser roundcube says SMTP Error (550): Failed to add recipient", IntentDiagnose, []string{"550"}},
			{"outlook shows error (550) when sending, what does it mean?", IntentExplain, []string{"550"}},
		}},
		// Vietnamese asks whether two things are alike with "giống nhau" or "như
		// nhau" (the same), a comparison word as "khác" (different) is: one code
		// asked about in two sources' meanings is explained once (eval qs042, as
		// "5.7.1 at Microsoft vs 5.7.1 in the RFC"), two codes are compared.
		{"ParseVietnameseSame", []parseCase{
			{"5.7.1 của microsoft với 5.7.1 trong RFC có giống nhau ko ae", IntentExplain, []string{"5.7.1"}},
			{"4.7.0 bên gmail và 4.7.0 trong RFC có như nhau không", IntentExplain, []string{"4.7.0"}},
			{"550 và 554 có giống nhau không", IntentCompare, []string{"550", "554"}},
		}},
		// A number inside a log field's value, past its start, is part of the
		// value (Exim's "X=TLS1.3:…_GCM:256", the cipher's key length), no
		// reply; a value opening with a code, and a reply later on the line,
		// still are.
		{"LogFieldValues", []parseCase{
			{"2022-06-17 17:28:38 H=(mx) [192.0.2.69] X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=no F=<a@example.org> rejected RCPT <b@example.com>: Email account a@example.org is sending too many emails", IntentDiagnose, nil},
			{"H=mx.example.com [192.0.2.7] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<b@example.com>: 550 5.1.1 user unknown", IntentDiagnose, []string{"550", "5.1.1"}},
			{"status=bounced reason=550 user unknown", IntentDiagnose, []string{"550"}},
			// A quoted value opens after its quote (logfmt, Go's logrus: eval rc007).
			{"time=\"2022-11-16T15:08:40-05:00\" level=warning msg=\"555 5.5.2 Syntax error, cannot decode response. - gsmtp\" code=555", IntentDiagnose, []string{"555", "5.5.2"}},
		}},
		// What mail libraries raise. A library's names for codes are
		// aliases (lexicon, with their source): a qualified name is read by
		// its parts ("SmtpStatusCode.ClientNotPermitted"), and its wording
		// before the label of the server's text names the code it dropped
		// (library_reply_labels). A host's port ("192.0.2.10:587"), a
		// negative errno ("-111") and a traceback's line ("line 554") are
		// no codes, nor is the same number typed again; a code may be
		// spelled with its digits' names (lettre's Code { severity, category,
		// detail }, reply_digits); a word naming a code beside a library's
		// words of the cause is the asker's guess; system error names
		// ("ECONNREFUSED", "ENOTFOUND") and an empty SMTPRecipientsRefused
		// are failures told without a code (rules.json).
		{"LibraryErrors", []parseCase{
			{"what does SmtpStatusCode.ClientNotPermitted map to on the wire?", IntentExplain, []string{"454"}},
			{"ex.StatusCode says MailboxBusy for one address, what code is that?", IntentExplain, []string{"450"}},
			{"System.Net.Mail.SmtpException: Mailbox unavailable. The server response was: If MAIL FROM is local then you must authenticate", IntentDiagnose, []string{"550"}},
			{"Error: connect ECONNREFUSED 192.0.2.10:587", IntentDiagnose, nil},
			{"Error: connect ECONNREFUSED 192.0.2.10:587\n  errno: -111,\n  port: 587,\nhow can I solve?", IntentDiagnose, nil},
			{"connect ETIMEDOUT 192.0.2.50:465\nport 587 gave a TLS error instead. firewall?", IntentDiagnose, nil},
			{"{ [Error: getaddrinfo ENOTFOUND smtp.example.com smtp.example.com:465] code: 'ENOTFOUND' }", IntentDiagnose, nil},
			{"  File \"smtplib.py\", line 554, in login\nSMTPException: SMTP AUTH extension not supported by server.\nis 554 the server refusing us?", IntentUnknown, nil},
			{"smtplib.SMTPRecipientsRefused: {}\nwhat did the server say?", IntentDiagnose, nil},
			// A code spelled with its digits' names (reply_digits).
			{"lettre::transport::smtp::Error { kind: Permanent(Code { severity: PermanentNegativeCompletion, category: MailSystem, detail: Four }) }", IntentExplain, []string{"554"}},
			// One word naming a code beside other words naming the cause is
			// the asker's guess; a word that is the cause names its code.
			{"sending welcome email failed: Error: Invalid login\nno response code at all. password or something else?", IntentDiagnose, nil},
			{"our outbound IP got blocklisted, how long until it drops off?", IntentExplain, []string{"554"}},
			// A host name's dots are no qualified name, and a dash joins.
			{"mx.example.com says 550 5.1.1 user unknown", IntentDiagnose, []string{"550", "5.1.1"}},
		}},
		// What application developers type around their code (eval rc029,
		// rc030, rc032, rc033, rc049): a number glued by an underscore into a
		// snake_case name is part of the name (snakePart), Markdown's "_550_"
		// is not; a dotted number beside one of no class, a range's ends or
		// alternatives, is a version too ("from 5.4.21 to 6.4.2",
		// noClassTriple); a mail word that is the noun of a count ("550
		// emails a day") says nothing of mail; a name typed in lower camel
		// case is a program's option ("requireTLS", lowerCamel); Vietnamese
		// "ae" (you all) asks, as "mn" does, so a long sentence holding it
		// is the asker's question, not server text.
		{"AppDeveloperLookalikes", []parseCase{
			{"CI keeps failing on test_error_421_requeues_message in mailer_tests.py, only on the arm runner. flaky timer?", IntentUnknown, nil},
			{"got 550 5.1.1 user unknown in test_bounce_handling", IntentDiagnose, []string{"550", "5.1.1"}},
			{"bumped symfony/mailer from 5.4.21 to 6.4.2 and swiftmailer is finally gone, anything to watch for?", IntentUnknown, nil},
			{"is 5.7.20 to 5.7.27 all dmarc?", IntentList, nil},
			{"free tier gives us 550 emails a day and we're at 421 by noon, time to upgrade the plan?", IntentUnknown, nil},
			{"we sent 550 emails and got 421 back", IntentExplain, []string{"421"}},
			{"nodemailer config: secure: true only for 465, and secure: false plus requireTLS for 587? or does 587 also take secure: true", IntentUnknown, nil},
			{"what is REQUIRETLS?", IntentExplain, []string{"X.7.30"}},
			{"nodemailer bản 6.9.14 có sửa lỗi timeout cổng 465 chưa ae, mình đang ở 6.4.2", IntentUnknown, nil},
			{"mail gửi đi bị trả về lỗi 550 5.1.1 ae", IntentDiagnose, []string{"550", "5.1.1"}},
			// A sending service's API error beside its own tag: the API's
			// number (Postmark's ErrorCode 400) is no SMTP reply (serviceRefusal).
			{"Error with sent body: {\"ErrorCode\":400,\"Message\":\"Sender signature not defined for From address.\"}", IntentDiagnose, nil},
		}},
		// What self-hosters paste from their containers (eval rd009, rd027,
		// rd032, rd045): a syslog line's process id in brackets after its
		// program ("postfix/cleanup[442]:", syslogPID) is no code; a figure
		// with its unit glued on ("450MiB", measure) or apart ("450 MiB",
		// chatter.after) is no code, and a message holding one is about
		// something else, whatever a program's name ("rspamd") says; a help
		// phrase closing words that say nothing of mail asks for help
		// (endsAskingHelp), as "chỉ mình cách dùng" (show me how to use) does.
		{"SelfHosterPastes", []parseCase{
			{"mailcow-1 | Jul  3 01:26:53 eb54cfeb0022 postfix/cleanup[442]: B86DB5EF08: milter-reject: END-OF-MESSAGE from sender.example.com[203.0.113.123]: 4.7.1 Ratelimit \"mailcow\" exceeded", IntentDiagnose, []string{"4.7.1"}},
			{"postfix/cleanup[442]: 4.7.1 Ratelimit exceeded", IntentDiagnose, []string{"4.7.1"}},
			{"Jul  3 01:26:53 mail postfix/smtpd[2345]: NOQUEUE: reject: RCPT from x.example.com[203.0.113.1]: 554 5.7.1 <a@example.com>: Relay access denied", IntentDiagnose, []string{"554", "5.7.1"}},
			{"docker stats: clamd 1.1GiB, rspamd 450MiB, sogo 550MiB. normal?", IntentUnknown, nil},
			{"rspamd 450 MiB, sogo 550 MiB. normal?", IntentUnknown, nil},
			{"<@U07SMTPBOT> hey, new here from the mox channel — what can you do?", IntentHelp, nil},
			{"gmail keeps bouncing my mail — what can you do?", IntentUnknown, nil},
			{"bot ơi, chỉ mình cách dùng với", IntentHelp, nil},
		}},
		// What office staff paste from their mail apps' notices (eval
		// re006, re007, re019, re026, re028, re031, re032, re035, re042):
		// the end-user sentences of Gmail's, iOS Mail's and Zing Mail's
		// notices mark a failure told without its reply (lexicon bounce),
		// diagnosed without a code, whatever alias of a code a sentence
		// holds; the same alias typed alone is still explained. A code
		// after an ellipsis glued to it ("'...5.4.1 …'", a screenshot's
		// edge) opens a reply cut there; a code the asker took back (an
		// ellipsis a space before it) does not.
		{"EndUserNotices", []parseCase{
			{"gmail says 'Message blocked — Your message to kim@example.org has been blocked. See technical details below for more information.' and nothing else, why?", IntentDiagnose, nil},
			{"Cannot Send Mail\nA copy has been placed in your Outbox. The sender address was rejected by the server.", IntentDiagnose, nil},
			{"Delivery incomplete\nThere was a temporary problem delivering your message to kim@example.org. Gmail will retry for 12 more hours.", IntentDiagnose, nil},
			{"gmail cứ báo Delivery incomplete, có phải gửi lại không", IntentDiagnose, nil},
			{"gmail báo: Bạn đã đạt đến giới hạn gửi thư, sao vậy", IntentDiagnose, nil},
			{"gmail báo Không thể chuyển các thư bạn đã gửi, bao giờ gửi lại được", IntentDiagnose, nil},
			{"khách ko nhận được mail là sao, gmail báo:\nKhông tìm thấy địa chỉ\nThư của bạn chưa được gửi tới kt@example.com vì không tìm thấy địa chỉ hoặc địa chỉ không thể nhận thư.", IntentDiagnose, nil},
			{"không tìm thấy địa chỉ", IntentExplain, []string{"550"}},
			{"mail báo: Kết nối với mx.example.vn [192.0.2.9]: Connection timed out. bên họ lỗi hả", IntentDiagnose, nil},
			{"ảnh mờ, chỉ đọc được '...5.4.1 Recipient address rejected: Access denied' là sao", IntentDiagnose, []string{"5.4.1"}},
			{"...550 5.1.1 User unknown", IntentDiagnose, []string{"550", "5.1.1"}},
			{"~550~ 553 sorry. what does 553 mean on RCPT TO?", IntentExplain, []string{"553"}},
		}},
		// Greetings that ask what the bot does (eval re015, re024, re047):
		// a help phrase closing words of no mail, with a particle after it
		// ("ạ"), asks for help before "help" names 214 (endsAskingHelp); so
		// does a first sentence asking it, followed by one line of the
		// asker's own with no code nor address (opensAskingHelp). A paste
		// after the question is diagnosed.
		{"GreetingsAskingWhatTheBotDoes", []parseCase{
			{"hi, I'm from payroll, not IT. what can you help me with?", IntentHelp, nil},
			{"hello! can you explain what you do? I keep getting these undeliverable emails and I'm not technical", IntentHelp, nil},
			{"chào bot, em là nhân viên mới phòng kế toán, bot giúp được gì ạ", IntentHelp, nil},
			{"hello! what can you do? Delivery has failed to these recipients or groups: kim@example.org The recipient's mailbox is full and can't accept messages now.", IntentDiagnose, nil},
			{"hello! what can you do? 550 5.1.1 user unknown", IntentDiagnose, []string{"550", "5.1.1"}},
		}},
		// The sides of a comparison as admins set them (eval rf004, rf033,
		// rf008, rf014, rf013, rf022, rf047). Two classes, or a class and a
		// code, on either side of a separator ("or", "hay", "/") are compared
		// as two codes are (joinedClasses; a code set apart is asked about).
		// Two different replies typed whole and bare, on bullets or in the
		// asker's clauses, are compared, not read as one pasted (bareReplies;
		// one reply alone, or replies with words of their own, are pasted).
		// Beside two typed codes, a name that no separator sets beside a side
		// is the topic or the asker's words for a side, no third side
		// (setBeside). A message naming a game played for a score and saying
		// nothing of mail has scores, no codes (chatter.games, scoresTold).
		// A mention typed as plain text at a line's start ("@smtpbot",
		// "@ops:") addresses the message and is no word of it: a reply after
		// it still starts its line (eval rj048). A domain ("@example.org")
		// is no mention.
		{"PlainTextMentions", []parseCase{
			{"@mailbot 452 Too many recipients received this hour\nwill it retry?", IntentDiagnose, []string{"452"}},
			{"@ops-team: 421 Service shutting down and closing transmission channel", IntentDiagnose, []string{"421"}},
			{"@example.org 550 what does it mean", IntentExplain, []string{"550"}},
		}},
		// A code after a word a reply follows ("returns", "replies") with the
		// asker's sentence carrying on after it (sentence_after: "for", "when")
		// is named in that sentence: what the asker's own software sends, asked
		// about, no reply pasted (eval ri008). A server's words after it stay
		// its reply.
		{"CodeNamedAfterReplyWord", []parseCase{
			{"our relay returns 5.7.1 for senders with no PTR, is that too harsh?", IntentExplain, []string{"5.7.1"}},
			{"my postfix replies 4.2.2 when a mailbox is over quota, should we keep it?", IntentExplain, []string{"4.2.2"}},
			{"the server returned 5.7.1 Relaying denied", IntentDiagnose, []string{"5.7.1"}},
		}},
		// Two replies given as pairs, the first followed by an aside of the
		// asker's that a comma closes ("as our docs say,") before the
		// separator, are compared, as without the aside (eval ri017).
		{"PairsAroundAnAside", []parseCase{
			{"quota hit: 452 4.2.2 as our docs say, or 552 5.2.2?", IntentCompare, []string{"452", "4.2.2", "552", "5.2.2"}},
			{"full mailbox, 452 4.2.2 per the dovecot wiki, or 552 5.2.2", IntentCompare, []string{"452", "4.2.2", "552", "5.2.2"}},
		}},
		// A number after a section sign (chatter.cite_signs: "§4.5.3.2") cites a
		// part of a document: the message is about the document, and its words
		// naming a cause ("timeout") are the asker's, not server text (eval
		// ri033). The same words without the citation are still diagnosed.
		{"CitedSections", []parseCase{
			{"per 5321 §4.5.3.2 the DATA timeout is 10 minutes, why does my client give up sooner?", IntentUnknown, nil},
			{"RFC 5321 § 4.5.3.2 — is a 5 minute timeout for RCPT a must?", IntentUnknown, nil},
		}},
		{"ComparisonSides", []parseCase{
			{"4xx or 5xx for greylisting? pretty sure 4xx", IntentCompare, nil},
			{"greylisting thì trả 4xx hay 5xx, cái nào đúng?", IntentCompare, nil},
			{"4xx/5xx for a full mailbox?", IntentCompare, nil},
			{"is 550 a 4xx or 5xx?", IntentExplain, []string{"550"}},
			{"list 4xx", IntentList, nil},
			{"• 451 4.3.0\n• 451 4.7.1\nwhich is better for a temp failure in our milter?", IntentCompare, []string{"451", "4.3.0", "451", "4.7.1"}},
			{"I said 550 5.1.8, someone else said 553 5.1.10. who's right here?", IntentCompare, []string{"550", "5.1.8", "553", "5.1.10"}},
			{"the relay answered 421 4.7.0, then 550 5.7.1. one problem or two?", IntentCompare, []string{"421", "4.7.0", "550", "5.7.1"}},
			{"• 451 4.3.0\nwhich is better for a temp failure in our milter?", IntentDiagnose, []string{"451", "4.3.0"}},
			{"550 5.1.1 user unknown\n552 5.2.2 mailbox full", IntentDiagnose, []string{"550", "5.1.1"}},
			{"4.7.O vs 4.7.1 for greylisting, which do the big MTAs use?", IntentCompare, []string{"4.7.0", "4.7.1"}},
			{"Microsoft's 5.4.1 vs 5.4.14 — one's 'recipient address rejected: access denied' and the other's a routing loop, right?", IntentCompare, []string{"5.4.1", "5.4.14"}},
			{"550 vs 552 vs greylisting", IntentCompare, []string{"550", "552", "450"}},
			{"550 / 552 / greylisting", IntentCompare, []string{"550", "552", "450"}},
			{"bowling last night: I scored 221 vs his 250, rematch friday", IntentUnknown, nil},
			{"darts league tonight, my best is 421 vs your 452", IntentUnknown, nil},
			{"tỉ số trận đấu tối qua 421 vs 452, đấu lại thứ sáu", IntentUnknown, nil},
			{"what's the score on 550 vs 552, which one is worse?", IntentCompare, []string{"550", "552"}},
			{"221 vs 250", IntentCompare, []string{"221", "250"}},
		}},
	} {
		t.Run(g.name, func(t *testing.T) { checkParse(t, b, g.cases) })
	}
}

// Numbers in chatter are not codes: the context tells (issue #11).
func TestParseChatterNumbers(t *testing.T) {
	b := newTestBot(t)
	// Chatter is answered "not understood", with the hint.
	a := b.Ask("see you in room 421", Hints{})
	if a.Unknown == nil || a.Unknown.Hint == "" || a.Unknown.Message != "" {
		t.Errorf("Ask(room 421).Unknown = %+v, want a hint and no message about a bad code", a.Unknown)
	}
}

// A pasted reply with a question around it is a diagnosis.
// Its questions for Parse are read in TestParseReadings/ParseQuestionAroundReply.
func TestParseQuestionAroundReply(t *testing.T) {
	b := newTestBot(t)
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

// Exchange NDR names stand for codes: alone they are explained, pasted they
// are diagnosed.
// Its questions for Parse are read in TestParseReadings/ParseNDRNames.
func TestParseNDRNames(t *testing.T) {
	b := newTestBot(t)
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

// TestUntelex checks which messages untelex rewrites: two words or more
// typed in Telex or VNI that stand for Vietnamese words, in plain ASCII;
// not a lone "gif", English words, a host name or text with diacritics.
// The message read so is Vietnamese.
func TestUntelex(t *testing.T) {
	b := newTestBot(t)
	lx := b.lex()
	for _, tt := range []struct{ in, want string }{
		{"looix 554 laf gif vaayj", "loi 554 la gi vay"},
		{"Maax 5.2.2 nghiax laf gif", "ma 5.2.2 nghia la gi"},
		{"loi4 552 la2 gi2", "loi 552 la gi"},
		{"550 gif", "550 gif"},
		{"see you too soon", "see you too soon"},
		{"smtp.laf.gif vaayj", "smtp.laf.gif vaayj"},
		{"lỗi 554 laf gif", "lỗi 554 laf gif"},
	} {
		if got := lx.untelex(tt.in); got != tt.want {
			t.Errorf("untelex(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if q := b.Parse("550 vowis 554 khacs gif nhau"); q.Lang != catalog.Vietnamese {
		t.Errorf("Parse(Telex).Lang = %q, want %q", q.Lang, catalog.Vietnamese)
	}
}
