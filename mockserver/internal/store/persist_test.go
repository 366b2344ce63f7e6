package store

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const v1Fixture = "testdata/v1-project.json"

// readFixture reads the v1 fixture.
func readFixture(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(v1Fixture)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeJSON decodes a snapshot generically, numbers kept exact.
func decodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v map[string]any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// The v1 fixture, written by the code before records existed, loads
// through migrateV1, and its re-export is the same document but for the
// version and the fields version 2 dropped because they were never read.
func TestV1FixtureMigratesAndRoundTrips(t *testing.T) {
	v1 := readFixture(t)
	p, offset, err := RestoreProject(v1)
	if err != nil {
		t.Fatalf("v1 fixture: %v", err)
	}
	p.Clock.SetOffset(offset)
	v2, err := Snapshot(p, SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, got := decodeJSON(t, v1), decodeJSON(t, v2)
	if got["version"] != json.Number(strconv.Itoa(SnapshotVersion)) {
		t.Fatalf("version = %v", got["version"])
	}
	// What version 2 changed on purpose:
	want["version"] = json.Number("2")
	for _, m := range want["members"].([]any) {
		member := m.(map[string]any)["member"].(map[string]any)
		delete(member, "roles")
		delete(member, "is_admin")
	}
	for _, e := range want["events"].(map[string]any)["events"].([]any) {
		delete(e.(map[string]any), "Seq")
	}
	// Sections added after the fixture was written are checked by the
	// round trip below only.
	old := maps.Clone(got)
	for _, sec := range sections() {
		if _, ok := want[sec.name]; !ok {
			delete(old, sec.name)
		}
	}
	if diff := cmp.Diff(want, old); diff != "" {
		t.Fatalf("v1 -> v2 changed more than the dropped fields (-v1 +v2):\n%s", diff)
	}
	// And version 2 reads its own output back to the same document.
	p2, offset2, err := RestoreProject(v2)
	if err != nil {
		t.Fatal(err)
	}
	p2.Clock.SetOffset(offset2)
	again, err := Snapshot(p2, SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, decodeJSON(t, again)); diff != "" {
		t.Fatalf("v2 round trip (-first +second):\n%s", diff)
	}
}

// A v1 field no record holds is refused with its path, not dropped.
func TestV1UnmigratableFieldIsRefused(t *testing.T) {
	v1 := readFixture(t)
	for _, c := range []struct{ old, new, field string }{
		{`"email_factor":`, `"apple_oauth_factor":{"id":"g","email_id":"e","provider_subject":"s"},"email_factor":`, "apple_oauth_factor"},
		{`"explicit_roles":`, `"explicit_roles":`, ""},
	} {
		doc := bytes.Replace(v1, []byte(c.old), []byte(c.new), 1)
		_, _, err := RestoreProject(doc)
		if c.field == "" {
			if err != nil {
				t.Fatalf("unchanged fixture: %v", err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.field) || !strings.Contains(err.Error(), "cannot be migrated") {
			t.Fatalf("%s: err = %v", c.field, err)
		}
	}
	doc := bytes.Replace(v1, []byte(`"is_breakglass":`), []byte(`"scim_registration":{"connection_id":"c","registration_id":"r","scim_attributes":{"user_name":"u"}},"is_breakglass":`), 1)
	if _, _, err := RestoreProject(doc); err == nil || !strings.Contains(err.Error(), "scim_attributes") {
		t.Fatalf("scim_attributes: %v", err)
	}
}

// An unknown version is refused, and the directory store names the file.
func TestUnknownVersionIsRefusedNamingTheFile(t *testing.T) {
	v1 := readFixture(t)
	doc := bytes.Replace(v1, []byte(`"version":1`), []byte(`"version":9`), 1)
	if _, _, err := RestoreProject(doc); err == nil || !strings.Contains(err.Error(), "unsupported snapshot version 9") {
		t.Fatalf("RestoreProject = %v", err)
	}
	dir := t.TempDir()
	p, _, err := RestoreProject(v1)
	if err != nil {
		t.Fatal(err)
	}
	name := FileName(p.ID)
	if err := os.WriteFile(filepath.Join(dir, name), doc, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = mustOpen(t, dir).List()
	if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "unsupported snapshot version 9") {
		t.Fatalf("List = %v", err)
	}
}

// The directory store saves, lists, loads and deletes projects.
func TestDirStore(t *testing.T) {
	v1 := readFixture(t)
	p, offset, err := RestoreProject(v1)
	if err != nil {
		t.Fatal(err)
	}
	p.Clock.SetOffset(offset)
	s := mustOpen(t, t.TempDir())
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].Project.ID != p.ID || list[0].ClockOffset != offset {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if err := s.Delete(p.ID); err != nil {
		t.Fatal(err)
	}
	if list, err := s.List(); err != nil || len(list) != 0 {
		t.Fatalf("after Delete: %+v, %v", list, err)
	}
	if err := s.CheckID("../x"); err == nil {
		t.Fatal("CheckID accepted a path")
	}
}

// The store never depends on the SDK: records are its own types.
func TestStoreImportsNoSDKPackage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "github.com/stytchkit/stytch-go" || strings.HasPrefix(path, "github.com/stytchkit/stytch-go/") && !strings.HasPrefix(path, "github.com/stytchkit/stytch-go/mockserver/internal/") {
				t.Errorf("%s imports %s: the store must use its own record types", f, path)
			}
		}
	}
}

func mustOpen(t *testing.T, dir string) *DirStore {
	t.Helper()
	s, err := OpenDirStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
