// Package golden compares what a test renders with a file under the test's
// testdata directory, and rewrites the file when the test runs with
// -update, so that a change a user would see shows up as a diff to review
// (go/printer's golden tests work the same way).
//
// It is for tests only: importing it registers the -update flag.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden files from the current output")

// Check compares got with testdata/name. With -update it writes got there
// instead. A difference fails the test with a line diff.
func Check(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run '%s' -update in this package to create it)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got):\n%s\nIf the change is intended, run go test -run '%s' -update in this package and review the diff.", path, diff, t.Name())
	}
}

// Indent is the form of every JSON golden file: raw, a JSON document,
// indented by two spaces and ending in a newline. Input that is not JSON
// fails the test.
func Indent(t testing.TB, raw []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		t.Fatalf("not JSON: %v", err)
		return nil
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// Marshal encodes v with encoding/json in the form Indent gives.
func Marshal(t testing.TB, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
		return nil
	}
	return Indent(t, raw)
}
