package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeT records what Check reports instead of failing the real test.
type fakeT struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeT) Helper()      {}
func (f *fakeT) Name() string { return "TestFake" }
func (f *fakeT) Errorf(format string, args ...any) {
	f.failed = true
	f.msg = format
	for _, a := range args {
		if s, ok := a.(string); ok {
			f.msg += "\n" + s
		}
	}
}
func (f *fakeT) Fatalf(format string, args ...any) { f.Errorf(format, args...) }

func TestCheck(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "a.golden"), []byte("one\ntwo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	same := &fakeT{}
	Check(same, "a.golden", []byte("one\ntwo\n"))
	if same.failed {
		t.Errorf("equal output failed: %s", same.msg)
	}
	diff := &fakeT{}
	Check(diff, "a.golden", []byte("one\nthree\n"))
	if !diff.failed || !strings.Contains(diff.msg, "-") || !strings.Contains(diff.msg, "three") {
		t.Errorf("different output: failed %v, message %q", diff.failed, diff.msg)
	}
	missing := &fakeT{}
	Check(missing, "b.golden", []byte("x"))
	if !missing.failed || !strings.Contains(missing.msg, "-update") {
		t.Errorf("missing file: failed %v, message %q", missing.failed, missing.msg)
	}
}

func TestUpdate(t *testing.T) {
	t.Chdir(t.TempDir())
	*update = true
	t.Cleanup(func() { *update = false })
	Check(t, "sub/new.golden", []byte("fresh\n"))
	b, err := os.ReadFile(filepath.Join("testdata", "sub", "new.golden"))
	if err != nil || string(b) != "fresh\n" {
		t.Errorf("-update wrote %q, %v", b, err)
	}
}

func TestIndent(t *testing.T) {
	if got, want := string(Indent(t, []byte(`{"a":[1,"<b>"]}`))), "{\n  \"a\": [\n    1,\n    \"<b>\"\n  ]\n}\n"; got != want {
		t.Errorf("Indent = %q, want %q", got, want)
	}
	bad := &fakeT{}
	if Indent(bad, []byte(`{"a":`)); !bad.failed {
		t.Error("Indent of a broken document did not fail")
	}
	// Marshal escapes as encoding/json does, then indents.
	if got, want := string(Marshal(t, map[string]any{"a": "<b>"})), "{\n  \"a\": \"\\u003cb\\u003e\"\n}\n"; got != want {
		t.Errorf("Marshal = %q, want %q", got, want)
	}
	unencodable := &fakeT{}
	if Marshal(unencodable, func() {}); !unencodable.failed {
		t.Error("Marshal of a func did not fail")
	}
}
