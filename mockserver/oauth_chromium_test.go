package mockserver_test

import (
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stytchkit/stytch-go/b2b/oauth"
	"github.com/stytchkit/stytch-go/mockserver"
)

// TestOAuthLoginInBrowser drives an organization OAuth login with a real
// headless Chromium: the app's "Sign in with Slack" link to
// GET /v1/b2b/public/oauth/slack/start, the built-in provider's sign-in
// page, the form filled in and submitted, and the 302 to the app's
// redirect URL, whose token then authenticates through the SDK (the member
// is provisioned by the Slack workspace under allowed_oauth_tenants).
func TestOAuthLoginInBrowser(t *testing.T) {
	ts := mockserver.Start(t)
	wait := landingApp(t, ts, "/oauth/callback")
	org := tenantOrg(t, ts, "slack", "T0ACME")
	start := ts.URL + "/v1/b2b/public/oauth/slack/start?" + url.Values{"public_token": {ts.PublicToken}, "organization_id": {org}}.Encode()

	step := headlessBrowser(t, start)
	step("the provider's sign-in page, reached through oauth/slack/start", chromedp.WaitVisible(chromedp.CSS("#email")))
	step("fill in and submit the provider's form",
		chromedp.SendKeys(chromedp.CSS("#email"), "grace@elsewhere.com"),
		chromedp.SendKeys(chromedp.CSS("#name"), "Grace Hopper"),
		chromedp.SendKeys(chromedp.CSS("#tenant_id"), "T0ACME"),
		chromedp.Click(chromedp.CSS("#sign-in")),
	)
	step("land at the app", chromedp.WaitVisible(chromedp.CSS("#landed")))
	q := wait()
	if q.Get("stytch_token_type") != "oauth" || q.Get("token") == "" {
		t.Fatalf("redirect query = %v", q)
	}
	res, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: q.Get("token")})
	if err != nil {
		t.Fatal(err)
	}
	// Slack does not vouch for the address: the new member must prove it.
	if res.Member.EmailAddress != "grace@elsewhere.com" ||
		res.ProviderType != "Slack" || res.PrimaryRequired == nil || len(res.Member.OAuthRegistrations) != 1 {
		t.Fatalf("authenticated = %+v", res)
	}
}
