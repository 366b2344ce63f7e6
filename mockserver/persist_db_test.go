package mockserver_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
)

// A data directory of the one-file-per-project format is migrated into
// the database on first start: the project loads, the file is renamed, and
// the next start reads the database alone.
func TestDataDirMigratesProjectFiles(t *testing.T) {
	dir := t.TempDir()
	doc, err := os.ReadFile("testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Projects []json.RawMessage }
	if err := json.Unmarshal(doc, &list); err != nil || len(list.Projects) != 1 {
		t.Fatalf("seed.json: %v", err)
	}
	seed := []byte(list.Projects[0]) // a version-1 file, as old data directories hold
	const id = "project-test-seed-example"
	file := filepath.Join(dir, "project-"+id+".json")
	if err := os.WriteFile(file, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	for run := range 2 {
		srv := mockserver.New(mockserver.Options{})
		ids, err := srv.OpenDataDir(dir)
		if err != nil || len(ids) != 1 || ids[0] != id {
			t.Fatalf("run %d: OpenDataDir = %v, %v", run, ids, err)
		}
		c := serve(t, srv, id, "secret-test-seed-example")
		got, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: "acme"})
		if err != nil || got.Organization.OrganizationName != "Acme Inc" {
			t.Fatalf("run %d: migrated organization: %+v %v", run, got, err)
		}
		if _, err := os.Stat(file); !os.IsNotExist(err) {
			t.Fatalf("run %d: the project file is still there: %v", run, err)
		}
		if _, err := os.Stat(file + ".migrated"); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if err := srv.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// A project file for a project the database already holds is refused,
	// naming the file.
	if err := os.WriteFile(file, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := mockserver.New(mockserver.Options{}).OpenDataDir(dir); err == nil || !strings.Contains(err.Error(), file) {
		t.Fatalf("OpenDataDir with a duplicate file = %v", err)
	}
}

// A damaged or foreign database refuses to start, naming the file; it
// never starts empty.
func TestDataDirRefusesForeignDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "stytch-mock.db")
	if err := os.WriteFile(db, []byte(strings.Repeat("not a database ", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := mockserver.New(mockserver.Options{}).OpenDataDir(dir)
	if err == nil || !strings.Contains(err.Error(), db) {
		t.Fatalf("OpenDataDir on a foreign file = %v", err)
	}
}
