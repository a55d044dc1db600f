package bounce

import "strings"

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
