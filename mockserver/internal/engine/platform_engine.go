package engine

import (
	"fmt"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// ErrNoProject is returned for a project ID the engine does not know.
var ErrNoProject = state.ErrNoProject

func (e *Engine) mustProject(projectID string) (*state.Project, error) {
	p := e.Project(projectID)
	if p == nil {
		return nil, fmt.Errorf("%w: %q", ErrNoProject, projectID)
	}
	return p, nil
}

// SetTrustForwardedFor sets whether the IP allowlist checks the first
// X-Forwarded-For address instead of the connection's remote address.
func (e *Engine) SetTrustForwardedFor(trust bool) { e.trustXFF.Store(trust) }

// Events returns a page of a project's retained events, newest first.
func (e *Engine) Events(projectID string, f state.EventFilter) (state.EventPage, error) {
	p, err := e.mustProject(projectID)
	if err != nil {
		return state.EventPage{}, err
	}
	return p.Events.Query(p.Clock.Now(), f)
}

// SetIPAllowlist replaces a project's IP allowlist; an empty list allows
// every address.
func (e *Engine) SetIPAllowlist(projectID string, entries []string) error {
	p, err := e.mustProject(projectID)
	if err != nil {
		return err
	}
	pfxs, err := state.ParseIPAllowlist(entries)
	if err != nil {
		return err
	}
	p.Platform.SetAllowlist(pfxs)
	return e.Persist(projectID)
}

// IPAllowlist returns a project's IP allowlist.
func (e *Engine) IPAllowlist(projectID string) ([]string, error) {
	p, err := e.mustProject(projectID)
	if err != nil {
		return nil, err
	}
	return p.Platform.GetAllowlist(), nil
}

// AddFault adds a fault to a project and returns it with its ID.
func (e *Engine) AddFault(projectID string, f state.Fault) (state.Fault, error) {
	p, err := e.mustProject(projectID)
	if err != nil {
		return state.Fault{}, err
	}
	f, err = p.Platform.AddFault(f)
	if err != nil {
		return state.Fault{}, err
	}
	return f, e.Persist(projectID)
}

// Faults returns a project's active faults in the order they are matched.
func (e *Engine) Faults(projectID string) ([]state.Fault, error) {
	p, err := e.mustProject(projectID)
	if err != nil {
		return nil, err
	}
	return p.Platform.ListFaults(), nil
}

// RemoveFault removes one fault; it reports whether the fault existed.
func (e *Engine) RemoveFault(projectID, faultID string) (bool, error) {
	p, err := e.mustProject(projectID)
	if err != nil {
		return false, err
	}
	ok := p.Platform.RemoveFault(faultID)
	return ok, e.Persist(projectID)
}

// ClearFaults removes all of a project's faults.
func (e *Engine) ClearFaults(projectID string) error {
	p, err := e.mustProject(projectID)
	if err != nil {
		return err
	}
	p.Platform.ClearFaults()
	return e.Persist(projectID)
}

// SetSessionDuration sets the session duration, in minutes, that session
// endpoints of the project use when a request names none (0: the API's
// default). It must be within 5–527040 or 0.
func (e *Engine) SetSessionDuration(projectID string, minutes int) error {
	p, err := e.mustProject(projectID)
	if err != nil {
		return err
	}
	if minutes != 0 && (minutes < 5 || minutes > 527040) {
		return apierr.BadRequest("invalid_session_duration_minutes", "The session duration must be between 5 and 527040 minutes.")
	}
	p.Platform.SetSessionDuration(minutes)
	return e.Persist(projectID)
}

// applyFault delays the request by the fault's latency and, for a dropping
// fault, records the error event and closes the connection without a
// response; it then returns true and the request is over.
func (e *Engine) applyFault(w http.ResponseWriter, r *http.Request, rc *httpkit.Call, f state.Fault, base state.Event, start time.Time) bool {
	if f.LatencyMS > 0 {
		t := time.NewTimer(time.Duration(f.LatencyMS) * time.Millisecond)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	if !f.DropConnection {
		return false
	}
	ev := base
	ev.Status, ev.Timestamp, ev.ErrorType = state.EventError, rc.Project.Clock.Now(), "connection_dropped"
	ev.DurationMS = float64(time.Since(start).Microseconds()) / 1000
	rc.Project.Events.Add(ev)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 and other writers that cannot be hijacked: abort the
		// stream, which net/http turns into a reset without a response.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
	return true
}
