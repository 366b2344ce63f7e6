package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/clock"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func TestRedirectURLSchemesRefused(t *testing.T) {
	e, creds := testProject(t)
	live, err := e.CreateProject("live", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []Credentials{creds, live} {
		for _, u := range []string{"javascript:alert(1)", "JavaScript://x/%0aalert(1)", "data:text/html,<script>x</script>", "vbscript:msgbox(1)", "file:///etc/passwd"} {
			body := fmt.Sprintf(`{"redirect_urls":[{"url":%q,"types":["login"]}]}`, u)
			s, b := call(t, e, c, http.MethodPut, "/mock/redirect_urls", strings.NewReader(body))
			wantError(t, s, b, 400, "redirect_url_cannot_use_protocol")
		}
		// Native app schemes and https stay allowed.
		s, b := call(t, e, c, http.MethodPut, "/mock/redirect_urls", strings.NewReader(`{"redirect_urls":[{"url":"myapp://callback","types":["login"]},{"url":"https://app.example.com/cb","types":["signup"]}]}`))
		if s != 200 {
			t.Fatalf("native and https: %d %v", s, b)
		}
	}
	// A registry that was refused changed nothing.
	_, b := call(t, e, creds, http.MethodGet, "/mock/redirect_urls", nil)
	if n := len(b["redirect_urls"].([]any)); n != 2 {
		t.Fatalf("%d redirect URLs", n)
	}
}

func TestLogoURLSchemesRefused(t *testing.T) {
	e, creds := testProject(t)
	for i, u := range []string{"javascript:alert(1)", "data:image/svg+xml,<svg/onload=alert(1)>", "vbscript:x", "file:///etc/passwd", "not a url"} {
		body := fmt.Sprintf(`{"organization_name":"A","organization_slug":"logo-%d","organization_logo_url":%q}`, i, u)
		s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(body))
		wantError(t, s, b, 400, "invalid_url")
	}
	s, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"A","organization_slug":"logo-ok","organization_logo_url":"https://cdn.example.com/logo.png"}`))
	if s != 200 {
		t.Fatalf("https logo: %d %v", s, b)
	}
	id := b["organization"].(map[string]any)["organization_id"].(string)
	s, b = call(t, e, creds, http.MethodPut, "/v1/b2b/organizations/"+id, strings.NewReader(`{"organization_logo_url":"javascript:alert(1)"}`))
	wantError(t, s, b, 400, "invalid_url")
	_, b = call(t, e, creds, http.MethodGet, "/v1/b2b/organizations/"+id, nil)
	if got := b["organization"].(map[string]any)["organization_logo_url"]; got != "https://cdn.example.com/logo.png" {
		t.Fatalf("logo after refused update: %v", got)
	}
}

func TestClockOffsetBounded(t *testing.T) {
	e, creds := testProject(t)
	century := int64(clock.MaxOffset / time.Second)
	s, b := call(t, e, creds, http.MethodPost, "/mock/clock", strings.NewReader(fmt.Sprintf(`{"advance_seconds":%d}`, century-10)))
	if s != 200 {
		t.Fatalf("advance: %d %v", s, b)
	}
	for range 3 {
		s, b = call(t, e, creds, http.MethodPost, "/mock/clock", strings.NewReader(fmt.Sprintf(`{"advance_seconds":%d}`, century)))
		wantError(t, s, b, 400, "invalid_request_value")
	}
	s, b = call(t, e, creds, http.MethodPost, "/mock/clock", strings.NewReader(`{"advance_seconds":11}`))
	wantError(t, s, b, 400, "invalid_request_value")
	if got := e.Clock(creds.ProjectID).Offset(); got != time.Duration(century-10)*time.Second {
		t.Fatalf("offset %v after refused advances", got)
	}
	// Time still moves forward and signing still works at the bound.
	if e.Clock(creds.ProjectID).Now().Year() < 2100 {
		t.Fatal("clock went back")
	}
	s, b = call(t, e, creds, http.MethodPost, "/mock/clock", strings.NewReader(`{"advance_seconds":10}`))
	if s != 200 {
		t.Fatalf("advance to the bound: %d %v", s, b)
	}
	s, b = call(t, e, creds, http.MethodGet, "/v1/b2b/sessions/jwks/"+creds.ProjectID, nil)
	if s != 200 {
		t.Fatalf("jwks at the bound: %d %v", s, b)
	}
}

// FuzzClockRoute sends arbitrary bodies to POST /mock/clock: the route never
// answers 5xx, never moves the clock back, never past clock.MaxOffset, and
// moves it only when it answers 200.
func FuzzClockRoute(f *testing.F) {
	for _, s := range []string{`{"advance_seconds":60}`, `{"advance_seconds":-1}`, `{"advance_seconds":3153600000}`, `{"advance_seconds":9223372036}`, `{"advance_seconds":1e30}`, `{}`, `[]`, `{"advance_seconds":"1"}`, `{"advance_seconds":1,"x":2}`} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, first, second string) {
		e := New(Options{DisableDashboard: true})
		creds, err := e.CreateProject("test", "", "")
		if err != nil {
			t.Fatal(err)
		}
		c := e.Clock(creds.ProjectID)
		for _, body := range []string{first, second, first} {
			before := c.Offset()
			req := newReq(http.MethodPost, "/mock/clock", body, creds)
			rec := serve(e, req)
			after := c.Offset()
			if rec.Code >= 500 {
				t.Fatalf("%q: %d %s", body, rec.Code, rec.Body)
			}
			if after < before || after > clock.MaxOffset {
				t.Fatalf("%q: offset %v -> %v", body, before, after)
			}
			if rec.Code != 200 && after != before {
				t.Fatalf("%q: answered %d but moved the clock", body, rec.Code)
			}
			var out struct {
				OffsetSeconds int64 `json:"offset_seconds"`
			}
			if rec.Code == 200 && (json.Unmarshal(rec.Body.Bytes(), &out) != nil || out.OffsetSeconds != int64(after/time.Second)) {
				t.Fatalf("%q: answer %s, offset %v", body, rec.Body, after)
			}
		}
	})
}

// newReq is a request with the project's basic auth.
func newReq(method, path, body string, creds Credentials) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if creds.ProjectID != "" {
		req.SetBasicAuth(creds.ProjectID, creds.Secret)
	}
	return req
}

// serve runs one request through h.
func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestCallerChosenCredentialsAndProjectCap(t *testing.T) {
	e := New(Options{Limits: Limits{MaxProjects: 3}})
	for _, body := range []string{
		`{"project_id":"project-test-fixed"}`,
		`{"project_id":"project-test-` + strings.Repeat("a", 100000) + `"}`,
		`{"secret":"s3"}`,
		`{"secret":"secret-test-short"}`,
		`{"environment":"live","secret":"secret-test-0123456789abcdefghijklmnopqrstuv"}`,
	} {
		s, b := call(t, e, Credentials{}, http.MethodPost, "/mock/projects", strings.NewReader(body))
		wantError(t, s, b, 400, "invalid_request_value")
		if strings.Contains(b["error_message"].(string), "s3") || len(b["error_message"].(string)) > 300 {
			t.Fatalf("error repeats the input: %v", b["error_message"])
		}
	}
	if n := len(e.ProjectIDs()); n != 0 {
		t.Fatalf("%d projects after refused creates", n)
	}
	for range 3 {
		if s, b := call(t, e, Credentials{}, http.MethodPost, "/mock/projects", strings.NewReader(`{}`)); s != 200 {
			t.Fatalf("create: %d %v", s, b)
		}
	}
	s, b := call(t, e, Credentials{}, http.MethodPost, "/mock/projects", strings.NewReader(`{}`))
	wantError(t, s, b, 403, "project_limit_reached")
	if _, err := e.CreateProject("test", "", ""); !errors.Is(err, ErrProjectLimit) {
		t.Fatalf("CreateProject past the cap: %v", err)
	}
	// A snapshot of a new project is refused too; one of an existing
	// project still replaces it.
	id := e.ProjectIDs()[0]
	snap, err := e.Export(id)
	if err != nil {
		t.Fatal(err)
	}
	other := strings.Replace(string(snap), id, ids.NewID("project", "test"), 1)
	if _, err := e.Import("", []byte(other), ImportCreateOnly); !errors.Is(err, ErrProjectLimit) {
		t.Fatalf("import past the cap: %v", err)
	}
	if _, err := e.Import(id, snap, ImportReplace); err != nil {
		t.Fatal(err)
	}
}

func TestOutboxCap(t *testing.T) {
	e := New(Options{Limits: Limits{MaxOutboxMessages: 5}})
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	p := e.Project(creds.ProjectID)
	for i := range 12 {
		p.SendEmail(state.Message{To: fmt.Sprintf("u%d@example.com", i)})
	}
	got := e.Outbox(creds.ProjectID, "")
	if len(got) != 5 || got[0].To != "u11@example.com" || got[4].To != "u7@example.com" {
		t.Fatalf("outbox after 12 sends: %d messages, newest %v", len(got), got[0].To)
	}
}

func TestImportLimits(t *testing.T) {
	e := New(Options{Limits: Limits{MaxImportBytes: 4096}})
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	big := `{"format":"stytch-mock-project","pad":"` + strings.Repeat("x", 5000) + `"}`
	s, b := call(t, e, creds, http.MethodPost, "/mock/import", strings.NewReader(big))
	wantError(t, s, b, 400, "bad_request")

	// While an import runs, another is refused before its body is read.
	done, err := e.beginImport()
	if err != nil {
		t.Fatal(err)
	}
	s, b = call(t, e, creds, http.MethodPost, "/mock/import", strings.NewReader(`{}`))
	wantError(t, s, b, 429, "import_in_progress")
	done()
	snap, err := e.Export(creds.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if s, b = call(t, e, creds, http.MethodPost, "/mock/import", bytes.NewReader(snap)); s != 200 {
		t.Fatalf("import after the other finished: %d %v", s, b)
	}
}

func TestAdminToken(t *testing.T) {
	const token = "admin-0123456789abcdef"
	e := New(Options{AdminToken: token})
	if _, err := e.CreateProject("test", "", ""); err != nil {
		t.Fatal(err)
	}
	// POST /mock/projects needs the token as a bearer token.
	for _, auth := range []string{"", "Bearer wrong", "Basic " + token, "Bearer " + token + "x"} {
		req := newReq(http.MethodPost, "/mock/projects", `{}`, Credentials{})
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if rec := serve(e, req); rec.Code != http.StatusUnauthorized {
			t.Fatalf("create project with %q: %d", auth, rec.Code)
		}
	}
	req := newReq(http.MethodPost, "/mock/projects", `{}`, Credentials{})
	req.Header.Set("Authorization", "Bearer "+token)
	if rec := serve(e, req); rec.Code != http.StatusOK {
		t.Fatalf("create project with the token: %d %s", rec.Code, rec.Body)
	}
	if n := len(e.ProjectIDs()); n != 2 {
		t.Fatalf("%d projects", n)
	}

	// The dashboard answers 401 without it; ?admin_token= trades it for a
	// cookie and redirects to the page without the token.
	get := func(path string, cookie *http.Cookie) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Host = "127.0.0.1:9010"
		if cookie != nil {
			req.AddCookie(cookie)
		}
		return serve(e, req)
	}
	if rec := get("/dashboard/", nil); rec.Code != http.StatusUnauthorized || strings.Contains(rec.Body.String(), token) {
		t.Fatalf("dashboard without the token: %d", rec.Code)
	}
	if rec := get("/dashboard/?admin_token=wrong", nil); rec.Code != http.StatusUnauthorized {
		t.Fatalf("dashboard with a wrong token: %d", rec.Code)
	}
	rec := get("/dashboard/?admin_token="+token+"&x=1", nil)
	if rec.Code != http.StatusSeeOther || strings.Contains(rec.Header().Get("Location"), token) || rec.Header().Get("Location") != "/dashboard/?x=1" {
		t.Fatalf("token exchange: %d, Location %q", rec.Code, rec.Header().Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == adminCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || strings.Contains(cookie.Value, token) {
		t.Fatalf("admin cookie %+v", cookie)
	}
	if rec := get("/dashboard/", cookie); rec.Code != http.StatusOK {
		t.Fatalf("dashboard with the cookie: %d", rec.Code)
	}
	// Project-scoped admin routes keep their basic auth, token or not.
	if s, b := call(t, e, Credentials{}, http.MethodGet, "/mock/clock", nil); s != 400 || b["error_type"] != "invalid_authorization_header" {
		t.Fatalf("clock without credentials: %d %v", s, b)
	}
}
