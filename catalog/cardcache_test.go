package catalog

import (
	"reflect"
	"sync"
	"testing"
)

// allCodes is every registered code, enhanced ones in each class, and a
// few the catalog lacks.
func allCodes(t *testing.T, c *Catalog) []Code {
	t.Helper()
	var out []Code
	for _, r := range c.replyList {
		out = append(out, Code{Reply: r.Code})
	}
	for _, e := range c.enhList {
		for _, cl := range []int{0, 2, 4, 5, 3} {
			x := e.Code
			x.Class = cl
			out = append(out, Code{Enhanced: x})
		}
	}
	for _, s := range []string{"259", "559", "5.9.9", "4.7.999"} {
		out = append(out, mustCode(t, s))
	}
	return out
}

func mustCode(t *testing.T, s string) Code {
	t.Helper()
	return mustParse(t, ParseCode, s)
}

// mustParse parses s with parse (ParseCode, ParseEnhanced); s that does not
// parse fails the test.
func mustParse[T any](t *testing.T, parse func(string) (T, error), s string) T {
	t.Helper()
	v, err := parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCardCacheSameAsBuilt: a card from the cache, however many times it
// is asked for, is the card built fresh; its slices cannot be appended
// into; the cache stays within its bound.
func TestCardCacheSameAsBuilt(t *testing.T) {
	c := loadEmbedded(t)
	codes := allCodes(t, c)
	for _, lang := range []string{English, Vietnamese, "de", "zz"} {
		f := c.Frame(lang)
		for _, code := range codes {
			want := c.card(code, f, lang)
			for i := range 3 { // empty, seen, kept
				got := c.Card(code, lang)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s in %s, ask %d: cached card differs from a fresh one", code, lang, i+1)
				}
				if cap(got.Notes) != len(got.Notes) || cap(got.Refs) != len(got.Refs) || cap(got.ActorNames) != len(got.ActorNames) {
					t.Fatalf("%s: a shared card's slices have room to append into", code)
				}
			}
		}
	}
	if used := c.cards.used.Load(); used <= 0 || used > CardCacheBytes {
		t.Errorf("cache holds %d bytes, bound %d", used, CardCacheBytes)
	}
}

// TestCardCacheBounded: with a small bound the cache stops keeping cards
// and every answer is still right.
func TestCardCacheBounded(t *testing.T) {
	c := loadEmbedded(t)
	c.cards = newCardCache(c, 16<<10)
	kept := 0
	for _, lang := range c.frameLangs {
		for _, code := range allCodes(t, c) {
			c.Card(code, lang)
			if got, want := c.Card(code, lang), c.card(code, c.Frame(lang), lang); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s in %s differs past the bound", code, lang)
			}
		}
	}
	for i := range c.cards.slots {
		if p := c.cards.slots[i].Load(); p != nil && p != c.cards.seen {
			kept++
		}
	}
	if used := c.cards.used.Load(); used > 16<<10 || kept == 0 {
		t.Errorf("%d bytes in %d cards, bound %d", used, kept, 16<<10)
	}
}

// TestCompareConcurrent: comparisons and their prose, asked from many
// goroutines at once (go test -race), agree with one asked alone.
func TestCompareConcurrent(t *testing.T) {
	c := loadEmbedded(t)
	code := func(s string) Code { return mustCode(t, s) }
	codes := [][]Code{{code("252"), code("552")}, {code("421"), code("5.7.1")}, {code("550"), code("550")}, {code("4.2.2"), code("5.2.2"), code("452")}}
	fresh := loadEmbedded(t)
	var want []ComparisonText
	for _, cs := range codes {
		want = append(want, fresh.Compare(cs, English).Text())
	}
	shared := c.Compare(codes[0], English) // one comparison read by all
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				k := (g + i) % len(codes)
				if got := c.Compare(codes[k], English).Text(); !reflect.DeepEqual(got, want[k]) {
					t.Errorf("%v: prose differs under concurrency", codes[k])
					return
				}
				if shared.Summary() != want[0].Summary || len(shared.Differences()) != len(want[0].Differences) {
					t.Error("shared comparison's prose differs")
					return
				}
			}
		})
	}
	wg.Wait()
}
