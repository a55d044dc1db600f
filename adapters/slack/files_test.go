package slack

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

const testDSN = "From: MAILER-DAEMON@mx.example.net\r\nTo: alice@example.org\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
	"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n" +
	"--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.example.net.\r\n" +
	"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n" +
	"Final-Recipient: rfc822; bob@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n" +
	"Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown\r\n\r\n--B--\r\n"

func fileEvent(id, channelType, url string) string {
	return callback(id, map[string]any{
		"type": "message", "subtype": "file_share", "user": "U123", "text": "", "ts": "1700000000.000700",
		"channel": "D123", "channel_type": channelType,
		"files": []map[string]any{{"id": "F1", "name": "bounce.eml", "mimetype": "message/rfc822", "size": len(testDSN), "url_private_download": url}},
	})
}

// A bounce saved as .eml and sent in a DM is diagnosed as a whole email,
// downloaded with the bot token from the file host only.
func TestDMFileDiagnosed(t *testing.T) {
	h := newHarness(t)
	var auth atomic.Value
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth.Store(r.Header.Get("Authorization"))
		_, _ = w.Write([]byte(testDSN))
	}))
	defer files.Close()
	h.event(t, fileEvent("EvF1", "im", files.URL+"/files-pri/T1-F1/download/bounce.eml"))
	got := h.fake.Next(t)
	if got.Method != "chat.postMessage" || got.Form.Get("channel") != "D123" {
		t.Fatalf("got %s to %s, want an answer in the DM", got.Method, got.Form.Get("channel"))
	}
	if all := got.Form.Get("blocks"); !strings.Contains(all, "5.1.1") {
		t.Errorf("the file was not diagnosed: %s", all)
	}
	if auth.Load() != "Bearer "+testBotToken {
		t.Errorf("file fetched with Authorization %q, want the bot token", auth.Load())
	}
	h.wg.Wait()

	// A file anywhere else is never fetched: the user gets the hint.
	h.event(t, fileEvent("EvF2", "im", "https://evil.example/bounce.eml"))
	if got := h.fake.Next(t); got.Method != "chat.postEphemeral" {
		t.Errorf("file on a foreign host: %s, want the hint", got.Method)
	}
	// A file shared in a channel without a mention is not ours.
	h.event(t, fileEvent("EvF3", "channel", files.URL+"/x.eml"))
	h.quiet(t)
}

// "Explain SMTP codes" on a message that carries a bounce file reads the file.
func TestShortcutReadsFile(t *testing.T) {
	h := newHarness(t)
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(testDSN)) }))
	defer files.Close()
	h.interaction(t, map[string]any{
		"type": "message_action", "callback_id": ShortcutCallbackID, "user": map[string]any{"id": "U123"},
		"channel": map[string]any{"id": "C123"}, "response_url": h.fake.HookURL("7"),
		"message": map[string]any{"type": "message", "ts": "1700000000.000100", "text": "",
			"files": []map[string]any{{"id": "F1", "name": "bounce.eml", "mimetype": "message/rfc822", "size": len(testDSN), "url_private_download": files.URL + "/f.eml"}}},
	})
	got := h.fake.Next(t)
	if got.JSON["response_type"] != "ephemeral" || !strings.Contains(strings.Join(texts(got.JSON), " "), "5.1.1") {
		t.Errorf("shortcut on a file: %v", got.JSON)
	}
}
