package score

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReadWildRows(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.tsv", "# vocabulary: blocked userunknown\n"+
		FormatWildRow(WildRow{File: "001.eml", Index: 1, Recipient: "a@b", Reason: "blocked", Status: "5.7.1", Bounce: "soft"})+"\n"+
		FormatWildRow(WildRow{File: "002.eml", Recipient: "-", Reason: NoReason, Status: "-", Bounce: "-"})+"\n")
	rows, err := ReadWildRows(good)
	if err != nil || len(rows) != 2 || rows[0].Reason != "blocked" || rows[0].Bounce != "soft" || rows[1].Index != 0 {
		t.Fatalf("ReadWildRows: %+v, %v", rows, err)
	}
	v, err := ReadVocabulary(good)
	if err != nil || len(v) != 2 || !v["userunknown"] {
		t.Errorf("ReadVocabulary: %v, %v", v, err)
	}
	for name, line := range map[string]string{
		"index 0 with an address":   "001.eml\t0\ta@b\tblocked\t-\tsoft",
		"an address-less recipient": "001.eml\t1\t-\tblocked\t-\tsoft",
		"bounce neither":            "001.eml\t1\ta@b\tblocked\t-\tmaybe",
		"empty status":              "001.eml\t1\ta@b\tblocked\t\tsoft",
		"five columns":              "001.eml\t1\ta@b\tblocked\tsoft",
	} {
		if _, err := ReadWildRows(write("bad.tsv", line+"\n")); err == nil {
			t.Errorf("%s was read", name)
		}
	}
}
