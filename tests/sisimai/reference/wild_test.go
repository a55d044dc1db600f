package main

import (
	"fmt"
	"testing"

	"github.com/smtpbot/smtpbot/tests/score"
)

// What Sisimai 4.25.15 said of the expected recipients of bot/testdata/wild
// (wild-sisimai-4.25.15.tsv, recorded by `go run ./tests/sisimai/reference
// -wild -record …`; no perl here), and the floors of ours beside it. The
// recorded counts are fixed: they change only when the file is re-recorded
// or cases.json's expectations of the recorded messages change, and then
// README.md's figures change with them. Ours are floors at the figures of
// the recording: never lower one to make a change pass.
const (
	wildRecorded       = 1424 // rows: 1310 expected recipients and 114 messages that are not bounces
	wildSisFound       = 1136 // expected recipients Sisimai reported
	wildSisOnhold      = 177  // of them, reason onhold (it could not decide)
	wildSisUndefined   = 26   // reason undefined
	wildSisReason      = 508  // Sisimai's reason = the expected one
	wildSisBounce      = 1038 // Sisimai's hard/soft = the expected one
	wildSisKnownReason = 506  // the same reason where the expected one is in its vocabulary (1086 recipients)
	wildSisNotBounce   = 25   // messages that are not bounces where Sisimai reported a recipient

	floorWildOursReason      = 1279 // of 1310
	floorWildOursBounce      = 1299
	floorWildOursKnownReason = 1059 // of 1086 (1012 of 1013 until wild 1987 was settled to rejected, 976 until wild 465 and 1466 were settled to notcompliantrfc, a reason newer than Sisimai 4.25)
)

func TestWildAgainstReference(t *testing.T) {
	const recorded = "wild-sisimai-4.25.15.tsv"
	rows, err := score.ReadWildRows(recorded)
	if err != nil {
		t.Fatal(err)
	}
	vocabulary, err := score.ReadVocabulary(recorded)
	if err != nil || len(vocabulary) < 20 {
		t.Fatalf("vocabulary of %d reasons, %v", len(vocabulary), err)
	}
	b, err := newBot()
	if err != nil {
		t.Fatal(err)
	}
	f, _, err := wildCompare(b, "../../..", rows, vocabulary, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		fmt.Printf("wild: Sisimai reported %d/%d, reason %d (ours %d), hard/soft %d (ours %d), in its vocabulary %d/%d (ours %d)\n",
			f.found, f.recipients, f.sisWant.OK, f.oursWant.OK, f.sisWantB.OK, f.oursWantB.OK,
			f.knownSisWant.OK, f.knownSisWant.N, f.knownOursWant.OK)
	}
	if len(rows) != wildRecorded || f.stale != 0 {
		t.Fatalf("%d recorded rows (%d no longer match cases.json), want %d: re-record, then update these constants and README.md's figures",
			len(rows), f.stale, wildRecorded)
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"recipients Sisimai reported", f.found, wildSisFound},
		{"Sisimai onhold", f.onhold, wildSisOnhold},
		{"Sisimai undefined", f.undefined, wildSisUndefined},
		{"Sisimai's reason = expected", f.sisWant.OK, wildSisReason},
		{"Sisimai's hard/soft = expected", f.sisWantB.OK, wildSisBounce},
		{"Sisimai's reason = expected, in its vocabulary", f.knownSisWant.OK, wildSisKnownReason},
		{"not-bounce messages Sisimai reported a recipient in", f.sisReported, wildSisNotBounce},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, recorded %d (cases.json's expectations changed? update the constant and README.md)", c.name, c.got, c.want)
		}
	}
	for _, c := range []struct {
		name       string
		got, floor int
	}{
		{"our reason = expected", f.oursWant.OK, floorWildOursReason},
		{"our hard/soft = expected", f.oursWantB.OK, floorWildOursBounce},
		{"our reason = expected, in Sisimai's vocabulary", f.knownOursWant.OK, floorWildOursKnownReason},
	} {
		if c.got < c.floor {
			t.Errorf("%s: %d, under the floor of %d", c.name, c.got, c.floor)
		}
	}
}

// TestWildRows checks how Sisimai's recipients are matched to the
// expected ones: by address, case ignored, else by place when Sisimai's
// address there is not an expected one; a message that is not a bounce
// gets its first recipient's reason.
func TestWildRows(t *testing.T) {
	cases := []score.WholeCase{
		{File: "a.eml", Want: []score.WholeWant{{Recipient: "One@x"}, {Recipient: "two@x"}, {Recipient: "three@x"}}},
		{File: "b.eml", Want: []score.WholeWant{{Recipient: "orig@x"}}},
		{File: "c.eml", NotBounce: "autoreply"},
		{File: "d.eml", NotBounce: "feedback"},
	}
	found := map[string][]sisimaiRecipient{
		// Only the last recipient, then one in the place of #2 that is #3's.
		"a.eml": {{index: 1, address: "three@x", reason: "blocked", status: "5.7.1", bounce: "soft"},
			{index: 2, address: "one@x", reason: "userunknown", status: "5.1.1", bounce: "hard"}},
		"b.eml": {{index: 1, address: "final@y", reason: "mailboxfull", status: "5.2.2", bounce: "soft"}},
		"c.eml": {{index: 1, address: "me@x", reason: "vacation", status: "-", bounce: "-"}},
	}
	got := wildRows(cases, found)
	want := []string{
		"a.eml\t1\tone@x\tuserunknown\t5.1.1\thard",
		"a.eml\t2\ttwo@x\t(none)\t-\t-",
		"a.eml\t3\tthree@x\tblocked\t5.7.1\tsoft",
		"b.eml\t1\torig@x\tmailboxfull\t5.2.2\tsoft",
		"c.eml\t0\t-\tvacation\t-\t-",
		"d.eml\t0\t-\t(none)\t-\t-",
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(got), len(want), got)
	}
	for i, r := range got {
		if s := score.FormatWildRow(r); s != want[i] {
			t.Errorf("row %d: %q, want %q", i, s, want[i])
		}
	}
}
