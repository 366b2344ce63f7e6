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
}

// Engine is the mock API as an http.Handler.
type Engine struct {
	logger *slog.Logger
	api    httpkit.Router
	admin  httpkit.Router
	dash   *dashboard.Dashboard // nil when disabled

	trustXFF atomic.Bool

	mu       sync.RWMutex
	projects map[string]*state.Project

	persist atomic.Pointer[persistence] // the durable store, when persisting
}

// New returns an Engine with no projects.
func New(opts Options) *Engine {
	e := &Engine{logger: opts.Logger, projects: map[string]*state.Project{}}
	e.trustXFF.Store(opts.TrustForwardedFor)
	for _, r := range slices.Concat(api.Routes(), e.engineAPIRoutes(), e.ssoBrowserRoutes()) {
		e.api.Add(r)
	}
	for _, r := range slices.Concat(e.adminRoutes(), e.persistRoutes(), e.idpRoutes()) {
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
}

// CreateProject adds a project. With an empty ID or secret, fresh ones are
// generated. env is "test" or "live".
func (e *Engine) CreateProject(env, projectID, secret string) (Credentials, error) {
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
	np := state.NewProject(projectID, env, secret)
	e.projects[projectID] = np
	e.mu.Unlock()
	if err := e.Persist(projectID); err != nil {
		return Credentials{}, fmt.Errorf("persisting project %q: %w", projectID, err)
	}
	return Credentials{ProjectID: projectID, Secret: secret, Environment: env, PublicToken: np.SSO.PublicToken}, nil
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
		e.dash.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	rc := &httpkit.Call{Request: r}
	var status int
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
	}()
	rc.RequestID = ids.NewID("request-id", "test")

	rt := &e.api
	if strings.HasPrefix(r.URL.Path, "/mock/") || r.URL.Path == "/mock" {
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
	if aerr != nil {
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

	body, berr := httpkit.ReadBody(w, r, route.MaxBody)
	var out any
	var err error
	switch {
	case berr != nil:
		err = berr
	case logEvents && !p.Platform.Allowed(clientAddr(r, e.trustXFF.Load())):
		err = apierr.Forbidden("ip_address_not_allowed", "This project's IP allowlist does not allow requests from your address.")
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
		out, err = route.Handler(rc)
		if err == nil {
			if perr := e.persistAfter(rc, route); perr != nil {
				if e.logger != nil {
					e.logger.Error("mock could not write its data directory", "action", route.Action, "error", perr)
				}
				err = apierr.New(http.StatusInternalServerError, "persistence_failed", "The change was made but could not be written to the data directory.")
			}
		}
	}
	var oauthErr *apierr.OAuth2Error
	if errors.As(err, &oauthErr) {
		status, errType = oauthErr.Status, oauthErr.Code
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
	if !ok || id == "" || secret == "" {
		return nil, apierr.Unauthorized("unauthorized_credentials", "The request needs HTTP basic authentication with your project ID and secret.")
	}
	p := e.Project(id)
	if p == nil || !p.CheckSecret(secret) {
		return nil, apierr.Unauthorized("unauthorized_credentials", "Unauthorized credentials: check your project ID and secret.")
	}
	return p, nil
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
