package catalog

import (
	"strings"
	"testing"
)

// bounce.json is decoded strictly and its phrases checked: an unknown
// field, an upper-case phrase, a duplicate or an empty list fails the load.
func TestBounceVocabularySchema(t *testing.T) {
	v := loadEmbedded(t).Bounce()
	if len(v.MTAs) < 10 || len(v.OriginalMarkers) == 0 || len(v.RecipientLeads) == 0 {
		t.Errorf("bounce vocabulary looks empty: %d MTAs", len(v.MTAs))
	}
	orig := readEmbedded(t, "bounce.json")
	for name, bad := range map[string]string{
		"unknown field":        strings.Replace(orig, `"bounce_subjects"`, `"bounce_subject_words": [], "bounce_subjects"`, 1),
		"upper case":           strings.Replace(orig, `"undeliver"`, `"Undeliver"`, 1),
		"duplicate":            strings.Replace(orig, `"undelivered"`, `"undeliver"`, 1),
		"empty list":           emptyList(orig, "delay_markers"),
		"leading space":        strings.Replace(orig, `"rcpt to:"`, `" rcpt to:"`, 1),
		"no labels":            emptyList(orig, "recipient_labels"),
		"no noise":             emptyList(orig, "noise_headers"),
		"header lines":         emptyList(orig, "original_header_lines"),
		"noise phrase":         strings.Replace(orig, `"dkim-signature:"`, `"dkim signature"`, 1),
		"noise no end":         strings.Replace(orig, `"importance:"`, `"importance"`, 1),
		"list sender with @":   strings.Replace(orig, `"-owner", "+owner"`, `"-owner@", "+owner"`, 1),
		"list sender no note":  strings.Replace(orig, `"note": "The addresses list managers`, `"notes": "The addresses list managers`, 1),
		"list header no value": emptyList(orig, "values"),
		"remote label not a reply label": strings.Replace(orig, `"远程响应",
    "remote host said :"`, `"远程响应", "remote host wrote:",
    "remote host said :"`, 1),
	} {
		if bad == orig {
			t.Fatalf("%s: the mutation did not apply", name)
		}
		if _, err := Load(withFile(t, "bounce.json", bad)); err == nil || !strings.Contains(err.Error(), "bounce.json") {
			t.Errorf("%s: Load error %v, want one naming bounce.json", name, err)
		}
	}
}

// emptyList empties the JSON array of key in s.
func emptyList(s, key string) string {
	i := strings.Index(s, `"`+key+`": [`)
	if i < 0 {
		return s
	}
	i += len(key) + 5
	j := strings.IndexByte(s[i:], ']')
	return s[:i] + s[i+j:]
}

// A list manager's address is matched by its whole local part, a prefix
// or a suffix; the piece alone ("owner") is not one. A detail after a
// separator (a member's or a probe's token) leaves the part before it to
// match; a person's own subaddress matches nothing.
func TestLocalPartsMatch(t *testing.T) {
	l := LocalParts{Names: []string{"listserv"}, Prefixes: []string{"owner-"}, Suffixes: []string{"-owner", "+owner", "-bounces"}, DetailSeparators: []string{"+"}}
	for local, want := range map[string]bool{
		"listserv":                        true,
		"owner-physics-l":                 true,
		"physics-l-owner":                 true,
		"users+owner":                     true,
		"physics-bounces+ann=example.org": true,
		"physics-bounces+7c1e04":          true,
		"listserv+probe":                  true,
		"jane+physics":                    false,
		"-bounces+7c1e04":                 false,
		"+7c1e04":                         false,
		"owner":                           false,
		"-owner":                          false,
		"owner-":                          false,
		"listserver":                      false,
		"jane.owner.doe":                  false,
		"":                                false,
	} {
		if got := l.Match(local); got != want {
			t.Errorf("Match(%q) = %v, want %v", local, got, want)
		}
	}
}
