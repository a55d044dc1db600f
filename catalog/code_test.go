package catalog

import (
	"errors"
	"fmt"
	"testing"
)

func TestParseReply(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ReplyCode
		ok   bool
	}{
		{"250", 250, true}, {"552", 552, true}, {"559", 559, true}, {"200", 200, true},
		{"199", 0, false}, {"600", 0, false}, {"260", 0, false}, {"55", 0, false},
		{"5522", 0, false}, {"5a2", 0, false}, {"", 0, false}, {"-52", 0, false},
	} {
		got, err := ParseReply(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseReply(%q) = %v, %v; want %v, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseReply(%q) error %v is not ErrMalformed", tc.in, err)
		}
		if err == nil && got.String() != tc.in {
			t.Errorf("round trip %q → %q", tc.in, got.String())
		}
	}
}

func TestParseEnhanced(t *testing.T) {
	for _, tc := range []struct {
		in, out string
		ok      bool
	}{
		{"5.1.1", "5.1.1", true}, {"4.7.26", "4.7.26", true}, {"x.2.2", "X.2.2", true}, {"X.7.30", "X.7.30", true},
		{"2.0.0", "2.0.0", true}, {"5.7.999", "5.7.999", true}, {"4.4.77", "4.4.77", true},
		{"3.1.1", "", false}, {"9.9.9", "", false}, {"5.1", "", false}, {"5.1.1.1", "", false},
		{"5..1", "", false}, {"5.1.1000", "", false}, {"5.01.1", "", false}, {"5.a.1", "", false}, {"", "", false},
	} {
		got, err := ParseEnhanced(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseEnhanced(%q) err = %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if tc.ok && got.String() != tc.out {
			t.Errorf("ParseEnhanced(%q) = %q, want %q", tc.in, got, tc.out)
		}
	}
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
		if got := joinList([]string{"421", "450", "451"}, c.Frame(lang)); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := joinList([]string{"552"}, c.Frame("en")); got != "552" {
		t.Errorf("one item: %q", got)
	}
}
