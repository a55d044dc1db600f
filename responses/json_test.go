package responses

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/catalog/catalogtest"
)

// The diagnosis carries exactly the documented fields, codes as text.
func TestDiagnosisJSON(t *testing.T) {
	b := newBot(t)
	a := b.Ask("421-5.7.32 Your email was blocked because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain. - gsmtp", bot.Hints{})
	raw, err := JSON(a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var top struct {
		Codes     []string       `json:"codes"`
		Diagnosis map[string]any `json:"diagnosis"`
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatal(err)
	}
	m := top.Diagnosis
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"action", "actors", "bounce", "category", "enhanced_code", "notes", "postmaster", "provider", "provider_note", "reason", "reply_code", "retry", "retry_by", "retry_helps", "retry_window", "stage"}
	if !cmp.Equal(keys, want) {
		t.Errorf("diagnosis JSON keys:\n%s", cmp.Diff(want, keys))
	}
	if m["reply_code"] != "421" || m["enhanced_code"] != "5.7.32" || m["provider"] != "gmail" || m["category"] != "sender_auth" ||
		m["reason"] != "authfailure" || m["bounce"] != "soft" ||
		// A 421 is retried by the sending server, in vain until DMARC alignment is fixed.
		m["retry"] != true || m["retry_by"] != "server" || m["retry_helps"] != false || m["retry_window"] == "" {
		t.Errorf("diagnosis JSON = %s", raw)
	}
	if !cmp.Equal(top.Codes, []string{"421", "5.7.32"}) {
		t.Errorf("codes %v", top.Codes)
	}
}

// A reply without codes has empty code fields on the wire, not "0" or "X.0.0".
func TestDiagnosisJSONWithoutCodes(t *testing.T) {
	j := ToJSONDiagnosis(bot.Diagnosis{Category: catalog.CatMailboxFull})
	if j.ReplyCode != "" || j.EnhancedCode != "" || j.Actors == nil || j.ProviderNote == nil {
		t.Errorf("wire diagnosis = %+v", j)
	}
}

// Every card of the catalog maps to the wire with its codes written as the
// catalog writes them, and the registry's class note after the basic codes.
func TestJSONCardCodes(t *testing.T) {
	cat := catalogtest.Load(t)
	j := ToJSONCatalog(cat, catalog.English)
	if len(j.Replies) != len(cat.Replies()) || len(j.Enhanced) != len(cat.EnhancedList()) {
		t.Fatalf("%d replies, %d enhanced", len(j.Replies), len(j.Enhanced))
	}
	for i, r := range cat.Replies() {
		if c := j.Replies[i]; c.Code != r.Code.String() || !c.Basic || c.Class != r.Code.Class().Key() || len(c.Related) != len(r.Related) {
			t.Errorf("%s: wire card %s class %s", r.Code, c.Code, c.Class)
		}
	}
	var notes int
	for i, e := range cat.EnhancedList() {
		c := j.Enhanced[i]
		if c.Code != e.Code.String() || c.Basic || c.Class != "X.X.X" {
			t.Errorf("%s: wire card %s class %s", e.Code, c.Code, c.Class)
		}
		want := len(e.Basic)
		if e.BasicNote != "" {
			want++
			notes++
		}
		if len(c.BasicCodes) != want {
			t.Errorf("%s: basic codes %v, want %d", e.Code, c.BasicCodes, want)
		}
	}
	if notes == 0 {
		t.Error("no enhanced entry has a basic note: the mapping of BasicNote is untested")
	}
	five := ToJSONCard(cat.Card(catalog.Code{Reply: 550}, catalog.English))
	if !slices.Contains(five.Enhanced, "5.1.1") {
		t.Errorf("550's usual enhanced codes %v lack 5.1.1 in its own class", five.Enhanced)
	}
}

// The core types carry no wire names: this package owns them.
func TestCoreTypesHaveNoJSONTags(t *testing.T) {
	for _, v := range []any{bot.Answer{}, bot.Diagnosis{}, bot.ListItem{}, catalog.Card{}, catalog.Official{}, catalog.Comparison{}} {
		typ := reflect.TypeOf(v)
		for f := range typ.Fields() {
			if tag, ok := f.Tag.Lookup("json"); ok {
				t.Errorf("%s.%s has the JSON tag %q: wire names belong in responses/json.go", typ, f.Name, tag)
			}
		}
	}
}

// Every struct on the wire is defined here, so a core struct added to
// JSONAnswer (a list of bot.Diagnosis, say) cannot leak Go field names into
// the contract; core string kinds (catalog.Category, bot.Intent) are fine.
func TestWireTypesAreOwnedHere(t *testing.T) {
	own := reflect.TypeFor[JSONAnswer]().PkgPath()
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type, at string)
	walk = func(typ reflect.Type, at string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		if typ.PkgPath() != own {
			t.Errorf("%s is a %s: define its wire form in responses/json.go", at, typ)
			return
		}
		for f := range typ.Fields() {
			if _, ok := f.Tag.Lookup("json"); !ok {
				t.Errorf("%s.%s has no JSON name", at, f.Name)
			}
			walk(f.Type, at+"."+f.Name)
		}
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[JSONAnswer](), reflect.TypeFor[JSONCatalog]()} {
		walk(typ, typ.Name())
	}
}
