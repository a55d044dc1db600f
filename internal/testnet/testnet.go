// Package testnet gives tests loopback addresses.
package testnet

import (
	"net"
	"testing"
)

// FreeAddr is a loopback address ("127.0.0.1:port") where nothing listens:
// for a server the test starts, or for a dependency that is down. The
// port was free a moment ago; another process could take it, which on a
// test machine's loopback does not happen in practice.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testnet: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}
