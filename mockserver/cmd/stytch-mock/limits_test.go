package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSlowBodyIsCut trickles a request body: the server closes the
// connection once the read timeout has passed instead of holding it open.
func TestSlowBodyIsCut(t *testing.T) {
	addr, _, stop := start(t, "--read-timeout", "1s", "--read-header-timeout", "1s")
	defer stop()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "POST /mock/projects HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		_, _ = io.Copy(io.Discard, conn) // returns when the server closes
	}()
	for {
		select {
		case <-closed:
			if d := time.Since(begin); d > 5*time.Second {
				t.Fatalf("closed only after %v", d)
			}
			return
		case <-time.After(300 * time.Millisecond):
			if time.Since(begin) > 8*time.Second {
				t.Fatal("a trickled body kept the connection open")
			}
			_, _ = io.WriteString(conn, " ")
		}
	}
}

// TestConnectionCapAndIdleTimeout fills the connection cap with idle
// keep-alive connections: a further client waits, and is served once the
// idle timeout has closed them.
func TestConnectionCapAndIdleTimeout(t *testing.T) {
	addr, _, stop := start(t, "--max-connections", "2", "--idle-timeout", "1s")
	defer stop()
	for range 2 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := io.WriteString(conn, "GET /mock/nothing HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close() // the connection stays open, idle
	}
	quick := &http.Client{Timeout: 300 * time.Millisecond}
	if resp, err := quick.Get("http://" + addr + "/mock/nothing"); err == nil {
		resp.Body.Close()
		t.Fatal("a third connection was served past --max-connections 2")
	}
	patient := &http.Client{Timeout: 5 * time.Second}
	resp, err := patient.Get("http://" + addr + "/mock/nothing")
	if err != nil {
		t.Fatalf("after the idle timeout: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

// TestHugeHeadersRefused sends more header bytes than --max-header-bytes.
func TestHugeHeadersRefused(t *testing.T) {
	addr, _, stop := start(t, "--max-header-bytes", "4096")
	defer stop()
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/mock/nothing", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 64<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("status %d", resp.StatusCode)
	}
}
