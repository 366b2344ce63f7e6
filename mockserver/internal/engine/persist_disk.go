package engine

import (
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// persistence is the engine's durable store and the per-project locks that
// order its saves.
type persistence struct {
	store store.Store

	mu       sync.Mutex
	locks    map[string]*sync.Mutex // per project: one save at a time
	barriers map[string]*barrier    // per project: commit-before-visible
}

// barrier returns the commit-before-visible barrier of a project.
func (ps *persistence) barrier(id string) *barrier {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.barriers == nil {
		ps.barriers = map[string]*barrier{}
	}
	b := ps.barriers[id]
	if b == nil {
		b = newBarrier()
		ps.barriers[id] = b
	}
	return b
}

// lock returns the save lock of a project.
func (ps *persistence) lock(id string) *sync.Mutex {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	l := ps.locks[id]
	if l == nil {
		l = &sync.Mutex{}
		ps.locks[id] = l
	}
	return l
}

// checkFileSafe rejects project IDs the store cannot hold, when the engine
// persists.
func (e *Engine) checkFileSafe(id string) error {
	if ps := e.persist.Load(); ps != nil {
		return ps.store.CheckID(id)
	}
	return nil
}

// Persist saves a project when the engine has a store. The project is
// looked up after its save lock is held, so the save done last always
// holds the newest state, even across an import that replaced the project.
func (e *Engine) Persist(id string) error {
	ps := e.persist.Load()
	if ps == nil {
		return nil
	}
	l := ps.lock(id)
	l.Lock()
	p := e.Project(id)
	if p == nil {
		l.Unlock()
		return nil
	}
	var err error
	if b, ok := ps.store.(beginner); ok {
		// Queue the save in order under the lock; wait for the commit
		// without it, so concurrent saves share one fsync.
		var wait func() error
		wait, err = b.Begin(p)
		l.Unlock()
		if err == nil {
			err = wait()
		}
	} else {
		err = ps.store.Save(p)
		l.Unlock()
	}
	if err != nil {
		e.restoreCommitted(ps, id)
	}
	return err
}

// beginner is a Store whose saves can be queued and waited for apart.
type beginner interface {
	Begin(p *state.Project) (wait func() error, err error)
}

// loader is a Store that can restore one project as it last committed it.
type loader interface {
	Load(id string) (store.Stored, bool, error)
}

// restoreCommitted puts back the project as the store last committed it,
// after a save failed: the failed change becomes invisible. A project the
// store never committed (its create failed) is dropped. When the store
// cannot load (or loading fails too), the project is left as it is.
func (e *Engine) restoreCommitted(ps *persistence, id string) {
	ld, ok := ps.store.(loader)
	if !ok {
		return
	}
	l := ps.lock(id)
	l.Lock()
	defer l.Unlock()
	st, found, err := ld.Load(id)
	if err != nil {
		if e.logger != nil {
			e.logger.Error("mock could not reload a project after a failed write", "project_id", id, "error", err)
		}
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	old := e.projects[id]
	if old == nil {
		return
	}
	if !found {
		delete(e.projects, id)
		return
	}
	st.Project.Clock = old.Clock
	st.Project.Clock.SetOffset(st.ClockOffset)
	e.projects[id] = e.adopt(st.Project)
}

// OpenDataDir makes the engine persist to dir (created with mode 0700) in
// its database (store.DBStore, dir/stytch-mock.db); see UseStore. Project
// files of the one-file-per-project format found in dir are migrated into
// the database first (store.DBStore.MigrateDir). It returns the IDs it
// loaded.
func (e *Engine) OpenDataDir(dir string) ([]string, error) {
	if e.persist.Load() != nil {
		return nil, errors.New("a data directory is already open")
	}
	s, err := store.OpenDBStore(dir)
	if err != nil {
		return nil, err
	}
	if _, err := s.MigrateDir(dir); err != nil {
		_ = s.Close()
		return nil, err
	}
	ids, err := e.UseStore(s)
	if err != nil {
		_ = s.Close()
	}
	return ids, err
}

// Close closes the engine's store, when it has one that needs closing.
func (e *Engine) Close() error {
	ps := e.persist.Load()
	if ps == nil {
		return nil
	}
	if c, ok := ps.store.(interface{ Close() error }); ok {
		return c.Close()
	}
	return nil
}

// UseStore makes the engine persist to s: it loads every project s holds
// (a project the engine already has is an error), saves the projects the
// engine already had, and from then on saves a project after every
// successful change. It returns the IDs it loaded, sorted.
func (e *Engine) UseStore(s store.Store) ([]string, error) {
	if e.persist.Load() != nil {
		return nil, errors.New("a data directory is already open")
	}
	found, err := s.List()
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	for _, l := range found {
		if e.projects[l.Project.ID] != nil {
			e.mu.Unlock()
			return nil, fmt.Errorf("project %q of the data directory already exists", l.Project.ID)
		}
	}
	for id := range e.projects {
		if err := s.CheckID(id); err != nil {
			e.mu.Unlock()
			return nil, err
		}
	}
	// Only the projects the engine had before are written now: the loaded
	// ones are already stored, so starting needs no spare disk space (a
	// migrated version-1 file is rewritten on the project's next change).
	var had []string
	for id := range e.projects {
		had = append(had, id)
	}
	ids := make([]string, 0, len(found))
	for _, l := range found {
		l.Project.Clock.SetOffset(l.ClockOffset)
		e.projects[l.Project.ID] = e.adopt(l.Project)
		ids = append(ids, l.Project.ID)
	}
	e.mu.Unlock()
	e.persist.Store(&persistence{store: s, locks: map[string]*sync.Mutex{}})
	for _, id := range had {
		if err := e.Persist(id); err != nil {
			return nil, err
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// persistAfter decides whether a request to a writing route may have
// changed state and, if so, writes its project. It is called after the
// handler returned, whether or not it succeeded (a refused login counts an
// attempt), and before the response is sent.
func (e *Engine) persistAfter(rc *httpkit.Call, rt *httpkit.Route) error {
	if e.persist.Load() == nil || rc.Persisted {
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
