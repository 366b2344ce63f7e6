package engine

import (
	"fmt"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/api"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/scim"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// scimProject returns the project that has SCIM connection connID.
func (e *Engine) scimProject(connID string) *state.Project {
	for _, p := range e.Projects() {
		if scim.HasConn(p, connID) {
			return p
		}
	}
	return nil
}

// serveSCIM answers the SCIM 2.0 service of a connection at its base_url:
// bearer-token authentication, the body limit, the event log and
// persistence, as ServeHTTP does for the API. It reports false for paths
// that are not the service's.
func (e *Engine) serveSCIM(w http.ResponseWriter, r *http.Request) bool {
	connID, rest, ok := scim.SplitPath(r.URL.EscapedPath())
	if !ok {
		return false
	}
	start := time.Now()
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler { //nolint:errorlint // sentinel panic value
				panic(v)
			}
			if e.logger != nil {
				e.logger.Error("mock SCIM handler panicked", "method", r.Method, "panic", fmt.Sprint(v))
			}
			scim.WriteError(w, http.StatusInternalServerError, "", "The mock server hit an internal error; this is a bug in stytch-mock.")
		}
	}()
	p := e.scimProject(connID)
	if p == nil {
		scim.WriteError(w, http.StatusUnauthorized, "", "The bearer token does not authenticate a SCIM connection.")
		return true
	}
	orgID, ok := scim.Authenticate(p, connID, r.Header.Get("Authorization"))
	if !ok {
		scim.WriteError(w, http.StatusUnauthorized, "", "The bearer token does not authenticate this SCIM connection.")
		return true
	}
	now := p.Clock.Now()
	action, pattern := scim.Action(r.Method, rest)
	base := state.Event{RequestID: ids.NewID("request-id", p.Env), Action: action, Method: r.Method, Route: pattern, OrganizationID: orgID}
	ev := base
	ev.Status, ev.Timestamp = state.EventStart, now
	p.Events.Add(ev)

	rec := &statusRecorder{ResponseWriter: w}
	body, berr := httpkit.ReadBody(rec, r, 0)
	switch {
	case berr != nil:
		scim.WriteError(rec, http.StatusRequestEntityTooLarge, "", "The request body is too large or could not be read.")
	case !p.Platform.Allowed(clientAddr(r, e.trustXFF.Load())):
		scim.WriteError(rec, http.StatusForbidden, "", "This project's IP allowlist does not allow requests from your address.")
	default:
		scim.Serve(rec, r, scim.Target{Project: p, ConnID: connID, Now: now, BaseURL: api.SCIMBaseURL(r, connID)}, rest, body)
		if scim.Writes(r.Method) && rec.status < 300 {
			if err := e.Persist(p.ID); err != nil && e.logger != nil {
				e.logger.Error("mock could not write its data directory", "action", action, "error", err)
			}
		}
	}
	ev = base
	ev.Status, ev.Timestamp, ev.HTTPStatus, ev.DurationMS = state.EventSuccess, p.Clock.Now(), rec.status, float64(time.Since(start).Microseconds())/1000
	if rec.status >= 400 {
		ev.Status = state.EventError
	}
	p.Events.Add(ev)
	if e.logger != nil {
		e.logger.Info("scim request", "method", r.Method, "route", pattern, "status", rec.status, "duration", time.Since(start))
	}
	return true
}
