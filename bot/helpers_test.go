package bot

import (
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

// newTestBot builds a bot over the embedded catalog.
func newTestBot(t testing.TB, opts ...Option) *Bot {
	t.Helper()
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		t.Fatalf("catalog: %v", err)
	}
	return New(cat, opts...)
}

func codeStrings(codes []catalog.Code) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c.String()
	}
	return out
}
