#!/usr/bin/env bash
# The test command (README): formatting, vet, staticcheck, the race-enabled
# test suite in random order, and a short fuzz run of the parser.
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

echo "== fuzz (parser)"
go test ./bot -run '^$' -fuzz '^FuzzParse$' -fuzztime "${FUZZTIME:-20s}"
