package sso_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver"
)

// browser is a minimal user agent: it does not follow redirects, so each
// hop of the SSO dance can be checked.
type browser struct {
	t  *testing.T
	hc *http.Client
}

func newBrowser(t *testing.T, ts *mockserver.TestServer) *browser {
	hc := *ts.HTTP.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{t: t, hc: &hc}
}

// do sends a request and returns the status, the Location header and the body.
func (b *browser) do(method, target string, form url.Values) (int, string, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(raw)
}

var inputRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
var actionRE = regexp.MustCompile(`<form method="post" action="([^"]+)"`)

// form reads a page's form: its action and hidden fields.
func form(t *testing.T, page string) (string, url.Values) {
	t.Helper()
	m := actionRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form in page:\n%s", page)
	}
	v := url.Values{}
	for _, in := range inputRE.FindAllStringSubmatch(page, -1) {
		v.Set(html.UnescapeString(in[1]), html.UnescapeString(in[2]))
	}
	return html.UnescapeString(m[1]), v
}

// signIn walks from the start URL through the IdP's sign-in page to the
// final redirect and returns it.
func (b *browser) signIn(start, email, name, groups string) *url.URL {
	b.t.Helper()
	st, loc, body := b.do(http.MethodGet, start, nil)
	if st != http.StatusFound {
		b.t.Fatalf("start = %d %s", st, body)
	}
	st, _, page := b.do(http.MethodGet, loc, nil)
	if st != http.StatusOK || !strings.Contains(page, `name="email"`) {
		b.t.Fatalf("sign-in page = %d %s", st, page)
	}
	action, fields := form(b.t, page)
	fields.Set("email", email)
	fields.Set("name", name)
	fields.Set("groups", groups)
	st, loc, body = b.do(http.MethodPost, action, fields)
	if st == http.StatusOK { // SAML: the HTTP-POST binding page
		acs, post := form(b.t, body)
		if post.Get("SAMLResponse") == "" {
			b.t.Fatalf("no SAMLResponse in %s", body)
		}
		st, loc, body = b.do(http.MethodPost, acs, post)
	} else if st == http.StatusFound { // OIDC: back to the callback with a code
		st, loc, body = b.do(http.MethodGet, loc, nil)
	}
	if st != http.StatusFound {
		b.t.Fatalf("callback = %d %s", st, body)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatal(err)
	}
	return u
}

func startURL(ts *mockserver.TestServer, connID string, extra url.Values) string {
	q := url.Values{"connection_id": {connID}, "public_token": {ts.PublicToken}}
	for k, v := range extra {
		q[k] = v
	}
	return ts.URL + "/v1/public/sso/start?" + q.Encode()
}

func TestBrowserSAMLAndOIDCLogins(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	_, samlConn := builtinSAML(t, ts)
	_, oidcConn := builtinOIDC(t, ts, "globex")
	if err := ts.SetRedirectURLs(ts.ProjectID, []mockserver.RedirectURL{
		{URL: "http://localhost:3000/login", Types: []string{"login"}, DefaultFor: []string{"login"}},
		{URL: "http://localhost:3000/signup", Types: []string{"signup"}, DefaultFor: []string{"signup"}},
	}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, ts)
	for _, tc := range []struct{ name, conn, delivery string }{{"saml", samlConn, "sso_saml"}, {"oidc", oidcConn, "sso_oidc"}} {
		t.Run(tc.name, func(t *testing.T) {
			b.t = t
			const verifier = "browser-code-verifier-of-at-least-forty-three-characters"
			u := b.signIn(startURL(ts, tc.conn, url.Values{"pkce_code_challenge": {challenge(verifier)},
				"signup_redirect_url": {"http://localhost:3000/signup"}}), "grace@acme.com", "Grace Hopper", "admins, eng")
			if u.Path != "/signup" || u.Query().Get("stytch_token_type") != "sso" || u.Query().Get("token") == "" {
				t.Fatalf("final redirect = %s", u)
			}
			res, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: u.Query().Get("token"), PKCECodeVerifier: verifier})
			if err != nil {
				t.Fatal(err)
			}
			f := res.MemberSession.AuthenticationFactors
			if res.Member.EmailAddress != "grace@acme.com" || res.Member.Name != "Grace Hopper" || len(f) != 1 || f[0].DeliveryMethod != tc.delivery {
				t.Fatalf("login = %+v, factors %+v", res.Member, f)
			}
			if tc.name == "saml" && !res.Member.IsAdmin {
				t.Fatalf("the admins group gave no role: %+v", res.Member.Roles)
			}
			// The member exists now: the login URL is used.
			again := b.signIn(startURL(ts, tc.conn, nil), "grace@acme.com", "", "")
			if again.Path != "/login" || again.Query().Get("token") == "" {
				t.Fatalf("second redirect = %s", again)
			}
		})
	}
}

func TestBrowserSSOErrors(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID, samlConn := builtinSAML(t, ts)
	b := newBrowser(t, ts)
	check := func(target string, status int, errType string) {
		t.Helper()
		st, _, body := b.do(http.MethodGet, target, nil)
		if st != status || !strings.Contains(body, `"error_type":"`+errType+`"`) {
			t.Fatalf("GET %s = %d %s, want %d %s", target, st, body, status, errType)
		}
	}
	check(ts.URL+"/v1/public/sso/start?connection_id="+samlConn+"&public_token=public-token-test-nope", 401, "unauthorized_credentials")
	check(startURL(ts, "saml-connection-test-nope", nil), 404, "sso_connection_not_found")
	check(startURL(ts, samlConn, url.Values{"login_redirect_url": {"https://evil.example/cb"}}), 400, "no_match_for_provided_sso_url")
	pending, _ := ts.Client.SSO.SAML.CreateConnection(ctx, &sso.SAMLCreateConnectionParams{OrganizationID: orgID})
	check(startURL(ts, pending.Connection.ConnectionID, nil), 400, "requires_active_sso_connection")

	// IdP-initiated SAML: accepted by default, refused when disabled.
	st, _, page := b.do(http.MethodGet, ts.URL+"/mock/idp/"+samlConn+"/sso", nil)
	if st != 200 {
		t.Fatalf("IdP-initiated sign-in page = %d", st)
	}
	action, fields := form(t, page)
	fields.Set("email", "ida@acme.com")
	_, _, post := b.do(http.MethodPost, action, fields)
	acs, resp := form(t, post)
	st, loc, body := b.do(http.MethodPost, acs, resp)
	if st != http.StatusFound || !strings.Contains(loc, "token=") {
		t.Fatalf("IdP-initiated ACS = %d %s %s", st, loc, body)
	}
	// The same response again is a replay.
	st, _, body = b.do(http.MethodPost, acs, resp)
	if st != 400 || !strings.Contains(body, "duplicate_saml_response") {
		t.Fatalf("replayed response = %d %s", st, body)
	}
	disabled := true
	if _, err := ts.Client.SSO.SAML.UpdateConnection(ctx, &sso.SAMLUpdateConnectionParams{OrganizationID: orgID, ConnectionID: samlConn, IdPInitiatedAuthDisabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	_, _, post = b.do(http.MethodPost, action, fields)
	acs, resp = form(t, post)
	st, _, body = b.do(http.MethodPost, acs, resp)
	if st != 400 || !strings.Contains(body, "saml_idp_initiated_auth_disabled") {
		t.Fatalf("refused IdP-initiated = %d %s", st, body)
	}
}
