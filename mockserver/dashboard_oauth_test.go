package mockserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/impersonation"
	"github.com/stytchkit/stytch-go/b2b/oauth"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
)

// The organization page lists the members' OAuth registrations (provider
// and subject) and marks an impersonated session with its impersonator;
// the project page marks it too. No provider token, session token or JWT
// appears on either page.
func TestDashboardShowsOAuthRegistrationsAndImpersonation(t *testing.T) {
	ts := mockserver.Start(t)
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{
		OrganizationName: "Acme", OrganizationSlug: "acme",
		EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	login := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "google", Email: "ada@acme.com", Name: "Ada", TenantID: "acme.com", OrganizationID: orgID})
	auth, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: login.Token})
	if err != nil {
		t.Fatal(err)
	}
	if len(auth.Member.OAuthRegistrations) != 1 || auth.ProviderValues.AccessToken == "" {
		t.Fatalf("authenticated = %+v", auth)
	}
	reg := auth.Member.OAuthRegistrations[0]
	tok := ts.Impersonate(t, mockserver.ImpersonateParams{OrganizationID: orgID, MemberID: auth.MemberID, ImpersonatorEmailAddress: "support@stytch-customer.com", ImpersonatorID: "workspace-member-test-5f6a1f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"})
	imp, err := ts.Client.Impersonation.Authenticate(ctx, &impersonation.AuthenticateParams{ImpersonationToken: tok})
	if err != nil {
		t.Fatal(err)
	}

	secrets := map[string]string{
		"provider access token": auth.ProviderValues.AccessToken, "provider refresh token": auth.ProviderValues.RefreshToken,
		"provider ID token": auth.ProviderValues.IDToken, "session token": auth.SessionToken, "session JWT": auth.SessionJWT,
		"impersonated session token": imp.SessionToken, "impersonated session JWT": imp.SessionJWT, "impersonation token": tok,
	}
	orgPage := "/dashboard/projects/" + ts.ProjectID + "/organizations/" + orgID
	for _, path := range []string{orgPage, "/dashboard/projects/" + ts.ProjectID} {
		status, _, body := getPage(t, ts.HTTP.Client(), ts.URL+path)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
		for what, v := range secrets {
			if v != "" && strings.Contains(body, v) {
				t.Errorf("%s shows the %s", path, what)
			}
		}
		sessions := between(t, body, `<section id="sessions">`, "</section>")
		if strings.Count(sessions, `<tr class="session`) != 2 || strings.Count(sessions, "session-impersonated") != 1 ||
			!strings.Contains(sessions, "impersonated by support@stytch-customer.com (workspace-member-test-5f6a1f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f)") {
			t.Errorf("%s sessions:\n%s", path, sessions)
		}
		if path != orgPage {
			continue
		}
		regs := between(t, body, `<section id="oauth-registrations">`, "</section>")
		for _, want := range []string{"OAuth registrations (1)", "ada@acme.com", reg.ProviderType, reg.ProviderSubject, reg.MemberOAuthRegistrationID, auth.MemberID} {
			if want == "" || !strings.Contains(regs, want) {
				t.Errorf("OAuth registrations lack %q:\n%s", want, regs)
			}
		}
	}

	// An organization without OAuth logins says so.
	other, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Other", OrganizationSlug: "other"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, body := getPage(t, ts.HTTP.Client(), ts.URL+"/dashboard/projects/"+ts.ProjectID+"/organizations/"+other.Organization.OrganizationID)
	if regs := between(t, body, `<section id="oauth-registrations">`, "</section>"); !strings.Contains(regs, "No OAuth registrations.") {
		t.Errorf("empty OAuth registrations:\n%s", regs)
	}
}

// between is the text of body from start to the next end.
func between(t *testing.T, body, start, end string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, start)
	if !ok {
		t.Fatalf("no %q in the page", start)
	}
	sec, _, _ := strings.Cut(rest, end)
	return sec
}
