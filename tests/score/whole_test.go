package score

import "testing"

func TestFileAfter(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"1000.eml", "974.eml", true}, {"974.eml", "1000.eml", false}, {"031.eml", "030.eml", true}, {"030.eml", "030.eml", false}} {
		if got := FileAfter(c.a, c.b); got != c.want {
			t.Errorf("FileAfter(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
