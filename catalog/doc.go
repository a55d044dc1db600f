// Package catalog is everything smtpbot knows about SMTP reply codes: the
// code types (ReplyCode, EnhancedCode, Code) with parsing and class rules
// from RFC 5321 §4.2 and RFC 3463, every basic code an RFC defines or the
// IANA registry names, every enumerated IANA enhanced status code, the
// meaning of every class and subject, providers' own uses of codes, advice
// per failure category, and the frame (headings, labels, templates) in 15
// languages. It also holds the comparison engine, which turns two to four
// codes into a language-resolved Comparison.
//
// The content is embedded JSON (data/, see data/README.md), decoded strictly
// and validated by Load; the schema test checks it against the reference
// lists. The package does no other I/O, holds no mutable globals and knows
// nothing of chat platforms or of how answers are rendered.
package catalog
