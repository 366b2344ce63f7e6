// Package mockserver is a stateful, offline reproduction of the Stytch B2B
// API. It keeps real state per project, answers with the API's JSON, status
// codes and error types, and sends nothing, so Go backends can run their
// integration tests with no network and no Stytch account.
//
// In a test, Start gives each test its own server, project and client:
//
//	func TestSignup(t *testing.T) {
//		ts := mockserver.Start(t)
//		resp, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{...})
//		...
//	}
//
// Outside tests, New returns an http.Handler to serve as you like;
// cmd/stytch-mock serves it as a binary. Routes under /mock/ are the mock's
// own admin API (projects, clock, ...); GET / and /dashboard/... serve a
// read-only web dashboard (see Options.DisableDashboard); every other route
// is Stytch's.
package mockserver

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/stytchkit/stytch-go/mockserver/internal/clock"
	"github.com/stytchkit/stytch-go/mockserver/internal/engine"
)

// Clock is a project's clock. Every expiry in the project reads it; Advance
// moves it forward so tests can make tokens and sessions expire at once.
type Clock = clock.Clock

// Event is one entry of a project's event log: each API request writes a
// "start" entry, then one "success" or "error" entry with the same request ID.
type Event = engine.Event

// Credentials identify a project: its ID, secret and environment ("test" or
// "live").
type Credentials = engine.Credentials

// Environments of a project.
const (
	EnvTest = "test"
	EnvLive = "live"
)

// Options configure a Server.
type Options struct {
	// Logger receives one line per request. Tokens, secrets and bodies are
	// never logged. Nil logs nothing.
	Logger *slog.Logger
	// DisableDashboard turns off the web dashboard. By default the server
	// answers GET / and /dashboard/... with an unauthenticated view of its
	// projects, organizations, members, outbox (magic links and codes
	// included) and event log, meant for a developer's own machine. It is
	// read-only except for a same-origin form that clears an outbox. Turn it
	// off when the mock is reachable by others; those paths then answer 404
	// like any unknown route.
	DisableDashboard bool
}

// Server is the mock API as an http.Handler. It is safe for concurrent use.
type Server struct {
	engine *engine.Engine
}

// New returns a Server with no projects; add them with CreateProject or
// AddProject, or through POST /mock/projects.
func New(opts Options) *Server {
	return &Server{engine: engine.New(engine.Options{Logger: opts.Logger, DisableDashboard: opts.DisableDashboard})}
}

// ServeHTTP serves the Stytch API, the /mock/ admin API and the dashboard.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

// CreateProject adds a project with a fresh ID and secret in env ("test" or
// "live").
func (s *Server) CreateProject(env string) (Credentials, error) {
	return s.engine.CreateProject(env, "", "")
}

// AddProject adds a project with fixed credentials. The environment is taken
// from creds.Environment, or from the project ID's prefix when it is empty.
func (s *Server) AddProject(creds Credentials) error {
	env := creds.Environment
	if env == "" {
		env = EnvTest
		if len(creds.ProjectID) > len("project-live-") && creds.ProjectID[:len("project-live-")] == "project-live-" {
			env = EnvLive
		}
	}
	if creds.ProjectID == "" || creds.Secret == "" {
		return fmt.Errorf("mockserver: a project needs an ID and a secret")
	}
	_, err := s.engine.CreateProject(env, creds.ProjectID, creds.Secret)
	if err != nil {
		return fmt.Errorf("mockserver: %w", err)
	}
	return nil
}

// Clock returns the clock of a project, or nil if there is no such project.
func (s *Server) Clock(projectID string) *Clock { return s.engine.Clock(projectID) }

// Events returns a project's retained event log, oldest first.
func (s *Server) Events(projectID string) []Event { return s.engine.Events(projectID) }
