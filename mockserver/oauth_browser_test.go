package mockserver_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/oauth"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
)

// noFollow is an HTTP client that reports redirects instead of following
// them, so that a test can check every hop.
var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// hop runs one request and returns its status, Location and body.
func hop(t *testing.T, method, target string, form url.Values) (int, string, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// formAction returns the action URL of the sign-in page's form, absolute.
func formAction(t *testing.T, base, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `action="`)
	action, _, ok2 := strings.Cut(rest, `"`)
	if !ok || !ok2 {
		t.Fatalf("no form action in %s", page)
	}
	return base + strings.ReplaceAll(action, "&amp;", "&")
}

// browserOAuthLogin walks start → sign-in page → form POST and returns
// the final redirect's query.
func browserOAuthLogin(t *testing.T, ts *mockserver.TestServer, start string, who url.Values) url.Values {
	t.Helper()
	status, loc, body := hop(t, http.MethodGet, start, nil)
	if status != http.StatusFound || !strings.HasPrefix(loc, "/mock/oauth/") {
		t.Fatalf("start = %d %q %s", status, loc, body)
	}
	status, _, page := hop(t, http.MethodGet, ts.URL+loc, nil)
	if status != http.StatusOK || !strings.Contains(page, `id="email"`) || !strings.Contains(page, `id="tenant_id"`) {
		t.Fatalf("sign-in page = %d %s", status, page)
	}
	status, loc, body = hop(t, http.MethodPost, formAction(t, ts.URL, page), who)
	if status != http.StatusFound {
		t.Fatalf("sign-in POST = %d %s", status, body)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestOAuthBrowserStartOrganizationLogin(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, nil)
	app := "https://app.example.com/oauth/callback"
	both := []string{"login", "signup"}
	if err := ts.SetRedirectURLs(ts.ProjectID, []mockserver.RedirectURL{{URL: app, Types: both, DefaultFor: both}}); err != nil {
		t.Fatal(err)
	}
	start := ts.URL + "/v1/b2b/public/oauth/google/start?" + url.Values{
		"public_token": {ts.PublicToken}, "organization_slug": {org.OrganizationSlug},
		"signup_redirect_url": {app}, "custom_scopes": {"https://www.googleapis.com/auth/calendar.readonly"},
	}.Encode()
	q := browserOAuthLogin(t, ts, start, url.Values{"email": {"ada@acme.com"}, "name": {"Ada"}, "tenant_id": {"acme.com"}})
	if q.Get("stytch_token_type") != "oauth" || q.Get("token") == "" {
		t.Fatalf("redirect query = %v", q)
	}
	auth, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: q.Get("token")})
	if err != nil {
		t.Fatal(err)
	}
	if !auth.MemberAuthenticated || auth.Member.EmailAddress != "ada@acme.com" || !auth.Member.EmailAddressVerified ||
		auth.OrganizationID != org.OrganizationID || auth.ProviderType != "Google" || auth.ProviderValues == nil ||
		!strings.Contains(strings.Join(auth.ProviderValues.Scopes, " "), "calendar.readonly") {
		t.Fatalf("auth = %+v", auth)
	}

	// Refusals at the start: an unknown provider, a missing or unknown
	// public token, no organization, both locators, an unregistered URL.
	for _, c := range []struct {
		name, path string
		q          url.Values
		status     int
		typ        string
	}{
		{"provider", "/v1/b2b/public/oauth/myspace/start", url.Values{"public_token": {ts.PublicToken}, "organization_id": {org.OrganizationID}}, 400, "invalid_oauth_provider"},
		{"no token", "/v1/b2b/public/oauth/google/start", url.Values{"organization_id": {org.OrganizationID}}, 400, "bad_request"},
		{"bad token", "/v1/b2b/public/oauth/google/start", url.Values{"public_token": {"public-token-test-nope"}, "organization_id": {org.OrganizationID}}, 401, "unauthorized_credentials"},
		{"no org", "/v1/b2b/public/oauth/google/start", url.Values{"public_token": {ts.PublicToken}}, 400, "missing_oauth_organization_locator"},
		{"both", "/v1/b2b/public/oauth/google/start", url.Values{"public_token": {ts.PublicToken}, "organization_id": {org.OrganizationID}, "organization_slug": {"x"}}, 400, "too_many_oauth_organization_locators"},
		{"unknown org", "/v1/b2b/public/oauth/google/start", url.Values{"public_token": {ts.PublicToken}, "organization_id": {"organization-test-00000000-0000-0000-0000-000000000000"}}, 404, "organization_not_found"},
		{"url", "/v1/b2b/public/oauth/google/start", url.Values{"public_token": {ts.PublicToken}, "organization_id": {org.OrganizationID}, "login_redirect_url": {"https://evil.example.com/"}}, 400, "no_match_for_provided_oauth_url"},
	} {
		status, _, body := hop(t, http.MethodGet, ts.URL+c.path+"?"+c.q.Encode(), nil)
		if status != c.status || !strings.Contains(body, `"error_type":"`+c.typ+`"`) {
			t.Errorf("%s: %d %s, want %d %s", c.name, status, body, c.status, c.typ)
		}
	}
	// The form's fields are checked too: a tampered redirect URL or a bad
	// email is refused and mints nothing.
	signin := ts.URL + "/mock/oauth/google/signin?" + url.Values{"public_token": {ts.PublicToken}, "organization_id": {org.OrganizationID}, "login_redirect_url": {"https://evil.example.com/"}}.Encode()
	if status, _, body := hop(t, http.MethodPost, signin, url.Values{"email": {"ada@acme.com"}}); status != 400 || !strings.Contains(body, "no_match_for_provided_oauth_url") {
		t.Errorf("tampered sign-in = %d %s", status, body)
	}
	signin = ts.URL + "/mock/oauth/google/signin?" + url.Values{"public_token": {ts.PublicToken}, "organization_id": {org.OrganizationID}}.Encode()
	if status, _, body := hop(t, http.MethodPost, signin, url.Values{"email": {"not an email"}}); status != 400 || !strings.Contains(body, "invalid_email") {
		t.Errorf("bad email = %d %s", status, body)
	}
}

func TestOAuthBrowserStartDiscoveryLogin(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, nil)
	// A member the discovery should find.
	if _, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	start := ts.URL + "/v1/b2b/public/oauth/microsoft/discovery/start?" + url.Values{"public_token": {ts.PublicToken}}.Encode()
	q := browserOAuthLogin(t, ts, start, url.Values{"email": {"ada@acme.com"}, "name": {"Ada"}, "tenant_id": {"tenant-1"}})
	if q.Get("stytch_token_type") != "discovery_oauth" || q.Get("token") == "" {
		t.Fatalf("redirect query = %v", q)
	}
	res, err := ts.Client.OAuth.Discovery.Authenticate(ctx, &oauth.DiscoveryAuthenticateParams{DiscoveryOAuthToken: q.Get("token")})
	if err != nil {
		t.Fatal(err)
	}
	if res.EmailAddress != "ada@acme.com" || res.ProviderType != "Microsoft" || res.ProviderTenantID != "tenant-1" || res.FullName != "Ada" ||
		len(res.DiscoveredOrganizations) != 1 || res.DiscoveredOrganizations[0].Organization.OrganizationID != org.OrganizationID {
		t.Fatalf("discovery = %+v", res)
	}
	// A discovery start takes no organization.
	bad := ts.URL + "/v1/b2b/public/oauth/microsoft/discovery/start?" + url.Values{"public_token": {ts.PublicToken}, "organization_id": {org.OrganizationID}}.Encode()
	if status, _, body := hop(t, http.MethodGet, bad, nil); status != 400 || !strings.Contains(body, "invalid_request_value") {
		t.Errorf("discovery start with an organization = %d %s", status, body)
	}
}

// tenantOrg creates an organization that admits nobody by email domain and
// the given tenant of provider by OAuth tenant JIT provisioning, and
// returns its ID.
func tenantOrg(t *testing.T, ts *mockserver.TestServer, provider, tenant string) string {
	t.Helper()
	resp, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{
		OrganizationName: "Tenant " + tenant, OrganizationSlug: "tenant-" + strings.ToLower(tenant),
		EmailJITProvisioning:       organizations.NotAllowed,
		OAuthTenantJITProvisioning: organizations.Restricted,
		AllowedOAuthTenants:        map[string]any{provider: []string{tenant}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Organization.OrganizationID
}
