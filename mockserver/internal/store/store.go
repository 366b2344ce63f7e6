package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// MaxPersistedEvents is how many of a project's newest events the data
// directory keeps; Export always has them all. It bounds what every
// mutation writes.
const MaxPersistedEvents = 10_000

// Store keeps the projects durably: the engine saves a project after every
// change and lists them all when it starts. The engine orders the saves of
// one project (it holds a per-project lock around taking and saving the
// snapshot), so a Store needs no lock of its own per project. DirStore is
// the one implementation today.
type Store interface {
	// CheckID reports whether a project ID can be stored, before the
	// project exists.
	CheckID(id string) error
	// Save records the project's current state. Callers hold no project
	// lock; Save takes p's read lock itself.
	Save(p *state.Project) error
	// List restores every stored project. An error names what is damaged.
	List() ([]Stored, error)
	// Delete forgets a project; deleting an unknown project is not an error.
	Delete(id string) error
}

// Stored is a project as restored from a Store, with its clock offset.
type Stored struct {
	Project     *state.Project
	ClockOffset time.Duration
}

// DirStore is a Store that keeps each project as one snapshot file,
// <dir>/project-<id>.json, replaced atomically on every Save.
type DirStore struct {
	dir string
}

// OpenDirStore returns the store of dir, created with mode 0700 if needed.
func OpenDirStore(dir string) (*DirStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	return &DirStore{dir: dir}, nil
}

// Dir is the store's directory.
func (d *DirStore) Dir() string { return d.dir }

// CheckID refuses IDs that cannot name a file.
func (d *DirStore) CheckID(id string) error {
	if !FileSafe(id) {
		return fmt.Errorf("project ID %q cannot be persisted: use only letters, digits, - and _", apierr.Excerpt(id, 64))
	}
	return nil
}

// Save writes the project's snapshot, keeping the newest
// MaxPersistedEvents events.
func (d *DirStore) Save(p *state.Project) error {
	if err := d.CheckID(p.ID); err != nil {
		return err
	}
	data, err := Snapshot(p, SnapshotOptions{MaxEvents: MaxPersistedEvents})
	if err != nil {
		return fmt.Errorf("project %s: %w", p.ID, err)
	}
	if err := WriteFileAtomic(d.dir, FileName(p.ID), data); err != nil {
		return fmt.Errorf("project %s: %w", p.ID, err)
	}
	return nil
}

// List loads every project-<id>.json of the directory, in name order, and
// removes the temporary files a crash left behind. A file that does not
// load, in any version this server does not read or migrate, is an error
// that names the file.
func (d *DirStore) List() ([]Stored, error) {
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	var out []Stored
	for _, ent := range entries {
		name := ent.Name()
		if strings.HasPrefix(name, ".tmp-project-") {
			_ = os.Remove(filepath.Join(d.dir, name))
			continue
		}
		if ent.IsDir() || !strings.HasPrefix(name, "project-") || !strings.HasSuffix(name, ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(d.dir, name))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		p, offset, err := RestoreProject(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if FileName(p.ID) != name {
			return nil, fmt.Errorf("%s: holds project %q", name, p.ID)
		}
		out = append(out, Stored{Project: p, ClockOffset: offset})
	}
	return out, nil
}

// Delete removes the project's file.
func (d *DirStore) Delete(id string) error {
	if err := d.CheckID(id); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(d.dir, FileName(id))); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("project %s: %w", id, err)
	}
	return syncDir(d.dir)
}

// FileName is the snapshot file of a project.
func FileName(id string) string { return "project-" + id + ".json" }

// FileSafe reports whether a project ID can name a file.
func FileSafe(id string) bool {
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

// WriteFileAtomic replaces dir/name with data so that a crash at any point
// leaves either the old or the new file: it writes a temporary file in the
// same directory, fsyncs it, renames it over name and fsyncs the directory.
func WriteFileAtomic(dir, name string, data []byte) (err error) {
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
