// Package redistest runs a real, throw-away redis-server for tests: on a free
// loopback port, with its files in a temporary directory, stopped when the
// test ends. Tests skip when redis-server is not installed (Debian package
// redis-server). It is for tests only and does not fake Redis.
package redistest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/internal/testnet"
)

// Server is one redis-server process.
type Server struct {
	tb   testing.TB
	bin  string
	dir  string
	port int

	mu     sync.Mutex
	proc   *os.Process
	exited chan struct{} // closed when proc has exited
	log    *os.File
}

// Start starts redis-server on a free loopback port and stops it when the
// test ends. It skips the test when redis-server is not installed, unless
// SMTPBOT_REQUIRE_REDIS is set.
func Start(tb testing.TB) *Server {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		// CI installs redis-server and sets SMTPBOT_REQUIRE_REDIS=1, so
		// there a missing binary fails rather than silently skipping.
		if os.Getenv("SMTPBOT_REQUIRE_REDIS") != "" {
			tb.Fatal("redistest: SMTPBOT_REQUIRE_REDIS is set but redis-server is not installed (apt-get install -y redis-server)")
		}
		tb.Skip("redis-server not installed (apt-get install -y redis-server); skipping the test that needs a real Redis")
	}
	s := &Server{tb: tb, bin: bin, dir: tb.TempDir()}
	tb.Cleanup(s.Stop)
	// A port found free can be taken before redis binds it; try a few.
	for range 5 {
		s.port = freePort(tb)
		if err = s.start(); err == nil {
			return s
		}
	}
	tb.Fatalf("redistest: %v", err)
	return nil
}

// URL is the redis:// URL clients use.
func (s *Server) URL() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", s.port) }

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// Stop kills redis-server (as a crash would: no save, no goodbye) and waits
// for it to exit. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return
	}
	_ = s.proc.Kill()
	<-s.exited
	_ = s.log.Close()
	s.proc, s.exited, s.log = nil, nil, nil
}

// Restart starts redis-server again on the same port, empty.
func (s *Server) Restart() {
	s.tb.Helper()
	s.Stop()
	var err error
	// The old socket may linger for a moment; retry briefly.
	for range 20 {
		if err = s.start(); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.tb.Fatalf("redistest: restart: %v", err)
}

// Do sends one command and returns the first line of the reply, for checks
// such as DBSIZE without a client library.
func (s *Server) Do(args ...string) (string, error) {
	c, err := net.DialTimeout("tcp", s.Addr(), time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := c.Write([]byte(b.String())); err != nil {
		return "", err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}

func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	log, err := os.Create(fmt.Sprintf("%s/redis-%d.log", s.dir, time.Now().UnixNano()))
	if err != nil {
		return err
	}
	// No persistence: every run starts empty and leaves nothing behind.
	cmd := exec.Command(s.bin,
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		_ = log.Close()
		return err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			_ = log.Close()
			return fmt.Errorf("redis-server exited at start (port %d taken?): see %s", s.port, log.Name())
		default:
		}
		if s.pingLocked() {
			s.proc, s.exited, s.log = cmd.Process, exited, log
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	<-exited
	_ = log.Close()
	return fmt.Errorf("redis-server on port %d did not answer PING within 5s", s.port)
}

func (s *Server) pingLocked() bool {
	c, err := net.DialTimeout("tcp", s.Addr(), 200*time.Millisecond)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && strings.HasPrefix(line, "+PONG")
}

func freePort(tb testing.TB) int {
	tb.Helper()
	_, port, err := net.SplitHostPort(testnet.FreeAddr(tb))
	if err != nil {
		tb.Fatalf("redistest: %v", err)
	}
	n, _ := strconv.Atoi(port)
	return n
}
