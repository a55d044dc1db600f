// Package tabletest checks a function against a table of inputs and the
// result wanted for each: the loop that many tests of a pure function
// would otherwise write again, with one wording for a miss.
package tabletest

import "testing"

// Check calls f with each case's input, in order, and reports every
// result that is not the one wanted, naming f by name. The table is a
// slice of struct{ In, Want T } written in the test, so its rows stay
// positional ({"in", "want"}) without naming a type of this package.
func Check[In any, Out comparable](t testing.TB, name string, f func(In) Out, cases []struct {
	In   In
	Want Out
}) {
	t.Helper()
	for _, c := range cases {
		if got := f(c.In); got != c.Want {
			t.Errorf("%s(%#v) = %#v, want %#v", name, c.In, got, c.Want)
		}
	}
}

// CheckMap is Check for a table written as a map from input to result.
func CheckMap[In, Out comparable](t testing.TB, name string, f func(In) Out, cases map[In]Out) {
	t.Helper()
	for in, want := range cases {
		if got := f(in); got != want {
			t.Errorf("%s(%#v) = %#v, want %#v", name, in, got, want)
		}
	}
}

// Check2 is Check for a function of two arguments: each case is
// struct{ A A; B B; Want Out }, written positionally ({"a", "b", "want"}).
func Check2[A, B any, Out comparable](t testing.TB, name string, f func(A, B) Out, cases []struct {
	A    A
	B    B
	Want Out
}) {
	t.Helper()
	for _, c := range cases {
		if got := f(c.A, c.B); got != c.Want {
			t.Errorf("%s(%#v, %#v) = %#v, want %#v", name, c.A, c.B, got, c.Want)
		}
	}
}

// Check3 is Check for a function of three arguments: each case is
// struct{ A A; B B; C C; Want Out }, written positionally ({"a", "b",
// "c", "want"}).
func Check3[A, B, C any, Out comparable](t testing.TB, name string, f func(A, B, C) Out, cases []struct {
	A    A
	B    B
	C    C
	Want Out
}) {
	t.Helper()
	for _, c := range cases {
		if got := f(c.A, c.B, c.C); got != c.Want {
			t.Errorf("%s(%#v, %#v, %#v) = %#v, want %#v", name, c.A, c.B, c.C, got, c.Want)
		}
	}
}

// CheckBoth is Check for a function of two results: each case is
// struct{ In In; A A; B B }, written positionally ({"in", a, b}), and a
// case is right when both results are the ones wanted.
func CheckBoth[In any, A, B comparable](t testing.TB, name string, f func(In) (A, B), cases []struct {
	In In
	A  A
	B  B
}) {
	t.Helper()
	for _, c := range cases {
		if a, b := f(c.In); a != c.A || b != c.B {
			t.Errorf("%s(%#v) = %#v, %#v, want %#v, %#v", name, c.In, a, b, c.A, c.B)
		}
	}
}
