// Package bodytest sends a request that declares a huge body and sends a
// small one, the way a client holds a handler that trusts the body to
// arrive. Tests of every endpoint that reads a body use it.
package bodytest

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Declared is the length the probe declares: 100 MiB.
const Declared = 100 << 20

// Sent is what the probe actually sends: 1 KiB.
const Sent = 1 << 10

// Hold bounds how long the probe waits for an answer. An endpoint that
// refuses on the declared length answers at once; one that waits for the
// body never answers, and this bound turns that hang into a failure.
const Hold = 5 * time.Second

// Probe serves h on loopback, sends method path with headers, declaring
// Declared bytes and sending Sent, and returns the status of the answer, or
// 0 when none came within Hold.
func Probe(t testing.TB, h http.Handler, method, path string, header http.Header) int {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: test\r\nContent-Length: %d\r\n", method, path, Declared)
	for k, vs := range header {
		for _, v := range vs {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
	b.WriteString(strings.Repeat("x", Sent))
	if _, err := conn.Write([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(Hold))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Logf("no answer within %v: %v", Hold, err)
		return 0
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}
