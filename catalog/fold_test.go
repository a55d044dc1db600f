package catalog

import "testing"

func TestLowerFoldsWidthAndQuotes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"550 User Unknown", "550 user unknown"},
		{"５５０ Ｕｓｅｒ　ｕｎｋｎｏｗｎ", "550 user unknown"},
		{"L’adresse n’existe pas", "l'adresse n'existe pas"},
		{"‘Quota’ ÜBERSCHRITTEN", "'quota' überschritten"},
		{"Пользователь НЕ НАЙДЕН", "пользователь не найден"},
		{"宛先不明", "宛先不明"},
		{"bad \xff utf-8", "bad \ufffd utf-8"},
	} {
		if got := Lower(c.in); got != c.want {
			t.Errorf("Lower(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := NewLowerText(Lower("Ｍａｉｌｂｏｘ ｆｕｌｌ")).String(); got != "mailbox full" {
		t.Errorf("full-width text prepared as %q", got)
	}
}
