package tabletest

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what the helper reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// Every miss is reported, with the input, the result and the one wanted;
// a right result is not.
func TestCheckReportsEachMiss(t *testing.T) {
	r := &recorder{TB: t}
	Check(r, "ToUpper", strings.ToUpper, []struct{ In, Want string }{
		{"abc", "ABC"},
		{"x\ny", "x\ny"},
		{"é", "e"},
	})
	want := []string{`ToUpper("x\ny") = "X\nY", want "x\ny"`, `ToUpper("é") = "É", want "e"`}
	if fmt.Sprint(r.errs) != fmt.Sprint(want) {
		t.Errorf("reported %q, want %q", r.errs, want)
	}
}

func TestCheckMapReportsEachMiss(t *testing.T) {
	r := &recorder{TB: t}
	CheckMap(r, "HasPrefix", func(s string) bool { return strings.HasPrefix(s, "55") }, map[string]bool{
		"550": true,
		"450": true,
		"":    false,
	})
	if want := []string{`HasPrefix("450") = false, want true`}; fmt.Sprint(r.errs) != fmt.Sprint(want) {
		t.Errorf("reported %q, want %q", r.errs, want)
	}
}

func TestCheck2ReportsEachMiss(t *testing.T) {
	r := &recorder{TB: t}
	Check2(r, "Repeat", strings.Repeat, []struct {
		A    string
		B    int
		Want string
	}{
		{"ab", 2, "abab"},
		{"x", 3, "xx"},
	})
	if want := []string{`Repeat("x", 3) = "xxx", want "xx"`}; fmt.Sprint(r.errs) != fmt.Sprint(want) {
		t.Errorf("reported %q, want %q", r.errs, want)
	}
}

func TestCheck3ReportsEachMiss(t *testing.T) {
	r := &recorder{TB: t}
	Check3(r, "Replace", func(s, old, new string) string { return strings.ReplaceAll(s, old, new) }, []struct {
		A, B, C string
		Want    string
	}{
		{"a-b-c", "-", "+", "a+b+c"},
		{"a-b", "-", "", "a-b"},
	})
	if want := []string{`Replace("a-b", "-", "") = "ab", want "a-b"`}; fmt.Sprint(r.errs) != fmt.Sprint(want) {
		t.Errorf("reported %q, want %q", r.errs, want)
	}
}

func TestCheckBothReportsEachMiss(t *testing.T) {
	r := &recorder{TB: t}
	CheckBoth(r, "Cut", func(s string) (string, string) { a, b, _ := strings.Cut(s, ":"); return a, b }, []struct {
		In   string
		A, B string
	}{
		{"a:b", "a", "b"},
		{"a:b", "a", "c"},
		{"a:b", "x", "b"},
	})
	want := []string{`Cut("a:b") = "a", "b", want "a", "c"`, `Cut("a:b") = "a", "b", want "x", "b"`}
	if fmt.Sprint(r.errs) != fmt.Sprint(want) {
		t.Errorf("reported %q, want %q", r.errs, want)
	}
}
