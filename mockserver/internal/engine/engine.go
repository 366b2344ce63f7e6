package engine

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/api"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/clock"
	"github.com/stytchkit/stytch-go/mockserver/internal/dashboard"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Options configure an Engine.
type Options struct {
	// Logger receives one line per request (never bodies, tokens or
	// secrets). Nil logs nothing.
	Logger *slog.Logger

	// TrustForwardedFor makes the IP allowlist check the first address of
	// X-Forwarded-For instead of the connection's remote address.
	TrustForwardedFor bool
	// DisableDashboard turns off the read-only web dashboard served at /
	// and under /dashboard/; those paths then answer like any unknown route.
	DisableDashboard bool
	// DashboardHosts are host names (besides IP addresses and localhost)
	// under which the dashboard answers, e.g. a Docker service name.
	DashboardHosts []string
	// OnUnregisteredErrorType, when set, is called whenever an API route
	// (not /mock/) answers with an error_type outside Stytch's published
	// registry: a fidelity bug in the mock. mockserver.Start fails the test.
	OnUnregisteredErrorType func(method, path, errorType string)
	// Limits bound projects, outboxes and imports; zero fields take defaults.
	Limits Limits
	// OutboundAllow names where the mock's own outbound requests (session
	// migration's UserInfo call) may go besides loopback: host names, IP
	// addresses and CIDR prefixes (see httpkit.ParseOutboundAllow; an
	// entry that does not parse allows nothing).
	OutboundAllow []string
	// AdminToken, when set, guards the dashboard and POST /mock/projects:
	// they then need it (see admin_token.go). stytch-mock sets one when it
	// listens beyond loopback.
	AdminToken string
}

// Engine is the mock API as an http.Handler.
type Engine struct {
	logger       *slog.Logger
	unregistered func(method, path, errorType string)
	api          httpkit.Router
	admin        httpkit.Router
	dash         *dashboard.Dashboard // nil when disabled

	trustXFF atomic.Bool

	mu       sync.RWMutex
	projects map[string]*state.Project

	persist atomic.Pointer[persistence] // the durable store, when persisting

	limits     Limits
	importSlot chan struct{} // holds a value while an import runs
	outbound   *http.Client  // the mock's own outbound requests
	adminToken string        // guards the dashboard and project creation when set
}

// New returns an Engine with no projects.
func New(opts Options) *Engine {
	e := &Engine{logger: opts.Logger, unregistered: opts.OnUnregisteredErrorType, projects: map[string]*state.Project{}, limits: opts.Limits.withDefaults(), importSlot: make(chan struct{}, 1)}
	e.trustXFF.Store(opts.TrustForwardedFor)
	e.outbound = outboundClient(opts.OutboundAllow)
	e.adminToken = opts.AdminToken
	for _, r := range slices.Concat(api.Routes(), e.engineAPIRoutes(), e.ssoBrowserRoutes(), e.oauthBrowserRoutes()) {
		e.api.Add(r)
	}
	for _, r := range slices.Concat(e.adminRoutes(), e.persistRoutes(), e.idpRoutes(), e.oauthSignInRoutes()) {
		r.StrictBody = true // the mock's own routes refuse fields they do not know
		e.admin.Add(r)
	}
	if !opts.DisableDashboard {
		e.dash = dashboard.New(e, opts.Logger, opts.DashboardHosts)
	}
	return e
}

// Credentials identify a project.
type Credentials struct {
	ProjectID   string `json:"project_id"`
	Secret      string `json:"secret"`
	Environment string `json:"environment"`
	// PublicToken authenticates the project's browser-facing routes (SSO
	// start); it is set by CreateProject and ignored by AddProject.
	PublicToken string `json:"public_token,omitempty"`
	Vertical    string `json:"vertical,omitempty"`
}

// CreateProject adds a B2B project. With an empty ID or secret, fresh ones
// are generated. env is "test" or "live".
func (e *Engine) CreateProject(env, projectID, secret string) (Credentials, error) {
	return e.CreateVerticalProject(env, state.VerticalB2B, projectID, secret)
}

// CreateVerticalProject adds a project of a vertical (state.VerticalB2B or
// state.VerticalConsumer), as CreateProject does.
func (e *Engine) CreateVerticalProject(env, vertical, projectID, secret string) (Credentials, error) {
	if vertical != state.VerticalB2B && vertical != state.VerticalConsumer {
		return Credentials{}, fmt.Errorf("vertical must be \"b2b\" or \"consumer\", not %q", vertical)
	}
	if env != "test" && env != "live" {
		return Credentials{}, fmt.Errorf("environment must be \"test\" or \"live\", not %q", env)
	}
	if projectID == "" {
		projectID = ids.NewID("project", env)
	}
	if secret == "" {
		secret = ids.NewSecret(env)
	}
	if err := e.checkFileSafe(projectID); err != nil {
		return Credentials{}, err
	}
	e.mu.Lock()
	if _, dup := e.projects[projectID]; dup {
		e.mu.Unlock()
		return Credentials{}, fmt.Errorf("project %q already exists", projectID)
	}
	if err := e.checkRoomLocked(projectID); err != nil {
		e.mu.Unlock()
		return Credentials{}, err
	}
	p := state.NewProject(projectID, env, secret)
	p.SetVertical(vertical)
	e.projects[projectID] = e.adopt(p)
	e.mu.Unlock()
	if err := e.Persist(projectID); err != nil {
		return Credentials{}, fmt.Errorf("persisting project %q: %w", projectID, err)
	}
	return Credentials{ProjectID: projectID, Secret: secret, Environment: env, Vertical: vertical, PublicToken: p.SSO.PublicToken}, nil
}

// Clock returns the clock of a project, or nil when there is no such project.
func (e *Engine) Clock(projectID string) *clock.Clock {
	if p := e.Project(projectID); p != nil {
		return p.Clock
	}
	return nil
}

func (e *Engine) Project(id string) *state.Project {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.projects[id]
}

// requestIDEnv returns the environment to name request IDs after.
func requestIDEnv(p *state.Project) string {
	if p != nil {
		return p.Env
	}
	return "test"
}

// ServeHTTP answers API routes, the admin routes under /mock/, the
// dashboard (GET / and /dashboard/...), and a Stytch JSON error for
// everything else. It never lets a panic escape.
func (e *Engine) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.dash != nil && dashboard.IsDashboardRequest(r) {
		if e.guardDashboard(w, r) {
			return
		}
		e.dash.ServeHTTP(w, r)
		return
	}
	if e.serveSCIM(w, r) {
		return
	}
	start := time.Now()
	rc := &httpkit.Call{Request: r, Outbound: e.outbound}
	var status int
	var oauth2Answer bool // the answer is an OAuth2 error (RFC 6749), not a Stytch one
	var errType string
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler { //nolint:errorlint // sentinel panic value
				panic(v)
			}
			if e.logger != nil {
				e.logger.Error("mock handler panicked", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
			}
			ae := apierr.Internal("The mock server hit an internal error; this is a bug in stytch-mock.")
			status, errType = ae.Status, ae.Type
			httpkit.WriteJSON(w, ae.Status, ae.Body(rc.RequestID), rc.RequestID)
		}
		if e.logger != nil {
			e.logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", status, "error_type", errType, "request_id", rc.RequestID, "duration", time.Since(start))
		}
		// OAuth2-shaped answers (the M2M token endpoint) carry RFC 6749
		// error codes, not Stytch error types.
		if status >= 400 && !isAdminPath(r.URL.Path) && !oauth2Answer && !apierr.Registered(errType) {
			if e.logger != nil {
				e.logger.Error("stytch-mock answered an error_type Stytch does not publish; this is a bug in stytch-mock", "path", r.URL.Path, "error_type", errType)
			}
			if e.unregistered != nil {
				e.unregistered(r.Method, r.URL.Path, errType)
			}
		}
	}()
	rc.RequestID = ids.NewID("request-id", "test")

	rt := &e.api
	if isAdminPath(r.URL.Path) {
		rt = &e.admin
	}
	route, params, known := rt.Match(r.Method, r.URL.EscapedPath())
	if route == nil {
		var ae *apierr.Error
		if known {
			ae = apierr.New(http.StatusMethodNotAllowed, "method_not_allowed", "The method %s is not allowed on %s.", r.Method, r.URL.Path)
		} else {
			ae = apierr.NotFound("route_not_found", "There is no route %s %s.", r.Method, r.URL.Path)
		}
		status, errType = ae.Status, ae.Type
		httpkit.WriteJSON(w, ae.Status, ae.Body(rc.RequestID), rc.RequestID)
		return
	}
	rc.Params = params
	rc.Route = route

	p, aerr := e.authenticate(r, route)
	if aerr == nil && needsAdminToken(route) && !e.adminAuthorized(r) {
		aerr = adminTokenError()
	}
	if aerr != nil {
		status, errType = aerr.Status, aerr.Type
		httpkit.WriteJSON(w, aerr.Status, aerr.Body(rc.RequestID), rc.RequestID)
		return
	}
	if aerr := verticalError(route, p); aerr != nil {
		status, errType = aerr.Status, aerr.Type
		httpkit.WriteJSON(w, aerr.Status, aerr.Body(rc.RequestID), rc.RequestID)
		return
	}
	rc.Project = p
	logEvents := p != nil && rt == &e.api
	if p != nil {
		rc.RequestID = "request-id-" + p.Env + rc.RequestID[len("request-id-test"):]
		rc.Now = p.Clock.Now()
	}
	var base state.Event
	if logEvents {
		base = state.Event{RequestID: rc.RequestID, Action: route.Action, Method: r.Method, Route: route.Pattern,
			OrganizationID: params["organization_id"], MemberID: params["member_id"]}
		ev := base
		ev.Status, ev.Timestamp = state.EventStart, rc.Now
		p.Events.Add(ev)
	}

	if rt == &e.admin && route.Action == actionImport {
		done, ierr := e.beginImport()
		if ierr != nil {
			status, errType = http.StatusTooManyRequests, importBusy().Type
			httpkit.WriteJSON(w, status, importBusy().Body(rc.RequestID), rc.RequestID)
			return
		}
		defer done()
	}
	body, berr := httpkit.ReadBody(w, r, route.MaxBody)
	var out any
	var err error
	switch {
	case berr != nil:
		err = berr
	case logEvents && !p.Platform.Allowed(clientAddr(r, e.trustXFF.Load())):
		err = apierr.Unauthorized("invalid_ip_address", "This project's IP allowlist does not allow requests from your address.")
	default:
		if logEvents {
			if f, ok := p.Platform.TakeFault(r.Method, r.URL.Path); ok {
				if done := e.applyFault(w, r, rc, f, base, start); done {
					status, errType = 0, "connection_dropped"
					return
				}
				if f.Status != 0 {
					err = apierr.New(f.Status, f.ErrorType, "%s", f.ErrorMessage)
					if f.RetryAfterSeconds > 0 {
						w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfterSeconds))
					}
					break
				}
			}
		}
		rc.Body = body
		out, err = e.runRoute(route, rc)
	}
	var oauthErr *apierr.OAuth2Error
	if errors.As(err, &oauthErr) {
		status, errType, oauth2Answer = oauthErr.Status, oauthErr.Code, true
		httpkit.WriteJSON(w, oauthErr.Status, oauthErr.Body(rc.RequestID), rc.RequestID)
	} else if err != nil {
		var ae *apierr.Error
		if !errors.As(err, &ae) {
			ae = apierr.Internal("The mock server hit an internal error; this is a bug in stytch-mock.")
			if e.logger != nil {
				e.logger.Error("mock handler failed", "action", route.Action, "error", err)
			}
		}
		status, errType = ae.Status, ae.Type
		httpkit.WriteJSON(w, ae.Status, ae.Body(rc.RequestID), rc.RequestID)
	} else if raw, ok := out.(*httpkit.Raw); ok {
		status = raw.Status
		raw.Write(w)
	} else if st, ok := out.(*httpkit.Stream); ok {
		status = http.StatusOK
		e.writeStream(w, st, route.Action)
	} else {
		status = http.StatusOK
		if s, ok := out.(interface{ httpStatus() int }); ok {
			status = s.httpStatus()
		}
		httpkit.WriteJSON(w, status, out, rc.RequestID)
	}
	if logEvents {
		ev := base
		ev.Status, ev.Timestamp, ev.HTTPStatus, ev.DurationMS = state.EventSuccess, p.Clock.Now(), status, float64(time.Since(start).Microseconds())/1000
		if status >= 400 {
			ev.Status, ev.ErrorType = state.EventError, errType
		}
		p.Events.Add(ev)
	}
}

// authenticate checks the request's basic auth against the project it names.
// Admin routes that are not project-scoped need no credentials.
func (e *Engine) authenticate(r *http.Request, rt *httpkit.Route) (*state.Project, *apierr.Error) {
	if rt.Public {
		return nil, nil
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		return nil, apierr.BadRequest("invalid_authorization_header", "The request needs an Authorization header with HTTP basic authentication: your project ID and secret.")
	}
	p := e.Project(id)
	if id == "" || secret == "" || p == nil || !p.CheckSecret(secret) {
		return nil, apierr.Unauthorized("unauthorized_credentials", "Unauthorized credentials: check your project ID and secret.")
	}
	return p, nil
}

// verticalError refuses a route of one vertical called for a project of
// the other, as Stytch does: a B2B route on a consumer project is
// invalid_b2b_endpoint, a consumer route on a B2B project
// invalid_consumer_endpoint. Project-level routes serve both.
func verticalError(route *httpkit.Route, p *state.Project) *apierr.Error {
	if p == nil || route.Vertical == "" || route.Vertical == p.Vertical {
		return nil
	}
	if route.Vertical == state.VerticalB2B {
		return apierr.BadRequest("invalid_b2b_endpoint", "%s %s is a B2B endpoint; this is a consumer project. Use the consumer endpoints.", route.Method, route.Pattern)
	}
	return apierr.BadRequest("invalid_consumer_endpoint", "%s %s is a consumer endpoint; this is a B2B project. Use the B2B endpoints.", route.Method, route.Pattern)
}

// Projects lists every project, in no particular order.
func (e *Engine) Projects() []*state.Project {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ps := make([]*state.Project, 0, len(e.projects))
	for _, p := range e.projects {
		ps = append(ps, p)
	}
	return ps
}

// isAdminPath reports whether path is one of the mock's own /mock/ routes,
// which may answer with the mock's own error types.
func isAdminPath(path string) bool {
	return strings.HasPrefix(path, "/mock/") || path == "/mock"
}

// runRoute calls the route's handler and makes what it changed durable
// before anyone sees it: a write's commit finishes before its answer, and on
// a project with a data directory a read's answer waits until every change it
// could have seen is committed (see barrier).
func (e *Engine) runRoute(route *httpkit.Route, rc *httpkit.Call) (any, error) {
	var bar *barrier
	if ps := e.persist.Load(); ps != nil && rc.Project != nil {
		bar = ps.barrier(rc.Project.ID)
	}
	writes := route.Writes()
	if bar != nil && writes {
		ticket := bar.begin()
		defer bar.end(ticket) // also when the handler panics
	}
	out, err := route.Handler(rc)
	// A refused write can still change state (a wrong one-time code or
	// password counts an attempt), so the project is written either way.
	if perr := e.persistAfter(rc, route); perr != nil {
		if e.logger != nil {
			e.logger.Error("mock could not write its data directory", "action", route.Action, "error", perr)
		}
		if err == nil {
			err = apierr.Internal("The change was made but could not be written to the data directory.")
		}
	}
	if bar != nil && !writes {
		bar.await()
	}
	return out, err
}
