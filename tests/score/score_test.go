package score

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTally(t *testing.T) {
	var tl Tally
	if tl.Rate() != 1 {
		t.Errorf("empty rate %v, want 1", tl.Rate())
	}
	tl.Add(true)
	tl.Add(false)
	tl.Add(true)
	tl.Add(true)
	if tl.OK != 3 || tl.N != 4 || tl.Rate() != 0.75 {
		t.Errorf("%+v rate %v", tl, tl.Rate())
	}
}

func TestUnder(t *testing.T) {
	got := Under(
		Floor{Name: "reason", Got: Tally{OK: 70, N: 99}, Min: 0.75},
		Floor{Name: "status", Got: Tally{OK: 99, N: 99}, Min: 0.99},
		Floor{Name: "at the floor", Got: Tally{OK: 3, N: 4}, Min: 0.75},
		Floor{Name: "nothing counted", Min: 1},
		Floor{Name: "category", Got: Tally{OK: 0, N: 5}, Min: 0.01},
	)
	want := []string{"reason 70/99 (70.7%) is under the floor of 75%", "category 0/5 (0.0%) is under the floor of 1%"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Under = %q, want %q", got, want)
	}
}

// The split is the one the figures in the README were taken with: 97 of
// the 334 sample files are held out, and the path does not matter.
func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		file string
		hold bool
	}{
		{"lhost-postfix-01.eml", HoldOut("eml/lhost-postfix-01.eml")},
		{"/x/y/lhost-exim-01.eml", HoldOut("lhost-exim-01.eml")},
	} {
		if HoldOut(tt.file) != tt.hold {
			t.Errorf("%s: the directory changed the verdict", tt.file)
		}
	}
	// FNV-1a 32 of "a": 0xe40c292c = 3826002220; mod 10 = 0, even.
	if !HoldOut("a") || DevHalf("a") != "dev-A" {
		t.Errorf(`"a": hold-out %v, half %s; want true, dev-A`, HoldOut("a"), DevHalf("a"))
	}
}

func TestSplitOfTheCorpus(t *testing.T) {
	files, err := filepath.Glob("../sisimai/testdata/eml/*.eml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	held := 0
	for _, f := range files {
		if HoldOut(f) {
			held++
		}
	}
	if len(files) != 334 || held != 97 {
		t.Errorf("%d files, %d held out; want 334 and 97", len(files), held)
	}
}

// The Sisimai cases are read strictly, with every field, and a line that
// does not fit fails with its file and line.
func TestReadSisimaiCases(t *testing.T) {
	cases, err := ReadSisimaiCases("../sisimai/testdata/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 300 {
		t.Fatalf("%d cases, want the whole set", len(cases))
	}
	c := cases[0]
	if c.ID == "" || c.File == "" || c.Index < 1 || c.Diagnostic == "" || c.Reason == "" || c.Engine == "" {
		t.Errorf("first case not read in full: %+v", c)
	}
	bad := filepath.Join(t.TempDir(), "cases.jsonl")
	if err := os.WriteFile(bad, []byte(`{"id":"a#1","file":"eml/a.eml","index":1}`+"\n"+`{"id":"b#1","surprise":true}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadSisimaiCases(bad); err == nil || !strings.Contains(err.Error(), "cases.jsonl:2") {
		t.Errorf("an unknown field gave %v, want an error naming line 2", err)
	}
}
