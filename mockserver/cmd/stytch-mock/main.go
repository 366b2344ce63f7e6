// Command stytch-mock serves the stytch-go mock of the Stytch B2B API on a
// local address, with a ready TEST project whose credentials it prints.
//
// Usage:
//
//	stytch-mock [flags]
//
// Flags (each also read from the environment variable named in brackets):
//
//	--addr        listen address [STYTCH_MOCK_ADDR] (default 127.0.0.1:9010)
//	--project-id  ID of the default project [STYTCH_PROJECT_ID] (default: generated)
//	--secret      secret of the default project [STYTCH_SECRET] (default: generated)
//	--log         log one line per request to stderr
//	--config      YAML or JSON configuration file [STYTCH_MOCK_CONFIG]
//	--data-dir    persist every project in this directory [STYTCH_MOCK_DATA_DIR]
//	--seed        load project snapshots from this file at start [STYTCH_MOCK_SEED]
//	--tls         serve HTTPS with a fresh self-signed certificate [STYTCH_MOCK_TLS]
//	--trust-forwarded-for  IP allowlist reads X-Forwarded-For [STYTCH_MOCK_TRUST_FORWARDED_FOR]
//
// Flags win over environment variables, which win over the configuration
// file.
//
// Point the SDK at it with stytchapi.WithBaseURL("http://127.0.0.1:9010") or
// STYTCH_BASE_URL. Stop it with Ctrl-C (SIGINT) or SIGTERM; it finishes the
// requests in flight before it exits.
package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/stytchkit/stytch-go/mockserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "stytch-mock:", err)
		os.Exit(2)
	}
}

// run serves until ctx is done. When ready is not nil it receives the bound
// address once the server listens (for tests).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, ready chan<- string) error {
	fs := flag.NewFlagSet("stytch-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `stytch-mock serves an offline mock of the Stytch B2B API with a ready TEST project.

Usage: stytch-mock [flags]

Flags (environment variables in brackets):
`)
		fs.PrintDefaults()
		fmt.Fprint(stderr, `
The mock's own admin API lives under /mock/ (projects, clock, export/import/reset...).
A web dashboard (projects, members, sessions, outbox, event log; read-only
except for clearing an outbox, rotating keys and resetting a project) is served
at /; its actions need a same-origin form with a CSRF token. On a loopback
address it needs no credentials. On any other address the dashboard and
POST /mock/projects need the admin token (--admin-token, or one generated and
printed at start); see the README's threat model.
Point the SDK at the printed base URL with stytchapi.WithBaseURL or STYTCH_BASE_URL.
`)
	}
	addr := fs.String("addr", "", "listen address [STYTCH_MOCK_ADDR] (default 127.0.0.1:9010, or the configuration's listen)")
	projectID := fs.String("project-id", "", "ID of the default project, e.g. project-test-... [STYTCH_PROJECT_ID] (default: the configuration's first project, or generated)")
	secret := fs.String("secret", "", "secret of the default project [STYTCH_SECRET]")
	logRequests := fs.Bool("log", false, "log one line per request to stderr (never secrets, tokens or bodies)")
	noDashboard := fs.Bool("no-dashboard", false, "do not serve the read-only, unauthenticated web dashboard at /")
	var dashboardHosts hostList
	fs.Var(&dashboardHosts, "dashboard-host", "a host name, besides IP addresses and localhost, under which the dashboard answers (repeatable; e.g. a Docker service name)")
	configFile := fs.String("config", "", "YAML or JSON configuration file [STYTCH_MOCK_CONFIG]")
	dataDir := fs.String("data-dir", "", "persist every project in this directory, written 0700/0600: it holds secrets [STYTCH_MOCK_DATA_DIR]")
	seedFile := fs.String("seed", "", "load project snapshots (an export or {\"projects\": [...]}) at start [STYTCH_MOCK_SEED]")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a fresh self-signed certificate, written to <data-dir or a temp dir>/stytch-mock-cert.pem [STYTCH_MOCK_TLS]")
	trustXFF := fs.Bool("trust-forwarded-for", false, "the IP allowlist checks the first X-Forwarded-For address; only behind a proxy [STYTCH_MOCK_TRUST_FORWARDED_FOR]")
	var outboundAllow hostList
	fs.Var(&outboundAllow, "outbound-allow", "a host name, IP address or CIDR prefix the mock's own outbound requests (session migration's UserInfo call) may reach besides loopback (repeatable) [STYTCH_MOCK_OUTBOUND_ALLOW, comma-separated]")
	adminToken := fs.String("admin-token", "", "token the dashboard and POST /mock/projects need; required (and generated when not given) whenever --addr is not a loopback address [STYTCH_MOCK_ADMIN_TOKEN]")
	finishLimits := registerLimits(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q; see --help", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	// pick returns the flag's value when it was given, else the environment
	// variable's, else fallback.
	pick := func(name string, val *string, env, fallback string) {
		if set[name] {
			return
		}
		if v := strings.TrimSpace(getenv(env)); v != "" {
			*val = v
			return
		}
		*val = fallback
	}
	pickBool := func(name string, val *bool, env string, fallback bool) error {
		if set[name] {
			return nil
		}
		if v := strings.TrimSpace(getenv(env)); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s=%q is not true or false", env, v)
			}
			*val = b
			return nil
		}
		*val = fallback
		return nil
	}
	pick("config", configFile, "STYTCH_MOCK_CONFIG", "")
	cfg := &mockserver.Config{Listen: mockserver.DefaultListen}
	if *configFile != "" {
		c, err := mockserver.LoadConfig(*configFile)
		if err != nil {
			return err
		}
		cfg = c
	}
	pick("addr", addr, "STYTCH_MOCK_ADDR", cfg.Listen)
	pick("project-id", projectID, "STYTCH_PROJECT_ID", "")
	pick("secret", secret, "STYTCH_SECRET", "")
	pick("data-dir", dataDir, "STYTCH_MOCK_DATA_DIR", cfg.DataDir)
	pick("seed", seedFile, "STYTCH_MOCK_SEED", cfg.Seed)
	if err := pickBool("tls", useTLS, "STYTCH_MOCK_TLS", false); err != nil {
		return err
	}
	if err := pickBool("trust-forwarded-for", trustXFF, "STYTCH_MOCK_TRUST_FORWARDED_FOR", cfg.TrustForwardedFor); err != nil {
		return err
	}
	cfg.TrustForwardedFor = *trustXFF
	limits, err := finishLimits(set, getenv)
	if err != nil {
		return err
	}

	if !set["outbound-allow"] {
		for _, v := range strings.Split(getenv("STYTCH_MOCK_OUTBOUND_ALLOW"), ",") {
			if v = strings.TrimSpace(v); v != "" {
				outboundAllow = append(outboundAllow, v)
			}
		}
	}
	if err := mockserver.CheckOutboundAllow(outboundAllow); err != nil {
		return err
	}

	pick("admin-token", adminToken, "STYTCH_MOCK_ADMIN_TOKEN", "")
	if !loopbackAddr(*addr) && *adminToken == "" {
		*adminToken = newAdminToken()
	}
	if *adminToken != "" && len(*adminToken) < 16 {
		return errors.New("--admin-token must be at least 16 characters")
	}

	opts := mockserver.Options{DisableDashboard: *noDashboard, DashboardHosts: dashboardHosts, Limits: limits.mock(), OutboundAllow: outboundAllow, AdminToken: *adminToken}
	if *logRequests {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	opts.TrustForwardedFor = *trustXFF
	srv := mockserver.New(opts)
	defer srv.Close() // after the server stopped: commits what is queued
	var notes []string
	if *dataDir != "" {
		ids, err := srv.OpenDataDir(*dataDir)
		if err != nil {
			return fmt.Errorf("data directory %s: %w", *dataDir, err)
		}
		notes = append(notes, fmt.Sprintf("Data directory: %s (%d projects loaded; it holds secrets)", *dataDir, len(ids)))
	}
	if *seedFile != "" {
		ids, err := srv.SeedFile(*seedFile)
		if err != nil {
			return err
		}
		notes = append(notes, fmt.Sprintf("Seed: %s (%d projects created)", *seedFile, len(ids)))
	}
	if err := cfg.Apply(srv); err != nil {
		return err
	}
	if *projectID != "" && *secret != "" {
		// Credentials from flags or the environment must have Stytch's
		// shape; the configuration file's are the user's own file.
		if err := mockserver.CheckCredentialsFormat(*projectID, *secret); err != nil {
			return fmt.Errorf("--project-id and --secret: %w", err)
		}
	}
	if *projectID == "" && *secret == "" && len(cfg.Projects) > 0 {
		*projectID, *secret = cfg.Projects[0].ProjectID, cfg.Projects[0].Secret
	}
	creds, err := defaultProject(srv, *projectID, *secret, *dataDir)
	if err != nil {
		return err
	}
	shownSecret := creds.Secret
	if shownSecret == "" {
		shownSecret = "(not stored: the secret printed when this project was created; --secret checks it)"
	} else if *dataDir != "" && *secret == "" {
		notes = append(notes, "Keep the secret above: the data directory stores only its hash, and a restart will not print it again")
	}

	var cert *tls.Certificate
	switch {
	case *useTLS:
		dir := *dataDir
		if dir == "" {
			if dir, err = os.MkdirTemp("", "stytch-mock-"); err != nil {
				return err
			}
		}
		certPath := filepath.Join(dir, "stytch-mock-cert.pem")
		c, err := mockserver.GenerateSelfSignedCert(nil, certPath, filepath.Join(dir, "stytch-mock-key.pem"))
		if err != nil {
			return err
		}
		cert = &c
		notes = append(notes, "TLS certificate (trust it in clients): "+certPath)
	case cfg.TLS != nil:
		if cert, err = cfg.Certificate(); err != nil {
			return err
		}
		notes = append(notes, "TLS certificate (trust it in clients): "+cfg.TLS.CertFile)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *addr, err)
	}
	ln = limits.listener(ln)
	scheme := "http"
	if cert != nil {
		scheme = "https"
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12})
	}
	baseURL := scheme + "://" + ln.Addr().String()
	switch {
	case *adminToken != "":
		notes = append(notes, "Admin token (the dashboard and POST /mock/projects need it; keep it secret): "+*adminToken)
		if !*noDashboard {
			notes = append(notes, "Dashboard: "+baseURL+"/?admin_token="+*adminToken)
		}
	case !*noDashboard:
		notes = append(notes, "Dashboard (read-only, no authentication): "+baseURL+"/")
	}
	fmt.Fprintf(stdout, `stytch-mock is serving the Stytch B2B API at %s

Default %s project:
  STYTCH_PROJECT_ID=%s
  STYTCH_SECRET=%s
  STYTCH_BASE_URL=%s

%s
Press Ctrl-C to stop.
`, baseURL, strings.ToUpper(creds.Environment), creds.ProjectID, shownSecret, baseURL, bulletList(notes))

	hs := limits.server(srv)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if ready != nil {
		ready <- ln.Addr().String()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	fmt.Fprintln(stdout, "stytch-mock stopped.")
	return nil
}

func bulletList(notes []string) string {
	var b strings.Builder
	for _, n := range notes {
		b.WriteString(n + "\n")
	}
	return b.String()
}

// defaultFile remembers, in a data directory, which project is the
// generated default one, so a restart announces the same project. It holds
// the project ID and environment, never the secret (the database holds only
// the secret's hash).
const defaultFile = "stytch-mock-default.json"

// defaultRecord is the content of defaultFile. Records written by older
// versions also hold "secret"; it is checked and then dropped.
type defaultRecord struct {
	ProjectID   string `json:"project_id"`
	Environment string `json:"environment"`
	Secret      string `json:"secret,omitempty"`
}

// defaultProject creates (or finds) the project the binary announces: the
// given one, the one a data directory remembers, or a fresh TEST project.
// The secret of a remembered project is not stored: it is announced only
// when secret (--secret or STYTCH_SECRET) is given and matches its hash.
func defaultProject(srv *mockserver.Server, projectID, secret, dataDir string) (mockserver.Credentials, error) {
	if projectID == "" && dataDir != "" {
		path := filepath.Join(dataDir, defaultFile)
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			// A damaged or foreign record refuses to start: silently
			// announcing a new project would hide the loss.
			var rec defaultRecord
			if err := json.Unmarshal(b, &rec); err != nil || rec.ProjectID == "" {
				return mockserver.Credentials{}, fmt.Errorf("%s: not a default-project record (remove it to start a new default project)", path)
			}
			if !srv.HasProject(rec.ProjectID) {
				return mockserver.Credentials{}, fmt.Errorf("%s: names project %.64q, which the data directory does not hold (remove it to start a new default project)", path, rec.ProjectID)
			}
			for _, s := range []string{rec.Secret, secret} {
				if s != "" && !srv.CheckCredentials(rec.ProjectID, s) {
					return mockserver.Credentials{}, fmt.Errorf("%s: project %.64q has another secret than the one given", path, rec.ProjectID)
				}
			}
			if rec.Secret != "" { // an older record: forget the plain secret
				if err := writeDefaultRecord(path, rec.ProjectID, rec.Environment); err != nil {
					return mockserver.Credentials{}, err
				}
			}
			return mockserver.Credentials{ProjectID: rec.ProjectID, Secret: secret, Environment: envOf(rec.ProjectID)}, nil
		case !errors.Is(err, os.ErrNotExist):
			return mockserver.Credentials{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	if projectID == "" && secret == "" {
		creds, err := srv.CreateProject(mockserver.EnvTest)
		if err != nil || dataDir == "" {
			return creds, err
		}
		return creds, writeDefaultRecord(filepath.Join(dataDir, defaultFile), creds.ProjectID, creds.Environment)
	}
	if projectID == "" || secret == "" {
		return mockserver.Credentials{}, errors.New("--project-id and --secret go together: set both or neither")
	}
	if !strings.HasPrefix(projectID, "project-test-") && !strings.HasPrefix(projectID, "project-live-") {
		return mockserver.Credentials{}, fmt.Errorf("--project-id %.64q must start with project-test- or project-live-", projectID)
	}
	creds := mockserver.Credentials{ProjectID: projectID, Secret: secret}
	if srv.HasProject(projectID) {
		if !srv.CheckCredentials(projectID, secret) {
			return mockserver.Credentials{}, fmt.Errorf("project %s already exists (from the data directory, seed or configuration) with another secret", projectID)
		}
	} else if err := srv.AddProject(creds); err != nil {
		return mockserver.Credentials{}, err
	}
	creds.Environment = envOf(projectID)
	return creds, nil
}

// envOf is the environment a project ID names.
func envOf(projectID string) string {
	if strings.HasPrefix(projectID, "project-live-") {
		return mockserver.EnvLive
	}
	return mockserver.EnvTest
}

// writeDefaultRecord writes defaultFile, without the secret.
func writeDefaultRecord(path, projectID, env string) error {
	b, _ := json.Marshal(defaultRecord{ProjectID: projectID, Environment: env})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// hostList collects a repeatable flag's values.
type hostList []string

func (h *hostList) String() string { return strings.Join(*h, ",") }

func (h *hostList) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("an empty host name")
	}
	*h = append(*h, strings.TrimSpace(v))
	return nil
}
