package mockserver_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// An OIDC login in flight through an external connection (the SP's
// request, the built-in IdP's unredeemed code) survives export and import
// into a fresh server, which then finishes it.
func TestSSOLoginInFlightSurvivesExportImport(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	mkOrg := func(slug string) string {
		o, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: slug, OrganizationSlug: slug})
		if err != nil {
			t.Fatal(err)
		}
		return o.Organization.OrganizationID
	}
	src, dst := mkOrg("acme"), mkOrg("partner")
	c, err := ts.Client.SSO.OIDC.CreateConnection(ctx, &sso.OIDCCreateConnectionParams{OrganizationID: src})
	if err != nil {
		t.Fatal(err)
	}
	ts.UseBuiltinIdP(t, c.Connection.ConnectionID)
	ext, err := ts.Client.SSO.External.CreateConnection(ctx, &sso.ExternalCreateConnectionParams{OrganizationID: dst, ExternalOrganizationID: src, ExternalConnectionID: c.Connection.ConnectionID})
	if err != nil {
		t.Fatal(err)
	}
	hc := *ts.HTTP.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	get := func(target string, form url.Values) (*http.Response, string) {
		t.Helper()
		var resp *http.Response
		var err error
		if form == nil {
			resp, err = hc.Get(target)
		} else {
			resp, err = hc.PostForm(target, form)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	start := ts.URL + "/v1/public/sso/start?" + url.Values{"connection_id": {ext.Connection.ConnectionID}, "public_token": {ts.PublicToken}}.Encode()
	resp, _ := get(start, nil)
	resp, page := get(resp.Header.Get("Location"), nil)
	fields := url.Values{}
	for _, m := range regexp.MustCompile(`name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		fields.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	fields.Set("email", "eve@acme.com")
	action := html.UnescapeString(regexp.MustCompile(`action="([^"]+)"`).FindStringSubmatch(page)[1])
	resp, body := get(action, fields)
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("sign-in = %d %s", resp.StatusCode, body)
	}
	callback, _ := url.Parse(resp.Header.Get("Location"))

	snap, err := ts.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(snap, []byte(`"idp_codes"`)) || !bytes.Contains(snap, []byte(`"login_connection_id"`)) || bytes.Contains(snap, []byte(callback.Query().Get("code"))) {
		t.Fatal("the snapshot lacks the login in flight, or holds the code in clear")
	}
	srv := mockserver.New(mockserver.Options{})
	if err := srv.Import(ts.ProjectID, snap); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	hc = *hs.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, body = get(hs.URL+callback.Path+"?"+callback.RawQuery, nil)
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("callback on the fresh server = %d %s", resp.StatusCode, body)
	}
	final, _ := url.Parse(resp.Header.Get("Location"))
	client, err := b2b.NewClient(ts.ProjectID, ts.Secret, stytchapi.WithBaseURL(hs.URL), stytchapi.WithHTTPClient(hs.Client()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: final.Query().Get("token")})
	if err != nil {
		t.Fatal(err)
	}
	if res.OrganizationID != dst || res.MemberSession.AuthenticationFactors[0].DeliveryMethod != "sso_oidc" {
		t.Fatalf("finished login = org %q, factors %+v", res.OrganizationID, res.MemberSession.AuthenticationFactors)
	}
}
