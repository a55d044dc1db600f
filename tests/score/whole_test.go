package score

import (
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func TestFileAfter(t *testing.T) {
	tabletest.Check2(t, "FileAfter", FileAfter, []struct {
		A, B string
		Want bool
	}{{"1000.eml", "974.eml", true}, {"974.eml", "1000.eml", false}, {"031.eml", "030.eml", true}, {"030.eml", "030.eml", false}})
}
