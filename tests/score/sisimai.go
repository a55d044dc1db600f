package score

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
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
	var out []SisimaiCase
	err := eachLine(path, func(line []byte) error {
		var c SisimaiCase
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachRow calls fn with the line number and the tab-separated columns of
// each line of a tab-separated file that is neither empty nor a comment
// (starting with #), after checking it has cols columns.
func eachRow(path string, cols int, fn func(n int, c []string) error) error {
	n := 0
	return eachLine(path, func(b []byte) error {
		n++
		line := string(b)
		if line == "" || strings.HasPrefix(line, "#") {
			return nil
		}
		c := strings.Split(line, "\t")
		if len(c) != cols {
			return fmt.Errorf("%d columns, want %d", len(c), cols)
		}
		return fn(n, c)
	})
}

// eachLine calls fn on each line of the file (lines up to 1 MiB), an error
// naming the file and the line.
func eachLine(path string, fn func(line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
