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
package sisimai
