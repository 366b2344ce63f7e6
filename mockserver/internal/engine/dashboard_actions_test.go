package engine

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// memberIDByEmail finds a member of the fixture's project.
func (f *dashFixture) memberIDByEmail(t *testing.T, email string) string {
	t.Helper()
	p := f.project()
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	for _, r := range p.Members {
		if r.Member.EmailAddress == email {
			return r.Member.MemberID
		}
	}
	t.Fatalf("no member %s", email)
	return ""
}

// dashPost sends a dashboard action with the given headers and the CSRF
// cookie and token a browser that loaded the dashboard would send.
func dashPost(t *testing.T, e *Engine, path string, headers map[string]string) (int, http.Header, string) {
	t.Helper()
	cookie, token := dashCSRF(t, e)
	return dashPostToken(t, e, path, headers, cookie, token)
}

// dashPostToken sends a dashboard action with the given headers, seed
// cookie (nil: none) and form token ("": none).
func dashPostToken(t *testing.T, e *Engine, path string, headers map[string]string, cookie *http.Cookie, token string) (int, http.Header, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(url.Values{"csrf_token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Host = "127.0.0.1:9010"
	if cookie != nil {
		req.AddCookie(cookie)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return dashDo(t, e, req)
}

// dashCSRF loads a project page of e as a browser would and returns the
// seed cookie it set and the token its forms carry.
func dashCSRF(t *testing.T, e *Engine) (*http.Cookie, string) {
	t.Helper()
	ids := e.ProjectIDs()
	if len(ids) == 0 {
		t.Fatal("no project to load a page of")
	}
	req := httptest.NewRequest(http.MethodGet, "/dashboard/projects/"+ids[0], nil)
	req.Host = "127.0.0.1:9010"
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	var cookie *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "stytch_mock_csrf" {
			cookie = c
		}
	}
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	if cookie == nil || m == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("project page set no CSRF cookie (%v) or form token", cookie)
	}
	return cookie, m[1]
}

var crossSite = []map[string]string{
	{"Sec-Fetch-Site": "cross-site"},
	{"Origin": "http://evil.example"},
}

var sameOrigin = map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:9010"}

// section returns the HTML of <section id="id">.
func section(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `<section id="`+id+`">`)
	if i < 0 {
		t.Fatalf("no section %s", id)
	}
	s := body[i:]
	return s[:strings.Index(s, "</section>")]
}

func TestDashboardSessions(t *testing.T) {
	f := newDashFixture(t)
	alice := f.memberIDByEmail(t, "alice@acme.test")
	status, out := call(t, f.e, f.creds, http.MethodPost, "/mock/sessions",
		strings.NewReader(`{"organization_id":"`+f.acme.OrganizationID+`","member_id":"`+alice+`","session_duration_minutes":60}`))
	if status != http.StatusOK {
		t.Fatalf("session fixture: %d %v", status, out)
	}
	token, jwt := out["session_token"].(string), out["session_jwt"].(string)
	sessionID := out["member_session"].(map[string]any)["member_session_id"].(string)
	if token == "" || jwt == "" || sessionID == "" {
		t.Fatalf("session fixture answered %v", out)
	}

	projectURL := "/dashboard/projects/" + f.creds.ProjectID
	acmeURL := projectURL + "/organizations/" + f.acme.OrganizationID
	hostileURL := projectURL + "/organizations/" + f.hostile.OrganizationID
	for _, path := range []string{projectURL, acmeURL} {
		status, h, body := f.get(t, path)
		wantHTML(t, path, status, h, body, http.StatusOK)
		sessions := section(t, body, "sessions")
		wantContains(t, path+" sessions", sessions, "alice@acme.test", sessionID, "magic_link (email)", "stytch_member, stytch_admin", "Acme Corp")
		if n := strings.Count(sessions, `<tr class="session">`); n != 1 {
			t.Errorf("%s: %d session rows, want 1", path, n)
		}
		wantAbsent(t, path, body, token, jwt, jwt[:strings.Index(jwt, ".")], f.creds.Secret)
	}
	_, _, body := f.get(t, hostileURL)
	wantAbsent(t, "other organization's sessions", section(t, body, "sessions"), sessionID)
	wantContains(t, "other organization's sessions", section(t, body, "sessions"), "No live sessions.")

	// Past its expiry on the project's clock, the session is not shown.
	status, out = call(t, f.e, f.creds, http.MethodPost, "/mock/clock", strings.NewReader(`{"advance_seconds":3601}`))
	if status != http.StatusOK {
		t.Fatalf("advancing the clock: %d %v", status, out)
	}
	for _, path := range []string{projectURL, acmeURL} {
		_, _, body := f.get(t, path)
		wantAbsent(t, path, body, sessionID)
		wantContains(t, path, section(t, body, "sessions"), "No live sessions.")
	}
}

func TestDashboardRotateKeys(t *testing.T) {
	f := newDashFixture(t)
	dir := t.TempDir()
	if _, err := f.e.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	projectURL := "/dashboard/projects/" + f.creds.ProjectID
	rotateURL := projectURL + "/keys/rotate"
	_, _, body := f.get(t, projectURL)
	wantContains(t, "keys before any JWT", section(t, body, "keys"), "No key yet", `action="`+rotateURL+`"`, `id="rotate-keys"`)

	// A first key, generated by a JWKS request as a backend would.
	status, out := call(t, f.e, Credentials{}, http.MethodGet, "/v1/b2b/sessions/jwks/"+f.creds.ProjectID, nil)
	if status != http.StatusOK {
		t.Fatalf("jwks: %d %v", status, out)
	}
	first := f.project().Keys.List()
	if len(first) != 1 {
		t.Fatalf("%d keys after JWKS", len(first))
	}
	_, _, body = f.get(t, projectURL)
	wantContains(t, "keys", section(t, body, "keys"), first[0].KID, "current")

	for _, cross := range crossSite {
		status, h, body := dashPost(t, f.e, rotateURL, cross)
		wantHTML(t, "cross-site rotate", status, h, body, http.StatusForbidden)
	}
	if n := len(f.project().Keys.List()); n != 1 {
		t.Fatalf("cross-site POSTs rotated the keys (%d keys)", n)
	}
	if status, _, _ := f.get(t, rotateURL); status != http.StatusMethodNotAllowed {
		t.Fatalf("GET rotate: %d", status)
	}

	status, h, _ := dashPost(t, f.e, rotateURL, sameOrigin)
	if status != http.StatusSeeOther || h.Get("Location") != projectURL+"#keys" {
		t.Fatalf("rotate: %d, Location %q", status, h.Get("Location"))
	}
	keys := f.project().Keys.List()
	if len(keys) != 2 || keys[0].KID != first[0].KID || keys[0].Retired.IsZero() {
		t.Fatalf("keys after rotating: %+v", keys)
	}
	newKid := keys[1].KID
	_, _, body = f.get(t, projectURL)
	wantContains(t, "keys after rotating", section(t, body, "keys"), newKid, first[0].KID, "current: signs new session JWTs", "published until")
	if strings.Index(body, newKid) > strings.Index(body, first[0].KID) {
		t.Errorf("keys are not newest first")
	}
	// The new key is the one the JWKS and the data directory hold.
	_, out = call(t, f.e, Credentials{}, http.MethodGet, "/v1/b2b/sessions/jwks/"+f.creds.ProjectID, nil)
	if kid := out["keys"].([]any)[0].(map[string]any)["kid"]; kid != newKid {
		t.Errorf("JWKS's first key is %v, want %s", kid, newKid)
	}
	data := storedSnapshot(t, f.e, f.creds.ProjectID)
	if !strings.Contains(string(data), newKid) {
		t.Errorf("the data directory lacks the rotated key")
	}
	// The credentials still work.
	if status, out := call(t, f.e, f.creds, http.MethodGet, "/mock/clock", nil); status != http.StatusOK {
		t.Fatalf("credentials after rotating: %d %v", status, out)
	}
	status, h, body = dashPost(t, f.e, "/dashboard/projects/project-test-nope/keys/rotate", sameOrigin)
	wantHTML(t, "rotate unknown project", status, h, body, http.StatusNotFound)
}

func TestDashboardResetProject(t *testing.T) {
	f := newDashFixture(t)
	dir := t.TempDir()
	if _, err := f.e.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	f.sendMagicLink(t, "alice@acme.test", "tok_reset")
	if status, out := call(t, f.e, f.creds, http.MethodPost, "/mock/keys/rotate", nil); status != http.StatusOK {
		t.Fatalf("rotating: %d %v", status, out)
	}
	if status, out := call(t, f.e, f.creds, http.MethodPost, "/mock/clock", strings.NewReader(`{"advance_seconds":120}`)); status != http.StatusOK {
		t.Fatalf("advancing the clock: %d %v", status, out)
	}
	kids := f.project().Keys.List()
	projectURL := "/dashboard/projects/" + f.creds.ProjectID
	resetURL := projectURL + "/reset"

	_, _, body := f.get(t, projectURL)
	wantContains(t, "project page", body, `<a id="reset-project" class="danger" href="`+resetURL+`">`)
	wantAbsent(t, "project page", body, `action="`+resetURL+`"`) // the button is only on the confirmation page

	// The confirmation page changes nothing.
	status, h, body := f.get(t, resetURL)
	wantHTML(t, resetURL, status, h, body, http.StatusOK)
	wantContains(t, "confirmation page", body, `<form method="post" action="`+resetURL+`"`, `id="confirm-reset"`, "2 organizations", "3 members", "1 outbox messages")
	if n := len(f.e.Outbox(f.creds.ProjectID, "")); n != 1 {
		t.Fatalf("the confirmation page changed the project")
	}

	for _, cross := range crossSite {
		status, h, body := dashPost(t, f.e, resetURL, cross)
		wantHTML(t, "cross-site reset", status, h, body, http.StatusForbidden)
	}
	f.project().Mu.RLock()
	orgs := len(f.project().Orgs)
	f.project().Mu.RUnlock()
	if orgs != 2 {
		t.Fatalf("cross-site POSTs reset the project (%d organizations)", orgs)
	}

	status, h, _ = dashPost(t, f.e, resetURL, sameOrigin)
	if status != http.StatusSeeOther || h.Get("Location") != projectURL {
		t.Fatalf("reset: %d, Location %q", status, h.Get("Location"))
	}
	_, _, body = f.get(t, projectURL)
	wantContains(t, "project after reset", body, "No organizations.", "No members.", "No live sessions.", "The outbox is empty", "(advanced by 2m0s)", kids[0].KID)
	wantAbsent(t, "project after reset", body, "Acme Corp", "alice@acme.test")
	if got := f.project().Keys.List(); len(got) != 1 || got[0].KID != kids[0].KID {
		t.Errorf("keys after reset: %+v", got)
	}
	data := storedSnapshot(t, f.e, f.creds.ProjectID)
	if strings.Contains(string(data), "Acme Corp") {
		t.Errorf("the data directory still holds the organizations")
	}
	// The credentials still work, through the SDK.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := f.client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "After Reset", OrganizationSlug: "after-reset"}); err != nil {
		t.Fatalf("credentials after reset: %v", err)
	}

	status, h, body = dashPost(t, f.e, "/dashboard/projects/project-test-nope/reset", sameOrigin)
	wantHTML(t, "reset unknown project", status, h, body, http.StatusNotFound)
	status, h, body = f.get(t, "/dashboard/projects/project-test-nope/reset")
	wantHTML(t, "confirm unknown project", status, h, body, http.StatusNotFound)
}

// Clearing the outbox from the dashboard writes the data directory, as
// DELETE /mock/outbox does.
func TestDashboardClearOutboxPersists(t *testing.T) {
	f := newDashFixture(t)
	dir := t.TempDir()
	if _, err := f.e.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	f.sendMagicLink(t, "alice@acme.test", "tok_persisted_outbox")
	if err := f.e.Persist(f.creds.ProjectID); err != nil {
		t.Fatal(err)
	}
	if data := storedSnapshot(t, f.e, f.creds.ProjectID); !strings.Contains(string(data), "tok_persisted_outbox") {
		t.Fatal("the outbox message was not written")
	}
	if status, _, body := dashPost(t, f.e, "/dashboard/projects/"+f.creds.ProjectID+"/outbox/clear", sameOrigin); status != http.StatusSeeOther {
		t.Fatalf("clear: %d %s", status, body)
	}
	if data := storedSnapshot(t, f.e, f.creds.ProjectID); strings.Contains(string(data), "tok_persisted_outbox") {
		t.Error("the cleared outbox is still in the data directory")
	}
}

// The dashboard answers under IP addresses, localhost and configured names
// only, so a page that rebinds its own domain to the mock cannot read it.
func TestDashboardRefusesUnknownHostNames(t *testing.T) {
	e := New(Options{DashboardHosts: []string{"stytch-mock"}})
	for host, want := range map[string]int{
		"127.0.0.1:9010":        http.StatusOK,
		"[::1]:9010":            http.StatusOK,
		"localhost:9010":        http.StatusOK,
		"app.localhost":         http.StatusOK,
		"10.1.2.3":              http.StatusOK,
		"stytch-mock:9010":      http.StatusOK,
		"STYTCH-MOCK":           http.StatusOK,
		"evil.example.com":      http.StatusForbidden,
		"evil.example.com:9010": http.StatusForbidden,
		"localhost.evil.com":    http.StatusForbidden,
	} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %q: status %d, want %d", host, rec.Code, want)
		}
	}
	// The API does not depend on the Host header.
	creds, _ := e.CreateProject("test", "", "")
	req := httptest.NewRequest(http.MethodGet, "/v1/b2b/rbac/policy", nil)
	req.Host = "evil.example.com"
	req.SetBasicAuth(creds.ProjectID, creds.Secret)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("API under another host name: %d", rec.Code)
	}
}
