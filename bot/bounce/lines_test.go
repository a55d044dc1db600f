package bounce

import "testing"

// TestNamedAddress checks the list entry of a display name and an
// address, and what is not one.
func TestNamedAddress(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"Example User (user@example.com)", true},
		{"Example User <user@example.com>", true},
		{"[Example User (user@example.com)](mailto:user@example.com)", true},
		{"\"O'Neil, Ann\" <user@example.com>", true},
		{"[Example User (user@example.com)](mailto:other@example.com)", false},
		{"To: Example User <user@example.com>", false},
		{"Example User <user@example.com> wrote:", false},
		{"Please write to our helpdesk team at once (user@example.com)", false},
		{"Room 12 (user@example.com)", false},
		{"user@example.com", false},
	} {
		as := findAddresses(tc.line)
		if len(as) == 0 {
			t.Fatalf("%q: no address found", tc.line)
		}
		if got := namedAddress(tc.line, as[0]); got != tc.want {
			t.Errorf("namedAddress(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}
