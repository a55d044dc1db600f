package catalog

import (
	"errors"
	"fmt"
)

// Advice is who has to act on a failure of a category, and the next step.
type Advice struct {
	Category        Category `json:"category"`
	Actors          []Actor  `json:"actors"`
	Action          Text     `json:"action"`
	ActionTemporary Text     `json:"action_temporary"` // for a 4xx reply, when it differs
}

// validateAdvice checks that every category has advice in every content
// language, once.
func validateAdvice(list []Advice, langs []string) (map[Category]Advice, error) {
	out := make(map[Category]Advice, len(list))
	var errs []error
	for _, a := range list {
		if _, dup := out[a.Category]; dup {
			errs = append(errs, fmt.Errorf("catalog: advice.json: duplicate category %q", a.Category))
		}
		if !knownCategories[a.Category] || a.Category == CatNone {
			errs = append(errs, fmt.Errorf("catalog: advice.json: unknown category %q", a.Category))
		}
		for _, lang := range langs {
			if !a.Action.Has(lang) {
				errs = append(errs, fmt.Errorf("catalog: advice.json: %s: action has no %s text", a.Category, lang))
			}
			if !a.ActionTemporary.IsZero() && !a.ActionTemporary.Has(lang) {
				errs = append(errs, fmt.Errorf("catalog: advice.json: %s: action_temporary has no %s text", a.Category, lang))
			}
		}
		if len(a.Actors) == 0 {
			errs = append(errs, fmt.Errorf("catalog: advice.json: %s: no actors", a.Category))
		}
		for _, x := range a.Actors {
			if !knownActors[x] {
				errs = append(errs, fmt.Errorf("catalog: advice.json: %s: unknown actor %q", a.Category, x))
			}
		}
		out[a.Category] = a
	}
	for _, c := range Categories() {
		if _, ok := out[c]; !ok {
			errs = append(errs, fmt.Errorf("catalog: advice.json: category %q is missing", c))
		}
	}
	return out, errors.Join(errs...)
}

// Advice returns the next step for a diagnosis category.
func (c *Catalog) Advice(cat Category) (Advice, bool) {
	a, ok := c.advice[cat]
	return a, ok
}
