package sso_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"slices"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
)

// builtinSAML creates an organization with a SAML connection on the
// built-in IdP that grants stytch_admin to the "admins" group.
func builtinSAML(t *testing.T, ts *mockserver.TestServer) (orgID, connID string) {
	t.Helper()
	ctx := context.Background()
	orgID = newOrg(t, ts, "acme")
	c, err := ts.Client.SSO.SAML.CreateConnection(ctx, &sso.SAMLCreateConnectionParams{OrganizationID: orgID, DisplayName: "Built-in"})
	if err != nil {
		t.Fatal(err)
	}
	connID = c.Connection.ConnectionID
	ts.UseBuiltinIdP(t, connID)
	if _, err := ts.Client.SSO.SAML.UpdateConnection(ctx, &sso.SAMLUpdateConnectionParams{OrganizationID: orgID, ConnectionID: connID,
		SAMLGroupImplicitRoleAssignments: []*sso.SAMLGroupImplicitRoleAssignment{{RoleID: "stytch_admin", Group: "admins"}}}); err != nil {
		t.Fatal(err)
	}
	return orgID, connID
}

func TestSAMLLoginJITGroupsAndSession(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID, connID := builtinSAML(t, ts)
	list, _ := ts.Client.SSO.GetConnections(ctx, &sso.GetConnectionsParams{OrganizationID: orgID})
	if list.SAMLConnections[0].Status != sso.StatusActive {
		t.Fatalf("built-in connection status = %q", list.SAMLConnections[0].Status)
	}
	login := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: connID, Email: "ada@acme.com", Name: "Ada Lovelace", Groups: []string{"admins", "eng"}})
	u, err := url.Parse(login.RedirectURL)
	if err != nil || u.Query().Get("stytch_token_type") != "sso" || u.Query().Get("token") != login.Token {
		t.Fatalf("redirect_url = %q", login.RedirectURL)
	}
	res, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Member
	if !res.MemberAuthenticated || m.EmailAddress != "ada@acme.com" || m.Name != "Ada Lovelace" || m.Status != "active" || !m.EmailAddressVerified {
		t.Fatalf("member = %+v", m)
	}
	if len(m.SSORegistrations) != 1 || m.SSORegistrations[0].ConnectionID != connID || m.SSORegistrations[0].ExternalID != "ada@acme.com" {
		t.Fatalf("sso_registrations = %+v", m.SSORegistrations)
	}
	if !m.IsAdmin || !slices.ContainsFunc(m.Roles, func(r organizations.MemberRole) bool {
		return r.RoleID == "stytch_admin" && len(r.Sources) == 1 && r.Sources[0].Type == "sso_connection_group" && r.Sources[0].Details["group"] == "admins"
	}) {
		t.Fatalf("roles = %+v", m.Roles)
	}
	f := res.MemberSession.AuthenticationFactors
	if len(f) != 1 || f[0].Type != "sso" || f[0].DeliveryMethod != "sso_saml" || f[0].SAMLSSOFactor == nil || f[0].SAMLSSOFactor.ProviderID != connID {
		t.Fatalf("factors = %+v", f)
	}
	if !slices.Contains(res.MemberSession.Roles, "stytch_admin") {
		t.Fatalf("session roles = %v", res.MemberSession.Roles)
	}
	// Single use.
	_, err = ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token})
	apitest.WantError(t, err, 404, "sso_token_not_found")
	// A second login finds the member by registration and drops the group role.
	again := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: connID, Email: "ada@acme.com", Groups: []string{"eng"}})
	res2, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: again.Token})
	if err != nil || res2.MemberID != res.MemberID || res2.Member.IsAdmin {
		t.Fatalf("second login = %+v, %v", res2, err)
	}
}

func TestSAMLLoginJITRulesAndMFA(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID, connID := builtinSAML(t, ts)
	// NOT_ALLOWED refuses new members (email invites keep a way in).
	if _, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: orgID, SSOJITProvisioning: "NOT_ALLOWED", EmailInvites: "ALL_ALLOWED"}); err != nil {
		t.Fatal(err)
	}
	login := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: connID, Email: "bob@acme.com", Name: "Bob"})
	_, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token})
	apitest.WantError(t, err, 403, "invalid_connection_for_jit_provisioning")
	// RESTRICTED to this connection admits them; MFA required gives an IST.
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
	// PKCE: a challenge demands its verifier.
	if _, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: orgID, MFAPolicy: "OPTIONAL"}); err != nil {
		t.Fatal(err)
	}
	const verifier = "a-code-verifier-of-at-least-forty-three-characters"
	pk := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: connID, Email: "bob@acme.com", PKCECodeChallenge: challenge(verifier)})
	_, err = ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: pk.Token})
	apitest.WantError(t, err, 400, "pkce_expected_code_verifier")
	_, err = ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: pk.Token, PKCECodeVerifier: "wrong"})
	apitest.WantError(t, err, 400, "pkce_mismatch")
	if _, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: pk.Token, PKCECodeVerifier: verifier}); err != nil {
		t.Fatal(err)
	}
}

// challenge is the S256 PKCE challenge of a verifier.
func challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
