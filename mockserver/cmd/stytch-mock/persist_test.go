package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// TestMain lets the kill -9 test run this binary's main as a child process.
func TestMain(m *testing.M) {
	if os.Getenv("STYTCH_MOCK_TEST_CHILD") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

const (
	fixedID     = "project-test-11111111-2222-4333-8444-555555555555"
	fixedSecret = "secret-test-fixed-0123456789abcdefghijklmnopqrstuv"
)

// start runs the binary's run in-process with args; it returns the address,
// the banner and a stop function.
func start(t *testing.T, args ...string) (string, *syncBuffer, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, out, out, ready)
	}()
	select {
	case addr := <-ready:
		stop := func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("run: %v", err)
			}
		}
		return addr, out, stop
	case err := <-done:
		cancel()
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	return "", nil, nil
}

func TestTLSWithPrintedCertificate(t *testing.T) {
	dir := t.TempDir()
	addr, out, stop := start(t, "--tls", "--data-dir", dir, "--project-id", fixedID, "--secret", fixedSecret)
	defer stop()
	m := regexp.MustCompile(`TLS certificate \(trust it in clients\): (\S+)`).FindStringSubmatch(out.String())
	if m == nil || !strings.Contains(out.String(), "STYTCH_BASE_URL=https://"+addr) {
		t.Fatalf("banner lacks the certificate or https URL:\n%s", out.String())
	}
	pemBytes, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("printed certificate is not PEM")
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	c, err := b2b.NewClient(fixedID, fixedSecret, stytchapi.WithBaseURL("https://"+addr), stytchapi.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: "TLS", OrganizationSlug: "tls"}); err != nil {
		t.Fatalf("create over TLS: %v", err)
	}
}

func TestDataDirRestartKeepsDefaultProject(t *testing.T) {
	dir := t.TempDir()
	addr, out, stop := start(t, "--data-dir", dir)
	id := regexp.MustCompile(`STYTCH_PROJECT_ID=(\S+)`).FindStringSubmatch(out.String())[1]
	sec := regexp.MustCompile(`STYTCH_SECRET=(\S+)`).FindStringSubmatch(out.String())[1]
	c, _ := b2b.NewClient(id, sec, stytchapi.WithBaseURL("http://"+addr))
	if _, err := c.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: "Kept", OrganizationSlug: "kept"}); err != nil {
		t.Fatal(err)
	}
	stop()
	// The data directory holds the secret only as a hash.
	files, _ := os.ReadDir(dir)
	for _, f := range files {
		if b, _ := os.ReadFile(filepath.Join(dir, f.Name())); strings.Contains(string(b), sec) {
			t.Fatalf("%s holds the project secret in plain text", f.Name())
		}
	}

	addr, out, stop = start(t, "--data-dir", dir)
	if !strings.Contains(out.String(), "STYTCH_PROJECT_ID="+id) || !strings.Contains(out.String(), "1 projects loaded") || strings.Contains(out.String(), sec) {
		t.Fatalf("restart announces another project, or a secret it should not know:\n%s", out.String())
	}
	stop()
	// Given the secret, the restart checks it against the stored hash and
	// announces it; another secret refuses to start.
	addr, out, stop = start(t, "--data-dir", dir, "--secret", sec)
	defer stop()
	if !strings.Contains(out.String(), "STYTCH_SECRET="+sec) {
		t.Fatalf("restart with --secret:\n%s", out.String())
	}
	var bad syncBuffer
	if err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--data-dir", t.TempDir() + "/x", "--secret", fixedSecret}, func(string) string { return "" }, &bad, &bad, nil); err == nil {
		t.Fatal("--secret alone on a fresh data directory started")
	}
	c, _ = b2b.NewClient(id, sec, stytchapi.WithBaseURL("http://"+addr))
	if _, err := c.Organizations.Get(context.Background(), &organizations.GetParams{OrganizationID: "kept"}); err != nil {
		t.Fatalf("organization lost across the restart: %v", err)
	}
}

func TestConfigErrorsNameTheField(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "mock.yaml")
	if err := os.WriteFile(cfg, []byte("projects:\n  - project_id: proj-x\n    secret: s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	err := run(context.Background(), []string{"--config", cfg}, func(string) string { return "" }, &out, &out, nil)
	if err == nil || !strings.Contains(err.Error(), "projects[0].project_id") || !strings.Contains(err.Error(), cfg) {
		t.Fatalf("run = %v", err)
	}
	// STYTCH_MOCK_CONFIG names the file too; flags override it.
	env := map[string]string{"STYTCH_MOCK_CONFIG": cfg}
	err = run(context.Background(), nil, func(k string) string { return env[k] }, &out, &out, nil)
	if err == nil || !strings.Contains(err.Error(), "projects[0].project_id") {
		t.Fatalf("run with STYTCH_MOCK_CONFIG = %v", err)
	}
	env["STYTCH_MOCK_TLS"] = "maybe"
	if err := run(context.Background(), []string{"--config", ""}, func(k string) string { return env[k] }, &out, &out, nil); err == nil || !strings.Contains(err.Error(), "STYTCH_MOCK_TLS") {
		t.Fatalf("bad STYTCH_MOCK_TLS: %v", err)
	}
}

func TestConfigFileWithSeedAndDataDir(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile("../../testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "seed.json"), seed, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "mock.yaml")
	if err := os.WriteFile(cfg, []byte("listen: 127.0.0.1:0\ndata_dir: data\nseed: seed.json\nprojects:\n  - project_id: project-test-seed-example\n    secret: secret-test-seed-example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	addr, out, stop := start(t, "--config", cfg)
	defer stop()
	if !strings.Contains(out.String(), "STYTCH_PROJECT_ID=project-test-seed-example") {
		t.Fatalf("banner:\n%s", out.String())
	}
	c, _ := b2b.NewClient("project-test-seed-example", "secret-test-seed-example", stytchapi.WithBaseURL("http://"+addr))
	if _, err := c.Organizations.Get(context.Background(), &organizations.GetParams{OrganizationID: "acme"}); err != nil {
		t.Fatalf("seeded organization: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "stytch-mock.db")); err != nil {
		t.Fatalf("data_dir relative to the config file: %v", err)
	}
}

// TestKill9KeepsAcknowledgedCreates serves from a child process with a
// data directory, creates organizations in a loop, SIGKILLs the child at a
// random moment, and checks that every create answered 200 survived.
func TestKill9KeepsAcknowledgedCreates(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "--addr", "127.0.0.1:0", "--data-dir", dir, "--project-id", fixedID, "--secret", fixedSecret)
	cmd.Env = append(os.Environ(), "STYTCH_MOCK_TEST_CHILD=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	var base string
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "STYTCH_BASE_URL="); ok {
			base = v
			break
		}
	}
	if base == "" {
		t.Fatal("child printed no base URL")
	}
	go func() {
		for sc.Scan() {
		}
	}()
	c, _ := b2b.NewClient(fixedID, fixedSecret, stytchapi.WithBaseURL(base), stytchapi.WithRetries(0))

	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				slug := fmt.Sprintf("w%d-%d", w, i)
				resp, err := c.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: slug, OrganizationSlug: slug})
				if err != nil {
					return // the child is gone
				}
				mu.Lock()
				acked = append(acked, resp.Organization.OrganizationID)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(time.Duration(200+rand.IntN(600)) * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	_ = cmd.Wait()
	if len(acked) == 0 {
		t.Fatal("no create was acknowledged before the kill")
	}

	srv := mockserver.New(mockserver.Options{})
	if _, err := srv.OpenDataDir(dir); err != nil {
		t.Fatalf("the data directory does not load after kill -9: %v", err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	c2, _ := b2b.NewClient(fixedID, fixedSecret, stytchapi.WithBaseURL(hs.URL))
	for _, id := range acked {
		if _, err := c2.Organizations.Get(context.Background(), &organizations.GetParams{OrganizationID: id}); err != nil {
			t.Fatalf("acknowledged organization %s lost after kill -9: %v", id, err)
		}
	}
	t.Logf("%d acknowledged creates all survived kill -9", len(acked))
}
