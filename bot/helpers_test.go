package bot

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/catalog/catalogtest"
)

// newTestBot builds a bot over the embedded catalog.
func newTestBot(t testing.TB, opts ...Option) *Bot {
	t.Helper()
	return New(catalogtest.Load(t), opts...)
}

// oneDiagnosis diagnoses a whole message naming one recipient, in
// English, and returns that recipient's diagnosis. Any other number of
// diagnoses fails the test, reported under what, and ok is false.
func oneDiagnosis(t testing.TB, b *Bot, what, msg string) (d Diagnosis, ok bool) {
	t.Helper()
	a := b.DiagnoseMessage([]byte(msg), catalog.English)
	if len(a.Diagnoses) != 1 {
		t.Errorf("%s: %d diagnoses, want 1 (not_bounce %q)", what, len(a.Diagnoses), a.NotBounce)
		return Diagnosis{}, false
	}
	return a.Diagnoses[0], true
}

// wantReasonBounce diagnoses msg, a message of one recipient, and checks
// its reason and hard/soft bounce; a miss is reported under what.
func wantReasonBounce(t testing.TB, b *Bot, what, msg, reason, bounce string) {
	t.Helper()
	d, ok := oneDiagnosis(t, b, what, msg)
	if ok && (d.Reason != reason || string(d.Bounce) != bounce) {
		t.Errorf("%s: %s/%s (stage %q), want %s/%s", what, d.Reason, d.Bounce, d.Stage, reason, bounce)
	}
}

// askDiagnosis asks text and returns the diagnosis of the pasted reply.
// An answer without one fails the test, reported under what, and the
// diagnosis is nil.
func askDiagnosis(t testing.TB, b *Bot, what, text string, h Hints) *Diagnosis {
	t.Helper()
	a := b.Ask(text, h)
	if a.Diagnosis == nil {
		t.Errorf("%s: intent %s, no diagnosis (not_bounce %q)", what, a.Intent, a.NotBounce)
	}
	return a.Diagnosis
}

// evalCase is what the core's tests read of an evaluation case
// (tests/eval/cases.jsonl): the text asked and, when it shows one, the
// provider that refused.
type evalCase struct {
	Input    string `json:"input"`
	Provider string `json:"provider"`
}

// evalCases reads the evaluation set.
func evalCases(t *testing.T) []evalCase {
	t.Helper()
	raw, err := os.ReadFile("../tests/eval/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var cases []evalCase
	for line := range strings.Lines(string(raw)) {
		var c evalCase
		if json.Unmarshal([]byte(line), &c) == nil {
			cases = append(cases, c)
		}
	}
	return cases
}

// evalInputs are the inputs of the evaluation set: real phrasings and
// pasted replies, to run a fast path against its plain version.
func evalInputs(t *testing.T) []string {
	t.Helper()
	var inputs []string
	for _, c := range evalCases(t) {
		inputs = append(inputs, c.Input)
	}
	return inputs
}

func codeStrings(codes []catalog.Code) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c.String()
	}
	return out
}
