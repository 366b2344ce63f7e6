package magiclinks_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func discoverySend(addr string) *magiclinks.EmailDiscoverySendParams {
	return &magiclinks.EmailDiscoverySendParams{EmailAddress: addr}
}

func discoveryList(ist string) *discovery.OrganizationsListParams {
	return &discovery.OrganizationsListParams{IntermediateSessionToken: ist}
}

// discover sends a discovery link to addr and authenticates it.
func discover(t *testing.T, ts *mockserver.TestServer, addr string) *magiclinks.DiscoveryAuthenticateResponse {
	t.Helper()
	if _, err := ts.Client.MagicLinks.Email.Discovery.Send(ctx, discoverySend(addr)); err != nil {
		t.Fatal(err)
	}
	msg := lastEmail(t, ts, addr, "discovery", "discovery")
	r, err := ts.Client.MagicLinks.Discovery.Authenticate(ctx, &magiclinks.DiscoveryAuthenticateParams{DiscoveryMagicLinksToken: msg.Token})
	if err != nil {
		t.Fatalf("discovery Authenticate: %v", err)
	}
	if r.IntermediateSessionToken == "" || r.EmailAddress != addr || r.IntermediateSessionTokenExpiresAt == nil {
		t.Fatalf("discovery authenticate: %+v", r)
	}
	return r
}

func TestSelfOnboarding(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	d := discover(t, ts, "ada@acme.com")
	if len(d.DiscoveredOrganizations) != 0 {
		t.Fatalf("a new address discovered %+v", d.DiscoveredOrganizations)
	}
	cr, err := c.Discovery.Organizations.Create(ctx, &discovery.OrganizationsCreateParams{IntermediateSessionToken: d.IntermediateSessionToken, SessionDurationMinutes: 120})
	if err != nil {
		t.Fatal(err)
	}
	if cr.Organization.OrganizationName != "Acme" || cr.Organization.OrganizationSlug != "acme" {
		t.Fatalf("derived name/slug %q/%q", cr.Organization.OrganizationName, cr.Organization.OrganizationSlug)
	}
	if !cr.MemberAuthenticated || cr.SessionJWT == "" || cr.MemberSession == nil || cr.IntermediateSessionToken != "" {
		t.Fatalf("create: %+v", cr)
	}
	m := getMember(t, c, cr.Organization.OrganizationID, cr.MemberID)
	if m.Status != organizations.StatusActive || !m.EmailAddressVerified || !m.IsAdmin || m.Roles[1].RoleID != "stytch_admin" || m.Roles[1].Sources[0].Type != "direct_assignment" {
		t.Fatalf("creator: %+v", m)
	}
	claims, err := c.Sessions.AuthenticateJWTLocal(ctx, cr.SessionJWT, nil)
	if err != nil {
		t.Fatal(err)
	}
	if claims.MemberID != m.MemberID || claims.OrganizationID != cr.Organization.OrganizationID || claims.AuthenticationFactors[0].Type != "magic_link" {
		t.Fatalf("claims %+v", claims)
	}
	// The IST is consumed.
	_, err = c.Discovery.Organizations.Create(ctx, &discovery.OrganizationsCreateParams{IntermediateSessionToken: d.IntermediateSessionToken})
	wantAPIError(t, err, 404, stytchapi.ErrorTypeIntermediateSessionNotFound)

	// A second person at acme.com gets a fresh slug, and a gmail user an
	// organization named after them.
	d2 := discover(t, ts, "bob@acme.com")
	cr2, err := c.Discovery.Organizations.Create(ctx, &discovery.OrganizationsCreateParams{IntermediateSessionToken: d2.IntermediateSessionToken})
	if err != nil || cr2.Organization.OrganizationSlug != "acme-2" {
		t.Fatalf("second acme: %+v, %v", cr2, err)
	}
	d3 := discover(t, ts, "grace.h@gmail.com")
	cr3, err := c.Discovery.Organizations.Create(ctx, &discovery.OrganizationsCreateParams{IntermediateSessionToken: d3.IntermediateSessionToken})
	if err != nil || cr3.Organization.OrganizationName != "grace.h's Organization" || cr3.Organization.OrganizationSlug != "grace.h-s-organization" {
		t.Fatalf("gmail org: %q/%q, %v", cr3.Organization.OrganizationName, cr3.Organization.OrganizationSlug, err)
	}
	// Explicit fields win, and their errors are the organization ones.
	d4 := discover(t, ts, "ada@acme.com")
	_, err = c.Discovery.Organizations.Create(ctx, &discovery.OrganizationsCreateParams{IntermediateSessionToken: d4.IntermediateSessionToken, OrganizationSlug: "acme"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeOrganizationSlugAlreadyUsed)
	// The failed create consumed nothing: the IST still lists ada's org.
	l, err := c.Discovery.Organizations.List(ctx, discoveryList(d4.IntermediateSessionToken))
	if err != nil || len(l.DiscoveredOrganizations) != 1 || l.DiscoveredOrganizations[0].Membership.Type != discovery.MembershipActiveMember {
		t.Fatalf("list: %+v, %v", l, err)
	}
}

func TestDiscoveryCreateWithMFAPolicy(t *testing.T) {
	ts := mockserver.Start(t)
	d := discover(t, ts, "ada@acme.com")
	cr, err := ts.Client.Discovery.Organizations.Create(ctx, &discovery.OrganizationsCreateParams{IntermediateSessionToken: d.IntermediateSessionToken, MFAPolicy: organizations.MFAPolicyRequiredForAll})
	if err != nil {
		t.Fatal(err)
	}
	if cr.MemberAuthenticated || cr.SessionToken != "" || cr.MFARequired == nil || cr.IntermediateSessionToken != d.IntermediateSessionToken {
		t.Fatalf("create with MFA: %+v", cr)
	}
	// The same IST now points at the new organization.
	l, err := ts.Client.Discovery.Organizations.List(ctx, discoveryList(cr.IntermediateSessionToken))
	if err != nil || l.OrganizationIDHint == nil || *l.OrganizationIDHint != cr.Organization.OrganizationID {
		t.Fatalf("list after create: %+v, %v", l, err)
	}
}

func TestDiscoveryListAndExchange(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	// acme: ada is an active member; beta: ada is invited; gamma: ada may
	// join by domain (grace has a verified acme.com email there); delta
	// allows acme.com but has no verified member on it (anti-phishing).
	acme := newOrg(t, c, "acme")
	ada, _ := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: acme.OrganizationID, EmailAddress: "ada@acme.com"})
	beta := newOrg(t, c, "beta")
	if _, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: beta.OrganizationID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	gamma := newOrg(t, c, "gamma", jit("acme.com"))
	if _, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: gamma.OrganizationID, EmailAddress: "grace@acme.com"}); err != nil {
		t.Fatal(err)
	}
	authenticate(t, c, lastEmail(t, ts, "grace@acme.com", "invite", "multi_tenant_magic_links").Token)
	delta := newOrg(t, c, "delta", jit("acme.com"))

	d := discover(t, ts, "ada@acme.com")
	type entry struct{ Org, Type, Domain, Member string }
	summarize := func(ds []discovery.DiscoveredOrganization) []entry {
		var out []entry
		for _, o := range ds {
			e := entry{Org: o.Organization.OrganizationSlug, Type: o.Membership.Type}
			if o.Membership.Member != nil {
				e.Member = o.Membership.Member.EmailAddress
			}
			if dom, ok := o.Membership.Details["domain"].(string); ok {
				e.Domain = dom
			}
			out = append(out, e)
		}
		return out
	}
	want := []entry{
		{Org: "acme", Type: discovery.MembershipActiveMember, Member: "ada@acme.com"},
		{Org: "beta", Type: discovery.MembershipInvitedMember, Member: "ada@acme.com"},
		{Org: "gamma", Type: discovery.MembershipEligibleToJoinByEmailDomain, Domain: "acme.com"},
	}
	if diff := cmp.Diff(want, summarize(d.DiscoveredOrganizations)); diff != "" {
		t.Fatalf("discovered (-want +got):\n%s", diff)
	}
	l, err := c.Discovery.Organizations.List(ctx, discoveryList(d.IntermediateSessionToken))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, summarize(l.DiscoveredOrganizations)); diff != "" {
		t.Fatalf("listed (-want +got):\n%s", diff)
	}
	if l.OrganizationIDHint != nil {
		t.Fatalf("org-less IST has hint %q", *l.OrganizationIDHint)
	}
	_ = delta

	// Exchange into gamma: JIT by domain, the IST is consumed.
	x, err := c.Discovery.IntermediateSessions.Exchange(ctx, &discovery.IntermediateSessionsExchangeParams{IntermediateSessionToken: d.IntermediateSessionToken, OrganizationID: gamma.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	got := getMember(t, c, gamma.OrganizationID, x.MemberID)
	if !x.MemberAuthenticated || x.SessionJWT == "" || got.Status != organizations.StatusActive || !got.EmailAddressVerified || got.EmailAddress != "ada@acme.com" {
		t.Fatalf("exchange: %+v; member %+v", x, got)
	}
	if _, err := c.Sessions.AuthenticateJWTLocal(ctx, x.SessionJWT, nil); err != nil {
		t.Fatal(err)
	}
	_, err = c.Discovery.IntermediateSessions.Exchange(ctx, &discovery.IntermediateSessionsExchangeParams{IntermediateSessionToken: d.IntermediateSessionToken, OrganizationID: beta.OrganizationID})
	wantAPIError(t, err, 404, stytchapi.ErrorTypeIntermediateSessionNotFound)

	// Exchange into beta accepts the invitation.
	d = discover(t, ts, "ada@acme.com")
	x, err = c.Discovery.IntermediateSessions.Exchange(ctx, &discovery.IntermediateSessionsExchangeParams{IntermediateSessionToken: d.IntermediateSessionToken, OrganizationID: beta.OrganizationID})
	if err != nil || getMember(t, c, beta.OrganizationID, x.MemberID).Status != organizations.StatusActive {
		t.Fatalf("exchange into beta: %+v, %v", x, err)
	}

	// With a session only real memberships are listed, the session's own
	// organization authenticated.
	fix := ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: acme.OrganizationID, MemberID: ada.MemberID})
	l, err = c.Discovery.Organizations.List(ctx, &discovery.OrganizationsListParams{SessionJWT: fix.SessionJWT})
	if err != nil {
		t.Fatal(err)
	}
	want = []entry{
		{Org: "acme", Type: discovery.MembershipActiveMember, Member: "ada@acme.com"},
		{Org: "beta", Type: discovery.MembershipActiveMember, Member: "ada@acme.com"},
		{Org: "gamma", Type: discovery.MembershipActiveMember, Member: "ada@acme.com"},
	}
	if diff := cmp.Diff(want, summarize(l.DiscoveredOrganizations)); diff != "" || !l.DiscoveredOrganizations[0].MemberAuthenticated || l.DiscoveredOrganizations[1].MemberAuthenticated {
		t.Fatalf("session list (-want +got):\n%s\n%+v", diff, l.DiscoveredOrganizations)
	}
}

func TestExchangeErrorsAndMFA(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	closed := newOrg(t, c, "closed")
	other := newOrg(t, c, "other", jit("other.com"))
	mfa := newOrg(t, c, "mfa", jit("acme.com"))
	restricted := newOrg(t, c, "restricted", jit("acme.com"))
	// Joining by email domain needs an active member with a verified email
	// on the domain (the anti-phishing rule): grace logs in to both first.
	activeVerifiedMember(t, ts, mfa.OrganizationID, "grace@acme.com")
	activeVerifiedMember(t, ts, restricted.OrganizationID, "grace@acme.com")
	if _, err := c.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: mfa.OrganizationID, MFAPolicy: organizations.MFAPolicyRequiredForAll}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: restricted.OrganizationID, AuthMethods: organizations.Restricted, AllowedAuthMethods: []string{"sso"}}); err != nil {
		t.Fatal(err)
	}
	d := discover(t, ts, "ada@acme.com")
	ex := func(orgID string) (*discovery.IntermediateSessionsExchangeResponse, error) {
		return c.Discovery.IntermediateSessions.Exchange(ctx, &discovery.IntermediateSessionsExchangeParams{IntermediateSessionToken: d.IntermediateSessionToken, OrganizationID: orgID})
	}
	_, err := ex(closed.OrganizationID)
	wantAPIError(t, err, 400, stytchapi.ErrorTypeEmailJITProvisioningNotAllowed)
	_, err = ex(other.OrganizationID)
	wantAPIError(t, err, 400, stytchapi.ErrorTypeInvalidEmailForJITProvisioning)
	r, err := ex(restricted.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	if r.MemberAuthenticated || r.PrimaryRequired == nil || !cmp.Equal(r.PrimaryRequired.AllowedAuthMethods, []string{"sso"}) || r.IntermediateSessionToken != d.IntermediateSessionToken {
		t.Fatalf("restricted exchange: %+v", r)
	}
	r, err = ex(mfa.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	if r.MemberAuthenticated || r.MFARequired == nil || r.IntermediateSessionToken != d.IntermediateSessionToken || r.SessionToken != "" {
		t.Fatalf("mfa exchange: %+v", r)
	}
	if m := getMember(t, c, mfa.OrganizationID, r.MemberID); m.Status != organizations.StatusPending {
		t.Fatalf("JIT member waiting for MFA is %s", m.Status)
	}
	_, err = c.Discovery.IntermediateSessions.Exchange(ctx, &discovery.IntermediateSessionsExchangeParams{IntermediateSessionToken: "bm9wZQ==", OrganizationID: mfa.OrganizationID})
	wantAPIError(t, err, 404, stytchapi.ErrorTypeIntermediateSessionNotFound)
	_, err = c.Discovery.Organizations.List(ctx, &discovery.OrganizationsListParams{})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeNoSessionArguments)
	_, err = c.Discovery.Organizations.List(ctx, &discovery.OrganizationsListParams{IntermediateSessionToken: d.IntermediateSessionToken, SessionToken: "x"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeTooManySessionArguments)
}

func TestDiscoveryTokens(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	if _, err := c.MagicLinks.Email.Discovery.Send(ctx, &magiclinks.EmailDiscoverySendParams{EmailAddress: "ada@acme.com", PKCECodeChallenge: "abc", DiscoveryExpirationMinutes: 5}); err != nil {
		t.Fatal(err)
	}
	tok := lastEmail(t, ts, "ada@acme.com", "discovery", "discovery").Token
	_, err := c.MagicLinks.Discovery.Authenticate(ctx, &magiclinks.DiscoveryAuthenticateParams{DiscoveryMagicLinksToken: tok})
	wantAPIError(t, err, 400, stytchapi.ErrorTypePKCEExpectedCodeVerifier)
	_, err = c.MagicLinks.Discovery.Authenticate(ctx, &magiclinks.DiscoveryAuthenticateParams{DiscoveryMagicLinksToken: tok, PKCECodeVerifier: "nope"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypePKCEMismatch)
	ts.Clock().Advance(5*60e9 + 1)
	_, err = c.MagicLinks.Discovery.Authenticate(ctx, &magiclinks.DiscoveryAuthenticateParams{DiscoveryMagicLinksToken: tok})
	wantAPIError(t, err, 401, stytchapi.ErrorTypeUnableToAuthMagicLink)
	// A discovery link is single use.
	discover(t, ts, "ada@acme.com")
	used := lastEmail(t, ts, "ada@acme.com", "discovery", "discovery").Token
	_, err = c.MagicLinks.Discovery.Authenticate(ctx, &magiclinks.DiscoveryAuthenticateParams{DiscoveryMagicLinksToken: used})
	wantAPIError(t, err, 401, stytchapi.ErrorTypeUnableToAuthMagicLink)
	// A discovery token is not an organization magic link, nor the reverse.
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: tok})
	wantAPIError(t, err, 404, stytchapi.ErrorTypeMagicLinkNotFound)
	_, err = c.MagicLinks.Email.Discovery.Send(ctx, &magiclinks.EmailDiscoverySendParams{EmailAddress: "ada@acme.com", DiscoveryExpirationMinutes: 10081})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeInvalidExpiration)
	_, err = c.MagicLinks.Email.Discovery.Send(ctx, &magiclinks.EmailDiscoverySendParams{EmailAddress: "bad"})
	wantAPIError(t, err, 400, stytchapi.ErrorTypeInvalidEmail)
	// The sandbox success token works for discovery too.
	r, err := c.MagicLinks.Discovery.Authenticate(ctx, &magiclinks.DiscoveryAuthenticateParams{DiscoveryMagicLinksToken: "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94="})
	if err != nil || r.EmailAddress != "sandbox@stytch.com" || len(r.DiscoveredOrganizations) != 1 {
		t.Fatalf("sandbox discovery: %+v, %v", r, err)
	}
}

// rawSend posts a discovery send and returns the status and raw body.
func rawSend(t *testing.T, ts *mockserver.TestServer, addr string) (int, []byte) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email_address": addr})
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/b2b/magic_links/email/discovery/send", bytes.NewReader(body))
	req.SetBasicAuth(ts.ProjectID, ts.Secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.HTTP.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	return resp.StatusCode, buf.Bytes()
}

func TestDiscoverySendIsEnumerationSafe(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts.Client, "acme")
	if _, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "known@acme.com"}); err != nil {
		t.Fatal(err)
	}
	reqID := regexp.MustCompile(`"request_id":"[^"]*"`)
	ks, known := rawSend(t, ts, "known@acme.com")
	us, unknown := rawSend(t, ts, "unknown@acme.com")
	if ks != 200 || us != 200 {
		t.Fatalf("statuses %d and %d", ks, us)
	}
	k, u := reqID.ReplaceAll(known, []byte(`"request_id":""`)), reqID.ReplaceAll(unknown, []byte(`"request_id":""`))
	if !bytes.Equal(k, u) {
		t.Fatalf("responses differ:\n%s\n%s", known, unknown)
	}
	if bytes.Equal(known, unknown) {
		t.Fatal("request IDs should differ; the comparison above proves nothing otherwise")
	}
	// Both addresses got an email.
	lastEmail(t, ts, "known@acme.com", "discovery", "discovery")
	lastEmail(t, ts, "unknown@acme.com", "discovery", "discovery")
	// An invalid address is still a 400.
	if s, _ := rawSend(t, ts, "not-an-email"); s != 400 {
		t.Fatalf("invalid email: %d", s)
	}
}

// activeVerifiedMember logs addr in to org by magic link, which leaves an
// active member with a verified email, and returns its ID.
func activeVerifiedMember(t *testing.T, ts *mockserver.TestServer, orgID, addr string) string {
	t.Helper()
	if _, err := ts.Client.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: orgID, EmailAddress: addr}); err != nil {
		t.Fatal(err)
	}
	link, _ := ts.Outbox().Last(addr)
	r, err := ts.Client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: link.Token})
	if err != nil {
		t.Fatal(err)
	}
	if r.Member.Status != organizations.StatusActive || !r.Member.EmailAddressVerified {
		t.Fatalf("member after login: %+v", r.Member)
	}
	return r.MemberID
}

// Exchanging into an organization by email-domain eligibility needs an
// active member there with a verified email on the same domain; otherwise
// it is refused with the JIT error, so that anyone can't join an
// organization just by claiming its domain.
func TestExchangeByDomainNeedsAnActiveVerifiedMember(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org := newOrg(t, c, "acme", jit("acme.com"))
	ex := func(addr string) error {
		d := discover(t, ts, addr)
		_, err := c.Discovery.IntermediateSessions.Exchange(ctx, &discovery.IntermediateSessionsExchangeParams{IntermediateSessionToken: d.IntermediateSessionToken, OrganizationID: org.OrganizationID})
		return err
	}
	wantAPIError(t, ex("ada@acme.com"), 400, stytchapi.ErrorTypeEmailJITProvisioningNotAllowed)
	// A member on the domain who never verified the address does not count.
	if _, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com"}); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, ex("ada@acme.com"), 400, stytchapi.ErrorTypeEmailJITProvisioningNotAllowed)
	activeVerifiedMember(t, ts, org.OrganizationID, "grace@acme.com")
	if err := ex("ada@acme.com"); err != nil {
		t.Fatalf("exchange with an active verified member on the domain: %v", err)
	}
}
