package engine

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// Export returns a project's snapshot (see SnapshotVersion and
// docs/snapshot.md). It holds secrets: private signing keys and the key
// session tokens derive from.
func (e *Engine) Export(projectID string) ([]byte, error) {
	var buf bytes.Buffer
	if err := e.ExportTo(projectID, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// actionImport is the action of POST /mock/import, which the engine runs
// one at a time.
const actionImport = "MockImport"

// ImportMode says what Import does about credentials.
type ImportMode int

const (
	// ImportReplace replaces the state of an existing project and keeps its
	// secret; a project the engine does not have is created with the
	// snapshot's secret hash.
	ImportReplace ImportMode = iota
	// ImportCreateOnly creates the project and fails if it exists.
	ImportCreateOnly
)

// Import validates a snapshot completely and then replaces the project's
// whole state with it at once: a failure changes nothing. When projectID
// is not empty it must be the snapshot's project ID. It returns the
// project's ID.
func (e *Engine) Import(projectID string, data []byte, mode ImportMode) (string, error) {
	e.importSlot <- struct{}{} // one import at a time: it may hold a large snapshot twice
	defer func() { <-e.importSlot }()
	return e.importLocked(projectID, data, mode)
}

// importLocked is Import for a caller that holds the import slot.
func (e *Engine) importLocked(projectID string, data []byte, mode ImportMode) (string, error) {
	np, offset, err := store.RestoreProject(data)
	if err != nil {
		return "", err
	}
	if projectID != "" && np.ID != projectID {
		return "", store.SnapErr("project.project_id", "is %q, but the snapshot is being imported into %q", np.ID, projectID)
	}
	if err := e.install(np, offset, mode); err != nil {
		return "", err
	}
	return np.ID, e.Persist(np.ID)
}

// install makes np the project with its ID. An existing project's clock
// object is kept (so that Clock() handles stay valid) and set to offset.
// Requests still running on the old project finish on it, as if they had
// come before the import.
func (e *Engine) install(np *state.Project, offset time.Duration, mode ImportMode) error {
	if err := e.checkFileSafe(np.ID); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if old := e.projects[np.ID]; old != nil {
		if mode == ImportCreateOnly {
			return fmt.Errorf("project %q already exists", np.ID)
		}
		if old.Env != np.Env {
			return store.SnapErr("project.environment", "is %q, but project %q is %q", np.Env, np.ID, old.Env)
		}
		np.SecretHash = old.SecretHash
		np.Clock = old.Clock
	}
	if err := e.checkRoomLocked(np.ID); err != nil {
		return err
	}
	np.Clock.SetOffset(offset)
	e.projects[np.ID] = e.adopt(np)
	return nil
}

// Reset empties a project: organizations, members, sessions, outbox,
// events, faults, redirect URLs and RBAC policy go back to a new project's.
// Its credentials, clock, signing keys, IP allowlist and default session
// duration are kept.
func (e *Engine) Reset(projectID string) error {
	e.mu.Lock()
	old := e.projects[projectID]
	if old == nil {
		e.mu.Unlock()
		return fmt.Errorf("%w: %q", ErrNoProject, projectID)
	}
	np := state.NewProject(old.ID, old.Env, "")
	np.SecretHash, np.Clock, np.Keys = old.SecretHash, old.Clock, old.Keys
	np.SSO.PublicToken = old.SSO.PublicToken // set at creation, never changed
	old.Platform.Mu.RLock()
	np.Platform.Allowlist = append(np.Platform.Allowlist, old.Platform.Allowlist...)
	np.Platform.SessionDurationMinutes = old.Platform.SessionDurationMinutes
	np.Platform.FaultSeq = old.Platform.FaultSeq
	old.Platform.Mu.RUnlock()
	e.projects[projectID] = e.adopt(np)
	e.mu.Unlock()
	return e.Persist(projectID)
}

// CheckSecret reports whether secret is the secret of an existing project.
func (e *Engine) CheckSecret(projectID, secret string) bool {
	p := e.Project(projectID)
	return p != nil && p.CheckSecret(secret)
}

// ProjectIDs returns the IDs of every project.
func (e *Engine) ProjectIDs() []string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]string, 0, len(e.projects))
	for id := range e.projects {
		out = append(out, id)
	}
	return out
}

// persistRoutes are the admin routes of snapshots.
func (e *Engine) persistRoutes() []*httpkit.Route {
	return []*httpkit.Route{
		// GET /mock/export answers the project's snapshot itself.
		{Method: http.MethodGet, Pattern: "/mock/export", Action: "MockExport", Handler: e.handleExport},
		// POST /mock/import replaces the project's state with a snapshot of
		// the same project ID.
		{Method: http.MethodPost, Pattern: "/mock/import", Action: actionImport, Handler: e.handleImport, MaxBody: e.limits.MaxImportBytes},
		// POST /mock/reset empties the project but keeps credentials, clock and keys.
		{Method: http.MethodPost, Pattern: "/mock/reset", Action: "MockReset", Handler: e.handleReset},
	}
}

type importResponse struct {
	httpkit.Ack
	ProjectID string `json:"project_id"`
}

func (e *Engine) handleImport(rc *httpkit.Call) (any, error) {
	// The engine took the import slot before reading the body (see
	// ServeHTTP), so that concurrent imports never buffer together.
	id, err := e.importLocked(rc.Project.ID, rc.Body, ImportReplace)
	rc.Persisted = true
	if err != nil {
		if errors.Is(err, ErrProjectLimit) {
			return nil, apierr.New(http.StatusForbidden, "project_limit_reached", "%s", err.Error())
		}
		var se *store.SnapshotError
		if errors.As(err, &se) {
			return nil, apierr.BadRequest("invalid_snapshot", "%s", se.Error())
		}
		return nil, err
	}
	return &importResponse{httpkit.Ack{}, id}, nil
}

func (e *Engine) handleReset(rc *httpkit.Call) (any, error) {
	rc.Persisted = true
	if err := e.Reset(rc.Project.ID); err != nil {
		return nil, err
	}
	return &httpkit.Ack{}, nil
}

// ValidateSnapshot checks a snapshot completely, as Import does, without
// changing anything, and returns its project ID.
func ValidateSnapshot(data []byte) (string, error) {
	p, _, err := store.RestoreProject(data)
	if err != nil {
		return "", err
	}
	return p.ID, nil
}
