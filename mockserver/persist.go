package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/stytchkit/stytch-go/mockserver/internal/engine"
	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// SnapshotVersion is the version of the project snapshot format written by
// Export and read by Import (documented in docs/snapshot.md). A snapshot of
// another version is refused with an error naming both versions.
const SnapshotVersion = store.SnapshotVersion

// SnapshotError is a snapshot that cannot be imported; its message names
// the section and field at fault.
type SnapshotError = store.SnapshotError

// MaxPersistedEvents is how many of a project's newest events the data
// directory keeps (Export has them all).
const MaxPersistedEvents = store.MaxPersistedEvents

// Export returns a JSON snapshot of a project's whole state: credentials
// (the secret only as its SHA-256), clock offset, organizations, members,
// sessions (token hashes only), signing keys, RBAC policy, redirect URLs,
// outbox, events, IP allowlist, faults and defaults. The snapshot holds
// secrets (the private signing keys, and the key session tokens are
// derived from): keep it as you would keep the project secret.
func (s *Server) Export(projectID string) ([]byte, error) {
	b, err := s.engine.Export(projectID)
	return b, wrap(err)
}

// ExportTo writes the same snapshot as Export to w as it renders it,
// section by section and record by record, without building the whole
// document in memory. The project's read lock is held while it writes, so
// a slow w delays the project's writes.
func (s *Server) ExportTo(projectID string, w io.Writer) error {
	return wrap(s.engine.ExportTo(projectID, w))
}

// Import replaces the state of project projectID with a snapshot from
// Export. The snapshot is validated completely first: on error nothing
// changes. Its project ID must be projectID. An existing project keeps its
// secret (the snapshot's secret hash is ignored); a project the server does
// not have is created with the snapshot's secret hash, so the original
// secret authenticates. JWTs signed before the export still verify and
// session tokens still authenticate.
func (s *Server) Import(projectID string, snapshot []byte) error {
	if projectID == "" {
		return errors.New("mockserver: Import needs a project ID")
	}
	_, err := s.engine.Import(projectID, snapshot, engine.ImportReplace)
	return wrap(err)
}

// Reset empties a project: its organizations, members, sessions, outbox,
// events and faults are dropped, and redirect URLs and RBAC policy go back
// to a new project's. Credentials, clock, signing keys (so the JWKS does not
// change), IP allowlist and default session duration are kept.
func (s *Server) Reset(projectID string) error { return wrap(s.engine.Reset(projectID)) }

// OpenDataDir makes the server persist to dir, created with mode 0700, in
// an embedded database, dir/stytch-mock.db (docs/storage.md). It first
// migrates the project-<id>.json files of older versions into the database
// (renaming each to project-<id>.json.migrated; a file that does not load
// is an error naming it), loads every stored project (returning their IDs;
// a project the server already has is an error), then writes the server's
// other projects. From then on every change (API or admin request, a
// refused one that counts an attempt, or a Server method) commits the
// records it changed, with an fsync, before the response is sent; a change
// whose commit fails is undone and answers 500. Requests that only read
// never write. The file is written with mode 0600: it holds the same
// secrets as Export. Only one process can open a data directory; call
// Close when done.
//
// Clock moves made directly through Clock(id).Advance are written with the
// project's next change.
func (s *Server) OpenDataDir(dir string) ([]string, error) {
	ids, err := s.engine.OpenDataDir(dir)
	return ids, wrap(err)
}

// Close closes the data directory's database, once the requests in flight
// have finished; the server must not serve after it. A server without a
// data directory has nothing to close.
func (s *Server) Close() error { return wrap(s.engine.Close()) }

// HasProject reports whether the server has a project with this ID.
func (s *Server) HasProject(projectID string) bool { return s.engine.Clock(projectID) != nil }

// CheckCredentials reports whether secret is the secret of the project.
func (s *Server) CheckCredentials(projectID, secret string) bool {
	return s.engine.CheckSecret(projectID, secret)
}

// Seed loads a seed document: one project snapshot (as Export writes it) or
// {"projects": [snapshot, ...]}. Each project the server does not have yet
// is created from its snapshot, with the snapshot's secret hash; projects it
// already has (loaded from a data directory, say) are left alone, so a seed
// is only the starting state. The whole document is validated before any
// project is created. It returns the IDs of the projects it created.
func (s *Server) Seed(doc []byte) ([]string, error) {
	snaps, err := splitSeed(doc)
	if err != nil {
		return nil, err
	}
	var created []string
	for i, snap := range snaps {
		if _, err := engine.ValidateSnapshot(snap); err != nil {
			return nil, fmt.Errorf("mockserver: seed projects[%d]: %w", i, err)
		}
	}
	for i, snap := range snaps {
		id, _ := engine.ValidateSnapshot(snap)
		if s.HasProject(id) {
			continue
		}
		if _, err := s.engine.Import("", snap, engine.ImportCreateOnly); err != nil {
			return created, fmt.Errorf("mockserver: seed projects[%d]: %w", i, err)
		}
		created = append(created, id)
	}
	return created, nil
}

// SeedFile is Seed with the contents of a file.
func (s *Server) SeedFile(path string) ([]string, error) {
	doc, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mockserver: reading the seed file: %w", err)
	}
	ids, err := s.Seed(doc)
	if err != nil {
		return ids, fmt.Errorf("%s: %w", path, err)
	}
	return ids, nil
}

// splitSeed returns the snapshots of a seed document.
func splitSeed(doc []byte) ([]json.RawMessage, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil || top == nil {
		return nil, errors.New("mockserver: a seed must be a JSON object: a project snapshot or {\"projects\": [...]}")
	}
	raw, isList := top["projects"]
	if !isList {
		return []json.RawMessage{doc}, nil
	}
	if len(top) != 1 {
		return nil, errors.New("mockserver: a seed list has only the key \"projects\"")
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, errors.New("mockserver: seed \"projects\" must be a list of project snapshots")
	}
	seen := map[string]int{}
	for i, snap := range list {
		if len(bytes.TrimSpace(snap)) == 0 || string(bytes.TrimSpace(snap)) == "null" {
			return nil, fmt.Errorf("mockserver: seed projects[%d] is empty", i)
		}
		id, err := engine.ValidateSnapshot(snap)
		if err != nil {
			return nil, fmt.Errorf("mockserver: seed projects[%d]: %w", i, err)
		}
		if j, dup := seen[id]; dup {
			return nil, fmt.Errorf("mockserver: seed projects[%d] duplicates projects[%d] (%s)", i, j, id)
		}
		seen[id] = i
	}
	return list, nil
}
