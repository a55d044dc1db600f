package bounce

import "strings"

// Some MTAs put in their report the log of the delivery attempt, each line
// an entry opened by its date and time (MDaemon's session transcript:
// "Wed 2013-09-11 12:22:04: Attempting SMTP connection to [host]", its own
// notes marked "*", the remote server's replies after "<--"). The log
// tells its story in order and ends with the outcome: the recipient's
// diagnostic is the last entry holding a failure's reply code (4xx or 5xx:
// a QUIT and its 221 may follow it), or, when none does, the last entry
// ("*  Name server reports domain name unknown"); the other entries (the
// message's details, the connection steps) say what was tried, not why
// it failed, and stay in the recipient's context.

// maxLogSource bounds the bracketed source name a log line may open with.
const maxLogSource = 16

// logOutcome returns the entry that ends a log of at least two entries,
// without its time stamp and note mark; ok is false when lines are not
// such a log (a line that is no entry, blank lines aside).
func logOutcome(lines []string) (outcome string, ok bool) {
	var entries []string
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		e, stamped := logEntry(l)
		if !stamped {
			return "", false
		}
		entries = append(entries, e)
	}
	if len(entries) < 2 {
		return "", false
	}
	for k := len(entries) - 1; k >= 0; k-- {
		t := strings.TrimLeft(entries[k], "<- \t")
		if c := leadingReplyCode(t); c != "" && c[0] >= '4' {
			return t, true
		}
	}
	return entries[len(entries)-1], true
}

// logEntry returns the text of a log line after its time stamp: an
// optional weekday, a date written year first with "-" (ISO 8601) or "/"
// between its parts and a time of day, then a colon or a space ("Wed
// 2013-09-11 12:22:04: …", "2024-05-18T09:01:02 …", "2004/12/22
// 08:15:15 …"), the note mark "*" dropped. The stamp may follow the
// bracketed name of the log's source ("[MTA ] 2004/12/22 08:15:15 …",
// PostMan Server's delivery log). ok is false when line opens with no stamp.
func logEntry(line string) (text string, ok bool) {
	s := strings.TrimSpace(line)
	if len(s) > 2 && s[0] == '[' {
		if end := strings.IndexByte(s, ']'); end > 0 && end <= maxLogSource && !strings.ContainsAny(s[1:end], "[<@") {
			s = strings.TrimLeft(s[end+1:], " ")
		}
	}
	if len(s) > 4 && isLetter(s[0]) && isLetter(s[1]) && isLetter(s[2]) && (s[3] == ' ' || s[3] == ',') {
		s = strings.TrimLeft(s[4:], " ")
	}
	// YYYY-MM-DD (or YYYY/MM/DD) then a space or "T", then HH:MM:SS.
	const stamp = "dddd-dd-dd_dd:dd:dd"
	if len(s) < len(stamp) {
		return "", false
	}
	for i := range len(stamp) {
		switch c := s[i]; stamp[i] {
		case 'd':
			if !isDigit(c) {
				return "", false
			}
		case '_':
			if c != ' ' && c != 'T' {
				return "", false
			}
		case '-':
			if c != s[4] || c != '-' && c != '/' {
				return "", false
			}
		default:
			if c != stamp[i] {
				return "", false
			}
		}
	}
	rest := s[len(stamp):]
	if rest != "" && rest[0] == '.' { // fractions of a second
		rest = strings.TrimLeft(rest[1:], "0123456789")
	}
	if rest != "" && rest[0] != ':' && rest[0] != ' ' {
		return "", false
	}
	rest = strings.TrimLeft(rest, ": \t")
	rest = strings.TrimLeft(strings.TrimPrefix(rest, "*"), " \t")
	return rest, true
}
