package mockserver_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

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
	landed := make(chan url.Values, 2)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/callback" {
			select {
			case landed <- r.URL.Query():
			default:
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><title>app</title><h1 id="landed">Signed in</h1>`)
	}))
	t.Cleanup(app.Close)
	both := []string{"login", "signup"}
	if err := ts.SetRedirectURLs(ts.ProjectID, []mockserver.RedirectURL{{URL: app.URL + "/oauth/callback", Types: both, DefaultFor: both}}); err != nil {
		t.Fatal(err)
	}
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
	var q url.Values
	select {
	case q = <-landed:
	case <-time.After(10 * time.Second):
		t.Fatal("the browser never reached the app's redirect URL")
	}
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
