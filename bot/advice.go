package bot

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/smtpbot/smtpbot/catalog"
)

// advice.json holds, per diagnosis category, who has to act and the next
// step, in every language. It is content, so it is data; TestAdvice checks it.
//
//go:embed data/advice.json
var adviceJSON []byte

// advice is the next step for one category.
type advice struct {
	Category        catalog.Category `json:"category"`
	Actors          []catalog.Actor  `json:"actors"`
	Action          catalog.Text     `json:"action"`
	ActionTemporary catalog.Text     `json:"action_temporary"` // for a 4xx reply, when it differs
}

// loadAdvice decodes advice.json strictly and checks that every category
// has English and Vietnamese text.
func loadAdvice() (map[catalog.Category]advice, error) {
	var list []advice
	dec := json.NewDecoder(bytes.NewReader(adviceJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("bot: advice.json: %w", err)
	}
	out := make(map[catalog.Category]advice, len(list))
	for _, a := range list {
		if _, dup := out[a.Category]; dup {
			return nil, fmt.Errorf("bot: advice.json: duplicate category %q", a.Category)
		}
		for _, lang := range catalog.ContentLanguages {
			if !a.Action.Has(lang) {
				return nil, fmt.Errorf("bot: advice.json: %s: action has no %s text", a.Category, lang)
			}
			if len(a.ActionTemporary) > 0 && !a.ActionTemporary.Has(lang) {
				return nil, fmt.Errorf("bot: advice.json: %s: action_temporary has no %s text", a.Category, lang)
			}
		}
		if len(a.Actors) == 0 {
			return nil, fmt.Errorf("bot: advice.json: %s: no actors", a.Category)
		}
		out[a.Category] = a
	}
	for _, c := range catalog.Categories {
		if _, ok := out[c]; !ok {
			return nil, fmt.Errorf("bot: advice.json: category %q is missing", c)
		}
	}
	return out, nil
}
