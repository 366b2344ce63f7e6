package mockserver_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/impersonation"
	"github.com/stytchkit/stytch-go/b2b/oauth"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// wantAPIError fails unless err is a Stytch error of status and type.
func wantAPIError(t *testing.T, err error, status int, typ string) {
	t.Helper()
	var ae *stytchapi.Error
	if !errors.As(err, &ae) || ae.StatusCode != status || string(ae.ErrorType) != typ {
		t.Fatalf("got %v, want %d %s", err, status, typ)
	}
}

// acmeOrg creates an organization admitting acme.com by email domain.
func acmeOrg(t *testing.T, ts *mockserver.TestServer, extra func(*organizations.CreateParams)) organizations.Organization {
	t.Helper()
	p := &organizations.CreateParams{
		OrganizationName: "Acme", OrganizationSlug: "acme-" + strings.ToLower(t.Name()[len(t.Name())-6:]),
		EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.com"},
	}
	if extra != nil {
		extra(p)
	}
	resp, err := ts.Client.Organizations.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	return resp.Organization
}

func TestOAuthGoogleLoginJITAndProviderTokens(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, nil)
	login := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "google", Email: "ada@acme.com", Name: "Ada", TenantID: "acme.com", OrganizationID: org.OrganizationSlug})
	if !strings.Contains(login.RedirectURL, "stytch_token_type=oauth") || !strings.Contains(login.RedirectURL, "token=") {
		t.Fatalf("redirect = %s", login.RedirectURL)
	}
	auth, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: login.Token})
	if err != nil {
		t.Fatal(err)
	}
	if !auth.MemberAuthenticated || auth.Member.Status != "active" || !auth.Member.EmailAddressVerified || auth.ProviderType != "Google" {
		t.Fatalf("auth = %+v", auth)
	}
	f := auth.MemberSession.AuthenticationFactors[0]
	if f.Type != "oauth" || f.DeliveryMethod != "oauth_google" || f.GoogleOAuthFactor == nil || f.GoogleOAuthFactor.ProviderSubject != auth.ProviderSubject {
		t.Fatalf("factor = %+v", f)
	}
	regs := auth.Member.OAuthRegistrations
	if len(regs) != 1 || regs[0].ProviderType != "Google" || regs[0].MemberOAuthRegistrationID != f.GoogleOAuthFactor.ID {
		t.Fatalf("registrations = %+v", regs)
	}
	if auth.ProviderValues == nil || auth.ProviderValues.AccessToken == "" || auth.ProviderValues.RefreshToken == "" {
		t.Fatalf("provider values = %+v", auth.ProviderValues)
	}

	// The token is single use.
	_, err = ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: login.Token})
	wantAPIError(t, err, http.StatusNotFound, "oauth_token_not_found")

	// The member's Google tokens, refresh token only on request.
	g, err := ts.Client.Organizations.Members.OAuthProviders.Google(ctx, &organizations.MembersOAuthProvidersParams{OrganizationID: org.OrganizationID, MemberID: auth.MemberID})
	if err != nil {
		t.Fatal(err)
	}
	if g.AccessToken != auth.ProviderValues.AccessToken || g.RefreshToken != "" || g.ProviderSubject != auth.ProviderSubject || g.AccessTokenExpiresIn <= 0 {
		t.Fatalf("google = %+v", g)
	}
	g, err = ts.Client.Organizations.Members.OAuthProviders.Google(ctx, &organizations.MembersOAuthProvidersParams{OrganizationID: org.OrganizationID, MemberID: auth.MemberID, IncludeRefreshToken: true})
	if err != nil || g.RefreshToken != auth.ProviderValues.RefreshToken {
		t.Fatalf("google with refresh = %+v, %v", g, err)
	}
	_, err = ts.Client.Organizations.Members.OAuthProviders.Microsoft(ctx, &organizations.MembersOAuthProvidersParams{OrganizationID: org.OrganizationID, MemberID: auth.MemberID})
	wantAPIError(t, err, http.StatusNotFound, "member_oauth_token_not_found")

	// A second login with the same account keeps one registration.
	again := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "google", Email: "ada@acme.com", TenantID: "acme.com", OrganizationID: org.OrganizationID})
	if !strings.Contains(again.RedirectURL, "stytch_token_type=oauth") {
		t.Fatal(again.RedirectURL)
	}
	auth2, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: again.Token, SessionToken: auth.SessionToken})
	if err != nil || len(auth2.Member.OAuthRegistrations) != 1 || auth2.MemberSession.MemberSessionID != auth.MemberSession.MemberSessionID {
		t.Fatalf("second login = %+v, %v", auth2, err)
	}
}

func TestOAuthUnverifiedProviderNeedsEmailProof(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, nil)
	// GitHub does not vouch for the address: a new member needs a step-up.
	tok := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "github", Email: "bob@acme.com", TenantID: "acme-gh", OrganizationID: org.OrganizationID}).Token
	auth, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: tok})
	if err != nil {
		t.Fatal(err)
	}
	if auth.MemberAuthenticated || auth.PrimaryRequired == nil || auth.IntermediateSessionToken == "" || auth.Member.Status != "pending" {
		t.Fatalf("auth = %+v", auth)
	}
	// The registration and tokens are recorded all the same.
	gh, err := ts.Client.Organizations.Members.OAuthProviders.Github(ctx, &organizations.MembersOAuthProvidersParams{OrganizationID: org.OrganizationID, MemberID: auth.MemberID})
	if err != nil || len(gh.Registrations) != 1 || gh.Registrations[0].ProviderTenantIDs[0] != "acme-gh" {
		t.Fatalf("github = %+v, %v", gh, err)
	}
}

func TestOAuthTenantJIT(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, func(p *organizations.CreateParams) {
		p.EmailJITProvisioning = organizations.NotAllowed
		p.EmailAllowedDomains = nil
		p.OAuthTenantJITProvisioning = organizations.Restricted
		p.AllowedOAuthTenants = map[string]any{"slack": []string{"T-ACME"}}
	})
	ok := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "slack", Email: "eve@contractor.io", TenantID: "T-ACME", OrganizationID: org.OrganizationID})
	auth, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: ok.Token})
	if err != nil || auth.MemberID == "" || auth.ProviderType != "Slack" {
		t.Fatalf("tenant JIT = %+v, %v", auth, err)
	}
	sl, err := ts.Client.Organizations.Members.OAuthProviders.Slack(ctx, &organizations.MembersOAuthProvidersSlackParams{OrganizationID: org.OrganizationID, MemberID: auth.MemberID})
	if err != nil || len(sl.Registrations) != 1 || sl.Registrations[0].ProviderTenantID != "T-ACME" {
		t.Fatalf("slack = %+v, %v", sl, err)
	}
	other := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "slack", Email: "mal@evil.io", TenantID: "T-EVIL", OrganizationID: org.OrganizationID})
	_, err = ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: other.Token})
	wantAPIError(t, err, http.StatusForbidden, "oauth_tenant_jit_provisioning_not_allowed")
	// Nothing was created, and the token is still usable after the refusal.
	found, err := ts.Client.Organizations.Members.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{org.OrganizationID}})
	if err != nil || len(found.Members) != 1 {
		t.Fatalf("members = %+v, %v", found, err)
	}
}

func TestOAuthPKCEAndExpiry(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, nil)
	verifier := "a-long-enough-code-verifier-for-pkce-0123456789"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	tok := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "microsoft", Email: "ada@acme.com", OrganizationID: org.OrganizationID, PKCECodeChallenge: challenge}).Token
	_, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: tok})
	wantAPIError(t, err, http.StatusBadRequest, "pkce_expected_code_verifier")
	_, err = ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: tok, PKCECodeVerifier: "wrong"})
	wantAPIError(t, err, http.StatusBadRequest, "pkce_mismatch")
	if _, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: tok, PKCECodeVerifier: verifier}); err != nil {
		t.Fatal(err)
	}

	late := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "microsoft", Email: "ada@acme.com", OrganizationID: org.OrganizationID}).Token
	ts.Clock().Advance(11 * time.Minute)
	_, err = ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: late})
	wantAPIError(t, err, http.StatusUnauthorized, "expired_oauth_response")

	// A discovery token is refused by the organization endpoint and back.
	disc := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "google", Email: "ada@acme.com", Discovery: true}).Token
	_, err = ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: disc})
	wantAPIError(t, err, http.StatusBadRequest, "oauth_discovery_flow_callback_error")

	// Bad sign-ins are refused with a clear error.
	for _, body := range []map[string]any{
		{"provider": "myspace", "email": "a@b.co", "discovery": true},
		{"provider": "google", "email": "not an email", "discovery": true},
		{"provider": "google", "email": "a@b.co"},
		{"provider": "google", "email": "a@b.co", "name": strings.Repeat("x", 300), "discovery": true},
	} {
		status, out := call(t, ts, http.MethodPost, "/mock/oauth/login", body)
		if status != http.StatusBadRequest {
			t.Errorf("%v: %d %v", body, status, out)
		}
	}
}

func TestOAuthDiscovery(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, nil)
	// A verified member on acme.com makes the organization discoverable.
	first := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "microsoft", Email: "ada@acme.com", OrganizationID: org.OrganizationID}).Token
	if _, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: first}); err != nil {
		t.Fatal(err)
	}
	login := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "microsoft", Email: "bob@acme.com", Name: "Bob", TenantID: "tenant-1", Discovery: true})
	if !strings.Contains(login.RedirectURL, "stytch_token_type=discovery_oauth") {
		t.Fatal(login.RedirectURL)
	}
	d, err := ts.Client.OAuth.Discovery.Authenticate(ctx, &oauth.DiscoveryAuthenticateParams{DiscoveryOAuthToken: login.Token})
	if err != nil {
		t.Fatal(err)
	}
	if d.EmailAddress != "bob@acme.com" || d.FullName != "Bob" || d.ProviderType != "Microsoft" || d.ProviderTenantID != "tenant-1" ||
		len(d.DiscoveredOrganizations) != 1 || d.DiscoveredOrganizations[0].Membership.Type != "eligible_to_join_by_email_domain" {
		t.Fatalf("discovery = %+v", d)
	}
	ex, err := ts.Client.Discovery.IntermediateSessions.Exchange(ctx, &discovery.IntermediateSessionsExchangeParams{
		IntermediateSessionToken: d.IntermediateSessionToken, OrganizationID: org.OrganizationID,
	})
	if err != nil || ex.MemberID == "" {
		t.Fatalf("exchange = %+v, %v", ex, err)
	}
	_, err = ts.Client.OAuth.Discovery.Authenticate(ctx, &oauth.DiscoveryAuthenticateParams{DiscoveryOAuthToken: login.Token})
	wantAPIError(t, err, http.StatusNotFound, "oauth_token_not_found")
}

// Two concurrent authentications of one token: exactly one wins.
func TestOAuthTokenRace(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, nil)
	tok := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "google", Email: "ada@acme.com", TenantID: "acme.com", OrganizationID: org.OrganizationID}).Token
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: tok}); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d authentications won, want 1", wins)
	}
}

func TestImpersonation(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, func(p *organizations.CreateParams) { p.MFAPolicy = organizations.MFAPolicyRequiredForAll })
	m, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	tok := ts.Impersonate(t, mockserver.ImpersonateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, ImpersonatorEmailAddress: "support@example.com", ImpersonatorID: "workspace-member-1"})
	before := ts.Clock().Now()
	auth, err := ts.Client.Impersonation.Authenticate(ctx, &impersonation.AuthenticateParams{ImpersonationToken: tok})
	if err != nil {
		t.Fatal(err)
	}
	// MFA is required for all, but never for impersonation.
	if !auth.MemberAuthenticated || auth.MemberSession == nil || auth.SessionJWT == "" {
		t.Fatalf("auth = %+v", auth)
	}
	f := auth.MemberSession.AuthenticationFactors[0]
	if f.Type != "impersonated" || f.DeliveryMethod != "impersonation" || f.ImpersonatedFactor == nil ||
		f.ImpersonatedFactor.ImpersonatorID != "workspace-member-1" || f.ImpersonatedFactor.ImpersonatorEmailAddress != "support@example.com" {
		t.Fatalf("factor = %+v", f)
	}
	if got := auth.MemberSession.ExpiresAt.Sub(before); got < time.Hour || got > time.Hour+time.Second {
		t.Fatalf("session lasts %v", got)
	}
	if _, err := ts.Client.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: auth.SessionToken}); err != nil {
		t.Fatal(err)
	}
	// An impersonated session cannot be extended, and the refusal changes
	// nothing.
	_, err = ts.Client.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: auth.SessionToken, SessionDurationMinutes: 600})
	wantAPIError(t, err, http.StatusForbidden, "member_impersonation_not_allowed")
	still, err := ts.Client.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: auth.SessionToken})
	if err != nil || !still.MemberSession.ExpiresAt.Equal(*auth.MemberSession.ExpiresAt) {
		t.Fatalf("after a refused extension: %+v, %v", still, err)
	}
	_, err = ts.Client.Impersonation.Authenticate(ctx, &impersonation.AuthenticateParams{ImpersonationToken: tok})
	wantAPIError(t, err, http.StatusUnauthorized, "unable_to_auth_impersonation_token")

	// Tokens last 5 minutes.
	late := ts.Impersonate(t, mockserver.ImpersonateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, ImpersonatorEmailAddress: "support@example.com"})
	ts.Clock().Advance(5 * time.Minute)
	_, err = ts.Client.Impersonation.Authenticate(ctx, &impersonation.AuthenticateParams{ImpersonationToken: late})
	wantAPIError(t, err, http.StatusUnauthorized, "unable_to_auth_impersonation_token")

	// Impersonation turned off: minting and spending are refused.
	pending := ts.Impersonate(t, mockserver.ImpersonateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, ImpersonatorEmailAddress: "support@example.com"})
	status, out := call(t, ts, http.MethodPut, "/mock/impersonation/settings", map[string]any{"enabled": false})
	wantStatus(t, status, out, http.StatusOK, "")
	_, err = ts.Client.Impersonation.Authenticate(ctx, &impersonation.AuthenticateParams{ImpersonationToken: pending})
	wantAPIError(t, err, http.StatusForbidden, "member_impersonation_not_allowed")
	status, out = call(t, ts, http.MethodPost, "/mock/impersonation", map[string]any{"organization_id": org.OrganizationID, "member_id": m.MemberID, "impersonator_email_address": "support@example.com"})
	wantStatus(t, status, out, http.StatusForbidden, "member_impersonation_not_allowed")
	status, out = call(t, ts, http.MethodPost, "/mock/impersonation", map[string]any{"organization_id": org.OrganizationID, "member_id": m.MemberID, "impersonator_email_address": "nope"})
	wantStatus(t, status, out, http.StatusBadRequest, "invalid_email")
}

// OAuth grants and impersonation tokens survive export and import.
func TestOAuthStateSurvivesExport(t *testing.T) {
	ts := mockserver.Start(t)
	org := acmeOrg(t, ts, nil)
	tok := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "hubspot", Email: "ada@acme.com", TenantID: "hub-1", OrganizationID: org.OrganizationID}).Token
	auth, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: tok})
	if err != nil {
		t.Fatal(err)
	}
	pendingTok := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "google", Email: "bob@acme.com", TenantID: "acme.com", OrganizationID: org.OrganizationID}).Token
	snap, err := ts.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(snap, []byte(tok)) || bytes.Contains(snap, []byte(pendingTok)) {
		t.Fatal("the snapshot holds an OAuth token in clear")
	}
	srv := mockserver.New(mockserver.Options{})
	if err := srv.Import(ts.ProjectID, snap); err != nil {
		t.Fatal(err)
	}
	again, _ := srv.Export(ts.ProjectID)
	if !bytes.Equal(snap, again) {
		t.Fatal("export after import differs")
	}
	c := serve(t, srv, ts.ProjectID, ts.Secret)
	hub, err := c.Organizations.Members.OAuthProviders.Hubspot(ctx, &organizations.MembersOAuthProvidersParams{OrganizationID: org.OrganizationID, MemberID: auth.MemberID})
	if err != nil || len(hub.Registrations) != 1 || hub.Registrations[0].AccessToken != auth.ProviderValues.AccessToken {
		t.Fatalf("hubspot = %+v, %v", hub, err)
	}
	if _, err := c.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: pendingTok}); err != nil {
		t.Fatalf("pending token after import: %v", err)
	}
}
