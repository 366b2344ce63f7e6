package engine

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// failingDB is the database store whose commits fail with ENOSPC while
// full is set; it still loads what the database committed.
type failingDB struct {
	*store.DBStore
	full atomic.Bool
}

func (f *failingDB) Save(p *state.Project) error {
	wait, err := f.Begin(p)
	if err != nil {
		return err
	}
	return wait()
}

func (f *failingDB) Begin(p *state.Project) (func() error, error) {
	if f.full.Load() {
		return nil, fmt.Errorf("project %s: write: %w", p.ID, syscall.ENOSPC)
	}
	return f.DBStore.Begin(p)
}

// A change whose commit fails is invisible: the caller gets a 5xx, the
// organization it created cannot be read and its slug is free, the
// project is back to what the database holds, and writes resume.
func TestFailedCommitIsInvisible(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	db, err := store.OpenDBStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	disk := &failingDB{DBStore: db}
	e := New(Options{})
	if _, err := e.UseStore(disk); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	create := func(slug string) (int, map[string]any) {
		return call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"N","organization_slug":"`+slug+`"}`))
	}
	if s, b := create("before"); s != 200 {
		t.Fatalf("create: %d %v", s, b)
	}
	_, b := call(t, e, creds, http.MethodGet, "/v1/b2b/organizations/before", nil)
	beforeID := b["organization"].(map[string]any)["organization_id"].(string)

	disk.full.Store(true)
	s, b := create("during")
	wantError(t, s, b, 500, "internal_server_error")
	// An update of an existing organization is rolled back as well.
	s, b = call(t, e, creds, http.MethodPut, "/v1/b2b/organizations/"+beforeID, strings.NewReader(`{"organization_name":"Renamed"}`))
	wantError(t, s, b, 500, "internal_server_error")
	if s, b := call(t, e, creds, http.MethodGet, "/v1/b2b/organizations/during", nil); s != 404 {
		t.Fatalf("the failed create is visible: %d %v", s, b)
	}
	s, b = call(t, e, creds, http.MethodGet, "/v1/b2b/organizations/"+beforeID, nil)
	if s != 200 || b["organization"].(map[string]any)["organization_name"] != "N" {
		t.Fatalf("read during the failure: %d %v", s, b)
	}

	disk.full.Store(false)
	if s, b := create("during"); s != 200 {
		t.Fatalf("the slug of the failed create is not free once space returns: %d %v", s, b)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := New(Options{})
	if _, err := e2.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	for _, slug := range []string{"before", "during"} {
		if s, b := call(t, e2, creds, http.MethodGet, "/v1/b2b/organizations/"+slug, nil); s != 200 {
			t.Fatalf("%s after restart: %d %v", slug, s, b)
		}
	}
}
