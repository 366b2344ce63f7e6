// Package engine is the mock Stytch API: per-project state, the API handlers
// that read and write it, and the admin routes under /mock/. The public
// mockserver package wraps it.
package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/clock"
)

// MaxBodyBytes is the largest request body the mock reads.
const MaxBodyBytes = 1 << 20

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
	api    router
	admin  router
	dash   *dashboard // nil when disabled

	trustXFF atomic.Bool

	mu       sync.RWMutex
	projects map[string]*project

	store atomic.Pointer[diskStore] // the data directory, when persisting
}

// New returns an Engine with no projects.
func New(opts Options) *Engine {
	e := &Engine{logger: opts.Logger, projects: map[string]*project{}}
	e.trustXFF.Store(opts.TrustForwardedFor)
	for _, r := range append(apiRoutes(), e.engineAPIRoutes()...) {
		e.api.add(r)
	}
	for _, r := range append(e.adminRoutes(), e.persistRoutes()...) {
		e.admin.add(r)
	}
	if !opts.DisableDashboard {
		e.dash = newDashboard(e, opts.DashboardHosts)
	}
	return e
}

// Credentials identify a project.
type Credentials struct {
	ProjectID   string `json:"project_id"`
	Secret      string `json:"secret"`
	Environment string `json:"environment"`
}

// CreateProject adds a project. With an empty ID or secret, fresh ones are
// generated. env is "test" or "live".
func (e *Engine) CreateProject(env, projectID, secret string) (Credentials, error) {
	if env != "test" && env != "live" {
		return Credentials{}, fmt.Errorf("environment must be \"test\" or \"live\", not %q", env)
	}
	if projectID == "" {
		projectID = newID("project", env)
	}
	if secret == "" {
		secret = newSecret(env)
	}
	if err := e.checkFileSafe(projectID); err != nil {
		return Credentials{}, err
	}
	e.mu.Lock()
	if _, dup := e.projects[projectID]; dup {
		e.mu.Unlock()
		return Credentials{}, fmt.Errorf("project %q already exists", projectID)
	}
	e.projects[projectID] = newProject(projectID, env, secret)
	e.mu.Unlock()
	if err := e.persist(projectID); err != nil {
		return Credentials{}, fmt.Errorf("persisting project %q: %w", projectID, err)
	}
	return Credentials{ProjectID: projectID, Secret: secret, Environment: env}, nil
}

// Clock returns the clock of a project, or nil when there is no such project.
func (e *Engine) Clock(projectID string) *clock.Clock {
	if p := e.project(projectID); p != nil {
		return p.clock
	}
	return nil
}

func (e *Engine) project(id string) *project {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.projects[id]
}

// reqCtx is what a handler knows about its request.
type reqCtx struct {
	r         *http.Request
	p         *project
	requestID string
	params    map[string]string
	action    string // the route's event-log action name
	now       time.Time
	body      []byte

	// persisted is set by handlers that wrote the data directory
	// themselves; persistID by handlers whose changed project is not rc.p.
	persisted bool
	persistID string
}

// param returns a path parameter.
func (rc *reqCtx) param(name string) string { return rc.params[name] }

// query returns a query-string parameter.
func (rc *reqCtx) query(name string) string { return rc.r.URL.Query().Get(name) }

// decode reads the JSON body into v. An empty body decodes as {}. Malformed
// JSON and values of the wrong type are 400 errors that name the problem.
func (rc *reqCtx) decode(v any) error {
	body := bytes.TrimSpace(rc.body)
	if len(body) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			field := typeErr.Field
			if field == "" {
				return badRequest("invalid_request_value", "The request body must be a JSON object.")
			}
			return badRequest("invalid_request_value", "The value of %s must be of type %s, not %s.", field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
		}
		return badRequest("bad_request", "The request body is not valid JSON.")
	}
	if dec.More() {
		return badRequest("bad_request", "The request body must hold exactly one JSON object.")
	}
	return nil
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "map", "struct", "ptr", "interface":
		return "object"
	default:
		return "number"
	}
}

// requestIDEnv returns the environment to name request IDs after.
func requestIDEnv(p *project) string {
	if p != nil {
		return p.env
	}
	return "test"
}

// ServeHTTP answers API routes, the admin routes under /mock/, the
// dashboard (GET / and /dashboard/...), and a Stytch JSON error for
// everything else. It never lets a panic escape.
func (e *Engine) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.dash != nil && isDashboardRequest(r) {
		e.dash.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	rc := &reqCtx{r: r}
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
			ae := newError(http.StatusInternalServerError, "internal_server_error", "The mock server hit an internal error; this is a bug in stytch-mock.")
			status, errType = ae.Status, ae.Type
			writeJSON(w, ae.Status, ae.body(rc.requestID), rc.requestID)
		}
		if e.logger != nil {
			e.logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", status, "error_type", errType, "request_id", rc.requestID, "duration", time.Since(start))
		}
	}()
	rc.requestID = newID("request-id", "test")

	rt := &e.api
	if strings.HasPrefix(r.URL.Path, "/mock/") || r.URL.Path == "/mock" {
		rt = &e.admin
	}
	route, params, known := rt.match(r.Method, r.URL.EscapedPath())
	if route == nil {
		var ae *apiError
		if known {
			ae = newError(http.StatusMethodNotAllowed, "method_not_allowed", "The method %s is not allowed on %s.", r.Method, r.URL.Path)
		} else {
			ae = notFound("route_not_found", "There is no route %s %s.", r.Method, r.URL.Path)
		}
		status, errType = ae.Status, ae.Type
		writeJSON(w, ae.Status, ae.body(rc.requestID), rc.requestID)
		return
	}
	rc.params = params
	rc.action = route.action

	p, aerr := e.authenticate(r, route)
	if aerr != nil {
		status, errType = aerr.Status, aerr.Type
		writeJSON(w, aerr.Status, aerr.body(rc.requestID), rc.requestID)
		return
	}
	rc.p = p
	logEvents := p != nil && rt == &e.api
	if p != nil {
		rc.requestID = "request-id-" + p.env + rc.requestID[len("request-id-test"):]
		rc.now = p.clock.Now()
	}
	var base Event
	if logEvents {
		base = Event{RequestID: rc.requestID, Action: route.action, Method: r.Method, Route: route.pattern,
			OrganizationID: params["organization_id"], MemberID: params["member_id"]}
		ev := base
		ev.Status, ev.Timestamp = EventStart, rc.now
		p.events.add(ev)
	}

	body, berr := readBody(w, r, route.maxBody)
	var out any
	var err error
	switch {
	case berr != nil:
		err = berr
	case logEvents && !p.platform.allowed(clientAddr(r, e.trustXFF.Load())):
		err = forbidden("ip_address_not_allowed", "This project's IP allowlist does not allow requests from your address.")
	default:
		if logEvents {
			if f, ok := p.platform.takeFault(r.Method, r.URL.Path); ok {
				if done := e.applyFault(w, r, rc, f, base, start); done {
					status, errType = 0, "connection_dropped"
					return
				}
				if f.Status != 0 {
					err = newError(f.Status, f.ErrorType, "%s", f.ErrorMessage)
					if f.RetryAfterSeconds > 0 {
						w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfterSeconds))
					}
					break
				}
			}
		}
		rc.body = body
		out, err = route.handler(rc)
		if err == nil {
			if perr := e.persistAfter(rc, route); perr != nil {
				if e.logger != nil {
					e.logger.Error("mock could not write its data directory", "action", route.action, "error", perr)
				}
				err = newError(http.StatusInternalServerError, "persistence_failed", "The change was made but could not be written to the data directory.")
			}
		}
	}
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			ae = newError(http.StatusInternalServerError, "internal_server_error", "The mock server hit an internal error; this is a bug in stytch-mock.")
			if e.logger != nil {
				e.logger.Error("mock handler failed", "action", route.action, "error", err)
			}
		}
		status, errType = ae.Status, ae.Type
		writeJSON(w, ae.Status, ae.body(rc.requestID), rc.requestID)
	} else {
		status = http.StatusOK
		if s, ok := out.(interface{ httpStatus() int }); ok {
			status = s.httpStatus()
		}
		writeJSON(w, status, out, rc.requestID)
	}
	if logEvents {
		ev := base
		ev.Status, ev.Timestamp, ev.HTTPStatus, ev.DurationMS = EventSuccess, p.clock.Now(), status, float64(time.Since(start).Microseconds())/1000
		if status >= 400 {
			ev.Status, ev.ErrorType = EventError, errType
		}
		p.events.add(ev)
	}
}

// authenticate checks the request's basic auth against the project it names.
// Admin routes that are not project-scoped need no credentials.
func (e *Engine) authenticate(r *http.Request, rt *route) (*project, *apiError) {
	if rt.public {
		return nil, nil
	}
	id, secret, ok := r.BasicAuth()
	if !ok || id == "" || secret == "" {
		return nil, unauthorized("unauthorized_credentials", "The request needs HTTP basic authentication with your project ID and secret.")
	}
	p := e.project(id)
	if p == nil || !p.checkSecret(secret) {
		return nil, unauthorized("unauthorized_credentials", "Unauthorized credentials: check your project ID and secret.")
	}
	return p, nil
}

// readBody reads at most limit bytes (MaxBodyBytes when limit is 0).
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if limit <= 0 {
		limit = MaxBodyBytes
	}
	var buf bytes.Buffer
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, badRequest("request_body_too_large", "The request body is larger than %d bytes.", limit)
		}
		return nil, badRequest("bad_request", "The request body could not be read.")
	}
	return buf.Bytes(), nil
}

func writeJSON(w http.ResponseWriter, status int, v any, requestID string) {
	stamp(v, requestID, status)
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"status_code":500,"error_type":"internal_server_error","error_message":"The mock server could not encode its response."}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
