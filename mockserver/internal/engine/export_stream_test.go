package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// exportHTTP answers GET /mock/export's status and body.
func exportHTTP(t *testing.T, e *Engine, creds Credentials) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/mock/export", nil)
	req.SetBasicAuth(creds.ProjectID, creds.Secret)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// withMembers adds n members of organization orgID to a snapshot.
func withMembers(t *testing.T, snap []byte, orgID string, n int) []byte {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(snap, &doc); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"seq":%d,"member":{"organization_id":%q,"member_id":"member-test-%036d","email_address":"u%d@example.com","status":"active","name":"U <%d>"},"email_id":"email-test-%036d","explicit_roles":[]}`,
			1000+i, orgID, i, i, i, i)
	}
	b.WriteByte(']')
	doc["members"] = b.Bytes()
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// GET /mock/export streams the same bytes Export returns, for a project of
// thousands of members with a data directory, and they import back to the
// same project, over HTTP and after a restart.
func TestStreamedExportRoundTrips(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	e, creds := dataDirEngine(t, dir)
	_, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"N","organization_slug":"big"}`))
	org, ok := b["organization"].(map[string]any)
	if !ok {
		t.Fatalf("create organization: %v", b)
	}
	orgID := org["organization_id"].(string)
	base, err := e.Export(creds.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	big := withMembers(t, base, orgID, 3000)
	if s, b := call(t, e, creds, http.MethodPost, "/mock/import", bytes.NewReader(big)); s != 200 {
		t.Fatalf("import: %d %v", s, b)
	}
	status, streamed := exportHTTP(t, e, creds)
	if status != 200 {
		t.Fatalf("export: %d %s", status, streamed)
	}
	whole, err := e.Export(creds.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(streamed, whole) {
		t.Fatal("GET /mock/export differs from Export")
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(streamed, &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc["request_id"]; ok {
		t.Fatal("the export carries a request_id")
	}
	var members []json.RawMessage
	if err := json.Unmarshal(doc["members"], &members); err != nil || len(members) != 3000 {
		t.Fatalf("export holds %d members (%v)", len(members), err)
	}
	if s, b := call(t, e, creds, http.MethodPost, "/mock/import", bytes.NewReader(streamed)); s != 200 {
		t.Fatalf("re-import of the streamed export: %d %v", s, b)
	}
	if _, again := exportHTTP(t, e, creds); !bytes.Equal(stripEvents(again), stripEvents(streamed)) {
		t.Fatal("export after re-import differs")
	}
	e2 := reopen(t, e, dir)
	if _, after := exportHTTP(t, e2, creds); !bytes.Equal(stripEvents(after), stripEvents(streamed)) {
		t.Fatal("export after restart differs")
	}
}

// Exports running while writers commit are whole documents that import.
func TestStreamedExportDuringWrites(t *testing.T) {
	e := New(Options{})
	if _, err := e.OpenDataDir(filepath.Join(t.TempDir(), "data")); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 15 {
				req := httptest.NewRequest(http.MethodPost, "/v1/b2b/organizations", strings.NewReader(fmt.Sprintf(`{"organization_name":"N","organization_slug":"w%d-%d"}`, w, i)))
				req.SetBasicAuth(creds.ProjectID, creds.Secret)
				e.ServeHTTP(httptest.NewRecorder(), req)
			}
		}()
	}
	for range 10 {
		status, body := exportHTTP(t, e, creds)
		if status != 200 {
			t.Fatalf("export: %d", status)
		}
		if _, err := ValidateSnapshot(body); err != nil {
			t.Fatalf("export during writes does not import: %v", err)
		}
	}
	wg.Wait()
}

// A client that goes away mid-export does not break the server.
func TestStreamedExportToFailingClient(t *testing.T) {
	e := New(Options{})
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/mock/export", nil)
	req.SetBasicAuth(creds.ProjectID, creds.Secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("export: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if _, err := ValidateSnapshot(body); err != nil {
		t.Fatal(err)
	}
}
