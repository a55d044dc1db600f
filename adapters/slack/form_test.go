package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"net/url"
	"strings"
	"testing"
)

// formCases are bodies parseCommandForm must read exactly as url.ParseQuery
// and Values.Get do, errors included.
var formCases = []string{
	"",
	"command=%2Fsmtp&text=252+vs+552&user_id=U1&channel_id=C1&team_id=T1&response_url=https%3A%2F%2Fhooks.slack.com%2Fx",
	"ssl_check=1&token=x",
	"ssl_check=0&command=/smtp&user_id=U",
	"user%5Fid=U2&command=/smtp&user_id=U3",
	"text=a&text=b&command=c&user_id=u",
	"text=%zz&command=c",
	"token=%4&command=c&user_id=u",
	"a=1;b=2&command=c&user_id=u",
	"&&command=c&&user_id=u&",
	"command&user_id=",
	"text=100%25+sure&command=c&user_id=u",
	"%=x&command=c",
	"text=" + strings.Repeat("x&", 10001),
	strings.Repeat("&", 9999) + "command=c&user_id=u",
}

func TestParseCommandFormMatchesParseQuery(t *testing.T) {
	for _, body := range formCases {
		checkFormLikeParseQuery(t, body)
	}
}

func FuzzParseCommandForm(f *testing.F) {
	for _, body := range formCases {
		f.Add(body)
	}
	f.Fuzz(checkFormLikeParseQuery)
}

func checkFormLikeParseQuery(t *testing.T, body string) {
	cmd, ssl, err := parseCommandForm(body)
	v, wantErr := url.ParseQuery(body)
	if (err != nil) != (wantErr != nil) || (err != nil && err.Error() != wantErr.Error()) {
		t.Fatalf("%.80q: error %v, url.ParseQuery %v", body, err, wantErr)
	}
	if err != nil {
		return
	}
	got := []string{cmd.TeamID, cmd.ChannelID, cmd.UserID, cmd.Command, cmd.Text, cmd.ResponseURL}
	want := []string{v.Get("team_id"), v.Get("channel_id"), v.Get("user_id"), v.Get("command"), v.Get("text"), v.Get("response_url")}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%.80q: field %d is %q, url.ParseQuery %q", body, i, got[i], want[i])
		}
	}
	if ssl != (v.Get("ssl_check") == "1") {
		t.Fatalf("%.80q: ssl_check %v", body, ssl)
	}
}

// A pooled HMAC state gives the same verdicts as a fresh one, whatever it
// hashed before.
func TestCheckSignatureWithReusedState(t *testing.T) {
	secret := []byte("s3cret")
	m := hmac.New(sha256.New, secret)
	body := []byte("command=/smtp&text=252")
	good := Sign(secret, "1700000000", body)
	for i, c := range []struct {
		ts, sig string
		ok      bool
	}{
		{"1700000000", good, true},
		{"1700000001", good, false},
		{"1700000000", strings.ToUpper(good[:3]) + good[3:], false},
		{"1700000000", "v0=" + strings.ToUpper(good[3:]), true},
		{"1700000000", good[:len(good)-2], false},
		{"1700000000", good + "00", false},
		{"1700000000", good[:len(good)-1] + "g", false},
		{"1700000000", good, true},
	} {
		err := checkSignatureWith(m, c.ts, c.sig, body)
		if (err == nil) != c.ok || (err == nil) != (checkSignature(secret, c.ts, c.sig, body) == nil) {
			t.Errorf("case %d: %v", i, err)
		}
	}
}
