// Package score holds what the evaluations share: a count of right answers
// and the split of the Sisimai corpus into the part rules are tuned on and
// the part they are judged on.
package score

import (
	"fmt"
	"hash/fnv"
	"path/filepath"
)

// Tally counts right answers of one measure.
type Tally struct{ OK, N int }

// Add counts one answer, right or not.
func (t *Tally) Add(ok bool) {
	t.N++
	if ok {
		t.OK++
	}
}

// Rate is the share of right answers, 1 when nothing was counted.
func (t Tally) Rate() float64 {
	if t.N == 0 {
		return 1
	}
	return float64(t.OK) / float64(t.N)
}

// Floor is the least rate a measure of an evaluation may have. Raise
// floors as the bot improves; never lower one to make a change pass.
type Floor struct {
	Name string
	Got  Tally
	Min  float64
}

// Under says, a line for each, which measures are under their floor
// ("reason 70/99 (70.7%) is under the floor of 75%"); none when all pass.
func Under(floors ...Floor) []string {
	var out []string
	for _, f := range floors {
		if r := f.Got.Rate(); r < f.Min {
			out = append(out, fmt.Sprintf("%s %d/%d (%.1f%%) is under the floor of %.0f%%", f.Name, f.Got.OK, f.Got.N, 100*r, 100*f.Min))
		}
	}
	return out
}

// HoldOut reports whether a corpus file is in the hold-out part: the
// FNV-1a 32-bit hash of its base name is 0, 1 or 2 mod 10. Rules are never
// tuned on it.
func HoldOut(file string) bool { return hash(file)%10 < 3 }

// DevHalf names the half of the dev part a file is in: "dev-A" when the
// same hash is even, "dev-B" when odd. Rules are written looking at dev-A
// only; dev-B estimates how a change generalises without the hold-out part.
func DevHalf(file string) string {
	if hash(file)%2 == 0 {
		return "dev-A"
	}
	return "dev-B"
}

func hash(file string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(filepath.Base(file)))
	return h.Sum32()
}
