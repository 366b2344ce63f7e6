package engine

import (
	"bytes"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// A refused password counts a failure, and the count survives a restart:
// with a lock threshold of 3, two failures before the restart and one
// after lock the member, so even the right password is refused.
func TestPasswordFailuresSurviveRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	e, creds := dataDirEngine(t, dir)
	if s, b := call(t, e, creds, http.MethodPut, "/mock/password_policy", strings.NewReader(`{"lock_threshold":3,"lock_minutes":60}`)); s != 200 {
		t.Fatalf("policy: %d %v", s, b)
	}
	_, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"A","organization_slug":"pw"}`))
	orgID := b["organization"].(map[string]any)["organization_id"].(string)
	hash, err := bcrypt.GenerateFromPassword([]byte("correct horse battery staple"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/passwords/migrate", strings.NewReader(`{"organization_id":"`+orgID+`","email_address":"ada@acme.com","hash_type":"bcrypt","hash":"`+string(hash)+`"}`)); s != 200 {
		t.Fatalf("migrate: %d %v", s, b)
	}
	login := func(e *Engine, pw string) (int, map[string]any) {
		return call(t, e, creds, http.MethodPost, "/v1/b2b/passwords/authenticate", strings.NewReader(`{"organization_id":"`+orgID+`","email_address":"ada@acme.com","password":"`+pw+`"}`))
	}
	for range 2 {
		s, b := login(e, "wrong password")
		wantError(t, s, b, 401, "unauthorized_credentials")
	}
	e2 := reopen(t, e, dir)
	s, b := login(e2, "wrong password")
	wantError(t, s, b, 401, "unauthorized_credentials")
	s, b = login(e2, "correct horse battery staple")
	wantError(t, s, b, 429, "user_lock_limit_reached")
}

// A commit that fails inside the database's own transaction (the store's
// commit fault, as an I/O error would) leaves the project as the database
// holds it: the caller gets a 5xx, the change is invisible, the export is
// what it was, and later writes commit and survive a restart.
func TestFailedTransactionRestoresCommittedProject(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	db, err := store.OpenDBStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	var failing atomic.Bool
	db.SetCommitFault(func(string) error {
		if failing.Load() {
			return syscall.EIO
		}
		return nil
	})
	e := New(Options{})
	if _, err := e.UseStore(db); err != nil {
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
	_, b := create("before")
	beforeID := b["organization"].(map[string]any)["organization_id"].(string)
	if s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations/"+beforeID+"/members", strings.NewReader(`{"email_address":"ada@acme.com"}`)); s != 200 {
		t.Fatalf("member: %d %v", s, b)
	}
	committed, err := e.Export(creds.ProjectID)
	if err != nil {
		t.Fatal(err)
	}

	failing.Store(true)
	s, b := create("during")
	wantError(t, s, b, 500, "internal_server_error")
	s, b = call(t, e, creds, http.MethodPut, "/v1/b2b/organizations/"+beforeID, strings.NewReader(`{"organization_name":"Renamed"}`))
	wantError(t, s, b, 500, "internal_server_error")
	s, b = call(t, e, creds, http.MethodPost, "/v1/b2b/organizations/"+beforeID+"/members", strings.NewReader(`{"email_address":"bob@acme.com"}`))
	wantError(t, s, b, 500, "internal_server_error")
	failing.Store(false)

	if s, _ := call(t, e, creds, http.MethodGet, "/v1/b2b/organizations/during", nil); s != 404 {
		t.Fatalf("the failed create is visible: %d", s)
	}
	now, err := e.Export(creds.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stripEvents(now), stripEvents(committed)) {
		t.Fatal("after the failed transactions the project is not the committed one")
	}

	// Later writes commit, the same ones included.
	if s, b := create("during"); s != 200 {
		t.Fatalf("create after the failure: %d %v", s, b)
	}
	if s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations/"+beforeID+"/members", strings.NewReader(`{"email_address":"bob@acme.com"}`)); s != 200 {
		t.Fatalf("member after the failure: %d %v", s, b)
	}
	reopenSame(t, e, dir, creds.ProjectID)
}

// Sessions issued, extended in place by authenticate and revoked are, after
// a restart, exactly what they were.
func TestSessionsSurviveRestartExactly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	e, creds := dataDirEngine(t, dir)
	_, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"A","organization_slug":"sess"}`))
	orgID := b["organization"].(map[string]any)["organization_id"].(string)
	var tokens []string
	for _, addr := range []string{"ada@acme.com", "bob@acme.com", "cy@acme.com"} {
		_, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations/"+orgID+"/members", strings.NewReader(`{"email_address":"`+addr+`"}`))
		memberID := b["member"].(map[string]any)["member_id"].(string)
		s, b := call(t, e, creds, http.MethodPost, "/mock/sessions", strings.NewReader(`{"organization_id":"`+orgID+`","member_id":"`+memberID+`"}`))
		if s != 200 {
			t.Fatalf("session fixture: %d %v", s, b)
		}
		tokens = append(tokens, b["session_token"].(string))
	}
	if s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/sessions/authenticate", strings.NewReader(`{"session_token":"`+tokens[0]+`","session_duration_minutes":600,"session_custom_claims":{"tier":"gold"}}`)); s != 200 {
		t.Fatalf("authenticate: %d %v", s, b)
	}
	if s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/sessions/revoke", strings.NewReader(`{"session_token":"`+tokens[1]+`"}`)); s != 200 {
		t.Fatalf("revoke: %d %v", s, b)
	}
	e2 := reopenSame(t, e, dir, creds.ProjectID)
	_, b = call(t, e2, creds, http.MethodPost, "/v1/b2b/sessions/authenticate", strings.NewReader(`{"session_token":"`+tokens[0]+`"}`))
	if claims := b["member_session"].(map[string]any)["custom_claims"].(map[string]any); claims["tier"] != "gold" {
		t.Fatalf("the extended session lost its claims: %v", b)
	}
	s, b := call(t, e2, creds, http.MethodPost, "/v1/b2b/sessions/authenticate", strings.NewReader(`{"session_token":"`+tokens[1]+`"}`))
	wantError(t, s, b, 404, "session_not_found")
}

// dataDirEngine starts an engine on the data directory dir with one new
// project.
func dataDirEngine(t *testing.T, dir string) (*Engine, Credentials) {
	t.Helper()
	e := New(Options{})
	if _, err := e.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	return e, creds
}

// reopen closes e and starts a new engine on its data directory, as a
// restart does.
func reopen(t *testing.T, e *Engine, dir string) *Engine {
	t.Helper()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := New(Options{})
	if _, err := e2.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e2.Close() })
	return e2
}

// reopenSame restarts e on its data directory (reopen) and fails unless the
// project exports the same, events aside, after the restart as before it.
func reopenSame(t *testing.T, e *Engine, dir, projectID string) *Engine {
	t.Helper()
	want, err := e.Export(projectID)
	if err != nil {
		t.Fatal(err)
	}
	e2 := reopen(t, e, dir)
	got, err := e2.Export(projectID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stripEvents(got), stripEvents(want)) {
		t.Fatalf("after a restart the project differs from what was acknowledged:\n got %.2000s\nwant %.2000s", got, want)
	}
	return e2
}
