#!/usr/bin/env bash
# The test command (README): formatting, vet, staticcheck, the race-enabled
# test suite in random order, and fuzzing of every decoder of outside input.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== staticcheck"
go tool staticcheck ./...

echo "== go test -race"
go test -race -shuffle=on -count=1 -timeout 30m ./...

# Fuzzing: a budget of executions per target, not of seconds. With a
# duration (-fuzztime 50s) Go 1.26's fuzz coordinator can fail a target with a
# bare "context deadline exceeded" and no crasher when the deadline fires while
# a worker is mid-call (go.dev/issue/75804, fixed in Go 1.27): CI went red so
# on FuzzParse with nothing found. A count has no deadline to race. The counts
# are about what each target ran in its old time on a loaded 2-core machine
# (3 min 30 s in all); -timeout bounds a run that would hang. FUZZTIME=10s
# overrides every target's budget for a quick local run.
fuzz() { # package, target, default budget
  echo "== fuzz $2 (${FUZZTIME:-$3})"
  # Minimising a new input is capped at 5 s (Go's default is 60 s): a new input
  # grown from a large real-email seed otherwise takes the whole budget, and
  # the fuzzer ran a hundred inputs instead of tens of thousands.
  go test "$1" -run '^$' -fuzz "^$2\$" -fuzztime "${FUZZTIME:-$3}" -fuzzminimizetime 5s -timeout 10m
}
fuzz ./bot FuzzParse 120000x                      # any message: parses, never panics
fuzz ./adapters/web FuzzPagePath 200000x          # any path: a page or a 404, redirects stay on the site
fuzz ./adapters/slack FuzzParseCommand 200000x    # any slash-command text
fuzz ./adapters/slack FuzzCutLangFlag 120000x     # the linear --lang reading agrees with the reference
fuzz ./adapters/discord FuzzInteraction 250000x   # any signed interaction: 200 or 400, no mention allowed
fuzz ./bot FuzzDiagnose 70000x                    # any whole message, hostile MIME: bounded, never panics
fuzz ./bot FuzzDiagnoseReply 60000x               # any reply: reason, hard/soft and retry agree with the class
fuzz ./bot FuzzSuggest 70000x                     # any autocomplete text: bounded, valid codes, never panics
