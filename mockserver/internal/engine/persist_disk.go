package engine

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// MaxPersistedEvents is how many of a project's newest events the data
// directory keeps; Export always has them all. It bounds what every
// mutation writes.
const MaxPersistedEvents = 10_000

// readOnlyActions are POST routes that only read: they never write the
// data directory. Every other non-GET route that succeeds writes it.
var readOnlyActions = map[string]bool{
	"B2BOrganizationsSearch":        true,
	"B2BOrganizationsMembersSearch": true,
	"B2BPasswordsStrengthCheck":     true,
}

// diskStore writes each project's snapshot to <dir>/project-<id>.json.
type diskStore struct {
	dir string

	mu    sync.Mutex
	locks map[string]*sync.Mutex // per project: one write at a time
}

func (d *diskStore) lock(id string) *sync.Mutex {
	d.mu.Lock()
	defer d.mu.Unlock()
	l := d.locks[id]
	if l == nil {
		l = &sync.Mutex{}
		d.locks[id] = l
	}
	return l
}

// fileName is the snapshot file of a project.
func fileName(id string) string { return "project-" + id + ".json" }

// fileSafe reports whether a project ID can name a file.
func fileSafe(id string) bool {
	if id == "" || len(id) > 200 {
		return false
	}
	for _, c := range id {
		if !(c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// checkFileSafe rejects project IDs that cannot name a file, when the engine
// persists.
func (e *Engine) checkFileSafe(id string) error {
	if e.store.Load() != nil && !fileSafe(id) {
		return fmt.Errorf("project ID %q cannot be persisted: use only letters, digits, - and _", truncate(id, 64))
	}
	return nil
}

// persist writes a project's snapshot when the engine has a data directory.
// The snapshot is taken after the per-project write lock is held, so the
// file written last always holds the newest state.
func (e *Engine) persist(id string) error {
	d := e.store.Load()
	if d == nil {
		return nil
	}
	l := d.lock(id)
	l.Lock()
	defer l.Unlock()
	p := e.project(id)
	if p == nil {
		return nil
	}
	if !fileSafe(id) {
		return e.checkFileSafe(id)
	}
	data, err := p.snapshot(snapshotOptions{maxEvents: MaxPersistedEvents})
	if err != nil {
		return err
	}
	return writeFileAtomic(d.dir, fileName(id), data)
}

// writeFileAtomic replaces dir/name with data so that a crash at any point
// leaves either the old or the new file: it writes a temporary file in the
// same directory, fsyncs it, renames it over name and fsyncs the directory.
func writeFileAtomic(dir, name string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, ".tmp-"+name+"-*") // mode 0600
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
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
		p      *project
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
		p, offset, err := restoreProject(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if fileName(p.id) != name {
			return nil, fmt.Errorf("%s: holds project %q", name, p.id)
		}
		found = append(found, loaded{p, offset})
	}
	e.mu.Lock()
	for _, l := range found {
		if e.projects[l.p.id] != nil {
			e.mu.Unlock()
			return nil, fmt.Errorf("project %q of the data directory already exists", l.p.id)
		}
	}
	ids := make([]string, 0, len(found))
	for _, l := range found {
		l.p.clock.SetOffset(l.offset)
		e.projects[l.p.id] = l.p
		ids = append(ids, l.p.id)
	}
	for id := range e.projects {
		if !fileSafe(id) {
			e.mu.Unlock()
			return nil, fmt.Errorf("project ID %q cannot be persisted: use only letters, digits, - and _", truncate(id, 64))
		}
	}
	e.mu.Unlock()
	e.store.Store(&diskStore{dir: dir, locks: map[string]*sync.Mutex{}})
	for _, id := range e.ProjectIDs() {
		if err := e.persist(id); err != nil {
			return nil, err
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// persistAfter decides whether a successful request wrote state and, if so,
// writes its project. It is called after the handler succeeded and before
// the response is sent.
func (e *Engine) persistAfter(rc *reqCtx, rt *route) error {
	if e.store.Load() == nil || rc.persisted {
		return nil
	}
	if rc.r.Method == http.MethodGet || rc.r.Method == http.MethodHead || readOnlyActions[rt.action] {
		return nil
	}
	id := rc.persistID
	if id == "" && rc.p != nil {
		id = rc.p.id
	}
	if id == "" {
		return nil
	}
	return e.persist(id)
}
