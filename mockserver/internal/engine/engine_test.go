package engine

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// testProject starts an engine with one TEST project.
func testProject(t *testing.T) (*Engine, Credentials) {
	t.Helper()
	e := New(Options{})
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	return e, creds
}

// call sends a raw request and decodes the JSON answer.
func call(t *testing.T, h http.Handler, creds Credentials, method, path string, body io.Reader) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
	if creds.ProjectID != "" {
		req.SetBasicAuth(creds.ProjectID, creds.Secret)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("%s %s: content type %q, body %s", method, path, ct, rec.Body.String())
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s: body is not JSON: %s", method, path, rec.Body.String())
	}
	if int(out["status_code"].(float64)) != rec.Code {
		t.Fatalf("status_code %v in body, %d in header", out["status_code"], rec.Code)
	}
	if id, _ := out["request_id"].(string); !strings.HasPrefix(id, "request-id-") {
		t.Fatalf("%s %s: request_id %q", method, path, id)
	}
	return rec.Code, out
}

func wantError(t *testing.T, status int, body map[string]any, wantStatus int, wantType string) {
	t.Helper()
	if status != wantStatus || body["error_type"] != wantType {
		t.Fatalf("got %d %v (%v), want %d %s", status, body["error_type"], body["error_message"], wantStatus, wantType)
	}
	if body["error_message"] == "" || !strings.HasSuffix(body["error_url"].(string), "#"+wantType) {
		t.Fatalf("error lacks message or url: %v", body)
	}
}

func TestRoutingErrorsAreStytchJSON(t *testing.T) {
	e, creds := testProject(t)
	s, b := call(t, e, creds, http.MethodGet, "/v1/b2b/nothing/here", nil)
	wantError(t, s, b, 404, "route_not_found")
	s, b = call(t, e, creds, http.MethodPatch, "/v1/b2b/organizations/org-1", nil)
	wantError(t, s, b, 405, "method_not_allowed")
	s, b = call(t, e, creds, http.MethodGet, "/mock/nothing", nil)
	wantError(t, s, b, 404, "route_not_found")
	// A literal segment does not shadow a parameter that serves the method:
	// GET /organizations/search looks up an organization called "search".
	s, b = call(t, e, creds, http.MethodGet, "/v1/b2b/organizations/search", nil)
	wantError(t, s, b, 404, "organization_not_found")
}

func TestAuthentication(t *testing.T) {
	e, creds := testProject(t)
	// No Authorization header, or one that is not basic auth: 400.
	s, b := call(t, e, Credentials{}, http.MethodGet, "/v1/b2b/organizations/x", nil)
	wantError(t, s, b, 400, "invalid_authorization_header")
	for _, h := range []string{"Bearer abc", "Basic !!!not-base64", "Basic " + base64.StdEncoding.EncodeToString([]byte("no-colon"))} {
		req := httptest.NewRequest(http.MethodGet, "/v1/b2b/organizations/x", nil)
		req.Header.Set("Authorization", h)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"invalid_authorization_header"`) {
			t.Errorf("Authorization %q: %d %s", h, rec.Code, rec.Body.String())
		}
	}
	// Well-formed but wrong credentials: 401.
	for _, c := range []Credentials{{ProjectID: creds.ProjectID, Secret: "wrong"}, {ProjectID: "project-test-nope", Secret: creds.Secret}} {
		s, b := call(t, e, c, http.MethodGet, "/v1/b2b/organizations/x", nil)
		wantError(t, s, b, 401, "unauthorized_credentials")
		if strings.Contains(b["error_message"].(string), creds.Secret) {
			t.Fatal("error message contains the secret")
		}
	}
	live, err := e.CreateProject("live", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(live.ProjectID, "project-live-") || !strings.HasPrefix(live.Secret, "secret-live-") {
		t.Fatalf("live credentials %+v", live)
	}
	_, b = call(t, e, live, http.MethodGet, "/v1/b2b/organizations/x", nil)
	if !strings.HasPrefix(b["request_id"].(string), "request-id-live-") {
		t.Fatalf("live request id %v", b["request_id"])
	}
}

func TestBadBodies(t *testing.T) {
	e, creds := testProject(t)
	cases := []struct {
		body     string
		wantType string
	}{
		{`{"organization_name": `, "bad_request"},
		{`[1,2]`, "invalid_request_value"},
		{`{"organization_name": 42, "organization_slug": "ok"}`, "invalid_request_value"},
		{`{"organization_name": "x", "organization_slug": "ok", "email_allowed_domains": "acme.com"}`, "invalid_request_value"},
		{`{"organization_name": "x"} {"again": 1}`, "bad_request"},
		{`{"organization_name": "x", "organization_slug": "ok", "trusted_metadata": [1]}`, "metadata_invalid_format"},
		{`"just a string"`, "invalid_request_value"},
	}
	for _, c := range cases {
		s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(c.body))
		wantError(t, s, b, 400, c.wantType)
	}
	big := `{"organization_name":"` + strings.Repeat("x", httpkit.MaxBodyBytes) + `"}`
	s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(big))
	wantError(t, s, b, 400, "bad_request")
	// Nothing was created by any of them.
	_, b = call(t, e, creds, http.MethodPost, "/v1/b2b/organizations/search", nil)
	if n := len(b["organizations"].([]any)); n != 0 {
		t.Fatalf("%d organizations after bad bodies", n)
	}
}

func TestAdminProjectsAndClock(t *testing.T) {
	e := New(Options{})
	s, b := call(t, e, Credentials{}, http.MethodPost, "/mock/projects", strings.NewReader(`{"environment":"live"}`))
	if s != 200 || b["environment"] != "live" || !strings.HasPrefix(b["project_id"].(string), "project-live-") {
		t.Fatalf("create project: %d %v", s, b)
	}
	s, b = call(t, e, Credentials{}, http.MethodPost, "/mock/projects", strings.NewReader(`{"environment":"staging"}`))
	wantError(t, s, b, 400, "invalid_request_value")
	const fixedID, fixedSecret = "project-test-3f1c9a52-7d4e-4b8a-9c61-0e2f5a7b8c9d", "secret-test-0123456789abcdefghijklmnopqrstuv"
	fixed := `{"project_id":"` + fixedID + `","secret":"` + fixedSecret + `"}`
	s, b = call(t, e, Credentials{}, http.MethodPost, "/mock/projects", strings.NewReader(fixed))
	if s != 200 || b["project_id"] != fixedID {
		t.Fatalf("fixed project: %d %v", s, b)
	}
	s, b = call(t, e, Credentials{}, http.MethodPost, "/mock/projects", strings.NewReader(fixed))
	wantError(t, s, b, 400, "invalid_request_value")

	creds := Credentials{ProjectID: fixedID, Secret: fixedSecret}
	s, b = call(t, e, Credentials{}, http.MethodPost, "/mock/clock", strings.NewReader(`{"advance_seconds":60}`))
	wantError(t, s, b, 400, "invalid_authorization_header")
	before := e.Clock(creds.ProjectID).Now()
	s, b = call(t, e, creds, http.MethodPost, "/mock/clock", strings.NewReader(`{"advance_seconds":3600}`))
	if s != 200 || b["offset_seconds"].(float64) != 3600 {
		t.Fatalf("advance: %d %v", s, b)
	}
	if got := e.Clock(creds.ProjectID).Now(); got.Sub(before) < time.Hour {
		t.Fatalf("clock moved %v", got.Sub(before))
	}
	s, b = call(t, e, creds, http.MethodPost, "/mock/clock", strings.NewReader(`{"advance_seconds":-5}`))
	wantError(t, s, b, 400, "invalid_request_value")
	// Another project's clock did not move.
	other, _ := e.CreateProject("test", "", "")
	if e.Clock(other.ProjectID).Offset() != 0 {
		t.Fatal("clocks are not per project")
	}
}

func TestEventsRecorded(t *testing.T) {
	e, creds := testProject(t)
	call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"A","organization_slug":"acme"}`))
	_, errBody := call(t, e, creds, http.MethodGet, "/v1/b2b/organizations/nope", nil)
	evs := oldestFirst(t, e, creds.ProjectID)
	if len(evs) != 4 {
		t.Fatalf("got %d events, want 4: %+v", len(evs), evs)
	}
	if evs[0].Status != "start" || evs[1].Status != "success" || evs[0].RequestID != evs[1].RequestID || evs[1].Action != "B2BOrganizationsCreate" {
		t.Fatalf("create events %+v", evs[:2])
	}
	if evs[3].Status != "error" || evs[3].ErrorType != "organization_not_found" || evs[3].HTTPStatus != 404 || evs[3].RequestID != errBody["request_id"] {
		t.Fatalf("error event %+v", evs[3])
	}
	// Events older than 30 days of mock time are pruned.
	e.Clock(creds.ProjectID).Advance(31 * 24 * time.Hour)
	if n := len(oldestFirst(t, e, creds.ProjectID)); n != 0 {
		t.Fatalf("%d events survived 31 days", n)
	}
	call(t, e, creds, http.MethodGet, "/v1/b2b/organizations/acme", nil)
	if n := len(oldestFirst(t, e, creds.ProjectID)); n != 2 {
		t.Fatalf("%d events after pruning and one call", n)
	}
}

func TestConcurrentCreatesSameSlug(t *testing.T) {
	e, creds := testProject(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest(http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"A","organization_slug":"same"}`))
			req.SetBasicAuth(creds.ProjectID, creds.Secret)
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code == 200 {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if ok != 1 {
		t.Fatalf("%d concurrent creates of one slug succeeded, want 1", ok)
	}
}

// FuzzOrganizationBodies feeds arbitrary bodies to the organization and
// search endpoints: the mock must answer JSON with a 2xx or 4xx, never panic
// or answer 5xx.
func FuzzOrganizationBodies(f *testing.F) {
	for _, s := range []string{
		`{"organization_name":"A","organization_slug":"acme"}`,
		`{"organization_name":"A","organization_slug":"acme","email_allowed_domains":["acme.com"],"email_jit_provisioning":"RESTRICTED"}`,
		`{"query":{"operator":"AND","operands":[{"filter_name":"organization_slugs","filter_value":["acme"]}]},"limit":2}`,
		`{"cursor":"djE6MQ","limit":1}`,
		`{"allowed_oauth_tenants":{"slack":["T1"]},"oauth_tenant_jit_provisioning":"RESTRICTED"}`,
		`{"trusted_metadata":{"a":{"b":[1,2,{"c":null}]}}}`,
		`null`, `[]`, `{`, ``,
	} {
		f.Add(s)
	}
	e, creds := func() (*Engine, Credentials) {
		e := New(Options{})
		c, _ := e.CreateProject("test", "", "")
		return e, c
	}()
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range []struct{ method, path string }{
			{http.MethodPost, "/v1/b2b/organizations"},
			{http.MethodPut, "/v1/b2b/organizations/acme"},
			{http.MethodPost, "/v1/b2b/organizations/search"},
		} {
			req := httptest.NewRequest(target.method, target.path, bytes.NewBufferString(body))
			req.SetBasicAuth(creds.ProjectID, creds.Secret)
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %s with %q: %d %s", target.method, target.path, body, rec.Code, rec.Body.String())
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("invalid JSON answer %q", rec.Body.String())
			}
		}
	})
}

// oldestFirst returns every retained event of a project, oldest first.
func oldestFirst(t *testing.T, e *Engine, projectID string) []state.Event {
	t.Helper()
	page, err := e.Events(projectID, state.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	evs := page.Events
	for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
		evs[i], evs[j] = evs[j], evs[i]
	}
	return evs
}

// BenchmarkCreateProject measures creating a project; signing keys are made
// lazily on first use, so this stays far below a millisecond.
func BenchmarkCreateProject(b *testing.B) {
	e := New(Options{})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.CreateProject("test", "", ""); err != nil {
			b.Fatal(err)
		}
	}
}
