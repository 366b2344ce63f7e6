package store

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
)

// MaxPersistedEvents is how many of a project's newest events the data
// directory keeps; Export always has them all. It bounds what every
// mutation writes.
const MaxPersistedEvents = 10_000

// DiskStore writes each project's snapshot to <dir>/project-<id>.json.
type DiskStore struct {
	Dir string

	mu    sync.Mutex
	Locks map[string]*sync.Mutex // per project: one write at a time
}

// Lock returns the mutex that serializes writes of project id.
func (d *DiskStore) Lock(id string) *sync.Mutex {
	d.mu.Lock()
	defer d.mu.Unlock()
	l := d.Locks[id]
	if l == nil {
		l = &sync.Mutex{}
		d.Locks[id] = l
	}
	return l
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
