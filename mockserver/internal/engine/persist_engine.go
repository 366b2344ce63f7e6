package engine

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Export returns a project's snapshot (see SnapshotVersion and
// docs/snapshot.md). It holds secrets: private signing keys and the key
// session tokens derive from.
func (e *Engine) Export(projectID string) ([]byte, error) {
	p, err := e.mustProject(projectID)
	if err != nil {
		return nil, err
	}
	return p.snapshot(snapshotOptions{})
}

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
	np, offset, err := restoreProject(data)
	if err != nil {
		return "", err
	}
	if projectID != "" && np.id != projectID {
		return "", snapErr("project.project_id", "is %q, but the snapshot is being imported into %q", np.id, projectID)
	}
	if err := e.install(np, offset, mode); err != nil {
		return "", err
	}
	return np.id, e.persist(np.id)
}

// install makes np the project with its ID. An existing project's clock
// object is kept (so that Clock() handles stay valid) and set to offset.
// Requests still running on the old project finish on it, as if they had
// come before the import.
func (e *Engine) install(np *project, offset time.Duration, mode ImportMode) error {
	if err := e.checkFileSafe(np.id); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if old := e.projects[np.id]; old != nil {
		if mode == ImportCreateOnly {
			return fmt.Errorf("project %q already exists", np.id)
		}
		if old.env != np.env {
			return snapErr("project.environment", "is %q, but project %q is %q", np.env, np.id, old.env)
		}
		np.secretHash = old.secretHash
		np.clock = old.clock
	}
	np.clock.SetOffset(offset)
	e.projects[np.id] = np
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
	np := newProject(old.id, old.env, "")
	np.secretHash, np.clock, np.keys = old.secretHash, old.clock, old.keys
	old.platform.mu.RLock()
	np.platform.allowlist = append(np.platform.allowlist, old.platform.allowlist...)
	np.platform.sessionDurationMinutes = old.platform.sessionDurationMinutes
	np.platform.faultSeq = old.platform.faultSeq
	old.platform.mu.RUnlock()
	e.projects[projectID] = np
	e.mu.Unlock()
	return e.persist(projectID)
}

// CheckSecret reports whether secret is the secret of an existing project.
func (e *Engine) CheckSecret(projectID, secret string) bool {
	p := e.project(projectID)
	return p != nil && p.checkSecret(secret)
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
func (e *Engine) persistRoutes() []*route {
	return []*route{
		// GET /mock/export answers the project's snapshot itself.
		{method: http.MethodGet, pattern: "/mock/export", action: "MockExport", handler: e.handleExport},
		// POST /mock/import replaces the project's state with a snapshot of
		// the same project ID.
		{method: http.MethodPost, pattern: "/mock/import", action: "MockImport", handler: e.handleImport, maxBody: MaxSnapshotBytes},
		// POST /mock/reset empties the project but keeps credentials, clock and keys.
		{method: http.MethodPost, pattern: "/mock/reset", action: "MockReset", handler: e.handleReset},
	}
}

func (e *Engine) handleExport(rc *reqCtx) (any, error) {
	data, err := rc.p.snapshot(snapshotOptions{})
	if err != nil {
		return nil, err
	}
	return rawJSON(data), nil
}

// rawJSON is a response body that is sent as is.
type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

type importResponse struct {
	adminResponse
	ProjectID string `json:"project_id"`
}

func (e *Engine) handleImport(rc *reqCtx) (any, error) {
	id, err := e.Import(rc.p.id, rc.body, ImportReplace)
	rc.persisted = true
	if err != nil {
		var se *SnapshotError
		if errors.As(err, &se) {
			return nil, badRequest("invalid_snapshot", "%s", se.Error())
		}
		return nil, err
	}
	return &importResponse{adminResponse{rc.requestID, http.StatusOK}, id}, nil
}

func (e *Engine) handleReset(rc *reqCtx) (any, error) {
	rc.persisted = true
	if err := e.Reset(rc.p.id); err != nil {
		return nil, err
	}
	return &adminResponse{rc.requestID, http.StatusOK}, nil
}

// ValidateSnapshot checks a snapshot completely, as Import does, without
// changing anything, and returns its project ID.
func ValidateSnapshot(data []byte) (string, error) {
	p, _, err := restoreProject(data)
	if err != nil {
		return "", err
	}
	return p.id, nil
}
