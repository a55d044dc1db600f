package sisimai

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/catalog"
)

func TestRuleCost(t *testing.T) {
	b, cat := newBot(t)
	var texts []string
	for _, c := range loadCases(t) {
		raw, _ := os.ReadFile(filepath.Join("testdata", c.File))
		for _, d := range b.DiagnoseMessage(raw, "en").Diagnoses {
			texts = append(texts, strings.ToLower(d.Diagnostic))
		}
	}
	rules := slices.Collect(cat.ReasonRules())
	type rc struct {
		i   int
		d   time.Duration
		hit int
	}
	var out []rc
	for i := range rules {
		st := time.Now()
		hit := 0
		for k := 0; k < 5; k++ {
			for _, tx := range texts {
				if rules[i].MatchText(catalog.NewLowerText(tx)) {
					hit++
				}
			}
		}
		out = append(out, rc{i, time.Since(st), hit})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].d > out[b].d })
	for _, o := range out[:12] {
		fmt.Println(o.i, rules[o.i].Reason, o.d, o.hit, len(rules[o.i].Patterns), rules[o.i].Patterns[:min(3, len(rules[o.i].Patterns))])
	}
}
