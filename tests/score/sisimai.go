package score

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// SisimaiCase is one failed recipient of the Sisimai sample set: one line
// of tests/sisimai/testdata/cases.jsonl (its README says what each field
// holds). Both evaluations read it: tests/sisimai from the whole email,
// tests/eval from the reply alone.
type SisimaiCase struct {
	ID         string `json:"id"`
	File       string `json:"file"`
	Index      int    `json:"index"`
	Diagnostic string `json:"diagnostic"`
	ReplyCode  string `json:"replycode"`
	Status     string `json:"status"`
	Reason     string `json:"reason"`
	HardBounce bool   `json:"hardbounce"`
	Engine     string `json:"engine"`
}

// ReadSisimaiCases reads a cases.jsonl file strictly: a field it does not
// know fails, so that a change of the file's format is seen.
func ReadSisimaiCases(path string) ([]SisimaiCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []SisimaiCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var c SisimaiCase
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
