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

# Fuzzing: 3 min 25 s in all (the budget is 4 min of a 90-minute CI on 2
# cores; the rest of this script takes about 2 min). FUZZTIME=10s overrides
# every target's time for a quick local run.
fuzz() { # package, target, default time
  echo "== fuzz $2 (${FUZZTIME:-$3})"
  # Minimising a new input is capped at 5 s (Go's default is 60 s): a new input
  # grown from a large real-email seed otherwise takes the whole budget, and
  # the fuzzer ran a hundred inputs instead of tens of thousands.
  go test "$1" -run '^$' -fuzz "^$2\$" -fuzztime "${FUZZTIME:-$3}" -fuzzminimizetime 5s
}
fuzz ./bot FuzzParse 50s                      # any message: parses, never panics
fuzz ./adapters/web FuzzPagePath 40s          # any path: a page or a 404, redirects stay on the site
fuzz ./adapters/slack FuzzParseCommand 40s    # any slash-command text
fuzz ./adapters/slack FuzzCutLangFlag 20s     # the linear --lang reading agrees with the reference
fuzz ./adapters/discord FuzzInteraction 40s   # any signed interaction: 200 or 400, no mention allowed
fuzz ./bot FuzzDiagnose 40s                   # any whole message, hostile MIME: bounded, never panics
fuzz ./bot FuzzDiagnoseReply 15s              # any reply: reason, hard/soft and retry agree with the class
fuzz ./bot FuzzSuggest 15s                    # any autocomplete text: bounded, valid codes, never panics
