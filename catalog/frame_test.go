package catalog

import (
	"maps"
	"slices"
	"testing"
)

// TestFrameNamesEveryVocabularyValue: every stage, retry kind, actor and
// frequency has its own field in Frame, so that the names are told apart
// by language and no value falls back to another's word.
func TestFrameNamesEveryVocabularyValue(t *testing.T) {
	cat := loadEmbedded(t)
	f := cat.Frame(English)
	seen := map[string]string{}
	check := func(what, got string) {
		t.Helper()
		if got == "" {
			t.Errorf("%s has no name", what)
		}
		if other, dup := seen[got]; dup {
			t.Errorf("%s and %s share the name %q", what, other, got)
		}
		seen[got] = what
	}
	for _, s := range slices.Sorted(maps.Keys(knownStages)) {
		check("stage "+string(s), f.StageName(s))
	}
	for _, r := range slices.Sorted(maps.Keys(knownRetry)) {
		check("retry "+string(r), f.RetryName(r))
	}
	for _, a := range slices.Sorted(maps.Keys(knownActors)) {
		check("actor "+string(a), f.ActorName(a))
	}
	for _, q := range slices.Sorted(maps.Keys(knownFrequency)) {
		check("frequency "+string(q), f.FrequencyName(q))
	}
	// Outside the vocabulary: the fallback, never a field that happens
	// to share the key ("retry_window", "stage_client").
	if got := f.RetryName("window"); got != f.RetryNone {
		t.Errorf("RetryName(window) = %q, want the retry_none label", got)
	}
	if got := f.StageName("client"); got != "client" {
		t.Errorf("StageName(client) = %q, want the value itself", got)
	}
	if got := f.ActorName(""); got != f.ActorNone {
		t.Errorf("ActorName(\"\") = %q, want the actor_none label", got)
	}
}
