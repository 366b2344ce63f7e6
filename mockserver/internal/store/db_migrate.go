package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// MigratedSuffix is appended to the name of a project-<id>.json file once
// its project is in the database.
const MigratedSuffix = ".migrated"

// MigrateDir moves the projects of a data directory in the one-file-per-
// project format (DirStore) into the database: each project-<id>.json is
// loaded and validated (an error names the file, and nothing is written),
// all are written in the database, and each file is then renamed to
// project-<id>.json.migrated. A file whose project the database already
// holds is refused, naming the file. It returns the migrated file names.
func (s *DBStore) MigrateDir(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	var names []string
	for _, ent := range entries {
		if n := ent.Name(); !ent.IsDir() && strings.HasPrefix(n, "project-") && strings.HasSuffix(n, ".json") {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	found, err := (&DirStore{dir: dir}).List()
	if err != nil {
		return nil, fmt.Errorf("migrating %s into %s: %w", dir, DBFile, err)
	}
	for _, st := range found {
		_, ok, err := s.Load(st.Project.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			return nil, fmt.Errorf("%s: project %s is already in %s; move the file away", filepath.Join(dir, FileName(st.Project.ID)), st.Project.ID, DBFile)
		}
	}
	var errs []error
	for _, st := range found {
		st.Project.Clock.SetOffset(st.ClockOffset)
		if err := s.Save(st.Project); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", FileName(st.Project.ID), err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("migrating %s into %s: %w", dir, DBFile, err)
	}
	for _, n := range names {
		if err := os.Rename(filepath.Join(dir, n), filepath.Join(dir, n+MigratedSuffix)); err != nil {
			return nil, fmt.Errorf("migrating %s: %w", n, err)
		}
	}
	return names, syncDir(dir)
}
