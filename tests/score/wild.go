package score

import (
	"fmt"
	"strconv"
	"strings"
)

// WildRow is what a reference classifier (Sisimai 4.25) says of one
// expected recipient of bot/testdata/wild: one line of
// tests/sisimai/reference/wild-sisimai-4.25.15.tsv. A message expected not
// to be a bounce has one row with Index 0 and Recipient "-", saying what
// the reference made of it.
type WildRow struct {
	File      string // the message, as named in cases.json ("001.eml")
	Index     int    // the expected recipient's place in the case (1 = first), 0 for a message that is not a bounce
	Recipient string // its address, lower-cased ("-" for index 0)
	Reason    string // the reference's reason for that address, "(none)" when it gave none
	Status    string // the reference's enhanced code, "-" when none
	Bounce    string // "hard", "soft", or "-" when the reference says neither
}

// NoReason is the reason of a row whose recipient the reference did not
// report.
const NoReason = "(none)"

// ReadWildRows reads the file strictly: lines starting with # are
// comments, every other line has six tab-separated columns, none empty.
func ReadWildRows(path string) ([]WildRow, error) {
	var rows []WildRow
	err := eachRow(path, 6, func(_ int, c []string) error {
		i, err := strconv.Atoi(c[1])
		if err != nil || i < 0 || (i == 0) != (c[2] == "-") {
			return fmt.Errorf("index %q with recipient %q", c[1], c[2])
		}
		if c[3] == "" || c[4] == "" || c[5] != "-" && c[5] != "hard" && c[5] != "soft" {
			return fmt.Errorf("reason %q, bounce %q", c[3], c[5])
		}
		rows = append(rows, WildRow{File: c[0], Index: i, Recipient: c[2], Reason: c[3], Status: c[4], Bounce: c[5]})
		return nil
	})
	return rows, err
}

// FormatWildRow writes a row as ReadWildRows reads it.
func FormatWildRow(r WildRow) string {
	return strings.Join([]string{r.File, strconv.Itoa(r.Index), r.Recipient, r.Reason, r.Status, r.Bounce}, "\t")
}

// ReadVocabulary reads the reasons a recorded reference knows from the
// file's "# vocabulary: …" comment (nil when it has none).
func ReadVocabulary(path string) (map[string]bool, error) {
	var v map[string]bool
	err := eachLine(path, func(b []byte) error {
		if words, ok := strings.CutPrefix(string(b), "# vocabulary: "); ok {
			v = map[string]bool{}
			for _, w := range strings.Fields(words) {
				v[w] = true
			}
		}
		return nil
	})
	return v, err
}
