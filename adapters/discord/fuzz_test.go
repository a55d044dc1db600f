package discord_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// FuzzInteraction: whatever signed body arrives, the interactions endpoint
// answers 200 with an interaction response or 400, never 500 or a panic,
// and a message it sends never lets a mention ping anyone.
func FuzzInteraction(f *testing.F) {
	seeds := []any{
		map[string]any{"type": 1},
		command(2, "vi", "compare", opt("code1", "552"), opt("code2", "252")),
		command(2, "en-US", "diagnose", opt("text", "550 5.1.1 <@U1> @everyone no such user")),
		command(2, "ja", "explain", opt("code", 552)),
		command(4, "en-US", "compare", focusedOpt("code1", "55")),
		command(4, "fr", "list", focusedOpt("class", "5.7")),
		button("smtpbot_share:en:252 vs 552", "en-US"),
		button("smtpbot_share:en:#nokey", "vi"),
		map[string]any{"type": 2, "data": map[string]any{"name": "smtp", "options": []any{map[string]any{"name": "compare", "options": "x"}}}},
	}
	for _, s := range seeds {
		b, _ := json.Marshal(s)
		f.Add(b)
	}
	for _, s := range []string{"", "null", "{}", `{"type":2,"data":null}`, `{"type":3,"data":{"custom_id":7}}`, `{"type":99}`, "\xff", `{"type":2,"data":{"name":"smtp","options":[{"name":"compare","type":1,"options":[{"name":"code1","value":{"a":1}}]}]}}`} {
		f.Add([]byte(s))
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		status, out := fx.do(sign(fx.key, body, testNow))
		switch status {
		case http.StatusOK:
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			return
		default:
			t.Fatalf("%q: status %d: %s", body, status, out)
		}
		var resp struct {
			Type int `json:"type"`
			Data *struct {
				Content         string `json:"content"`
				AllowedMentions *struct {
					Parse []string `json:"parse"`
				} `json:"allowed_mentions"`
			} `json:"data"`
		}
		if err := json.Unmarshal(out, &resp); err != nil || resp.Type == 0 {
			t.Fatalf("%q: answer is not an interaction response (%v): %s", body, err, out)
		}
		if resp.Type == 4 && resp.Data != nil {
			if resp.Data.AllowedMentions == nil || len(resp.Data.AllowedMentions.Parse) != 0 {
				t.Fatalf("%q: message allows mentions: %s", body, out)
			}
		}
	})
}
