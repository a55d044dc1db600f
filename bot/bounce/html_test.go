package bounce

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// A "<" that opens no tag is text (the HTML tag open state): 21cn's notice
// writes the failed address as "< addr >", which dropping it as a tag
// lost; the content of style and script elements is no text.
func TestHTMLTextKeepsBareAngle(t *testing.T) {
	for _, c := range []struct{ in, want, not string }{
		{`<td><strong>Unable to send：<font><strong>< someone@example.com.hk ></strong></font></td>`, "< someone@example.com.hk >", ""},
		{`<p>quota 5 < 10 and 3 <= 4</p>`, "5 < 10 and 3 <= 4", ""},
		{`<!DOCTYPE html><html><head><style type="text/css">.a td { color:#383838 }</style></head><body><b>550</b> refused</body></html>`, "550 refused", "color"},
		{`<script>if (a < b) x();</script>after`, "after", "x()"},
		{`<STYLE>p { color: red }</Style ><p>550 refused</p>`, "550 refused", "color"},
		{`<style>unclosed <style>still text`, "still text", ""},
	} {
		got := strings.Join(strings.Fields(htmlText(c.in)), " ")
		if !strings.Contains(got, strings.Join(strings.Fields(c.want), " ")) || c.not != "" && strings.Contains(got, c.not) {
			t.Errorf("htmlText(%q) = %q, want it to hold %q and not %q", c.in, got, c.want, c.not)
		}
	}
}

// A bilingual layout glosses its recipient lead in parentheses before the
// address ("无法发送到（Unable to send）：< addr >").
func TestGlossedRecipientLead(t *testing.T) {
	p := newParser(t)
	addr, _, _, ok := p.recipientLead("无法发送到（Unable to send）：< someone@example.com.hk >")
	if !ok || addr != "someone@example.com.hk" {
		t.Errorf("recipientLead = %q, %v; want someone@example.com.hk", addr, ok)
	}
}

// HTML breaks lines by its tags, not by the source's line ends: the line
// end after "<BR>" is no empty line, and a no-break space indents as a
// space does (Exchange 5.5's HTML-only report indents the reply under the
// recipient with "&nbsp;").
func TestHTMLTextLinesAndIndents(t *testing.T) {
	tabletest.CheckMap(t, "htmlText", htmlText, map[string]string{
		"a<BR>\nb<BR>\r\n<BR>\nc":               "a\nb\n\nc",
		"x on date<BR>\n&nbsp;&nbsp; Reply<BR>": "x on date\n   Reply\n",
		"<P>one</P>\n\n<P>two":                  "\none\n\n\ntwo",
	})
}
