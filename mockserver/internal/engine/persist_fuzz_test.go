package engine

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// importFixture is an engine with one populated project and its export.
func importFixture(tb testing.TB) (*Engine, Credentials, []byte) {
	tb.Helper()
	e := New(Options{})
	creds, err := e.CreateProject("test", "project-test-fuzz", "secret-test-fuzz")
	if err != nil {
		tb.Fatal(err)
	}
	do := func(method, path, body string) {
		req := httptest.NewRequest(method, path, bytes.NewBufferString(body))
		req.SetBasicAuth(creds.ProjectID, creds.Secret)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			tb.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
	}
	do(http.MethodPost, "/v1/b2b/organizations", `{"organization_name":"Fuzz","organization_slug":"fuzz","organization_id":""}`)
	p := e.Project(creds.ProjectID)
	var orgID string
	for id := range p.Orgs {
		orgID = id
	}
	do(http.MethodPost, "/v1/b2b/organizations/"+orgID+"/members", `{"email_address":"a@fuzz.example"}`)
	var memberID string
	for id := range p.Members {
		memberID = id
	}
	do(http.MethodPost, "/mock/sessions", fmt.Sprintf(`{"organization_id":%q,"member_id":%q}`, orgID, memberID))
	do(http.MethodPost, "/mock/faults", `{"path":"/x","status":500}`)
	snap, err := e.Export(creds.ProjectID)
	if err != nil {
		tb.Fatal(err)
	}
	return e, creds, snap
}

// FuzzImport sends arbitrary bodies to POST /mock/import: the answer is 200
// or a 4xx Stytch error, never a panic or a 500, and a refused import leaves
// the project as it was.
func FuzzImport(f *testing.F) {
	e, creds, snap := importFixture(f)
	f.Add(snap)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"format":"stytch-mock-project","version":1,"project":{"project_id":"project-test-fuzz","environment":"test","secret_sha256":"00","clock_offset_ns":0,"seq":0}}`))
	f.Add(bytes.Replace(snap, []byte(`"version":2`), []byte(`"version":7`), 1))
	f.Add(bytes.Replace(snap, []byte(`"seq":1`), []byte(`"seq":-1`), 1))
	f.Add([]byte(`{"projects":[]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		// Keep the event log from growing across executions.
		e.Project(creds.ProjectID).Events.Prune(time.Now().Add(2 * state.EventRetention))
		before, _ := e.Export(creds.ProjectID)
		req := httptest.NewRequest(http.MethodPost, "/mock/import", bytes.NewReader(body))
		req.SetBasicAuth(creds.ProjectID, creds.Secret)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		switch {
		case rec.Code == http.StatusOK:
		case rec.Code == http.StatusBadRequest:
			if after, _ := e.Export(creds.ProjectID); !bytes.Equal(stripEvents(before), stripEvents(after)) {
				t.Fatalf("a refused import changed the project: %s", rec.Body)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}

// stripEvents drops the event log, which every request grows.
func stripEvents(snap []byte) []byte {
	if i := bytes.Index(snap, []byte(`"events":`)); i >= 0 {
		if j := bytes.Index(snap[i:], []byte(`,"format":`)); j >= 0 {
			return append(append([]byte{}, snap[:i]...), snap[i+j+1:]...)
		}
	}
	return snap
}
