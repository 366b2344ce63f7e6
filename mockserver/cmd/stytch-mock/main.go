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
//
// Point the SDK at it with stytchapi.WithBaseURL("http://127.0.0.1:9010") or
// STYTCH_BASE_URL. Stop it with Ctrl-C (SIGINT) or SIGTERM; it finishes the
// requests in flight before it exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
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
The mock's own admin API lives under /mock/ (create projects, move the clock).
A web dashboard (projects, members, outbox, event log; read-only except for
clearing an outbox) is served at /. It has no authentication, so keep the mock
on a loopback address or use --no-dashboard.
Point the SDK at the printed base URL with stytchapi.WithBaseURL or STYTCH_BASE_URL.
`)
	}
	def := func(env, fallback string) string {
		if v := strings.TrimSpace(getenv(env)); v != "" {
			return v
		}
		return fallback
	}
	addr := fs.String("addr", def("STYTCH_MOCK_ADDR", "127.0.0.1:9010"), "listen address [STYTCH_MOCK_ADDR]")
	projectID := fs.String("project-id", def("STYTCH_PROJECT_ID", ""), "ID of the default project, e.g. project-test-... [STYTCH_PROJECT_ID] (default: generated)")
	secret := fs.String("secret", def("STYTCH_SECRET", ""), "secret of the default project [STYTCH_SECRET] (default: generated)")
	logRequests := fs.Bool("log", false, "log one line per request to stderr (never secrets, tokens or bodies)")
	noDashboard := fs.Bool("no-dashboard", false, "do not serve the read-only, unauthenticated web dashboard at /")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q; see --help", fs.Args())
	}

	opts := mockserver.Options{DisableDashboard: *noDashboard}
	if *logRequests {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	srv := mockserver.New(opts)
	creds, err := defaultProject(srv, *projectID, *secret)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *addr, err)
	}
	baseURL := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, `stytch-mock is serving the Stytch B2B API at %s

Default %s project:
  STYTCH_PROJECT_ID=%s
  STYTCH_SECRET=%s
  STYTCH_BASE_URL=%s

%sPress Ctrl-C to stop.
`, baseURL, strings.ToUpper(creds.Environment), creds.ProjectID, creds.Secret, baseURL, dashboardLine(baseURL, *noDashboard))

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
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

// dashboardLine announces the dashboard, unless it is off.
func dashboardLine(baseURL string, off bool) string {
	if off {
		return ""
	}
	return "Dashboard (read-only, no authentication): " + baseURL + "/\n\n"
}

// defaultProject creates the project the binary announces: the given one, or
// a fresh TEST project.
func defaultProject(srv *mockserver.Server, projectID, secret string) (mockserver.Credentials, error) {
	if projectID == "" && secret == "" {
		return srv.CreateProject(mockserver.EnvTest)
	}
	if projectID == "" || secret == "" {
		return mockserver.Credentials{}, errors.New("--project-id and --secret go together: set both or neither")
	}
	if !strings.HasPrefix(projectID, "project-test-") && !strings.HasPrefix(projectID, "project-live-") {
		return mockserver.Credentials{}, fmt.Errorf("--project-id %q must start with project-test- or project-live-", projectID)
	}
	creds := mockserver.Credentials{ProjectID: projectID, Secret: secret}
	if err := srv.AddProject(creds); err != nil {
		return mockserver.Credentials{}, err
	}
	creds.Environment = mockserver.EnvTest
	if strings.HasPrefix(projectID, "project-live-") {
		creds.Environment = mockserver.EnvLive
	}
	return creds, nil
}
