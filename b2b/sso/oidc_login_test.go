package sso_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
)

// builtinOIDC creates an organization with an OIDC connection on the
// built-in provider.
func builtinOIDC(t *testing.T, ts *mockserver.TestServer, slug string) (orgID, connID string) {
	t.Helper()
	ctx := context.Background()
	orgID = newOrg(t, ts, slug)
	c, err := ts.Client.SSO.OIDC.CreateConnection(ctx, &sso.OIDCCreateConnectionParams{OrganizationID: orgID, DisplayName: "Built-in OIDC"})
	if err != nil {
		t.Fatal(err)
	}
	connID = c.Connection.ConnectionID
	ts.UseBuiltinIdP(t, connID)
	return orgID, connID
}

func TestOIDCLoginJITAndSession(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID, connID := builtinOIDC(t, ts, "acme")
	list, err := ts.Client.SSO.GetConnections(ctx, &sso.GetConnectionsParams{OrganizationID: orgID})
	if err != nil {
		t.Fatal(err)
	}
	oc := list.OIDCConnections[0]
	if oc.Status != sso.StatusActive || !strings.HasSuffix(oc.Issuer, "/mock/idp/"+connID) || oc.JWKSURL != oc.Issuer+"/jwks" ||
		oc.ClientSecret == "" || !strings.HasSuffix(oc.RedirectURL, "/v1/b2b/sso/callback/"+connID) {
		t.Fatalf("built-in OIDC connection = %+v", oc)
	}
	login := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: connID, Email: "ada@acme.com", Name: "Ada Lovelace", Groups: []string{"admins"}})
	u, err := url.Parse(login.RedirectURL)
	if err != nil || u.Query().Get("stytch_token_type") != "sso" || u.Query().Get("token") != login.Token {
		t.Fatalf("redirect_url = %q", login.RedirectURL)
	}
	res, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Member
	if !res.MemberAuthenticated || m.EmailAddress != "ada@acme.com" || m.Name != "Ada Lovelace" || !m.EmailAddressVerified {
		t.Fatalf("member = %+v", m)
	}
	if len(m.SSORegistrations) != 1 || m.SSORegistrations[0].ConnectionID != connID || !strings.HasPrefix(m.SSORegistrations[0].ExternalID, "user-") ||
		!strings.HasPrefix(m.SSORegistrations[0].RegistrationID, "oidc-member-registration-test-") {
		t.Fatalf("sso_registrations = %+v", m.SSORegistrations)
	}
	// OIDC connections grant no implicit roles (Stytch has none for OIDC):
	// the groups claim is read but gives no role.
	if m.IsAdmin {
		t.Fatalf("an OIDC group made the member an admin: %+v", m.Roles)
	}
	f := res.MemberSession.AuthenticationFactors
	if len(f) != 1 || f[0].Type != "sso" || f[0].DeliveryMethod != "sso_oidc" || f[0].OIDCSSOFactor == nil || f[0].OIDCSSOFactor.ProviderID != connID ||
		f[0].OIDCSSOFactor.ExternalID != m.SSORegistrations[0].ExternalID || f[0].SAMLSSOFactor != nil {
		t.Fatalf("factors = %+v", f)
	}
	_, err = ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token})
	apitest.WantError(t, err, 404, "sso_token_not_found")
	// The same person again: found by registration (same subject).
	again := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: connID, Email: "ada@acme.com"})
	res2, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: again.Token})
	if err != nil || res2.MemberID != res.MemberID || len(res2.Member.SSORegistrations) != 1 {
		t.Fatalf("second login = %+v, %v", res2, err)
	}
	// Tokens expire on the project clock.
	late := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: connID, Email: "ada@acme.com"})
	ts.Clock().Advance(11 * 60 * 1e9)
	_, err = ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: late.Token})
	apitest.WantError(t, err, 404, "sso_token_not_found")
}

func TestOIDCLoginJITRulesMFAAndPKCE(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID, connID := builtinOIDC(t, ts, "acme")
	if _, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: orgID, SSOJITProvisioning: "NOT_ALLOWED", EmailInvites: "ALL_ALLOWED"}); err != nil {
		t.Fatal(err)
	}
	login := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: connID, Email: "bob@acme.com", Name: "Bob"})
	_, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token})
	apitest.WantError(t, err, 403, "invalid_connection_for_jit_provisioning")
	// RESTRICTED to another connection still refuses; to this one admits.
	other, _ := ts.Client.SSO.SAML.CreateConnection(ctx, &sso.SAMLCreateConnectionParams{OrganizationID: orgID})
	if _, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: orgID, SSOJITProvisioning: "RESTRICTED",
		SSOJITProvisioningAllowedConnections: []string{other.Connection.ConnectionID}}); err == nil {
		_, err = ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token})
		apitest.WantError(t, err, 403, "invalid_connection_for_jit_provisioning")
	}
	if _, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: orgID, SSOJITProvisioning: "RESTRICTED",
		SSOJITProvisioningAllowedConnections: []string{connID}, MFAPolicy: "REQUIRED_FOR_ALL"}); err != nil {
		t.Fatal(err)
	}
	res, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token})
	if err != nil {
		t.Fatal(err)
	}
	if res.MemberAuthenticated || res.IntermediateSessionToken == "" || res.MFARequired == nil || res.SessionToken != "" {
		t.Fatalf("MFA login = %+v", res.LoginResult)
	}
	if _, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: orgID, MFAPolicy: "OPTIONAL"}); err != nil {
		t.Fatal(err)
	}
	const verifier = "another-code-verifier-of-at-least-forty-three-chars"
	pk := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: connID, Email: "bob@acme.com", PKCECodeChallenge: challenge(verifier)})
	_, err = ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: pk.Token, PKCECodeVerifier: "wrong"})
	apitest.WantError(t, err, 400, "pkce_mismatch")
	if _, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: pk.Token, PKCECodeVerifier: verifier}); err != nil {
		t.Fatal(err)
	}
}

func TestOIDCLoginThroughExternalConnection(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	srcOrg, srcConn := builtinOIDC(t, ts, "acme")
	other := newOrg(t, ts, "partner")
	ext, err := ts.Client.SSO.External.CreateConnection(ctx, &sso.ExternalCreateConnectionParams{OrganizationID: other, ExternalOrganizationID: srcOrg, ExternalConnectionID: srcConn})
	if err != nil {
		t.Fatal(err)
	}
	login := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: ext.Connection.ConnectionID, Email: "eve@acme.com"})
	res, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token})
	if err != nil {
		t.Fatal(err)
	}
	if res.OrganizationID != other || res.Member.SSORegistrations[0].ConnectionID != ext.Connection.ConnectionID {
		t.Fatalf("external login = org %q, registrations %+v", res.OrganizationID, res.Member.SSORegistrations)
	}
	if f := res.MemberSession.AuthenticationFactors; len(f) != 1 || f[0].DeliveryMethod != "sso_oidc" || f[0].OIDCSSOFactor == nil ||
		f[0].OIDCSSOFactor.ProviderID != ext.Connection.ConnectionID {
		t.Fatalf("external OIDC factors = %+v", f)
	}
}
