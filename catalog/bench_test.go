package catalog

import "testing"

// BenchmarkCompare compares every ordered pair of basic codes in turn, as
// an answer does before it is rendered (the prose is written only when a
// renderer asks for it).
func BenchmarkCompare(b *testing.B) {
	c := loadEmbedded(b)
	var pairs [][]Code
	for _, x := range c.Replies() {
		for _, y := range c.Replies() {
			if x.Code != y.Code {
				pairs = append(pairs, []Code{{Reply: x.Code}, {Reply: y.Code}})
			}
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if cmp := c.Compare(pairs[i%len(pairs)], English); len(cmp.Cards) != 2 {
			b.Fatal(cmp.Title)
		}
	}
}

// BenchmarkCard is one code's card, for every basic code in turn.
func BenchmarkCard(b *testing.B) {
	c := loadEmbedded(b)
	rs := c.Replies()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if cd := c.Card(Code{Reply: rs[i%len(rs)].Code}, English); cd.Name == "" {
			b.Fatal("no name")
		}
	}
}
