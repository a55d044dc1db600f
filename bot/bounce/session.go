package bounce

import (
	"regexp"
	"strings"
)

// A session transcript in a report (Sendmail's, Courier's, MDaemon's)
// writes each command the reporting server sent and each reply it got on
// lines of their own, after marks (bounce.json session_client_marks and
// session_server_marks: ">>> RCPT TO:<…>", "<<< 550 …"). A reply answers
// the oldest command still unanswered: RFC 5321 §4.1 pairs them one to
// one, and pipelining (RFC 2920) keeps their order. A reply before any
// command is the greeting; one after the 354 that DATA got, with no
// command between, answers the end of the message data.

// Commands the transcript reader names besides the client's own verbs.
const (
	// CommandGreeting is the "command" a greeting answers: the connection.
	CommandGreeting = "CONNECT"
	// CommandEndOfData is the end of the message data ("." on its line).
	CommandEndOfData = "."
)

// maxSessionTurns bounds the marks read in one text.
const maxSessionTurns = 200

// sessionTurn is one marked line of a transcript: a client command (its
// verb, upper case) or a server reply (its basic code).
type sessionTurn struct {
	client bool
	word   string // the command's verb, or the reply's code
	final  bool   // a reply's last line ("550 …", not "550-…")
}

// AnsweredCommand returns the command that the failing reply of a session
// transcript in text answered: its verb in upper case ("RCPT", "DATA"),
// CommandEndOfData or CommandGreeting. The failing reply is the last
// final 4xx or 5xx reply, with code when code is not "". "" when text
// holds no transcript with both commands and replies, or the pairing
// leaves that reply without a command.
func (p *Parser) AnsweredCommand(text, code string) string {
	turns := p.sessionTurns(text)
	if turns == nil {
		turns = logTurns(logEntries(text))
	}
	return answeredCommand(turns, code)
}

// answeredCommand pairs the replies of turns with the commands they
// answer (AnsweredCommand) and returns the command the last final 4xx or
// 5xx reply (with code when code is not "") answered.
func answeredCommand(turns []sessionTurn, code string) string {
	var queue []string
	answered, last354, replies := "", false, 0
	for _, t := range turns {
		if t.client {
			queue = append(queue, t.word)
			continue
		}
		if !t.final {
			continue
		}
		cmd := ""
		switch {
		case len(queue) > 0:
			cmd, queue = queue[0], queue[1:]
		case last354:
			cmd = CommandEndOfData
		case replies == 0:
			cmd = CommandGreeting
		}
		replies++
		last354 = t.word == "354"
		if (t.word[0] == '4' || t.word[0] == '5') && (code == "" || t.word == code) {
			answered = cmd
		}
	}
	return answered
}

// sessionTurns reads the marked commands and replies of text in order.
// A text with no client command or no server reply holds no transcript.
func (p *Parser) sessionTurns(text string) []sessionTurn {
	var turns []sessionTurn
	clients, servers := 0, 0
	for len(turns) < maxSessionTurns {
		i, mark, client := p.nextSessionMark(text)
		if i < 0 {
			break
		}
		text = text[i+len(mark):]
		f := strings.Fields(text[:min(len(text), 80)])
		if len(f) == 0 {
			continue
		}
		if client {
			turns = append(turns, sessionTurn{client: true, word: strings.ToUpper(strings.TrimRight(f[0], ":"))})
			clients++
			continue
		}
		if c, cont, _, ok := linePrefix(fieldAt(strings.TrimSpace(text), 0)); ok {
			turns = append(turns, sessionTurn{word: c, final: !cont})
			servers++
		}
	}
	if clients == 0 || servers == 0 {
		return nil
	}
	return turns
}

// nextSessionMark finds the first transcript mark in text: where it
// starts, the mark, and whether it marks a client command.
func (p *Parser) nextSessionMark(text string) (at int, mark string, client bool) {
	at = -1
	for _, set := range []struct {
		marks  []string
		client bool
	}{{p.v.SessionClientMarks, true}, {p.v.SessionServerMarks, false}} {
		for _, m := range set.marks {
			if i := strings.Index(text, m); i >= 0 && (at < 0 || i < at) {
				at, mark, client = i, m, set.client
			}
		}
	}
	return at, mark, client
}

// logStamp is the time stamp that opens each entry of a delivery log: a
// date written year first with "-" or "/" and a time of day (logEntry).
var logStamp = regexp.MustCompile(`\b\d{4}([-/])\d{2}[-/]\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?:?`)

// logEntries splits text, which may be a log's lines joined into one, at
// the time stamps that open its entries: the text after each stamp up to
// the next. Nil when text holds fewer than two stamps.
func logEntries(text string) []string {
	at := logStamp.FindAllStringIndex(text, maxSessionTurns+1)
	if len(at) < 2 {
		return nil
	}
	entries := make([]string, 0, len(at))
	for k, loc := range at {
		end := len(text)
		if k+1 < len(at) {
			end = at[k+1][0]
		}
		entries = append(entries, strings.TrimSpace(text[loc[1]:end]))
	}
	return entries
}

// logTurns reads the commands and replies of a delivery log whose entries
// carry no transcript marks (logEntry; PostMan Server's "[MTA ] 2004/12/22
// 08:15:15 RCPT TO: <…>", "… 250 Requested mail action okay"): an entry
// opening with a reply code is a reply, one opening with a command verb
// (a word of four to eight capital letters, RFC 5321 §4.1's verbs and
// STARTTLS) a command sent; the software's own notes ("[End of Data]",
// "connecting to …") are neither. Nil unless the log holds both.
func logTurns(entries []string) []sessionTurn {
	var turns []sessionTurn
	clients, servers := 0, 0
	for _, e := range entries[:min(len(entries), maxSessionTurns)] {
		f := strings.Fields(e)
		if len(f) == 0 {
			continue
		}
		if c, cont, _, ok := linePrefix(f[0]); ok {
			turns = append(turns, sessionTurn{word: c, final: !cont})
			servers++
			continue
		}
		if verb := strings.TrimRight(f[0], ":"); commandVerb(verb) {
			turns = append(turns, sessionTurn{client: true, word: verb})
			clients++
		}
	}
	if clients == 0 || servers == 0 {
		return nil
	}
	return turns
}

// commandVerb reports whether w is written as an SMTP command verb: four
// to eight capital ASCII letters.
func commandVerb(w string) bool {
	if len(w) < 4 || len(w) > 8 {
		return false
	}
	for i := range len(w) {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// A report may name the recipient in a transcript's command ("RCPT
// To:<addr>", marked or not) with the reply under it. A success there
// (2xx, or a 3xx) that another command follows, other than QUIT, which
// ends the session (RFC 5321 §4.1.1.10), is one step of a session that
// went on: the address was taken, and what came of the delivery is
// further on. As in a delivery log (logOutcome), the outcome is the
// transcript's last failure reply; when there is none, the session ended
// at a step no reply answered (the data sent, then nothing), which says
// what was tried, not why it failed: the report's own words before the
// transcript say that.

// steppedPast reports whether diag, the lines under a transcript's
// command naming the address, open with a success reply that a later
// command other than QUIT follows.
func (p *Parser) steppedPast(diag []string) bool {
	if len(diag) < 2 {
		return false
	}
	if c := leadingReplyCode(p.withoutSessionMark(diag[0])); c == "" || c[0] != '2' && c[0] != '3' {
		return false
	}
	for _, l := range diag[1:] {
		if f := strings.Fields(p.withoutSessionMark(l)); len(f) > 0 {
			if verb := strings.TrimRight(f[0], ":"); commandVerb(verb) && verb != "QUIT" {
				return true
			}
		}
	}
	return false
}

// sessionOutcome reads the transcript on from the line after i, the
// command naming the address, to its end (a blank line or a separator):
// it returns the last failure reply (a 4xx or 5xx line and the lines of
// the same reply after it), or, with replied false, the transcript's
// last line, and the index of the line after the transcript.
func (p *Parser) sessionOutcome(lines []string, i int) (outcome []string, end int, replied bool) {
	end = i + 1
	for end < len(lines) && strings.TrimSpace(lines[end]) != "" && !isSeparator(lines[end]) && end-i <= maxSessionTurns {
		end++
	}
	for k := end - 1; k > i; k-- {
		t := p.withoutSessionMark(lines[k])
		c, cont, _, ok := linePrefix(fieldAt(t, 0))
		if !ok || c[0] < '4' || cont {
			continue
		}
		// A multi-line reply's earlier lines ("550-…") belong with it.
		first := k
		for first-1 > i {
			pc, pcont, _, pok := linePrefix(fieldAt(p.withoutSessionMark(lines[first-1]), 0))
			if !pok || !pcont || pc != c {
				break
			}
			first--
		}
		for _, l := range lines[first : k+1] {
			outcome = append(outcome, p.withoutSessionMark(l))
		}
		return outcome, end, true
	}
	return []string{p.withoutSessionMark(lines[end-1])}, end, false
}

// withoutSessionMark is line trimmed, without the transcript mark that
// opens it (bounce.json session_client_marks, session_server_marks).
func (p *Parser) withoutSessionMark(line string) string {
	t := strings.TrimSpace(line)
	for _, marks := range [][]string{p.v.SessionClientMarks, p.v.SessionServerMarks} {
		for _, m := range marks {
			if r, ok := strings.CutPrefix(t, m); ok {
				return strings.TrimSpace(r)
			}
		}
	}
	return t
}

// accountBefore is what the report's own text says before the transcript
// whose command on line i names the address: its lines up to the
// transcript's start, without separators, lines naming an address
// (recipients' entries) and lines of a transcript (a reply or a
// command), joined; "" when there are none.
func (p *Parser) accountBefore(lines []string, i int) string {
	k := i
	for k > 0 && strings.TrimSpace(lines[k-1]) != "" && !isSeparator(lines[k-1]) {
		k--
	}
	var out []string
	for _, l := range lines[:k] {
		t := p.withoutSessionMark(l)
		if t == "" || isSeparator(t) || strings.Contains(t, "@") || leadingReplyCode(t) != "" || commandVerb(strings.TrimRight(fieldAt(t, 0), ":")) {
			continue
		}
		out = append(out, t)
	}
	return bounded(strings.Join(out, "\n"))
}
