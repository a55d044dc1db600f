package bot

import (
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

// Suggestions speak the answer's language, whichever way it was chosen:
// `ask --lang vi 999` and the web's /vi/code/999 both pass it explicitly.
func TestSuggestionsInAnswerLanguage(t *testing.T) {
	b := newTestBot(t)
	cat := b.Catalog()
	for _, a := range []Answer{
		b.Ask("999", Hints{Lang: catalog.Vietnamese}),
		b.Answer(Query{Intent: IntentUnknown, Bad: []string{"999"}}, catalog.Vietnamese),
	} {
		if a.Lang != catalog.Vietnamese || a.Unknown == nil || len(a.Unknown.Suggestions) == 0 {
			t.Fatalf("answer %s %+v: want Vietnamese suggestions", a.Lang, a.Unknown)
		}
		translated := 0
		for _, s := range a.Unknown.Suggestions {
			code, err := catalog.ParseReply(s.Code)
			if err != nil {
				t.Fatalf("suggestion %q: %v", s.Code, err)
			}
			name := cat.Reply(code).Name
			if s.Name != name.In(catalog.Vietnamese) {
				t.Errorf("%s suggested as %q, want %q", s.Code, s.Name, name.In(catalog.Vietnamese))
			}
			if name.In(catalog.Vietnamese) != name.In(catalog.English) {
				translated++
			}
		}
		if translated == 0 {
			t.Error("no suggested name differs between English and Vietnamese: the test cannot tell them apart")
		}
	}
}

// A list of enhanced codes of one class labels each with that class
// ("5.X.X"), as the README's JSON contract says; the whole registry keeps
// "X.X.X".
func TestListEnhancedClass(t *testing.T) {
	b := newTestBot(t)
	for filter, want := range map[string]string{"5.7.x": "5.X.X", "4.2.x": "4.X.X", "x.1.x": "X.X.X"} {
		a := b.Ask("list "+filter, Hints{Lang: catalog.English})
		if a.List == nil || len(a.List.Items) == 0 {
			t.Fatalf("list %s: no items", filter)
		}
		for _, it := range a.List.Items {
			if it.Class != want {
				t.Errorf("list %s: %s has class %q, want %q", filter, it.Code, it.Class, want)
			}
		}
	}
}
