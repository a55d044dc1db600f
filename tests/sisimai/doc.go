// Package sisimai measures whole-email bounce diagnosis (bot.DiagnoseMessage)
// on the Sisimai sample set in testdata (BSD-2, see testdata/LICENSE):
//
//	go test ./tests/sisimai -run TestSisimai -v
//
// prints the figures for the dev part and the hold-out part, with the dev-A
// misses; SISIMAI_DEV=all adds the dev-B misses and the dev want→got reason
// confusions (never the hold-out's), and
//
//	go test ./tests/sisimai -bench . -cpu 1 -run '^$'
//
// measures throughput.
//
// The "diagnostic" column measures extraction: how often the recipient's
// Diagnostic (the server's reply, joined into one text when it spans
// lines, with the explanation the report gives it) agrees with the
// expected "diagnostic" of cases.jsonl. Both are compared with whitespace
// runs as one space and in lower case; they agree when ours contains the
// expected text, or when the expected text contains ours and ours is more
// than half its length. SISIMAI_DEV=diag lists the dev disagreements.
package sisimai
