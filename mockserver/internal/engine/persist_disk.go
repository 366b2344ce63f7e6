package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// checkFileSafe rejects project IDs that cannot name a file, when the engine
// persists.
func (e *Engine) checkFileSafe(id string) error {
	if e.store.Load() != nil && !store.FileSafe(id) {
		return fmt.Errorf("project ID %q cannot be persisted: use only letters, digits, - and _", apierr.Excerpt(id, 64))
	}
	return nil
}

// Persist writes a project's snapshot when the engine has a data directory.
// The snapshot is taken after the per-project write lock is held, so the
// file written last always holds the newest state.
func (e *Engine) Persist(id string) error {
	d := e.store.Load()
	if d == nil {
		return nil
	}
	l := d.Lock(id)
	l.Lock()
	defer l.Unlock()
	p := e.Project(id)
	if p == nil {
		return nil
	}
	if !store.FileSafe(id) {
		return e.checkFileSafe(id)
	}
	data, err := store.Snapshot(p, store.SnapshotOptions{MaxEvents: store.MaxPersistedEvents})
	if err != nil {
		return err
	}
	return store.WriteFileAtomic(d.Dir, store.FileName(id), data)
}

// OpenDataDir makes the engine persist to dir (created with mode 0700): it
// loads every project-<id>.json found there (a project the engine already
// has is an error), removes temporary files a crash left behind, writes the
// projects the engine already had, and from then on writes a project's
// file after every successful change. It returns the IDs it loaded.
func (e *Engine) OpenDataDir(dir string) ([]string, error) {
	if e.store.Load() != nil {
		return nil, errors.New("a data directory is already open")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type loaded struct {
		p      *state.Project
		offset time.Duration
	}
	var found []loaded
	for _, ent := range entries {
		name := ent.Name()
		if strings.HasPrefix(name, ".tmp-project-") {
			_ = os.Remove(filepath.Join(dir, name))
			continue
		}
		if ent.IsDir() || !strings.HasPrefix(name, "project-") || !strings.HasSuffix(name, ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		p, offset, err := store.RestoreProject(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if store.FileName(p.ID) != name {
			return nil, fmt.Errorf("%s: holds project %q", name, p.ID)
		}
		found = append(found, loaded{p, offset})
	}
	e.mu.Lock()
	for _, l := range found {
		if e.projects[l.p.ID] != nil {
			e.mu.Unlock()
			return nil, fmt.Errorf("project %q of the data directory already exists", l.p.ID)
		}
	}
	ids := make([]string, 0, len(found))
	for _, l := range found {
		l.p.Clock.SetOffset(l.offset)
		e.projects[l.p.ID] = l.p
		ids = append(ids, l.p.ID)
	}
	for id := range e.projects {
		if !store.FileSafe(id) {
			e.mu.Unlock()
			return nil, fmt.Errorf("project ID %q cannot be persisted: use only letters, digits, - and _", apierr.Excerpt(id, 64))
		}
	}
	e.mu.Unlock()
	e.store.Store(&store.DiskStore{Dir: dir, Locks: map[string]*sync.Mutex{}})
	for _, id := range e.ProjectIDs() {
		if err := e.Persist(id); err != nil {
			return nil, err
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// persistAfter decides whether a successful request wrote state and, if so,
// writes its project. It is called after the handler succeeded and before
// the response is sent.
func (e *Engine) persistAfter(rc *httpkit.Call, rt *httpkit.Route) error {
	if e.store.Load() == nil || rc.Persisted {
		return nil
	}
	if !rt.Writes() {
		return nil
	}
	id := rc.PersistID
	if id == "" && rc.Project != nil {
		id = rc.Project.ID
	}
	if id == "" {
		return nil
	}
	return e.Persist(id)
}
