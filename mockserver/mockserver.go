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
// own admin API (projects, clock, events, ip_allowlist, faults, export,
// import, reset; see README.md); GET / and /dashboard/... serve a read-only
// web dashboard (see Options.DisableDashboard); every other route is Stytch's.
package mockserver

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/stytchkit/stytch-go/mockserver/internal/clock"
	"github.com/stytchkit/stytch-go/mockserver/internal/engine"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Clock is a project's clock. Every expiry in the project reads it; Advance
// moves it forward so tests can make tokens and sessions expire at once.
type Clock = clock.Clock

// Event is one entry of a project's event log: each API request writes a
// "start" entry, then one "success" or "error" entry with the same request ID.
// Entries carry no bodies, query strings, headers, tokens or secrets.
type Event = state.Event

// EventFilter selects events for Server.Events. Zero fields match
// everything; Since is inclusive and Until exclusive; Limit 0 returns every
// match; Cursor continues from a previous EventPage.NextCursor.
type EventFilter = state.EventFilter

// EventPage is a page of events, newest first, with the cursor of the next
// page (empty on the last one).
type EventPage = state.EventPage

// Event statuses.
const (
	EventStart   = state.EventStart
	EventSuccess = state.EventSuccess
	EventError   = state.EventError
)

// EventRetention is how long a project keeps its events, in mock time.
const EventRetention = state.EventRetention

// Fault is a failure injected into a project's API requests; see AddFault.
type Fault = state.Fault

// MaxIPAllowlist is the most entries a project's IP allowlist may hold.
const MaxIPAllowlist = state.MaxIPAllowlist

// ErrNoProject is returned (wrapped) for a project ID the server does not
// know.
var ErrNoProject = engine.ErrNoProject

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

	// TrustForwardedFor makes the IP allowlist check the first address of
	// the X-Forwarded-For header, when present, instead of the connection's
	// remote address. Turn it on only behind a proxy that sets the header:
	// otherwise any client can claim any address.
	TrustForwardedFor bool
	// DisableDashboard turns off the web dashboard. By default the server
	// answers GET / and /dashboard/... with an unauthenticated view of its
	// projects, organizations, members, outbox (magic links and codes
	// included) and event log, meant for a developer's own machine. It is
	// read-only except for a same-origin form that clears an outbox. Turn it
	// off when the mock is reachable by others; those paths then answer 404
	// like any unknown route.
	DisableDashboard bool

	// DashboardHosts are host names, besides IP addresses and localhost,
	// under which the dashboard answers (for example a Docker service name).
	// Requests naming any other host get 403: that blocks DNS-rebinding
	// attacks, in which another web page reaches the local mock under its
	// own domain name.
	DashboardHosts []string

	// Limits bound projects per server, outbox messages per project and
	// imports; zero fields take the defaults (DefaultMaxProjects, ...).
	Limits Limits

	// OutboundAllow names where the mock's own outbound requests (session
	// migration's UserInfo call) may go besides loopback addresses, which
	// are always allowed: host names, IP addresses and CIDR prefixes such
	// as "10.0.0.0/8". Check entries with CheckOutboundAllow; one that does
	// not parse allows nothing.
	OutboundAllow []string

	// AdminToken, when set, guards the dashboard and POST /mock/projects,
	// which otherwise need no credentials: scripts send
	// "Authorization: Bearer <token>", and a browser opens the dashboard
	// once with ?admin_token=<token> (it then keeps an HttpOnly cookie).
	// stytch-mock sets one whenever it listens beyond loopback.
	AdminToken string
}

// CheckOutboundAllow reports the first entry of an outbound allowlist that
// does not parse.
func CheckOutboundAllow(entries []string) error {
	_, err := httpkit.ParseOutboundAllow(entries)
	return err
}

// Limits bound what callers can make a Server hold: MaxProjects (default
// DefaultMaxProjects), MaxOutboxMessages per project, oldest dropped first
// (DefaultMaxOutboxMessages), and MaxImportBytes of a POST /mock/import
// body (DefaultMaxImportBytes; one import runs at a time).
type Limits = engine.Limits

// Default limits.
const (
	DefaultMaxProjects       = engine.DefaultMaxProjects
	DefaultMaxOutboxMessages = engine.DefaultMaxOutboxMessages
	DefaultMaxImportBytes    = engine.DefaultMaxImportBytes
)

// Server is the mock API as an http.Handler. It is safe for concurrent use.
type Server struct {
	engine *engine.Engine
}

// New returns a Server with no projects; add them with CreateProject or
// AddProject, or through POST /mock/projects.
func New(opts Options) *Server {
	return &Server{engine: engine.New(engine.Options{Logger: opts.Logger, TrustForwardedFor: opts.TrustForwardedFor, DisableDashboard: opts.DisableDashboard, DashboardHosts: opts.DashboardHosts, Limits: opts.Limits, OutboundAllow: opts.OutboundAllow, AdminToken: opts.AdminToken})}
}

// ServeHTTP serves the Stytch API, the /mock/ admin API and the dashboard.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

// CreateProject adds a project with a fresh ID and secret in env ("test" or
// "live").
func (s *Server) CreateProject(env string) (Credentials, error) {
	return s.engine.CreateProject(env, "", "")
}

// AddProject adds a project with fixed credentials. The environment is taken
// from creds.Environment, or from the project ID's prefix when it is empty;
// the vertical from creds.Vertical (default B2B).
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
	vertical := creds.Vertical
	if vertical == "" {
		vertical = VerticalB2B
	}
	_, err := s.engine.CreateVerticalProject(env, vertical, creds.ProjectID, creds.Secret)
	if err != nil {
		return fmt.Errorf("mockserver: %w", err)
	}
	return nil
}

// Clock returns the clock of a project, or nil if there is no such project.
func (s *Server) Clock(projectID string) *Clock { return s.engine.Clock(projectID) }

// Events returns a page of a project's retained event log, newest first,
// filtered by f. It fails for an unknown project, an unknown status or a
// cursor this server did not return.
func (s *Server) Events(projectID string, f EventFilter) (EventPage, error) {
	page, err := s.engine.Events(projectID, f)
	return page, wrap(err)
}

// SetTrustForwardedFor changes Options.TrustForwardedFor.
func (s *Server) SetTrustForwardedFor(trust bool) { s.engine.SetTrustForwardedFor(trust) }

// SetIPAllowlist restricts a project's API to the given IP addresses and
// CIDR prefixes (at most MaxIPAllowlist, e.g. "127.0.0.1", "10.0.0.0/8").
// An empty list allows every address, as a new project does. Requests from
// other addresses get 401 invalid_ip_address; the /mock/ admin routes
// are never restricted.
func (s *Server) SetIPAllowlist(projectID string, entries []string) error {
	return wrap(s.engine.SetIPAllowlist(projectID, entries))
}

// IPAllowlist returns a project's IP allowlist; empty means every address.
func (s *Server) IPAllowlist(projectID string) ([]string, error) {
	l, err := s.engine.IPAllowlist(projectID)
	return l, wrap(err)
}

// AddFault makes a project's API requests that match f.Method (empty: any)
// and f.Path (a path.Match glob such as "/v1/b2b/organizations/*"; empty:
// any) fail: with f.Status, they get that status, a Stytch error body
// (f.ErrorType, f.ErrorMessage, defaults by status) and a Retry-After
// header when f.RetryAfterSeconds is set; with f.DropConnection, the
// connection is closed without a response; f.LatencyMS delays them first
// (alone, it only delays them). f.Times limits how many requests it applies
// to (0: until removed). It returns the fault with its ID. Faults are tried
// in the order they were added; the first match wins. They never apply to
// the /mock/ admin routes or to requests that fail authentication.
func (s *Server) AddFault(projectID string, f Fault) (Fault, error) {
	f, err := s.engine.AddFault(projectID, f)
	return f, wrap(err)
}

// Faults returns a project's active faults, with their hit counts.
func (s *Server) Faults(projectID string) ([]Fault, error) {
	f, err := s.engine.Faults(projectID)
	return f, wrap(err)
}

// RemoveFault removes one fault by ID and reports whether it existed.
func (s *Server) RemoveFault(projectID, faultID string) (bool, error) {
	ok, err := s.engine.RemoveFault(projectID, faultID)
	return ok, wrap(err)
}

// ClearFaults removes all of a project's faults.
func (s *Server) ClearFaults(projectID string) error { return wrap(s.engine.ClearFaults(projectID)) }

// SetSessionDuration sets the session duration in minutes that the
// project's session endpoints use when a request names none (5–527040, or
// 0 for the API's default).
func (s *Server) SetSessionDuration(projectID string, minutes int) error {
	return wrap(s.engine.SetSessionDuration(projectID, minutes))
}

func wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("mockserver: %w", err)
}
