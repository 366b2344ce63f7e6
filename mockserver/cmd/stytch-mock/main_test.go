package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestServesFixedProjectAndShutsDown(t *testing.T) {
	env := map[string]string{
		"STYTCH_MOCK_ADDR":  "127.0.0.1:0",
		"STYTCH_PROJECT_ID": "project-test-11111111-2222-4333-8444-555555555555",
		"STYTCH_SECRET":     "secret-test-fixed-0123456789abcdefghijklmnopqrstuv",
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, func(k string) string { return env[k] }, &out, &errOut, ready) }()
	addr := <-ready

	if !strings.Contains(out.String(), "STYTCH_PROJECT_ID=project-test-11111111-2222-4333-8444-555555555555") ||
		!strings.Contains(out.String(), "STYTCH_BASE_URL=http://"+addr) {
		t.Fatalf("banner lacks credentials or URL:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "Dashboard (read-only, no authentication): http://"+addr+"/") {
		t.Fatalf("banner lacks the dashboard URL:\n%s", out.String())
	}
	client, err := b2b.NewClient(env["STYTCH_PROJECT_ID"], env["STYTCH_SECRET"], stytchapi.WithBaseURL("http://"+addr))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.Organizations.Get(context.Background(), &organizations.GetParams{OrganizationID: "acme"})
	if err != nil || got.Organization.OrganizationID != resp.Organization.OrganizationID {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run returned %v", err)
	}
	if !strings.Contains(out.String(), "stopped") {
		t.Fatalf("no shutdown message:\n%s", out.String())
	}
}

func TestFlagErrors(t *testing.T) {
	noEnv := func(string) string { return "" }
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--project-id", "project-test-x"}, "go together"},
		{[]string{"--project-id", "proj-x", "--secret", "s"}, "must start with"},
		{[]string{"--project-id", "project-test-fixed", "--secret", "secret-test-0123456789abcdefghijklmnopqrstuv"}, "lower-case UUID"},
		{[]string{"--project-id", "project-test-11111111-2222-4333-8444-555555555555", "--secret", "secret-test-short"}, "URL-safe characters"},
		{[]string{"--read-timeout", "-1s"}, "must be positive"},
		{[]string{"--max-connections", "0"}, "must be positive"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"--dashboard-host", " "}, "empty host name"},
		{[]string{"--addr", "256.0.0.1:bad"}, "listening"},
	}
	for _, tt := range tests {
		var out, errOut syncBuffer
		err := run(context.Background(), tt.args, noEnv, &out, &errOut, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want error containing %q", tt.args, err, tt.want)
		}
	}
	var out, errOut syncBuffer
	if err := run(context.Background(), []string{"--help"}, noEnv, &out, &errOut, nil); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	for _, want := range []string{"-addr", "STYTCH_MOCK_ADDR", "-project-id", "-secret", "/mock/", "-read-header-timeout", "-read-timeout", "-write-timeout", "-idle-timeout", "-max-header-bytes", "-max-connections", "-max-projects", "-max-outbox", "-max-import-bytes", "STYTCH_MOCK_MAX_CONNECTIONS"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("--help output lacks %q:\n%s", want, errOut.String())
		}
	}
}

func TestNoDashboardFlag(t *testing.T) {
	env := map[string]string{"STYTCH_MOCK_ADDR": "127.0.0.1:0"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--no-dashboard"}, func(k string) string { return env[k] }, &out, &errOut, ready)
	}()
	addr := <-ready
	if strings.Contains(out.String(), "Dashboard") {
		t.Fatalf("banner announces a disabled dashboard:\n%s", out.String())
	}
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("GET / with --no-dashboard: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run returned %v", err)
	}
}
