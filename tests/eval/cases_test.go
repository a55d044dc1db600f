package eval

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// readCases reads one case a line from a JSON Lines file of this folder,
// strictly (an unknown field fails), and requires of every case a unique id
// and a source, plus what check says of it: check returns the case's id and
// source and an error for anything else wrong.
func readCases[T any](t *testing.T, path string, check func(*T) (id, source string, err error)) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	var out []T
	ids := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c T
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		id, source, err := check(&c)
		switch {
		case id == "" || ids[id]:
			t.Fatalf("%s:%d: missing or duplicate id %q", path, n, id)
		case source == "":
			t.Fatalf("%s:%d (%s): every case names its source", path, n, id)
		case err != nil:
			t.Fatalf("%s:%d (%s): %v", path, n, id, err)
		}
		ids[id] = true
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
