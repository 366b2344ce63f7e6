package mockserver_test

import (
	"context"
	"net/url"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestSAMLLoginInBrowser drives a full SP-initiated SAML login with a real
// headless Chromium: the app's "Sign in with SSO" link to
// GET /v1/public/sso/start, the redirect with a SAML AuthnRequest to the
// built-in IdP's sign-in page, the form filled in and submitted, the
// signed Response auto-posted to the ACS, and the 302 to the app's
// redirect URL, whose token then authenticates through the SDK. It skips
// when no browser is installed (on Debian: apt-get install chromium).
func TestSAMLLoginInBrowser(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()

	// The app the login ends at: it records the token it receives.
	wait := landingApp(t, ts, "/sso/callback")
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	conn, err := ts.Client.SSO.SAML.CreateConnection(ctx, &sso.SAMLCreateConnectionParams{OrganizationID: orgID, DisplayName: "Built-in"})
	if err != nil {
		t.Fatal(err)
	}
	connID := conn.Connection.ConnectionID
	ts.UseBuiltinIdP(t, connID)
	if _, err := ts.Client.SSO.SAML.UpdateConnection(ctx, &sso.SAMLUpdateConnectionParams{OrganizationID: orgID, ConnectionID: connID,
		SAMLGroupImplicitRoleAssignments: []*sso.SAMLGroupImplicitRoleAssignment{{RoleID: "stytch_admin", Group: "admins"}}}); err != nil {
		t.Fatal(err)
	}
	start := ts.URL + "/v1/public/sso/start?" + url.Values{"connection_id": {connID}, "public_token": {ts.PublicToken}}.Encode()

	step := headlessBrowser(t, start)
	step("the IdP's sign-in page, reached through sso/start", chromedp.WaitVisible(chromedp.CSS("#email")))
	step("fill in and submit the IdP's form",
		chromedp.SendKeys(chromedp.CSS("#email"), "ada@acme.com"),
		chromedp.SendKeys(chromedp.CSS("#name"), "Ada Lovelace"),
		chromedp.SendKeys(chromedp.CSS("#groups"), "admins, eng"),
		chromedp.Click(chromedp.CSS("#sign-in")),
	)
	step("land at the app", chromedp.WaitVisible(chromedp.CSS("#landed")))
	q := wait()
	if q.Get("stytch_token_type") != "sso" || q.Get("token") == "" {
		t.Fatalf("redirect query = %v", q)
	}
	res, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: q.Get("token")})
	if err != nil {
		t.Fatal(err)
	}
	f := res.MemberSession.AuthenticationFactors
	if !res.MemberAuthenticated || res.Member.EmailAddress != "ada@acme.com" || res.Member.Name != "Ada Lovelace" || !res.Member.IsAdmin ||
		len(f) != 1 || f[0].DeliveryMethod != "sso_saml" || f[0].SAMLSSOFactor == nil || f[0].SAMLSSOFactor.ProviderID != connID {
		t.Fatalf("authenticated = %+v, factors %+v", res.Member, f)
	}
}
