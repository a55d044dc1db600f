package score

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// WholeCase is one whole email of a cases.json under bot/testdata
// (families, providers_layouts, wild): a bounce with the recipients it
// should give, or a message that only looks like one. The bot's tests
// (TestFamilies, TestProviderLayouts, TestWild) and the reference tool
// (tests/sisimai/reference -wild) both read the files through
// ReadWholeCases.
type WholeCase struct {
	File   string      `json:"file"`
	Family string      `json:"family"`
	Source string      `json:"source"`
	Want   []WholeWant `json:"want"`
	// NotBounce is what a message that is not a bounce is (Answer.NotBounce:
	// autoreply, feedback, delivered, not_mail); such a case has no Want.
	NotBounce string `json:"not_bounce"`
}

// WholeWant is one failed or delayed recipient a WholeCase should give.
type WholeWant struct {
	Recipient  string `json:"recipient"`
	Status     string `json:"status"` // the enhanced code, when the report gives one
	Reason     string `json:"reason"`
	Bounce     string `json:"bounce"`
	Diagnostic string `json:"diagnostic"` // words the recipient's diagnostic holds
	Without    string `json:"without"`    // words of the report's framing it must not hold
	Stage      string `json:"stage"`      // the SMTP stage, when the report names it
	Action     string `json:"action"`     // the DSN action, when it is not "failed"
}

// ReadWholeCases reads a cases.json strictly: a field it does not know
// fails, and every case needs a file, a family, a source and either
// recipients or a not_bounce verdict.
func ReadWholeCases(path string) ([]WholeCase, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		About string      `json:"about"`
		Cases []WholeCase `json:"cases"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, c := range doc.Cases {
		if c.File == "" || c.Family == "" || c.Source == "" || (len(c.Want) == 0) == (c.NotBounce == "") {
			return nil, fmt.Errorf("%s: %q needs a file, a family, a source and what it should give: recipients or a not_bounce verdict", path, c.File)
		}
	}
	return doc.Cases, nil
}

// FileAfter reports whether the case file a comes after b in a set's
// order: by the number that names it ("1000.eml" after "974.eml"), else
// by name. Batches of cases are ranges of files in this order.
func FileAfter(a, b string) bool {
	na, ea := strconv.Atoi(strings.TrimSuffix(a, ".eml"))
	nb, eb := strconv.Atoi(strings.TrimSuffix(b, ".eml"))
	if ea == nil && eb == nil && na != nb {
		return na > nb
	}
	return a > b
}
