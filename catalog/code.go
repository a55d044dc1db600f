package catalog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrMalformed is returned by the Parse functions for text that is not a code.
var ErrMalformed = errors.New("catalog: malformed code")

// ReplyCode is a basic three-digit SMTP reply code (RFC 5321 §4.2).
type ReplyCode int

// ParseReply parses a three-digit reply code such as "552". The first digit
// must be 2 to 5 and the second 0 to 5 (RFC 5321 §4.2.1); the third is free.
func ParseReply(s string) (ReplyCode, error) {
	if len(s) != 3 {
		return 0, fmt.Errorf("%w: %q is not three digits", ErrMalformed, s)
	}
	for i := range 3 {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("%w: %q is not three digits", ErrMalformed, s)
		}
	}
	if s[0] < '2' || s[0] > '5' || s[1] > '5' {
		return 0, fmt.Errorf("%w: %q is outside the SMTP reply range", ErrMalformed, s)
	}
	n, _ := strconv.Atoi(s)
	return ReplyCode(n), nil
}

func (c ReplyCode) String() string { return strconv.Itoa(int(c)) }

// Class is the first digit of the code.
func (c ReplyCode) Class() Class { return Class(int(c) / 100) }

// Valid reports whether c lies in the range RFC 5321 allows.
func (c ReplyCode) Valid() bool {
	return c >= 200 && c <= 559 && (int(c)/10)%10 <= 5
}

// Class is the first digit of a basic or enhanced code: 2 success,
// 3 intermediate (basic codes only), 4 transient failure, 5 permanent failure.
type Class int

// The classes of RFC 5321 §4.2.1 and RFC 3463 §2.
const (
	ClassSuccess      Class = 2
	ClassIntermediate Class = 3
	ClassTransient    Class = 4
	ClassPermanent    Class = 5
)

// Failure reports whether the class is a negative reply.
func (c Class) Failure() bool { return c == ClassTransient || c == ClassPermanent }

// Key is the identifier used in data files and JSON: "2xx" … "5xx".
func (c Class) Key() string { return strconv.Itoa(int(c)) + "xx" }

// EnhancedCode is an RFC 3463 enhanced status code class.subject.detail.
// Class 0 stands for "X": the registry form that covers 2, 4 and 5.
type EnhancedCode struct {
	Class, Subject, Detail int
}

// ParseEnhanced parses "5.1.1", "x.1.1" or "X.1.1". RFC 3463 §2 limits the
// subject and detail to 1–3 digits each and the class to 2, 4 or 5.
func ParseEnhanced(s string) (EnhancedCode, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return EnhancedCode{}, fmt.Errorf("%w: %q is not class.subject.detail", ErrMalformed, s)
	}
	var e EnhancedCode
	switch parts[0] {
	case "2", "4", "5":
		e.Class = int(parts[0][0] - '0')
	case "x", "X":
		e.Class = 0
	default:
		return EnhancedCode{}, fmt.Errorf("%w: %q has class %q (want 2, 4, 5 or X)", ErrMalformed, s, parts[0])
	}
	for i, p := range parts[1:] {
		if len(p) == 0 || len(p) > 3 {
			return EnhancedCode{}, fmt.Errorf("%w: %q needs 1 to 3 digits per part", ErrMalformed, s)
		}
		n := 0
		for j := 0; j < len(p); j++ {
			if p[j] < '0' || p[j] > '9' {
				return EnhancedCode{}, fmt.Errorf("%w: %q has a non-digit", ErrMalformed, s)
			}
			n = n*10 + int(p[j]-'0')
		}
		if len(p) > 1 && p[0] == '0' {
			return EnhancedCode{}, fmt.Errorf("%w: %q has a leading zero", ErrMalformed, s)
		}
		if i == 0 {
			e.Subject = n
		} else {
			e.Detail = n
		}
	}
	return e, nil
}

func (e EnhancedCode) String() string {
	c := "X"
	if e.Class != 0 {
		c = strconv.Itoa(e.Class)
	}
	return c + "." + strconv.Itoa(e.Subject) + "." + strconv.Itoa(e.Detail)
}

// IsZero reports whether e is the zero value, which stands for "no enhanced
// code": X.0.0 is never an answer's concrete code.
func (e EnhancedCode) IsZero() bool { return e == EnhancedCode{} }

// Generic returns the registry form with the class replaced by X.
func (e EnhancedCode) Generic() EnhancedCode { e.Class = 0; return e }

// ClassKey names the code's class as cards and lists show it in JSON:
// "5.X.X", or "X.X.X" for the registry form.
func (e EnhancedCode) ClassKey() string {
	if e.Class == 0 {
		return "X.X.X"
	}
	return strconv.Itoa(e.Class) + ".X.X"
}

// Code is either a basic reply code or an enhanced status code.
type Code struct {
	Reply    ReplyCode    // set when the code is basic
	Enhanced EnhancedCode // set when Reply is zero
}

// ParseCode accepts a basic code ("552") or an enhanced one ("5.2.2", "X.2.2").
func ParseCode(s string) (Code, error) {
	if strings.Contains(s, ".") {
		e, err := ParseEnhanced(s)
		if err != nil {
			return Code{}, err
		}
		return Code{Enhanced: e}, nil
	}
	r, err := ParseReply(s)
	if err != nil {
		return Code{}, err
	}
	return Code{Reply: r}, nil
}

// Basic reports whether c is a basic reply code.
func (c Code) Basic() bool { return c.Reply != 0 }

// Class is the code's class, 0 for an enhanced code written with X.
func (c Code) Class() Class {
	if c.Basic() {
		return c.Reply.Class()
	}
	return Class(c.Enhanced.Class)
}

func (c Code) String() string {
	if c.Basic() {
		return c.Reply.String()
	}
	return c.Enhanced.String()
}
