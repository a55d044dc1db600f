// Package realinput runs every real input the project holds through the
// chat renderers: the rows of tests/eval/cases.jsonl, the wild bounces under
// bot/testdata/wild and the dev part of the Sisimai corpus, each asked in
// English and Vietnamese, rendered for Slack and Discord as the adapters
// render them, and checked against every platform limit, the masking of
// addresses in public answers and the promise that no mention can fire.
package realinput
