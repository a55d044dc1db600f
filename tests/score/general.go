package score

import (
	"strings"
)

// GeneralRow is one reply of bot/testdata/reasons_general.tsv: a bounce
// reply in a wording MTAs and providers publish, with the reason its
// definitions give. The bot's test and the reference tool
// (tests/sisimai/reference) both read the file through ReadGeneralRows.
type GeneralRow struct {
	Line       int    // line number in the file
	Reason     string // the expected reason
	Action     string // DSN Action
	Status     string // DSN Status
	Diagnostic string // the Diagnostic-Code text
	Text       string // the report's text around it, "" when none
	Key        string // the row without its expected reason, as written in the file
}

// ReadGeneralRows reads the file strictly: blank lines and lines starting
// with # are skipped, every other line has exactly five tab-separated
// columns, and `\n` in the last stands for a line break of the report.
func ReadGeneralRows(path string) ([]GeneralRow, error) {
	var rows []GeneralRow
	err := eachRow(path, 5, func(n int, c []string) error {
		rows = append(rows, GeneralRow{Line: n, Reason: c[0], Action: c[1], Status: c[2], Diagnostic: c[3],
			Text: strings.ReplaceAll(c[4], `\n`, "\n"), Key: strings.Join(c[1:], "\t")})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// DiagnosticCode is the value of the Diagnostic-Code field a row's
// diagnostic is written as: as it is when it starts with an extension
// type ("x-unix; temporary failure", a local delivery program's words,
// RFC 3464 §2.3.6), else typed "smtp", a server's reply.
func DiagnosticCode(diag string) string {
	if t, _, ok := strings.Cut(diag, ";"); ok && strings.HasPrefix(strings.ToLower(t), "x-") && !strings.ContainsAny(t, " \t") {
		return diag
	}
	return "smtp; " + diag
}
