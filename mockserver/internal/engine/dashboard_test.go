package engine

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/stytchapi"
)

const hostileName = "<script>alert(1)</script>"

// dashFixture is an engine under httptest with one TEST project populated
// through the SDK: two organizations (one with a hostile name) and members.
type dashFixture struct {
	e       *Engine
	srv     *httptest.Server
	creds   Credentials
	client  *b2b.Client
	acme    organizations.Organization
	hostile organizations.Organization
}

func newDashFixture(t *testing.T) *dashFixture {
	t.Helper()
	e, creds := testProject(t)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	client, err := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(srv.URL), stytchapi.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	f := &dashFixture{e: e, srv: srv, creds: creds, client: client}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	acme, err := client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme Corp", OrganizationSlug: "acme", EmailAllowedDomains: []string{"acme.test"}})
	if err != nil {
		t.Fatal(err)
	}
	f.acme = acme.Organization
	hostile, err := client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: hostileName, OrganizationSlug: "hostile"})
	if err != nil {
		t.Fatal(err)
	}
	f.hostile = hostile.Organization
	for _, m := range []*organizations.MembersCreateParams{
		{OrganizationID: f.acme.OrganizationID, EmailAddress: "alice@acme.test", Name: "Alice", Roles: []string{"stytch_admin"}},
		{OrganizationID: f.acme.OrganizationID, EmailAddress: "bob@acme.test", Name: "Bob", CreateMemberAsPending: true},
		{OrganizationID: f.hostile.OrganizationID, EmailAddress: "mallory@evil.test", Name: `<img src=x onerror=alert(2)>`},
	} {
		if _, err := client.Organizations.Members.Create(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	// One failed request, for the event-log filters.
	if _, err := client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: "organization-test-missing"}); err == nil {
		t.Fatal("getting a missing organization succeeded")
	}
	return f
}

// project returns the fixture's project.
func (f *dashFixture) project() *state.Project { return f.e.Project(f.creds.ProjectID) }

// sendMagicLink puts a login email in the outbox whose link is the project's
// default login redirect URL with a token, as a magic-link email carries it.
func (f *dashFixture) sendMagicLink(t *testing.T, to, token string) string {
	t.Helper()
	p := f.project()
	p.Mu.RLock()
	redirect, aerr := p.ResolveRedirectURL("login", "", "invalid_redirect_url")
	p.Mu.RUnlock()
	if aerr != nil {
		t.Fatal(aerr)
	}
	link := state.WithToken(redirect, "multi_tenant_magic_links", token)
	p.SendEmail(state.Message{To: to, Template: "login", Subject: "Your login link", Text: "Log in: " + link, Link: link, Token: token, OrganizationID: f.acme.OrganizationID})
	return link
}

// get fetches a dashboard page.
func (f *dashFixture) get(t *testing.T, path string) (int, http.Header, string) {
	t.Helper()
	return dashDo(t, f.e, httptest.NewRequest(http.MethodGet, path, nil))
}

func dashDo(t *testing.T, h http.Handler, req *http.Request) (int, http.Header, string) {
	t.Helper()
	if req.Host == "example.com" { // httptest's default; the dashboard wants an address or localhost
		req.Host = "127.0.0.1:9010"
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, rec.Header(), string(b)
}

func wantHTML(t *testing.T, path string, status int, h http.Header, body string, wantStatus int) {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("GET %s: status %d, want %d; body:\n%s", path, status, wantStatus, body)
	}
	if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("GET %s: content type %q", path, ct)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Fatalf("GET %s: CSP %q", path, csp)
	}
	if h.Get("Cache-Control") != "no-store" || h.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("GET %s: headers %v", path, h)
	}
}

func wantContains(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

func wantAbsent(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) {
			t.Errorf("%s contains %q", what, s)
		}
	}
}

func TestDashboardProjectsPage(t *testing.T) {
	f := newDashFixture(t)
	live, err := f.e.CreateProject("live", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/dashboard", "/dashboard/"} {
		status, h, body := f.get(t, path)
		wantHTML(t, path, status, h, body, http.StatusOK)
		wantContains(t, path, body,
			`href="/dashboard/projects/`+f.creds.ProjectID+`"`, live.ProjectID,
			`<span class="env env-test">test</span>`, `<span class="env env-live">live</span>`,
			`<td class="num">2</td>`, // organizations
			`<td class="num">3</td>`, // members
		)
		wantAbsent(t, path, body, f.creds.Secret, live.Secret)
		if strings.Index(body, f.creds.ProjectID) > strings.Index(body, live.ProjectID) {
			t.Errorf("%s: LIVE project listed before TEST", path)
		}
	}
	// HEAD answers like GET.
	status, _, _ := dashDo(t, f.e, httptest.NewRequest(http.MethodHead, "/", nil))
	if status != http.StatusOK {
		t.Fatalf("HEAD /: %d", status)
	}
}

func TestDashboardProjectPage(t *testing.T) {
	f := newDashFixture(t)
	path := "/dashboard/projects/" + f.creds.ProjectID
	status, h, body := f.get(t, path)
	wantHTML(t, path, status, h, body, http.StatusOK)
	wantContains(t, "project page", body,
		"Acme Corp", `href="/dashboard/projects/`+f.creds.ProjectID+`/organizations/`+f.acme.OrganizationID+`"`,
		"alice@acme.test", "bob@acme.test", "mallory@evil.test",
		`<span class="status status-active">active</span>`, `<span class="status status-pending">pending</span>`,
		"stytch_member, stytch_admin",
		"http://localhost:3000", // the default redirect URL
		"The outbox is empty",
	)
	// Hostile names are escaped, never markup.
	wantAbsent(t, "project page", body, hostileName, "<img src=x", f.creds.Secret)
	wantContains(t, "project page", body, html.EscapeString(hostileName), "&lt;img src=x onerror=alert(2)&gt;")
}

func TestDashboardOutbox(t *testing.T) {
	f := newDashFixture(t)
	token := "tok_" + strings.Repeat("a", 40)
	link := f.sendMagicLink(t, "alice@acme.test", token)
	f.project().SendSMS(state.Message{To: "+15555550123", Template: "otp", Text: "Your code is 654321", Code: "654321"})

	path := "/dashboard/projects/" + f.creds.ProjectID
	status, h, body := f.get(t, path)
	wantHTML(t, path, status, h, body, http.StatusOK)
	wantContains(t, "outbox", body,
		`<a class="magic-link" href="`+html.EscapeString(link)+`">`,
		`<span class="code">654321</span>`, "Your login link", `id="clear-outbox"`,
	)
	if sms, email := strings.Index(body, "654321"), strings.Index(body, "Your login link"); sms < 0 || email < 0 || sms > email {
		t.Errorf("outbox is not newest first (sms at %d, email at %d)", sms, email)
	}
	// Tokens appear only inside the outbox section.
	outbox := body[strings.Index(body, `<section id="outbox">`):]
	outbox = outbox[:strings.Index(outbox, "</section>")]
	if strings.Count(body, token) != strings.Count(outbox, token) {
		t.Errorf("the token appears outside the outbox")
	}
	orgPath := "/dashboard/projects/" + f.creds.ProjectID + "/organizations/" + f.acme.OrganizationID
	_, _, orgBody := f.get(t, orgPath)
	wantAbsent(t, "organization page", orgBody, token)

	// A link that is not a web URL is not made clickable.
	f.project().SendEmail(state.Message{To: "eve@acme.test", Template: "login", Text: "x", Link: "javascript:alert(3)"})
	_, _, body = f.get(t, path)
	wantAbsent(t, "outbox", body, `href="javascript:`)
}

func TestDashboardEventFilters(t *testing.T) {
	f := newDashFixture(t)
	base := "/dashboard/projects/" + f.creds.ProjectID
	events := oldestFirst(t, f.e, f.creds.ProjectID)
	var failed state.Event
	for _, ev := range events {
		if ev.Status == "error" {
			failed = ev
		}
	}
	if failed.RequestID == "" {
		t.Fatal("no error event in the log")
	}

	count := func(body, class string) int { return strings.Count(body, `<tr class="event event-`+class+`">`) }

	_, _, all := f.get(t, base)
	if got := count(all, "start") + count(all, "success") + count(all, "error"); got != len(events) {
		t.Fatalf("unfiltered log shows %d events, want %d", got, len(events))
	}

	_, _, body := f.get(t, base+"?status=error")
	if count(body, "error") != 1 || count(body, "start") != 0 || count(body, "success") != 0 {
		t.Errorf("status=error shows %d error, %d start, %d success", count(body, "error"), count(body, "start"), count(body, "success"))
	}
	wantContains(t, "status filter", body, `<option value="error" selected>`, "organization_not_found")

	_, _, body = f.get(t, base+"?action=B2BOrganizationsCreate&status=success")
	if n := count(body, "success"); n != 2 || strings.Contains(body, "<td>B2BOrganizationsMembersCreate</td>") {
		t.Errorf("action filter shows %d events", n)
	}

	_, _, body = f.get(t, base+"?request_id="+url.QueryEscape(failed.RequestID))
	if count(body, "start") != 1 || count(body, "error") != 1 || count(body, "success") != 0 {
		t.Errorf("request_id filter: %d start, %d error, %d success", count(body, "start"), count(body, "error"), count(body, "success"))
	}
	wantContains(t, "request_id filter", body, `value="`+failed.RequestID+`"`)

	// A hostile filter value is escaped back into the form.
	_, _, body = f.get(t, base+"?request_id="+url.QueryEscape(`"><script>x</script>`))
	wantAbsent(t, "filter echo", body, "<script>x")
	wantContains(t, "filter echo", body, "0 of ")
}

func TestDashboardOrganizationPage(t *testing.T) {
	f := newDashFixture(t)
	path := "/dashboard/projects/" + f.creds.ProjectID + "/organizations/" + f.acme.OrganizationID
	status, h, body := f.get(t, path)
	wantHTML(t, path, status, h, body, http.StatusOK)
	wantContains(t, "organization page", body,
		"Organization Acme Corp", "<th>organization_slug</th><td><code>acme</code></td>",
		"<th>email_allowed_domains</th><td><code>acme.test</code></td>",
		"alice@acme.test", "bob@acme.test", "Members (2 not deleted)",
	)
	wantAbsent(t, "organization page", body, "mallory@evil.test", f.creds.Secret)

	hostilePath := "/dashboard/projects/" + f.creds.ProjectID + "/organizations/" + f.hostile.OrganizationID
	status, h, body = f.get(t, hostilePath)
	wantHTML(t, hostilePath, status, h, body, http.StatusOK)
	wantAbsent(t, "hostile organization page", body, hostileName, "<img src=x")
	wantContains(t, "hostile organization page", body, "<title>"+html.EscapeString(hostileName))
}

func TestDashboardNotFound(t *testing.T) {
	f := newDashFixture(t)
	for _, path := range []string{
		"/dashboard/projects/project-test-nope",
		"/dashboard/projects/" + f.creds.ProjectID + "/organizations/organization-test-nope",
		"/dashboard/projects/" + url.PathEscape(hostileName),
		"/dashboard/nothing",
	} {
		status, h, body := f.get(t, path)
		wantHTML(t, path, status, h, body, http.StatusNotFound)
		wantAbsent(t, path, body, hostileName)
	}
	status, h, body := dashDo(t, f.e, httptest.NewRequest(http.MethodPost, "/dashboard/projects/"+f.creds.ProjectID, nil))
	wantHTML(t, "POST project", status, h, body, http.StatusMethodNotAllowed)
	if h.Get("Allow") != "GET, HEAD" {
		t.Errorf("Allow %q", h.Get("Allow"))
	}
}

func TestDashboardClearOutbox(t *testing.T) {
	f := newDashFixture(t)
	f.sendMagicLink(t, "alice@acme.test", "tok_clear")
	path := "/dashboard/projects/" + f.creds.ProjectID + "/outbox/clear"

	post := func(headers map[string]string) (int, http.Header, string) {
		return dashPost(t, f.e, path, headers)
	}
	for _, cross := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site"},
		{"Origin": "http://evil.example"},
		{"Origin": "http://127.0.0.1:9011"},
	} {
		status, h, body := post(cross)
		wantHTML(t, "cross-site POST", status, h, body, http.StatusForbidden)
		if n := len(f.e.Outbox(f.creds.ProjectID, "")); n != 1 {
			t.Fatalf("cross-site POST %v cleared the outbox (%d left)", cross, n)
		}
	}

	status, _, body := dashDo(t, f.e, httptest.NewRequest(http.MethodGet, path, nil))
	if status != http.StatusMethodNotAllowed || len(f.e.Outbox(f.creds.ProjectID, "")) != 1 {
		t.Fatalf("GET clear: %d %s", status, body)
	}

	// A request that no browser marks same-origin (curl, a script) is
	// refused even with a token; so is a same-origin one without it.
	status, h, body := post(map[string]string{})
	wantHTML(t, "POST without browser headers", status, h, body, http.StatusForbidden)
	cookie, token := dashCSRF(t, f.e)
	otherCookie, _ := dashCSRF(t, f.e)
	for name, c := range map[string]struct {
		cookie *http.Cookie
		token  string
	}{"no token": {cookie, ""}, "no cookie": {nil, token}, "another browser's token": {otherCookie, token}, "forged token": {cookie, token[:len(token)-2] + "AA"}} {
		status, h, body := dashPostToken(t, f.e, path, sameOrigin, c.cookie, c.token)
		wantHTML(t, "same-origin POST with "+name, status, h, body, http.StatusForbidden)
		if n := len(f.e.Outbox(f.creds.ProjectID, "")); n != 1 {
			t.Fatalf("POST with %s cleared the outbox", name)
		}
	}

	for _, same := range []map[string]string{
		{"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:9010"},
		{"Origin": "http://127.0.0.1:9010"},
	} {
		f.sendMagicLink(t, "alice@acme.test", "tok_clear")
		status, h, _ := post(same)
		if status != http.StatusSeeOther || h.Get("Location") != "/dashboard/projects/"+f.creds.ProjectID+"#outbox" {
			t.Fatalf("same-origin POST %v: %d, Location %q", same, status, h.Get("Location"))
		}
		if n := len(f.e.Outbox(f.creds.ProjectID, "")); n != 0 {
			t.Fatalf("same-origin POST %v left %d messages", same, n)
		}
	}

	status, h, body = post(map[string]string{"Sec-Fetch-Site": "same-origin"})
	if status != http.StatusSeeOther {
		t.Fatalf("clearing an empty outbox: %d %s %v", status, body, h)
	}
	status, h, body = dashPost(t, f.e, "/dashboard/projects/project-test-nope/outbox/clear", sameOrigin)
	wantHTML(t, "clear unknown project", status, h, body, http.StatusNotFound)
}

func TestDashboardStylesheet(t *testing.T) {
	e := New(Options{})
	status, h, body := dashDo(t, e, httptest.NewRequest(http.MethodGet, "/dashboard/style.css", nil))
	if status != http.StatusOK || h.Get("Content-Type") != "text/css; charset=utf-8" || !strings.Contains(body, "table") {
		t.Fatalf("style.css: %d %q", status, h.Get("Content-Type"))
	}
}

// The dashboard takes only GET / and /dashboard/...; API and admin routes
// and every other path answer as before.
func TestDashboardLeavesOtherRoutesAlone(t *testing.T) {
	e, creds := testProject(t)
	status, body := call(t, e, Credentials{}, http.MethodPost, "/", nil)
	wantError(t, status, body, http.StatusNotFound, "route_not_found")
	status, body = call(t, e, Credentials{}, http.MethodGet, "/dashboardx", nil)
	wantError(t, status, body, http.StatusNotFound, "route_not_found")
	status, body = call(t, e, creds, http.MethodGet, "/mock/clock", nil)
	if status != http.StatusOK || body["now"] == nil {
		t.Fatalf("/mock/clock: %d %v", status, body)
	}
	status, body = call(t, e, creds, http.MethodGet, "/v1/b2b/organizations/organization-test-nope", nil)
	wantError(t, status, body, http.StatusNotFound, "organization_not_found")
}

func TestDashboardDisabled(t *testing.T) {
	e := New(Options{DisableDashboard: true})
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/dashboard/", "/dashboard/style.css", "/dashboard/projects/" + creds.ProjectID} {
		status, body := call(t, e, Credentials{}, http.MethodGet, path, nil)
		wantError(t, status, body, http.StatusNotFound, "route_not_found")
	}
	status, body := call(t, e, Credentials{}, http.MethodPost, "/dashboard/projects/"+creds.ProjectID+"/outbox/clear", nil)
	wantError(t, status, body, http.StatusNotFound, "route_not_found")
}

// The dashboard reads state while requests change it; run with -race.
func TestDashboardConcurrentWithAPI(t *testing.T) {
	f := newDashFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			_, _ = f.client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: f.acme.OrganizationID, EmailAddress: "user" + string(rune('a'+i)) + "@acme.test"})
			f.project().SendSMS(state.Message{To: "+15555550100", Text: "code", Code: "111111"})
		}
	}()
	for range 20 {
		for _, path := range []string{"/", "/dashboard/projects/" + f.creds.ProjectID, "/dashboard/projects/" + f.creds.ProjectID + "/organizations/" + f.acme.OrganizationID} {
			if status, _, body := f.get(t, path); status != http.StatusOK {
				t.Fatalf("%s: %d %s", path, status, body)
			}
		}
	}
	<-done
}
