package catalog

import (
	"errors"
	"fmt"
	"testing"
)

// checkParser checks a code parser against inputs and the code each must
// give, written as it prints ("" for an input it must refuse with
// ErrMalformed and a zero code).
func checkParser[C interface {
	comparable
	fmt.Stringer
}](t *testing.T, name string, parse func(string) (C, error), cases []struct{ in, want string }) {
	t.Helper()
	var zero C
	for _, tc := range cases {
		got, err := parse(tc.in)
		if tc.want == "" && (!errors.Is(err, ErrMalformed) || got != zero) {
			t.Errorf("%s(%q) = %v, %v; want a zero code and ErrMalformed", name, tc.in, got, err)
		}
		if tc.want != "" && (err != nil || got.String() != tc.want) {
			t.Errorf("%s(%q) = %v, %v; want %s", name, tc.in, got, err, tc.want)
		}
	}
}

func TestParseReply(t *testing.T) {
	checkParser(t, "ParseReply", ParseReply, []struct{ in, want string }{
		{"250", "250"}, {"552", "552"}, {"559", "559"}, {"200", "200"},
		{"199", ""}, {"600", ""}, {"260", ""}, {"55", ""},
		{"5522", ""}, {"5a2", ""}, {"", ""}, {"-52", ""},
	})
}

func TestParseEnhanced(t *testing.T) {
	checkParser(t, "ParseEnhanced", ParseEnhanced, []struct{ in, want string }{
		{"5.1.1", "5.1.1"}, {"4.7.26", "4.7.26"}, {"x.2.2", "X.2.2"}, {"X.7.30", "X.7.30"},
		{"2.0.0", "2.0.0"}, {"5.7.999", "5.7.999"}, {"4.4.77", "4.4.77"},
		{"3.1.1", ""}, {"9.9.9", ""}, {"5.1", ""}, {"5.1.1.1", ""},
		{"5..1", ""}, {"5.1.1000", ""}, {"5.01.1", ""}, {"5.a.1", ""}, {"", ""},
	})
}

func TestClassMethods(t *testing.T) {
	if ReplyCode(452).Class() != ClassTransient || !ReplyCode(452).Class().Failure() {
		t.Error("452 must be a transient failure")
	}
	if ReplyCode(252).Class().Failure() {
		t.Error("252 is not a failure")
	}
	if got := ClassPermanent.Key(); got != "5xx" {
		t.Errorf("Key = %q", got)
	}
	e, _ := ParseEnhanced("5.2.2")
	if e.Generic().String() != "X.2.2" {
		t.Errorf("Generic = %s", e.Generic())
	}
}

func TestParseSource(t *testing.T) {
	for _, tc := range []struct{ in, str, url string }{
		{"RFC 5321 4.2.3", "RFC 5321 §4.2.3", "https://www.rfc-editor.org/rfc/rfc5321#section-4.2.3"},
		{"RFC 1870", "RFC 1870", "https://www.rfc-editor.org/rfc/rfc1870"},
		{"IANA", "IANA", "https://www.iana.org/assignments/smtp-enhanced-status-codes/smtp-enhanced-status-codes.xhtml"},
		{"draft-levine-mailbomb-header", "draft-levine-mailbomb-header", "https://datatracker.ietf.org/doc/draft-levine-mailbomb-header/"},
	} {
		s, err := ParseSource(tc.in)
		if err != nil || s.String() != tc.str || s.URL() != tc.url || s.Key() != tc.in {
			t.Errorf("ParseSource(%q) = %v (%q, %q), %v", tc.in, s, s.String(), s.URL(), err)
		}
	}
	for _, bad := range []string{"RFC", "RFC x", "rfc 5321", "RFC 5321 4.a", "see RFC 5321", "draft-a b"} {
		if _, err := ParseSource(bad); err == nil {
			t.Errorf("ParseSource(%q) accepted", bad)
		}
	}
}

func ExampleParseCode() {
	for _, s := range []string{"552", "5.2.2", "x.2.2"} {
		c, _ := ParseCode(s)
		fmt.Println(c, c.Basic(), c.Class())
	}
	// Output:
	// 552 true 5
	// 5.2.2 false 5
	// X.2.2 false 0
}

func ExampleFill() {
	fmt.Println(Fill("{code} is a {class} reply.", "code", "552", "class", "5xx"))
	// Output: 552 is a 5xx reply.
}

func TestFill(t *testing.T) {
	for _, tc := range []struct {
		tmpl string
		kv   []string
		want string
	}{
		{"no placeholders", nil, "no placeholders"},
		{"{a} and {b}", []string{"a", "1", "b", "2"}, "1 and 2"},
		{"{a}{a}", []string{"a", "x"}, "xx"},
		{"{missing} stays", []string{"a", "1"}, "{missing} stays"},
		{"open { brace", []string{"a", "1"}, "open { brace"},
		{"{a}", []string{"a", "{b}", "b", "no"}, "{b}"},
	} {
		if got := Fill(tc.tmpl, tc.kv...); got != tc.want {
			t.Errorf("Fill(%q, %v) = %q, want %q", tc.tmpl, tc.kv, got, tc.want)
		}
	}
}

func TestJoinList(t *testing.T) {
	c := loadEmbedded(t)
	for lang, want := range map[string]string{"en": "421, 450 and 451", "vi": "421, 450 và 451", "ja": "421、450と451"} {
		if got := JoinList([]string{"421", "450", "451"}, c.Frame(lang)); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := JoinList([]string{"552"}, c.Frame("en")); got != "552" {
		t.Errorf("one item: %q", got)
	}
}
