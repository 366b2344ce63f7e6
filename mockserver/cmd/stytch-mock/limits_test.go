package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
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

// TestAdminTokenOffLoopback listens on every interface: stytch-mock
// generates and prints an admin token, and POST /mock/projects needs it.
// On loopback nothing changes.
func TestAdminTokenOffLoopback(t *testing.T) {
	addr, out, stop := start(t, "--addr", "0.0.0.0:0")
	defer stop()
	m := regexp.MustCompile(`Admin token \([^)]*\): (admin-\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no admin token in the banner:\n%s", out.String())
	}
	port := addr[strings.LastIndex(addr, ":"):]
	post := func(token string) int {
		req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1"+port+"/mock/projects", strings.NewReader(`{}`))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(""); got != http.StatusUnauthorized {
		t.Fatalf("without the token: %d", got)
	}
	if got := post(m[1]); got != http.StatusOK {
		t.Fatalf("with the token: %d", got)
	}
	resp, err := http.Get("http://127.0.0.1" + port + "/dashboard/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("dashboard without the token: %d", resp.StatusCode)
	}

	addr2, out2, stop2 := start(t)
	defer stop2()
	if strings.Contains(out2.String(), "Admin token") {
		t.Fatalf("a loopback server printed an admin token:\n%s", out2.String())
	}
	resp, err = http.Post("http://"+addr2+"/mock/projects", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("loopback create project: %d", resp.StatusCode)
	}
}

// TestCorruptDefaultRecordRefusesToStart damages the data directory's
// default-project record: stytch-mock refuses to start and names the file,
// instead of announcing a new, empty default project.
func TestCorruptDefaultRecordRefusesToStart(t *testing.T) {
	dir := t.TempDir()
	_, _, stop := start(t, "--data-dir", dir)
	stop()
	path := filepath.Join(dir, "stytch-mock-default.json")
	for _, bad := range []string{"{not json", `{"project_id":"project-test-11111111-2222-4333-8444-555555555555","secret":"x"}`} {
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		var out syncBuffer
		err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--data-dir", dir}, func(string) string { return "" }, &out, &out, nil)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Fatalf("start with %q: %v", bad, err)
		}
	}
}
