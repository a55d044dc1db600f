package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func TestAskLanguagePolicy(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		name, text string
		h          Hints
		want       string
	}{
		{"explicit wins over words", "hộp thư đầy", Hints{Lang: "en", Locale: "vi"}, "en"},
		{"words win over locale", "hộp thư đầy", Hints{Locale: "en-US"}, "vi"},
		{"locale when words tell nothing", "552", Hints{Locale: "vi"}, "vi"},
		{"locale with region", "552", Hints{Locale: "pt-BR"}, "pt"},
		{"locale named by region, catalog by script", "552", Hints{Locale: "zh-CN"}, "zh-Hans"},
		{"operands only", "", Hints{Intent: IntentCompare, Operands: []string{"552", "452"}, Locale: "vi"}, "vi"},
		{"unknown explicit falls through", "552", Hints{Lang: "xx", Locale: "vi"}, "vi"},
		{"default", "552", Hints{Locale: "tlh"}, "en"},
	}
	for _, tt := range tests {
		if !b.cat.HasLanguage(tt.want) {
			t.Fatalf("%s: the catalog has no %q", tt.name, tt.want)
		}
		if got := b.Ask(tt.text, tt.h).Lang; got != tt.want {
			t.Errorf("%s: Ask(%q, %+v).Lang = %q, want %q", tt.name, tt.text, tt.h, got, tt.want)
		}
		if got := b.Language(tt.text, tt.h); got != tt.want {
			t.Errorf("%s: Language(%q, %+v) = %q, want %q", tt.name, tt.text, tt.h, got, tt.want)
		}
	}
}

func TestHasQuestion(t *testing.T) {
	tabletest.CheckMap(t, "HasQuestion", HasQuestion, map[string]bool{
		"<@U123>": false, "  <@U1> <#C2|general> ": false, "": false, "?!": false,
		"<@U123> 550": true, "hộp thư": true, "<@1234567890> what is 421": true,
	})
}

// Slack sends "&", "<" and ">" as entities in every text it sends; the
// core reads them back for Slack only, so that a pasted reply is quoted as
// pasted. Elsewhere "&lt;" is what the person typed, and a file's content
// is never encoded.
func TestAskPlatformText(t *testing.T) {
	b := newTestBot(t)
	const typed = "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown in virtual mailbox table"
	slackSent := strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(typed)
	excerpt := func(h Hints, text string) string {
		t.Helper()
		d := askDiagnosis(t, b, fmt.Sprintf("%+v: %q", h, text), text, h)
		if d == nil {
			t.FailNow()
		}
		return d.Excerpt
	}
	if got := excerpt(Hints{Platform: Slack}, slackSent); !strings.Contains(got, "<gone@example.com>") || strings.Contains(got, "&lt;") {
		t.Errorf("Slack: excerpt %q, want the reply as typed", got)
	}
	for _, h := range []Hints{{Platform: Web}, {Platform: CLI}, {Platform: Discord}, {Platform: Slack, Attachment: true}} {
		if got := excerpt(h, slackSent); !strings.Contains(got, "&lt;gone@example.com&gt;") {
			t.Errorf("%+v: excerpt %q, want the text as sent", h, got)
		}
	}
	// A whole bounce pasted in Slack is read as the email it is.
	a := b.Ask(strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(eximBounce), Hints{Platform: Slack})
	if len(a.Diagnoses) != 2 || a.Diagnoses[0].Recipient != "gone@example.com" {
		t.Errorf("bounce pasted in Slack: %d diagnoses %+v", len(a.Diagnoses), a.Diagnoses)
	}
	// Entities are read once: "&amp;lt;" is a typed "&lt;".
	if got := (Hints{Platform: Slack}).read("a &amp;lt; b &amp; c &lt;d&gt;"); got != "a &lt; b & c <d>" {
		t.Errorf("read = %q", got)
	}
}

// A note given instead of an answer is in the language the answer would
// have had, and says what kind of note it is.
func TestNote(t *testing.T) {
	b := newTestBot(t)
	en, vi := b.cat.Frame("en"), b.cat.Frame("vi")
	if en.RateLimited == vi.RateLimited || en.MentionHint == vi.MentionHint {
		t.Fatal("the Vietnamese notes are the English ones: the test cannot tell them apart")
	}
	tabletest.Check3(t, "Note", b.Note, []struct {
		A    Notice
		B    string // text
		C    Hints
		Want string
	}{
		{NoticeRateLimited, "552", Hints{}, en.RateLimited},
		{NoticeRateLimited, "hộp thư đầy", Hints{Platform: Slack}, vi.RateLimited},
		{NoticeRateLimited, "552", Hints{Locale: "vi", Platform: Discord}, vi.RateLimited},
		{NoticeAskAgain, "", Hints{Lang: "vi"}, vi.MentionHint},
		{NoticeAskAgain, "", Hints{}, en.MentionHint},
	})
}
