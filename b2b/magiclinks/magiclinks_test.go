package magiclinks_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

func wantAPIError(t *testing.T, err error, status int, errorType stytchapi.ErrorType) {
	t.Helper()
	var apiErr *stytchapi.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("got error %v, want a *stytchapi.Error %d %s", err, status, errorType)
	}
	if apiErr.StatusCode != status || apiErr.ErrorType != errorType {
		t.Fatalf("got %d %s (%s), want %d %s", apiErr.StatusCode, apiErr.ErrorType, apiErr.ErrorMessage, status, errorType)
	}
}

func newOrg(t *testing.T, c *b2b.Client, slug string, extra ...func(*organizations.CreateParams)) organizations.Organization {
	t.Helper()
	p := &organizations.CreateParams{OrganizationName: "Org " + slug, OrganizationSlug: slug}
	for _, f := range extra {
		f(p)
	}
	resp, err := c.Organizations.Create(ctx, p)
	if err != nil {
		t.Fatalf("creating organization %s: %v", slug, err)
	}
	return resp.Organization
}

func jit(domains ...string) func(*organizations.CreateParams) {
	return func(p *organizations.CreateParams) {
		p.EmailJITProvisioning = organizations.Restricted
		p.EmailAllowedDomains = domains
		p.EmailInvites = organizations.AllAllowed
	}
}

func getMember(t *testing.T, c *b2b.Client, orgID, memberID string) organizations.Member {
	t.Helper()
	resp, err := c.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: orgID, MemberID: memberID})
	if err != nil {
		t.Fatalf("Get member: %v", err)
	}
	return resp.Member
}

// lastEmail returns the newest outbox message to addr and checks that its
// link carries its token with the given token type.
func lastEmail(t *testing.T, ts *mockserver.TestServer, addr, template, tokenType string) mockserver.Message {
	t.Helper()
	m, ok := ts.Outbox().Last(addr)
	if !ok {
		t.Fatalf("no email to %s", addr)
	}
	if m.Template != template || m.Kind != "email" || m.Token == "" {
		t.Fatalf("email to %s: template %q kind %q token %q, want template %q", addr, m.Template, m.Kind, m.Token, template)
	}
	u, err := url.Parse(m.Link)
	if err != nil {
		t.Fatalf("link %q: %v", m.Link, err)
	}
	if got := u.Query(); got.Get("token") != m.Token || got.Get("stytch_token_type") != tokenType {
		t.Fatalf("link %q does not carry token type %s and the token", m.Link, tokenType)
	}
	return m
}

// wantSession checks a fully authenticated result, and that the session
// JWT validates locally with a magic_link factor for the member's email.
func wantSession(t *testing.T, c *b2b.Client, r *magiclinks.AuthenticateResponse, m organizations.Member) {
	t.Helper()
	if !r.MemberAuthenticated || r.SessionToken == "" || r.SessionJWT == "" || r.MemberSession == nil || r.IntermediateSessionToken != "" || r.MFARequired != nil || r.PrimaryRequired != nil {
		t.Fatalf("not a full session: %+v", r)
	}
	claims, err := c.Sessions.AuthenticateJWTLocal(ctx, r.SessionJWT, nil)
	if err != nil {
		t.Fatalf("AuthenticateJWTLocal: %v", err)
	}
	if claims.MemberID != m.MemberID || claims.OrganizationID != m.OrganizationID {
		t.Fatalf("JWT for %s/%s, want %s/%s", claims.MemberID, claims.OrganizationID, m.MemberID, m.OrganizationID)
	}
	f := r.MemberSession.AuthenticationFactors
	if len(f) != 1 || f[0].Type != "magic_link" || f[0].DeliveryMethod != "email" || f[0].EmailFactor == nil ||
		f[0].EmailFactor.EmailAddress != m.EmailAddress || f[0].EmailFactor.EmailID != r.MethodID || r.MethodID == "" {
		t.Fatalf("factors %+v, method_id %q", f, r.MethodID)
	}
}

func authenticate(t *testing.T, c *b2b.Client, token string) *magiclinks.AuthenticateResponse {
	t.Helper()
	r, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: token})
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	return r
}

func TestInviteThenAuthenticate(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme")
	inv, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{
		OrganizationID: org.OrganizationID, EmailAddress: "grace@acme.com", Name: "Grace",
		Roles: []string{"stytch_admin"}, UntrustedMetadata: map[string]any{"team": "core"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if inv.Member.Status != organizations.StatusInvited || inv.Member.Name != "Grace" || !inv.Member.IsAdmin || inv.Member.EmailAddressVerified {
		t.Fatalf("invited member: %+v", inv.Member)
	}
	if diff := cmp.Diff(inv.Member, getMember(t, c, org.OrganizationID, inv.MemberID)); diff != "" {
		t.Fatalf("stored member differs (-answer +stored):\n%s", diff)
	}
	msg := lastEmail(t, ts, "grace@acme.com", "invite", "multi_tenant_magic_links")
	if !strings.HasPrefix(msg.Link, "http://localhost:3000?") || msg.MemberID != inv.MemberID || msg.OrganizationID != org.OrganizationID {
		t.Fatalf("invite email: %+v", msg)
	}
	r := authenticate(t, c, msg.Token)
	got := getMember(t, c, org.OrganizationID, inv.MemberID)
	if got.Status != organizations.StatusActive || !got.EmailAddressVerified {
		t.Fatalf("after authenticate the member is %s, verified %v", got.Status, got.EmailAddressVerified)
	}
	wantSession(t, c, r, got)
	if r.OrganizationID != org.OrganizationID || r.MemberID != inv.MemberID {
		t.Fatalf("response names %s/%s", r.OrganizationID, r.MemberID)
	}
	// Single use.
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: msg.Token})
	wantAPIError(t, err, 401, stytchapi.ErrorTypeUnableToAuthMagicLink)
	// Inviting an active member is refused.
	_, err = c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: org.OrganizationID, EmailAddress: "grace@acme.com"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeDuplicateMemberEmail)
}

func TestJITByDomainThenAuthenticate(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme", jit("acme.com"))
	r, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.MemberCreated || r.Member.Status != organizations.StatusPending || r.Member.EmailAddress != "ada@acme.com" {
		t.Fatalf("login_or_signup: %+v", r)
	}
	msg := lastEmail(t, ts, "ada@acme.com", "signup", "multi_tenant_magic_links")
	// A second call sends another signup link and creates nothing.
	r2, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "ADA@acme.com"})
	if err != nil || r2.MemberCreated || r2.MemberID != r.MemberID {
		t.Fatalf("second login_or_signup: %+v, %v", r2, err)
	}
	auth := authenticate(t, c, msg.Token)
	m := getMember(t, c, org.OrganizationID, r.MemberID)
	if m.Status != organizations.StatusActive || !m.EmailAddressVerified {
		t.Fatalf("member after authenticate: %+v", m)
	}
	wantSession(t, c, auth, m)
	// Now active: the next link is a login link.
	if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	lastEmail(t, ts, "ada@acme.com", "login", "multi_tenant_magic_links")
}

func TestCreatedMemberThenLogin(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme")
	cr, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com", LoginExpirationMinutes: 5})
	if err != nil || r.MemberCreated || r.MemberID != cr.MemberID {
		t.Fatalf("login_or_signup: %+v, %v", r, err)
	}
	msg := lastEmail(t, ts, "bob@acme.com", "login", "multi_tenant_magic_links")
	auth := authenticate(t, c, msg.Token)
	wantSession(t, c, auth, getMember(t, c, org.OrganizationID, cr.MemberID))
	if !getMember(t, c, org.OrganizationID, cr.MemberID).EmailAddressVerified {
		t.Fatal("email not verified after a magic link")
	}
	// Remote authenticate agrees.
	if _, err := c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: auth.SessionToken}); err != nil {
		t.Fatal(err)
	}
}

func TestLoginOrSignupErrors(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	closed := newOrg(t, c, "closed")
	restricted := newOrg(t, c, "restricted", jit("acme.com"))
	cases := []struct {
		name   string
		p      magiclinks.EmailLoginOrSignupParams
		status int
		typ    stytchapi.ErrorType
	}{
		{"jit not allowed", magiclinks.EmailLoginOrSignupParams{OrganizationID: closed.OrganizationID, EmailAddress: "x@acme.com"}, 400, stytchapi.ErrorTypeEmailJITProvisioningNotAllowed},
		{"domain not allowed", magiclinks.EmailLoginOrSignupParams{OrganizationID: restricted.OrganizationID, EmailAddress: "x@other.com"}, 400, stytchapi.ErrorTypeInvalidEmailForJITProvisioning},
		{"invalid email", magiclinks.EmailLoginOrSignupParams{OrganizationID: restricted.OrganizationID, EmailAddress: "not-an-email"}, 400, stytchapi.ErrorTypeInvalidEmail},
		{"expiration too short", magiclinks.EmailLoginOrSignupParams{OrganizationID: restricted.OrganizationID, EmailAddress: "x@acme.com", SignupExpirationMinutes: 4}, 400, stytchapi.ErrorTypeInvalidExpiration},
		{"expiration too long", magiclinks.EmailLoginOrSignupParams{OrganizationID: restricted.OrganizationID, EmailAddress: "x@acme.com", LoginExpirationMinutes: 10081}, 400, stytchapi.ErrorTypeInvalidExpiration},
		{"locale", magiclinks.EmailLoginOrSignupParams{OrganizationID: restricted.OrganizationID, EmailAddress: "x@acme.com", Locale: "xx"}, 400, stytchapi.ErrorTypeInvalidLocale},
		{"unregistered redirect", magiclinks.EmailLoginOrSignupParams{OrganizationID: restricted.OrganizationID, EmailAddress: "x@acme.com", SignupRedirectURL: "https://evil.example/cb"}, 400, stytchapi.ErrorTypeNoMatchForProvidedMagicLinkURL},
		{"unknown org", magiclinks.EmailLoginOrSignupParams{OrganizationID: "organization-test-00000000-0000-4000-8000-000000000000", EmailAddress: "x@acme.com"}, 404, stytchapi.ErrorTypeOrganizationNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.MagicLinks.Email.LoginOrSignup(ctx, &tc.p)
			wantAPIError(t, err, tc.status, tc.typ)
		})
	}
	// Nothing was created or sent by the failures.
	if n := len(ts.Outbox().All()); n != 0 {
		t.Fatalf("%d emails sent by failed calls", n)
	}
	s, err := c.Organizations.Members.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{closed.OrganizationID, restricted.OrganizationID}})
	if err != nil || len(s.Members) != 0 {
		t.Fatalf("members after failed calls: %+v, %v", s, err)
	}
}

func TestInviteErrorsAndAuthorization(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	noInvites := newOrg(t, c, "noinv", func(p *organizations.CreateParams) {
		p.EmailInvites = organizations.NotAllowed
		p.EmailJITProvisioning = organizations.Restricted
		p.EmailAllowedDomains = []string{"acme.com"}
	})
	_, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: noInvites.OrganizationID, EmailAddress: "a@acme.com"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeInvalidEmailForInvites)
	restricted := newOrg(t, c, "resinv", func(p *organizations.CreateParams) {
		p.EmailInvites = organizations.Restricted
		p.EmailAllowedDomains = []string{"acme.com"}
	})
	_, err = c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: restricted.OrganizationID, EmailAddress: "a@other.com"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeInvalidEmailForInvites)
	if _, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: restricted.OrganizationID, EmailAddress: "a@acme.com"}); err != nil {
		t.Fatal(err)
	}
	_, err = c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: restricted.OrganizationID, EmailAddress: "b@acme.com", Roles: []string{"no_such_role"}})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeInvalidRBACRoleID)
	_, err = c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: restricted.OrganizationID, EmailAddress: "b@acme.com", InviteExpirationMinutes: 10081})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeInvalidExpiration)

	// Acting as a member: a plain member may not invite, an admin may.
	org := newOrg(t, c, "acme")
	plain, _ := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "plain@acme.com"})
	admin, _ := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "admin@acme.com", Roles: []string{"stytch_admin"}})
	ps := ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: org.OrganizationID, MemberID: plain.MemberID})
	as := ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: org.OrganizationID, MemberID: admin.MemberID})
	_, err = c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: org.OrganizationID, EmailAddress: "new@acme.com"}, stytchapi.WithMemberSession(ps.SessionToken))
	wantAPIError(t, err, 403, stytchapi.ErrorTypeSessionAuthorizationError)
	if _, ok := ts.Outbox().Last("new@acme.com"); ok {
		t.Fatal("a refused invite was emailed")
	}
	if _, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: org.OrganizationID, EmailAddress: "new@acme.com"}, stytchapi.WithMemberSessionJWT(as.SessionJWT)); err != nil {
		t.Fatal(err)
	}
	lastEmail(t, ts, "new@acme.com", "invite", "multi_tenant_magic_links")
}

func TestTokenExpiryAndUnknown(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme")
	m, _ := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com"})
	if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com", LoginExpirationMinutes: 10}); err != nil {
		t.Fatal(err)
	}
	msg := lastEmail(t, ts, "bob@acme.com", "login", "multi_tenant_magic_links")
	ts.Clock().Advance(10*time.Minute + time.Second)
	_, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: msg.Token})
	wantAPIError(t, err, 401, stytchapi.ErrorTypeUnableToAuthMagicLink)
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: "bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtYXQtYWxsLTEyMzQ="})
	wantAPIError(t, err, 404, stytchapi.ErrorTypeMagicLinkNotFound)
	if getMember(t, c, org.OrganizationID, m.MemberID).EmailAddressVerified {
		t.Fatal("a failed authenticate verified the email")
	}
	// Invitations last seven days by default.
	if _, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: org.OrganizationID, EmailAddress: "inv@acme.com"}); err != nil {
		t.Fatal(err)
	}
	inv := lastEmail(t, ts, "inv@acme.com", "invite", "multi_tenant_magic_links")
	ts.Clock().Advance(7*24*time.Hour - time.Minute)
	authenticate(t, c, inv.Token)
}

func TestPKCE(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme")
	if _, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com"}); err != nil {
		t.Fatal(err)
	}
	const verifier = "a-sufficiently-long-random-code-verifier-0123456789"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	send := func(ch string) string {
		t.Helper()
		if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com", PKCECodeChallenge: ch}); err != nil {
			t.Fatal(err)
		}
		return lastEmail(t, ts, "bob@acme.com", "login", "multi_tenant_magic_links").Token
	}
	tok := send(challenge)
	_, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: tok})
	wantAPIError(t, err, 400, stytchapi.ErrorTypePKCEExpectedCodeVerifier)
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: tok, PKCECodeVerifier: "wrong"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypePKCEMismatch)
	// PKCE failures do not consume the link.
	if _, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: tok, PKCECodeVerifier: verifier}); err != nil {
		t.Fatal(err)
	}
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: send(""), PKCECodeVerifier: verifier})
	wantAPIError(t, err, 400, stytchapi.ErrorTypePKCEDidNotExpectCodeVerifier)
}

func TestRedirectURLsTestVsLive(t *testing.T) {
	ts := mockserver.Start(t)
	// TEST: the default localhost URL serves every type.
	org := newOrg(t, ts.Client, "acme", jit("acme.com"))
	if _, err := ts.Client.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "a@acme.com", SignupRedirectURL: "http://localhost:3000"}); err != nil {
		t.Fatal(err)
	}
	// LIVE: nothing registered.
	creds, live := ts.NewProject(t, "live")
	lorg := newOrg(t, live, "acme", jit("acme.com"))
	_, err := live.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: lorg.OrganizationID, EmailAddress: "a@acme.com"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeNoSignupRedirectURLsSet)
	_, err = live.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: lorg.OrganizationID, EmailAddress: "b@acme.com"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeNoInviteRedirectURLsSet)
	_, err = live.MagicLinks.Email.Discovery.Send(ctx, discoverySend("a@acme.com"))
	wantAPIError(t, err, 400, stytchapi.ErrorTypeNoDiscoveryRedirectURLsSet)
	if err := ts.SetRedirectURLs(creds.ProjectID, []mockserver.RedirectURL{
		{URL: "https://app.example.com/auth?next={}", Types: []string{"login", "signup"}},
		{URL: "https://app.example.com/signup", Types: []string{"signup"}, DefaultFor: []string{"signup"}},
	}); err != nil {
		t.Fatal(err)
	}
	_, err = live.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: lorg.OrganizationID, EmailAddress: "a@acme.com", SignupRedirectURL: "https://evil.example.com/auth"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeNoMatchForProvidedMagicLinkURL)
	if _, err := live.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: lorg.OrganizationID, EmailAddress: "a@acme.com", SignupRedirectURL: "https://app.example.com/auth?next=%2Fhome"}); err != nil {
		t.Fatal(err)
	}
	m, _ := ts.Server.Outbox(creds.ProjectID).Last("a@acme.com")
	if !strings.HasPrefix(m.Link, "https://app.example.com/auth?next=%2Fhome&stytch_token_type=multi_tenant_magic_links&token=") {
		t.Fatalf("link %q", m.Link)
	}
	if _, err := live.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: lorg.OrganizationID, EmailAddress: "a@acme.com"}); err != nil {
		t.Fatal(err)
	}
	m, _ = ts.Server.Outbox(creds.ProjectID).Last("a@acme.com")
	if !strings.HasPrefix(m.Link, "https://app.example.com/signup?stytch_token_type=") {
		t.Fatalf("default link %q", m.Link)
	}
}

func TestMFARequiredByPolicy(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme", func(p *organizations.CreateParams) { p.MFAPolicy = organizations.MFAPolicyRequiredForAll })
	m, _ := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com", MFAPhoneNumber: "+14155550100"})
	if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com"}); err != nil {
		t.Fatal(err)
	}
	r := authenticate(t, c, lastEmail(t, ts, "bob@acme.com", "login", "multi_tenant_magic_links").Token)
	if r.MemberAuthenticated || r.SessionToken != "" || r.SessionJWT != "" || r.MemberSession != nil || r.IntermediateSessionToken == "" || r.IntermediateSessionTokenExpiresAt == nil {
		t.Fatalf("want an intermediate session: %+v", r)
	}
	// The member has an MFA phone, so a code was texted at once.
	want := &sessions.MFARequired{MemberOptions: &sessions.MemberOptions{MFAPhoneNumber: "+14155550100"}, SecondaryAuthInitiated: "sms_otp"}
	if diff := cmp.Diff(want, r.MFARequired); diff != "" {
		t.Fatalf("mfa_required (-want +got):\n%s", diff)
	}
	if sms, ok := ts.Outbox().Last("+14155550100"); !ok || sms.Kind != "sms" || sms.Code == "" {
		t.Fatalf("no SMS code to the member's phone: %+v", sms)
	}
	if got := r.IntermediateSessionTokenExpiresAt.Sub(ts.Clock().Now()); got <= 9*time.Minute || got > 10*time.Minute {
		t.Fatalf("IST lives %v", got)
	}
	// No session was issued.
	s, err := c.Sessions.Get(ctx, &sessions.GetParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	if err != nil || len(s.MemberSessions) != 0 {
		t.Fatalf("sessions: %+v, %v", s, err)
	}
	// A member with nothing enrolled gets member_options null.
	if _, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "eve@acme.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "eve@acme.com"}); err != nil {
		t.Fatal(err)
	}
	r = authenticate(t, c, lastEmail(t, ts, "eve@acme.com", "login", "multi_tenant_magic_links").Token)
	if r.MFARequired == nil || r.MFARequired.MemberOptions != nil {
		t.Fatalf("mfa_required %+v", r.MFARequired)
	}
	// The IST expires after 10 minutes.
	ist := r.IntermediateSessionToken
	ts.Clock().Advance(11 * time.Minute)
	_, err = c.Discovery.Organizations.List(ctx, discoveryList(ist))
	wantAPIError(t, err, 404, stytchapi.ErrorTypeIntermediateSessionNotFound)
}

func TestSessionExtensionAndSessionArgs(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme")
	m, _ := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com"})
	other, _ := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "eve@acme.com"})
	fix := ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	send := func(addr string) string {
		if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: addr}); err != nil {
			t.Fatal(err)
		}
		return lastEmail(t, ts, addr, "login", "multi_tenant_magic_links").Token
	}
	_, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: send("bob@acme.com"), SessionToken: fix.SessionToken, SessionJWT: fix.SessionJWT})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeTooManySessionArguments)
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: send("bob@acme.com"), SessionDurationMinutes: 4})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeInvalidSessionDurationMinutes)
	// Same member: the session is extended, not replaced.
	r, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: send("bob@acme.com"), SessionToken: fix.SessionToken, SessionDurationMinutes: 600, SessionCustomClaims: map[string]any{"plan": "pro"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.MemberSession.MemberSessionID != fix.MemberSession.MemberSessionID || r.MemberSession.CustomClaims["plan"] != "pro" {
		t.Fatalf("session %+v, want the fixture's extended", r.MemberSession)
	}
	if got := r.MemberSession.ExpiresAt.Sub(ts.Clock().Now()); got < 599*time.Minute {
		t.Fatalf("session expires in %v", got)
	}
	// Another member's session is ignored: a new session starts.
	r, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: send("eve@acme.com"), SessionToken: fix.SessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if r.MemberSession.MemberSessionID == fix.MemberSession.MemberSessionID || r.MemberID != other.MemberID {
		t.Fatalf("another member's session was used: %+v", r.MemberSession)
	}
}

func TestEmailUpdateCompletesByMagicLink(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme")
	m, _ := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "old@acme.com"})
	// Verify the current email first with a login link.
	if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "old@acme.com"}); err != nil {
		t.Fatal(err)
	}
	authenticate(t, c, lastEmail(t, ts, "old@acme.com", "login", "multi_tenant_magic_links").Token)
	if _, err := c.Organizations.Members.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, EmailAddress: "new@acme.com"}); err != nil {
		t.Fatal(err)
	}
	msg := lastEmail(t, ts, "new@acme.com", "email_update", "multi_tenant_magic_links")
	r := authenticate(t, c, msg.Token)
	got := getMember(t, c, org.OrganizationID, m.MemberID)
	if got.EmailAddress != "new@acme.com" || !got.EmailAddressVerified || len(got.RetiredEmailAddresses) != 1 || got.RetiredEmailAddresses[0].EmailAddress != "old@acme.com" {
		t.Fatalf("member after the update: %+v", got)
	}
	wantSession(t, c, r, got)
	_, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: msg.Token})
	wantAPIError(t, err, 401, stytchapi.ErrorTypeUnableToAuthMagicLink)
}

func TestSandboxValues(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	const sandboxOrg = "organization-test-007d9d4a-deac-4a87-ba0a-e6e8afba4d4b"
	r, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: sandboxOrg, EmailAddress: "sandbox@stytch.com"})
	if err != nil || r.Organization.OrganizationID != sandboxOrg || r.Member.EmailAddress != "sandbox@stytch.com" {
		t.Fatalf("sandbox login_or_signup: %+v, %v", r, err)
	}
	if _, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: sandboxOrg, EmailAddress: "sandbox@stytch.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MagicLinks.Email.Discovery.Send(ctx, discoverySend("sandbox@stytch.com")); err != nil {
		t.Fatal(err)
	}
	if n := len(ts.Outbox().All()); n != 0 {
		t.Fatalf("sandbox values sent %d emails", n)
	}
	_, err = c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: sandboxOrg, EmailAddress: "someone@stytch.com"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeInvalidEmailSandbox)
	for i := 0; i < 2; i++ { // fixed: the success token works every time
		a := authenticate(t, c, "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=")
		wantSession(t, c, a, a.Member)
		if a.OrganizationID != sandboxOrg || a.Member.IsAdmin {
			t.Fatalf("sandbox authenticate: %+v", a)
		}
	}
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: "3pzjQpgksDlGKWEwUq2Up--hCHC_0oamfLHyfspKDFU="})
	wantAPIError(t, err, 401, stytchapi.ErrorTypeUnableToAuthMagicLink)
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: "CprTtwhnRNiMBiUS2jSLcWYrfuO2POeBNdo5HhW6qTM="})
	wantAPIError(t, err, 404, stytchapi.ErrorTypeMagicLinkNotFound)
	// LIVE projects know no sandbox values.
	_, live := ts.NewProject(t, "live")
	_, err = live.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94="})
	wantAPIError(t, err, 404, stytchapi.ErrorTypeMagicLinkNotFound)
}

// §1 step 8: a login that carries an intermediate session adds its factor
// and, while MFA is still missing, returns the same IST.
func TestIntermediateSessionAccumulates(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme")
	m, _ := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com", MFAEnrolled: true})
	send := func() string {
		if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com"}); err != nil {
			t.Fatal(err)
		}
		return lastEmail(t, ts, "bob@acme.com", "login", "multi_tenant_magic_links").Token
	}
	first := authenticate(t, c, send())
	if first.MFARequired == nil || first.IntermediateSessionToken == "" {
		t.Fatalf("mfa_enrolled member: %+v", first)
	}
	second, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: send(), IntermediateSessionToken: first.IntermediateSessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if second.IntermediateSessionToken != first.IntermediateSessionToken || !second.IntermediateSessionTokenExpiresAt.Equal(*first.IntermediateSessionTokenExpiresAt) || second.MemberAuthenticated {
		t.Fatalf("second login: %+v", second)
	}
	l, err := c.Discovery.Organizations.List(ctx, discoveryList(first.IntermediateSessionToken))
	if err != nil || l.OrganizationIDHint == nil || *l.OrganizationIDHint != org.OrganizationID || l.EmailAddress != "bob@acme.com" {
		t.Fatalf("org-bound IST list: %+v, %v", l, err)
	}
	// A valid session of the member covers MFA.
	fix := ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	third, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: send(), SessionJWT: fix.SessionJWT})
	if err != nil || !third.MemberAuthenticated || third.MemberSession.MemberSessionID != fix.MemberSession.MemberSessionID {
		t.Fatalf("with a session: %+v, %v", third, err)
	}
}

// Concurrent authenticates of one link: exactly one wins.
func TestConcurrentAuthenticateIsSingleUse(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme")
	if _, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com"}); err != nil {
		t.Fatal(err)
	}
	tok := lastEmail(t, ts, "bob@acme.com", "login", "multi_tenant_magic_links").Token
	const n = 16
	errs := make(chan error, n)
	for range n {
		go func() {
			_, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: tok})
			errs <- err
		}()
	}
	wins := 0
	for range n {
		err := <-errs
		if err == nil {
			wins++
		} else if !stytchapi.IsErrorType(err, stytchapi.ErrorTypeUnableToAuthMagicLink) {
			t.Errorf("unexpected error %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d authenticates succeeded, want 1", wins)
	}
}
