package catalog

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Languages.
const (
	English    = "en"
	Vietnamese = "vi"
)

// Text is a sentence or paragraph in every language the data files give it,
// written there as {"en": "…", "vi": "…"}. English is required wherever a
// text is (load.go checks); other languages fall back to it. A new content
// language is a data change: Text knows no language by name.
type Text struct {
	tr []translation // English first, then by language tag; no empty text
}

type translation struct{ lang, text string }

// NewText builds a text from language → text; empty texts are left out.
func NewText(byLang map[string]string) Text {
	var t Text
	for lang, s := range byLang {
		if s != "" {
			t.tr = append(t.tr, translation{lang, s})
		}
	}
	t.sort()
	return t
}

// In returns the text in lang, or the English text when lang has none.
func (t Text) In(lang string) string {
	en := ""
	for _, x := range t.tr {
		if x.lang == lang {
			return x.text
		}
		if x.lang == English {
			en = x.text
		}
	}
	return en
}

// Has reports whether the text exists in lang itself, without fallback.
func (t Text) Has(lang string) bool {
	for _, x := range t.tr {
		if x.lang == lang {
			return true
		}
	}
	return false
}

// All returns the text in every language that has it, English first.
func (t Text) All() []string {
	out := make([]string, len(t.tr))
	for i, x := range t.tr {
		out[i] = x.text
	}
	return out
}

// Languages returns the languages the text is written in, English first.
func (t Text) Languages() []string {
	out := make([]string, len(t.tr))
	for i, x := range t.tr {
		out[i] = x.lang
	}
	return out
}

// IsZero reports whether the text is empty in every language.
func (t Text) IsZero() bool { return len(t.tr) == 0 }

func (t *Text) sort() {
	slices.SortFunc(t.tr, func(a, b translation) int { return compareLangs(a.lang, b.lang) })
}

// compareLangs orders languages as the catalog lists them: English first,
// then by tag.
func compareLangs(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == English:
		return -1
	case b == English:
		return 1
	}
	return strings.Compare(a, b)
}

// UnmarshalJSONFrom decodes {"en": "…", "vi": "…"} strictly: keys must be
// language tags, values strings, each language once (the decoder rejects
// duplicate names). It reads tokens rather than a map: the catalog holds
// thousands of texts and start-up time matters.
func (t *Text) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 'n':
		*t = Text{}
		return nil
	case '{':
	default:
		return fmt.Errorf("catalog: a text is an object of language to text, not %s", tok.Kind())
	}
	tr := make([]translation, 0, 2)
	for dec.PeekKind() != '}' {
		lang, err := readLang(dec)
		if err != nil {
			return err
		}
		if !validLangTag(lang) {
			return fmt.Errorf("catalog: %q is not a language tag", lang)
		}
		if k := dec.PeekKind(); k != '"' {
			return fmt.Errorf("catalog: the %s text is %s, not a string", lang, k)
		}
		val, err := dec.ReadValue()
		if err != nil {
			return err
		}
		s, err := unquote(val)
		if err != nil {
			return err
		}
		if s != "" {
			tr = append(tr, translation{lang, s})
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	t.tr = tr
	t.sort()
	return nil
}

// unquote returns the text of a JSON string the decoder has validated.
// Most texts have no escapes: they are copied once, without the general
// unquoting that Token.String does.
func unquote(raw jsontext.Value) (string, error) {
	if !bytes.ContainsRune(raw, '\\') {
		return string(raw[1 : len(raw)-1]), nil
	}
	b, err := jsontext.AppendUnquote(nil, raw)
	return string(b), err
}

// knownLangs interns the language tags of the data, so that decoding a
// text allocates only its sentences.
var knownLangs = map[string]string{English: English, Vietnamese: Vietnamese}

// readLang reads an object member name as a language tag.
func readLang(dec *jsontext.Decoder) (string, error) {
	raw, err := dec.ReadValue()
	if err != nil {
		return "", err
	}
	if !bytes.ContainsRune(raw, '\\') {
		if lang, ok := knownLangs[string(raw[1:len(raw)-1])]; ok {
			return lang, nil
		}
	}
	return unquote(raw)
}

// MarshalJSONTo writes the data-file form.
func (t Text) MarshalJSONTo(enc *jsontext.Encoder) error {
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return err
	}
	for _, x := range t.tr {
		if err := enc.WriteToken(jsontext.String(x.lang)); err != nil {
			return err
		}
		if err := enc.WriteToken(jsontext.String(x.text)); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
}

// validLangTag accepts the BCP 47 shapes the data uses: a two- or
// three-letter lowercase language, then optional subtags ("zh-Hans").
func validLangTag(s string) bool {
	subs := strings.Split(s, "-")
	lang := subs[0]
	if len(lang) < 2 || len(lang) > 3 || strings.Trim(lang, "abcdefghijklmnopqrstuvwxyz") != "" {
		return false
	}
	for _, sub := range subs[1:] {
		if len(sub) < 2 || len(sub) > 8 {
			return false
		}
		for _, r := range sub {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
				return false
			}
		}
	}
	return true
}
