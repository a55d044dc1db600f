// Package eval measures how well the bot understands real messages against
// cases.jsonl (see eval_test.go and README.md): run
// `go test ./tests/eval -run TestEval -v` for the figures.
package eval
