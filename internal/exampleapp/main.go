// Command exampleapp is a small B2B web app built on the stytch-go SDK: sign
// up or log in through discovery, create or enter an organization, invite a
// teammate, change admin-only settings, add an SSO connection and log in
// through it. Every request checks the session JWT locally.
//
// With no flags it starts the Stytch mock in-process with a fresh TEST
// project, so nothing needs to be set up and no email is really sent:
//
//	go run ./internal/exampleapp
//
// --mock-url points it at a running stytch-mock instead (with --project-id
// and --secret, or STYTCH_PROJECT_ID and STYTCH_SECRET, plus --public-token
// or STYTCH_PUBLIC_TOKEN for SSO; without them it creates a project there).
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
	"syscall"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "exampleapp:", err)
		os.Exit(1)
	}
}

// options are the command line of the app.
type options struct {
	addr, mockURL, projectID, secret, publicToken string
}

func parseOptions(args []string, getenv func(string) string) (options, error) {
	var o options
	fs := flag.NewFlagSet("exampleapp", flag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "address the app listens on (port 0: any free port)")
	fs.StringVar(&o.mockURL, "mock-url", getenv("STYTCH_MOCK_URL"), "base URL of a running stytch-mock (default: start one in-process)")
	fs.StringVar(&o.projectID, "project-id", getenv("STYTCH_PROJECT_ID"), "project ID at --mock-url (default: create a project there)")
	fs.StringVar(&o.secret, "secret", getenv("STYTCH_SECRET"), "secret of --project-id")
	fs.StringVar(&o.publicToken, "public-token", getenv("STYTCH_PUBLIC_TOKEN"), "public token of --project-id, for SSO logins (shown on the mock dashboard's project page)")
	return o, fs.Parse(args)
}

// run starts the app and serves it until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	o, err := parseOptions(args, getenv)
	if err != nil {
		return err
	}
	st, err := start(ctx, o, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err != nil {
		return err
	}
	defer st.close()
	fmt.Fprintf(out, "example app:    %s\nStytch mock:    %s (mailbox: %s)\n", st.appURL, st.mock.url, st.mock.mailboxURL())
	return st.serve(ctx)
}

// stack is the running app and the mock it talks to.
type stack struct {
	appURL string
	mock   *mockEnv
	ln     net.Listener
	srv    *http.Server
}

// start listens on o.addr, sets up the mock (its project and the app's
// redirect URL) and builds the app on a B2B client pointed at the mock.
func start(ctx context.Context, o options, log *slog.Logger) (st *stack, err error) {
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", o.addr, err)
	}
	st = &stack{appURL: "http://" + ln.Addr().String(), ln: ln, srv: &http.Server{ReadHeaderTimeout: 5 * time.Second}}
	defer func() {
		if err != nil {
			st.close()
		}
	}()
	redirectURL := st.appURL + "/authenticate"
	if st.mock, err = setupMock(ctx, o, redirectURL); err != nil {
		return nil, err
	}
	// Against Stytch itself, leave out WithBaseURL: the project ID picks
	// test.stytch.com or api.stytch.com.
	client, err := b2b.NewClient(st.mock.projectID, st.mock.secret, stytchapi.WithBaseURL(st.mock.url))
	if err != nil {
		return nil, fmt.Errorf("creating the Stytch client: %w", err)
	}
	a, err := newApp(client, redirectURL, st.mock.mailboxURL(), log)
	if err != nil {
		return nil, err
	}
	// Browsers start an SSO login at Stytch itself (test.stytch.com or
	// api.stytch.com against the real service).
	a.sso = ssoSetup{startURL: st.mock.url + "/v1/public/sso/start", publicToken: st.mock.publicToken, connectIdP: st.mock.useBuiltinIdP}
	st.srv.Handler = a.routes()
	return st, nil
}

// serve answers requests until ctx ends, then shuts down gracefully.
func (st *stack) serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- st.srv.Serve(st.ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := st.srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

func (st *stack) close() {
	st.srv.Close()
	st.ln.Close()
	if st.mock != nil {
		st.mock.close()
	}
}
