package conformance

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Stytch's TEST sandbox values for B2B email magic links, which a real TEST
// project honours and stytch-mock reproduces.
const (
	sandboxEmail         = "sandbox@stytch.com"
	sandboxOrgID         = "organization-test-007d9d4a-deac-4a87-ba0a-e6e8afba4d4b"
	sandboxTokenSuccess  = "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94="
	sandboxTokenUsed     = "3pzjQpgksDlGKWEwUq2Up--hCHC_0oamfLHyfspKDFU="
	sandboxTokenNotFound = "CprTtwhnRNiMBiUS2jSLcWYrfuO2POeBNdo5HhW6qTM="
	unknownOrgID         = "organization-test-00000000-0000-4000-8000-000000000000"
)

// newOrg creates an organization that is deleted when the test ends.
func newOrg(t *testing.T, tg *target, p *organizations.CreateParams) organizations.Organization {
	t.Helper()
	if p.OrganizationSlug == "" {
		p.OrganizationSlug = unique("conformance")
	}
	if p.OrganizationName == "" {
		p.OrganizationName = "Conformance " + p.OrganizationSlug
	}
	r, err := tg.client.Organizations.Create(ctx, p)
	if err != nil {
		t.Fatalf("creating an organization: %v", err)
	}
	t.Cleanup(func() {
		_, _ = tg.client.Organizations.Delete(ctx, &organizations.DeleteParams{OrganizationID: r.Organization.OrganizationID})
	})
	return r.Organization
}

func TestOrganizationCRUDAndErrors(t *testing.T) {
	tg := newTarget(t)
	c := tg.client
	org := newOrg(t, tg, &organizations.CreateParams{TrustedMetadata: map[string]any{"plan": "pro", "seats": 5.0}})
	if org.OrganizationID == "" || org.TrustedMetadata["plan"] != "pro" {
		t.Fatalf("created %+v", org)
	}
	// Fields Stytch always sends arrive with their empty values.
	if org.AllowedOAuthTenants == nil {
		t.Errorf("allowed_oauth_tenants is missing or null, want {}")
	}
	got, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: org.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	if got.Organization.OrganizationSlug != org.OrganizationSlug {
		t.Errorf("get: slug %q, want %q", got.Organization.OrganizationSlug, org.OrganizationSlug)
	}
	// Metadata updates merge top-level keys; null deletes one.
	up, err := c.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: org.OrganizationID,
		TrustedMetadata: map[string]any{"seats": nil, "region": "eu"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"plan": "pro", "region": "eu"}, up.Organization.TrustedMetadata); diff != "" {
		t.Errorf("trusted_metadata after update (-want +got):\n%s", diff)
	}

	_, err = c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Dup", OrganizationSlug: org.OrganizationSlug})
	wantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeOrganizationSlugAlreadyUsed)
	_, err = c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: unknownOrgID})
	wantError(t, err, http.StatusNotFound, stytchapi.ErrorTypeOrganizationNotFound)

	if _, err := c.Organizations.Delete(ctx, &organizations.DeleteParams{OrganizationID: org.OrganizationID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: org.OrganizationID})
	wantError(t, err, http.StatusNotFound, stytchapi.ErrorTypeOrganizationNotFound)
}

func TestMemberCRUDAndErrors(t *testing.T) {
	tg := newTarget(t)
	c := tg.client
	org := newOrg(t, tg, &organizations.CreateParams{})
	created, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID,
		EmailAddress: "ada@example.com", Name: "Ada", UntrustedMetadata: map[string]any{"theme": "dark", "lang": "en"}})
	if err != nil {
		t.Fatal(err)
	}
	m := created.Member
	if m.MemberID == "" || m.EmailAddress != "ada@example.com" || m.TrustedMetadata == nil {
		t.Fatalf("created member %+v (trusted_metadata must be {} when empty)", m)
	}
	got, err := c.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	if err != nil {
		t.Fatal(err)
	}
	if got.Member.Name != "Ada" {
		t.Errorf("get: name %q", got.Member.Name)
	}
	up, err := c.Organizations.Members.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID,
		Name: "Ada L", UntrustedMetadata: map[string]any{"theme": nil}})
	if err != nil {
		t.Fatal(err)
	}
	if up.Member.Name != "Ada L" || !cmp.Equal(up.Member.UntrustedMetadata, map[string]any{"lang": "en"}) {
		t.Errorf("updated member: name %q, untrusted_metadata %v", up.Member.Name, up.Member.UntrustedMetadata)
	}

	_, err = c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@example.com"})
	wantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeDuplicateMemberEmail)
	_, err = c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "not an email"})
	wantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeInvalidEmail)

	if _, err := c.Organizations.Members.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	wantError(t, err, http.StatusNotFound, stytchapi.ErrorTypeMemberNotFound)
}

// sandboxLogin authenticates Stytch's sandbox magic-link token, which logs
// the sandbox member in to the sandbox organization.
func sandboxLogin(t *testing.T, tg *target) *magiclinks.AuthenticateResponse {
	t.Helper()
	r, err := tg.client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: sandboxTokenSuccess, SessionDurationMinutes: 60})
	if err != nil {
		t.Fatalf("sandbox magic link: %v", err)
	}
	if !r.MemberAuthenticated || r.SessionToken == "" || r.SessionJWT == "" || r.MemberSession == nil {
		t.Fatalf("sandbox magic link: %+v, want an authenticated member with a session", r)
	}
	return r
}

func TestMagicLinkSandbox(t *testing.T) {
	tg := newTarget(t)
	c := tg.client
	r := sandboxLogin(t, tg)
	if r.Member.EmailAddress != sandboxEmail || r.OrganizationID != sandboxOrgID {
		t.Errorf("sandbox login: member %s of %s, want %s of %s", r.Member.EmailAddress, r.OrganizationID, sandboxEmail, sandboxOrgID)
	}
	if r.MemberSession.CustomClaims == nil {
		t.Errorf("member_session.custom_claims is missing or null, want {}")
	}
	_, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: sandboxTokenUsed})
	wantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthMagicLink)
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: sandboxTokenNotFound})
	wantError(t, err, http.StatusNotFound, stytchapi.ErrorTypeMagicLinkNotFound)
	// The sandbox organization takes only the sandbox email.
	_, err = c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: sandboxOrgID, EmailAddress: "someone@example.com"})
	wantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeInvalidEmailSandbox)
}

func TestSessionsAndLocalJWT(t *testing.T) {
	tg := newTarget(t)
	c := tg.client
	r := sandboxLogin(t, tg)
	a, err := c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: r.SessionToken,
		SessionCustomClaims: map[string]any{"app": map[string]any{"tier": "gold", "flags": map[string]any{"beta": true}}}})
	if err != nil {
		t.Fatal(err)
	}
	if a.MemberSession.MemberID != r.MemberID {
		t.Errorf("session of %s, want %s", a.MemberSession.MemberID, r.MemberID)
	}
	// Custom claims merge recursively; null deletes at any depth.
	a, err = c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: r.SessionToken,
		SessionCustomClaims: map[string]any{"app": map[string]any{"flags": map[string]any{"beta": nil, "new_ui": true}}}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"app": map[string]any{"tier": "gold", "flags": map[string]any{"new_ui": true}}}
	if diff := cmp.Diff(want, a.MemberSession.CustomClaims); diff != "" {
		t.Errorf("custom claims (-want +got):\n%s", diff)
	}
	// The session JWT validates locally against the project's JWKS.
	if tg.mock != nil {
		c.Sessions.Configure(sessions.LocalConfig{Now: tg.mock.Clock().Now})
	}
	claims, err := c.Sessions.AuthenticateJWTLocal(ctx, a.SessionJWT, nil)
	if err != nil {
		t.Fatalf("local JWT validation: %v", err)
	}
	if claims.MemberID != r.MemberID || claims.OrganizationID != sandboxOrgID {
		t.Errorf("claims %+v", claims)
	}
	if _, err := c.Sessions.AuthenticateJWTLocal(ctx, a.SessionJWT+"x", nil); !errors.Is(err, sessions.ErrJWTInvalid) {
		t.Errorf("a tampered JWT: %v, want ErrJWTInvalid", err)
	}
	// Revoked sessions no longer authenticate.
	if _, err := c.Sessions.Revoke(ctx, &sessions.RevokeParams{SessionToken: r.SessionToken}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: r.SessionToken})
	wantError(t, err, http.StatusNotFound, stytchapi.ErrorTypeSessionNotFound)
}

func TestRBACChecks(t *testing.T) {
	tg := newTarget(t)
	c := tg.client
	r := sandboxLogin(t, tg)
	check := func(orgID, resource, action string) error {
		_, err := c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: r.SessionToken,
			AuthorizationCheck: &sessions.AuthorizationCheck{OrganizationID: orgID, ResourceID: resource, Action: action}})
		return err
	}
	// Every member holds stytch_member, which grants everything on stytch.self.
	if err := check(sandboxOrgID, "stytch.self", "get"); err != nil {
		t.Errorf("stytch.self get: %v", err)
	}
	wantError(t, check(sandboxOrgID, "stytch.organization", "delete"), http.StatusForbidden, stytchapi.ErrorTypeSessionAuthorizationError)
	wantError(t, check(unknownOrgID, "stytch.self", "get"), http.StatusForbidden, stytchapi.ErrorTypeSessionAuthorizationTenancyError)
}

func TestErrorShapes(t *testing.T) {
	tg := newTarget(t)
	// Wrong credentials: 401 unauthorized_credentials in Stytch's error JSON.
	_, err := tg.wrongSecret(t).Organizations.Get(ctx, &organizations.GetParams{OrganizationID: unknownOrgID})
	wantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeUnauthorizedCredentials)
	// A wrong-typed value: 400 with a registered type.
	_, err = stytchapi.Do[map[string]any](ctx, tg.client.Core(), stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations",
		Body: map[string]any{"organization_name": 5}})
	var e *stytchapi.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusBadRequest {
		t.Fatalf("a numeric organization_name: %v, want a 400", err)
	}
	wantError(t, err, http.StatusBadRequest, e.ErrorType)
}

// The flows below need the mock's outbox (to read what was emailed) or its
// clock (to let time pass); a real project has neither.

func TestMagicLinkLoginThroughOutbox(t *testing.T) {
	tg := newTarget(t)
	tg.needsMock(t, "outbox")
	c := tg.client
	org := newOrg(t, tg, &organizations.CreateParams{EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.com"}})
	if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	link, ok := tg.mock.Outbox().Last("ada@acme.com")
	if !ok || link.Token == "" {
		t.Fatalf("no magic link emailed: %+v", link)
	}
	r, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: link.Token})
	if err != nil {
		t.Fatal(err)
	}
	if !r.MemberAuthenticated || r.Member.Status != organizations.StatusActive || !r.Member.EmailAddressVerified {
		t.Errorf("JIT login: %+v", r.Member)
	}
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: link.Token})
	wantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthMagicLink)
}

func TestSessionExpiryFollowsTheClock(t *testing.T) {
	tg := newTarget(t)
	tg.needsMock(t, "clock")
	c := tg.client
	r := sandboxLogin(t, tg)
	c.Sessions.Configure(sessions.LocalConfig{Now: tg.mock.Clock().Now})
	tg.mock.Clock().Advance(61 * time.Minute)
	_, err := c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: r.SessionToken})
	wantError(t, err, http.StatusNotFound, stytchapi.ErrorTypeSessionNotFound)
	// The JWT minted an hour ago has expired on the project's clock.
	if _, err := c.Sessions.AuthenticateJWTLocal(ctx, r.SessionJWT, nil); !errors.Is(err, sessions.ErrJWTExpired) {
		t.Errorf("an hour-old JWT: %v, want ErrJWTExpired", err)
	}
}
