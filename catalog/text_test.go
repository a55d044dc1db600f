package catalog

import (
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func TestTextDecode(t *testing.T) {
	var tx Text
	if err := json.Unmarshal([]byte(`{"vi": "xin chào", "zh-Hans": "你好", "en": "hello", "fr": ""}`), &tx); err != nil {
		t.Fatal(err)
	}
	tabletest.CheckMap(t, "In", tx.In, map[string]string{"en": "hello", "vi": "xin chào", "zh-Hans": "你好", "fr": "hello", "de": "hello"})
	if !tx.Has("zh-Hans") || tx.Has("fr") || tx.Has("de") {
		t.Errorf("Has: %v", tx.Languages())
	}
	if got := strings.Join(tx.Languages(), " "); got != "en vi zh-Hans" {
		t.Errorf("languages %q, want English first, then by tag", got)
	}
	out, err := json.Marshal(tx)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"en":"hello","vi":"xin chào","zh-Hans":"你好"}` {
		t.Errorf("marshal = %s", out)
	}
	var zero Text
	if err := json.Unmarshal([]byte(`null`), &zero); err != nil || !zero.IsZero() || zero.In(English) != "" {
		t.Errorf("null: %v %v", err, zero.Languages())
	}
}

// Decoding stays strict: language tags only, strings only, each language once.
func TestTextDecodeRejects(t *testing.T) {
	for _, in := range []string{
		`{"EN": "hello"}`,
		`{"english": "hello"}`,
		`{"en-": "hello"}`,
		`{"": "hello"}`,
		`{"en": 1}`,
		`{"en": ["hello"]}`,
		`{"en": "a", "en": "b"}`,
		`"hello"`,
		`["hello"]`,
		`{"en": "hello"`,
	} {
		var tx Text
		if err := json.Unmarshal([]byte(in), &tx); err == nil {
			t.Errorf("%s: decoded as %v", in, tx.Languages())
		}
	}
}
