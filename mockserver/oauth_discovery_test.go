package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/oauth"
	"github.com/stytchkit/stytch-go/mockserver"
)

// oauthDiscovery runs a headless discovery OAuth login and returns its
// intermediate session.
func oauthDiscovery(t *testing.T, ts *mockserver.TestServer, p mockserver.OAuthLoginParams) *oauth.DiscoveryAuthenticateResponse {
	t.Helper()
	p.Discovery = true
	d, err := ts.Client.OAuth.Discovery.Authenticate(ctx, &oauth.DiscoveryAuthenticateParams{DiscoveryOAuthToken: ts.OAuthLogin(t, p).Token})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestOAuthDiscoveryEligibleByTenant(t *testing.T) {
	ts := mockserver.Start(t)
	org := tenantOrg(t, ts, "slack", "T-ACME")
	d := oauthDiscovery(t, ts, mockserver.OAuthLoginParams{Provider: "slack", Email: "eve@contractor.io", TenantID: "T-ACME"})
	if len(d.DiscoveredOrganizations) != 1 {
		t.Fatalf("discovered = %+v", d.DiscoveredOrganizations)
	}
	got := d.DiscoveredOrganizations[0]
	if got.Organization.OrganizationID != org || got.Membership.Type != "eligible_to_join_by_oauth_tenant" || got.Membership.Member != nil ||
		got.Membership.Details["provider"] != "slack" || got.Membership.Details["tenant_id"] != "T-ACME" {
		t.Fatalf("discovered = %+v", got)
	}
	// Listing with the intermediate session says the same.
	list, err := ts.Client.Discovery.Organizations.List(ctx, &discovery.OrganizationsListParams{IntermediateSessionToken: d.IntermediateSessionToken})
	if err != nil || len(list.DiscoveredOrganizations) != 1 || list.DiscoveredOrganizations[0].Membership.Type != "eligible_to_join_by_oauth_tenant" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	// Another workspace, or the same workspace ID at another provider,
	// finds nothing.
	if o := oauthDiscovery(t, ts, mockserver.OAuthLoginParams{Provider: "slack", Email: "mal@evil.io", TenantID: "T-EVIL"}); len(o.DiscoveredOrganizations) != 0 {
		t.Fatalf("other workspace discovered %+v", o.DiscoveredOrganizations)
	}
	if o := oauthDiscovery(t, ts, mockserver.OAuthLoginParams{Provider: "github", Email: "mal@evil.io", TenantID: "T-ACME"}); len(o.DiscoveredOrganizations) != 0 {
		t.Fatalf("github discovered %+v", o.DiscoveredOrganizations)
	}
	// The exchange provisions the member by tenant; Slack does not vouch
	// for the address, so it still has to be proved.
	ex, err := ts.Client.Discovery.IntermediateSessions.Exchange(ctx, &discovery.IntermediateSessionsExchangeParams{
		IntermediateSessionToken: d.IntermediateSessionToken, OrganizationID: org,
	})
	if err != nil {
		t.Fatal(err)
	}
	if ex.MemberAuthenticated || ex.PrimaryRequired == nil || ex.Member.EmailAddress != "eve@contractor.io" ||
		len(ex.Member.OAuthRegistrations) != 1 || ex.Member.OAuthRegistrations[0].ProviderType != "Slack" {
		t.Fatalf("exchange = %+v", ex)
	}
	// A workspace the organization does not list cannot join.
	evil := oauthDiscovery(t, ts, mockserver.OAuthLoginParams{Provider: "slack", Email: "mal@evil.io", TenantID: "T-EVIL"})
	_, err = ts.Client.Discovery.IntermediateSessions.Exchange(ctx, &discovery.IntermediateSessionsExchangeParams{
		IntermediateSessionToken: evil.IntermediateSessionToken, OrganizationID: org,
	})
	wantAPIError(t, err, http.StatusForbidden, "oauth_tenant_jit_provisioning_not_allowed")
}

func TestOAuthDiscoveryExchangeProvesEmail(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, nil).OrganizationID
	// A verified member on acme.com lets others join by email domain.
	first := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "microsoft", Email: "zed@acme.com", OrganizationID: org}).Token
	if _, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: first}); err != nil {
		t.Fatal(err)
	}
	exchange := func(p mockserver.OAuthLoginParams) *discovery.IntermediateSessionsExchangeResponse {
		t.Helper()
		d := oauthDiscovery(t, ts, p)
		ex, err := ts.Client.Discovery.IntermediateSessions.Exchange(ctx, &discovery.IntermediateSessionsExchangeParams{
			IntermediateSessionToken: d.IntermediateSessionToken, OrganizationID: org,
		})
		if err != nil {
			t.Fatal(err)
		}
		return ex
	}
	// Google with a hosted domain and Microsoft vouch for the address: the
	// new member gets a session, verified, with the OAuth registration the
	// factor names.
	for _, p := range []mockserver.OAuthLoginParams{
		{Provider: "google", Email: "ada@acme.com", TenantID: "acme.com"},
		{Provider: "microsoft", Email: "bob@acme.com"},
	} {
		ex := exchange(p)
		if !ex.MemberAuthenticated || ex.PrimaryRequired != nil || !ex.Member.EmailAddressVerified || ex.Member.Status != "active" || len(ex.Member.OAuthRegistrations) != 1 {
			t.Fatalf("%s exchange = %+v", p.Provider, ex)
		}
		f := ex.MemberSession.AuthenticationFactors[0]
		reg := ex.Member.OAuthRegistrations[0].MemberOAuthRegistrationID
		switch {
		case p.Provider == "google" && (f.GoogleOAuthFactor == nil || f.GoogleOAuthFactor.ID != reg || f.GoogleOAuthFactor.EmailID == ""):
			t.Fatalf("google factor = %+v", f)
		case p.Provider == "microsoft" && (f.MicrosoftOAuthFactor == nil || f.MicrosoftOAuthFactor.ID != reg):
			t.Fatalf("microsoft factor = %+v", f)
		}
	}
	// Google without a hosted domain does not.
	if ex := exchange(mockserver.OAuthLoginParams{Provider: "google", Email: "cy@acme.com"}); ex.MemberAuthenticated || ex.PrimaryRequired == nil {
		t.Fatalf("google without hd = %+v", ex)
	}
	// Creating an organization from a vouched-for OAuth discovery login
	// gives the creator a session.
	d := oauthDiscovery(t, ts, mockserver.OAuthLoginParams{Provider: "google", Email: "dee@dee.io", TenantID: "dee.io"})
	c, err := ts.Client.Discovery.Organizations.Create(ctx, &discovery.OrganizationsCreateParams{IntermediateSessionToken: d.IntermediateSessionToken})
	if err != nil || !c.MemberAuthenticated || !c.Member.EmailAddressVerified {
		t.Fatalf("create = %+v, %v", c, err)
	}
}

// The provider account of an OAuth discovery login survives export and
// import with its intermediate session.
func TestOAuthDiscoverySessionSurvivesExport(t *testing.T) {
	ts := mockserver.Start(t)
	org := tenantOrg(t, ts, "github", "acme-gh")
	d := oauthDiscovery(t, ts, mockserver.OAuthLoginParams{Provider: "github", Email: "eve@contractor.io", TenantID: "acme-gh"})
	snap, err := ts.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(mockserver.Options{})
	if err := srv.Import(ts.ProjectID, snap); err != nil {
		t.Fatal(err)
	}
	c := serve(t, srv, ts.ProjectID, ts.Secret)
	list, err := c.Discovery.Organizations.List(ctx, &discovery.OrganizationsListParams{IntermediateSessionToken: d.IntermediateSessionToken})
	if err != nil || len(list.DiscoveredOrganizations) != 1 || list.DiscoveredOrganizations[0].Organization.OrganizationID != org ||
		list.DiscoveredOrganizations[0].Membership.Type != "eligible_to_join_by_oauth_tenant" {
		t.Fatalf("list after import = %+v, %v", list, err)
	}
}
