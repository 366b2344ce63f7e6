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

// fullDisk is a store.Store whose saves fail with ENOSPC while full is set.
type fullDisk struct {
	store.Store
	full  atomic.Bool
	saves atomic.Int64
}

func (f *fullDisk) Save(p *state.Project) error {
	f.saves.Add(1)
	if f.full.Load() {
		return fmt.Errorf("project %s: write: %w", p.ID, syscall.ENOSPC)
	}
	return f.Store.Save(p)
}

// A full disk: a write answers a clear 5xx, reads keep working, writes
// resume once space returns, and starting on a full disk writes nothing.
func TestFullDisk(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	ds, err := store.OpenDirStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	disk := &fullDisk{Store: ds}
	e := New(Options{})
	if _, err := e.UseStore(disk); err != nil {
		t.Fatal(err)
	}
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"A","organization_slug":"before"}`))
	if s != 200 {
		t.Fatalf("create: %d %v", s, b)
	}

	disk.full.Store(true)
	s, b = call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"B","organization_slug":"during"}`))
	wantError(t, s, b, 500, "internal_server_error")
	if strings.Contains(b["error_message"].(string), dir) {
		t.Fatalf("error names the disk path: %v", b["error_message"])
	}
	s, b = call(t, e, creds, http.MethodGet, "/v1/b2b/organizations/before", nil)
	if s != 200 {
		t.Fatalf("read on a full disk: %d %v", s, b)
	}

	// Starting again on the full disk loads the project and writes nothing.
	saves := disk.saves.Load()
	e2 := New(Options{})
	ids, err := e2.UseStore(disk)
	if err != nil || len(ids) != 1 {
		t.Fatalf("start on a full disk: %v, %v", ids, err)
	}
	if disk.saves.Load() != saves {
		t.Fatal("start-up wrote the store")
	}
	if s, b := call(t, e2, creds, http.MethodGet, "/v1/b2b/organizations/before", nil); s != 200 {
		t.Fatalf("read after restart: %d %v", s, b)
	}

	disk.full.Store(false)
	s, b = call(t, e2, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"C","organization_slug":"after"}`))
	if s != 200 {
		t.Fatalf("write after space returned: %d %v", s, b)
	}
	e3 := New(Options{})
	if _, err := e3.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	if s, b := call(t, e3, creds, http.MethodGet, "/v1/b2b/organizations/after", nil); s != 200 {
		t.Fatalf("the write after space returned was lost: %d %v", s, b)
	}
}

// A refused one-time code still counts an attempt, and the count survives
// a restart on the data directory.
func TestOTPAttemptsSurviveRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	e := New(Options{})
	if _, err := e.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"A","organization_slug":"otp","email_jit_provisioning":"RESTRICTED","email_allowed_domains":["acme.com"]}`))
	orgID := b["organization"].(map[string]any)["organization_id"].(string)
	if s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/otps/email/login_or_signup", strings.NewReader(`{"organization_id":"`+orgID+`","email_address":"ada@acme.com"}`)); s != 200 {
		t.Fatalf("send: %d %v", s, b)
	}
	code := e.Outbox(creds.ProjectID, "ada@acme.com")[0].Code
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	auth := func(e *Engine, c string) (int, map[string]any) {
		return call(t, e, creds, http.MethodPost, "/v1/b2b/otps/email/authenticate", strings.NewReader(`{"organization_id":"`+orgID+`","email_address":"ada@acme.com","code":"`+c+`"}`))
	}
	for range 4 {
		s, b := auth(e, wrong)
		wantError(t, s, b, 404, "otp_code_not_found")
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := New(Options{})
	if _, err := e2.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	// The fifth wrong attempt, after the restart, voids the code.
	s, b := auth(e2, wrong)
	wantError(t, s, b, 404, "otp_code_not_found")
	s, b = auth(e2, code)
	wantError(t, s, b, 401, "unable_to_auth_otp_code")
}
