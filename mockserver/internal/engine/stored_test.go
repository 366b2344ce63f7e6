package engine

import (
	"testing"

	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// storedSnapshot is the snapshot of a project as the engine's database
// last committed it.
func storedSnapshot(t *testing.T, e *Engine, id string) []byte {
	t.Helper()
	ps := e.persist.Load()
	if ps == nil {
		t.Fatal("the engine has no store")
	}
	db, ok := ps.store.(*store.DBStore)
	if !ok {
		t.Fatalf("the engine's store is a %T", ps.store)
	}
	st, found, err := db.Load(id)
	if err != nil || !found {
		t.Fatalf("loading %s from the database: found %v, %v", id, found, err)
	}
	data, err := store.Snapshot(st.Project, store.SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return data
}
