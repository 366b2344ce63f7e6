package engine

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// Membership types of a discovered organization.
const (
	membershipActive        = "active_member"
	membershipPending       = "pending_member"
	membershipInvited       = "invited_member"
	membershipEligibleEmail = "eligible_to_join_by_email_domain"
)

// discoveredOrgView is one entry of discovered_organizations. Unset
// fields are null, as Stytch sends them.
type discoveredOrgView struct {
	MemberAuthenticated bool                        `json:"member_authenticated"`
	Organization        *organizations.Organization `json:"organization"`
	Membership          *membershipView             `json:"membership"`
	PrimaryRequired     *sessions.PrimaryRequired   `json:"primary_required"`
	MFARequired         *mfaRequiredView            `json:"mfa_required"`
}

// membershipView is how an email address relates to a discovered
// organization.
type membershipView struct {
	Type    string                `json:"type"`
	Details map[string]any        `json:"details"`
	Member  *organizations.Member `json:"member"`
}

// eligibleByDomain applies §4's anti-phishing rule: the organization lets
// the address join by email domain (RESTRICTED with the domain allowed) and
// already has a member with a verified email on that domain. Callers hold
// p.mu.
func (p *project) eligibleByDomain(org *orgRecord, emailLower string) bool {
	d := emailDomain(emailLower)
	if org.o.EmailJITProvisioning != organizations.Restricted || !slices.Contains(org.o.EmailAllowedDomains, d) {
		return false
	}
	for _, r := range p.membersOf(org.o.OrganizationID) {
		if r.m.Status != organizations.StatusDeleted && r.m.EmailAddressVerified && emailDomain(r.emailLower) == d {
			return true
		}
	}
	return false
}

// discoveredOrgs lists the organizations email may enter, in creation
// order. methods are the primary methods the caller already proved (to
// decide primary_required); withEligible adds the organizations the address
// may join by email domain (intermediate sessions only); authedOrg is the
// organization of a session the caller holds, which needs nothing more.
// Callers hold p.mu.
func (p *project) discoveredOrgs(email string, methods []string, withEligible bool, authedOrg string) []discoveredOrgView {
	key := emailKey(email)
	orgs := make([]*orgRecord, 0, len(p.orgs))
	for _, o := range p.orgs {
		orgs = append(orgs, o)
	}
	sort.Slice(orgs, func(i, j int) bool { return orgs[i].seq < orgs[j].seq })
	out := []discoveredOrgView{}
	for _, org := range orgs {
		var r *memberRecord
		if set := p.orgMembers[org.o.OrganizationID]; set != nil {
			r = set.byEmail[key]
		}
		v := discoveredOrgView{}
		switch {
		case r != nil:
			mv := p.memberView(r)
			typ := membershipActive
			switch r.m.Status {
			case organizations.StatusPending:
				typ = membershipPending
			case organizations.StatusInvited:
				typ = membershipInvited
			}
			v.Membership = &membershipView{Type: typ, Member: &mv}
		case withEligible && p.eligibleByDomain(org, key):
			v.Membership = &membershipView{Type: membershipEligibleEmail, Details: map[string]any{"domain": emailDomain(key)}}
		default:
			continue
		}
		ov := p.orgView(org)
		v.Organization = &ov
		switch {
		case org.o.OrganizationID == authedOrg:
			v.MemberAuthenticated = true
		case org.o.AuthMethods == organizations.Restricted && (r == nil || !r.m.IsBreakglass) &&
			!slices.ContainsFunc(methods, func(m string) bool { return slices.Contains(org.o.AllowedAuthMethods, m) }):
			v.PrimaryRequired = &sessions.PrimaryRequired{AllowedAuthMethods: slices.Clone(org.o.AllowedAuthMethods)}
		case org.o.MFAPolicy == organizations.MFAPolicyRequiredForAll || (r != nil && r.m.MFAEnrolled):
			// Discovery never starts an SMS (§1 step 5).
			mr := &mfaRequiredView{}
			if r != nil {
				mr.MemberOptions = mfaOptions(&r.m)
			}
			v.MFARequired = mr
		}
		out = append(out, v)
	}
	return out
}

// istMethods are the primary methods an intermediate session proved.
func istMethods(s *istRecord) []string {
	var out []string
	for _, f := range s.factors {
		if !mfaMethod(f.method) {
			out = append(out, f.method)
		}
	}
	return out
}

func handleMagicLinkDiscoverySend(rc *reqCtx) (any, error) {
	var b struct {
		EmailAddress               string  `json:"email_address"`
		DiscoveryRedirectURL       string  `json:"discovery_redirect_url"`
		PKCECodeChallenge          string  `json:"pkce_code_challenge"`
		LoginTemplateID            string  `json:"login_template_id"`
		Locale                     *string `json:"locale"`
		DiscoveryExpirationMinutes *int64  `json:"discovery_expiration_minutes"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.EmailAddress)
	if err := requireEmail(email); err != nil {
		return nil, err
	}
	if err := checkLocale(b.Locale, magicLinkLocales); err != nil {
		return nil, err
	}
	ttl, aerr := linkTTL("discovery_expiration_minutes", b.DiscoveryExpirationMinutes, defaultLinkMinutes)
	if aerr != nil {
		return nil, aerr
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneAuth(rc.now)
	// The same work and the same answer for every address, known or not:
	// membership is only looked at when the link is authenticated.
	if p.env == "test" && emailKey(email) == sandboxEmail {
		if _, err := p.resolveRedirectURL("discovery", b.DiscoveryRedirectURL, "no_match_for_provided_magic_link_url"); err != nil {
			return nil, err
		}
		return &adminResponse{RequestID: rc.requestID, StatusCode: http.StatusOK}, nil
	}
	l := magicLinkRecord{kind: linkDiscovery, email: email, pkceChallenge: b.PKCECodeChallenge}
	if err := p.sendLink(rc.now, l, "discovery", b.DiscoveryRedirectURL, tokenTypeDiscovery, ttl, ""); err != nil {
		return nil, err
	}
	return &adminResponse{RequestID: rc.requestID, StatusCode: http.StatusOK}, nil
}

// discoveryAuthResponse answers discovery authenticate.
type discoveryAuthResponse struct {
	RequestID                         string              `json:"request_id"`
	IntermediateSessionToken          string              `json:"intermediate_session_token"`
	EmailAddress                      string              `json:"email_address"`
	DiscoveredOrganizations           []discoveredOrgView `json:"discovered_organizations"`
	IntermediateSessionTokenExpiresAt *time.Time          `json:"intermediate_session_token_expires_at"`
	StatusCode                        int                 `json:"status_code"`
}

// discoveryEmailFactor is the factor a discovery login proves, before it
// belongs to any member (email_id is filled in per organization).
func discoveryEmailFactor(method, email string) istFactor {
	return istFactor{method: method, factor: sessions.AuthenticationFactor{
		Type: method, DeliveryMethod: "email", EmailFactor: &sessions.EmailFactor{EmailAddress: email},
	}}
}

func handleMagicLinkDiscoveryAuthenticate(rc *reqCtx) (any, error) {
	var b struct {
		DiscoveryMagicLinksToken string `json:"discovery_magic_links_token"`
		PKCECodeVerifier         string `json:"pkce_code_verifier"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.DiscoveryMagicLinksToken == "" {
		return nil, badRequest("bad_request", "discovery_magic_links_token is required.")
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	var email string
	if is, err := p.sandboxToken(b.DiscoveryMagicLinksToken); err != nil {
		return nil, err
	} else if is {
		p.sandbox(rc.now)
		email = sandboxEmail
	} else {
		l, err := p.findLink(b.DiscoveryMagicLinksToken, b.PKCECodeVerifier, rc.now, linkDiscovery)
		if err != nil {
			return nil, err
		}
		l.used = true
		email = l.email
	}
	ist, tok := p.newIST(rc.now, email, "", "", []istFactor{discoveryEmailFactor("magic_link", email)})
	exp := ist.expiresAt
	return &discoveryAuthResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK,
		IntermediateSessionToken: tok, IntermediateSessionTokenExpiresAt: &exp, EmailAddress: email,
		DiscoveredOrganizations: p.discoveredOrgs(email, istMethods(ist), true, ""),
	}, nil
}

// discoveryListResponse answers discovery/organizations.
type discoveryListResponse struct {
	RequestID               string              `json:"request_id"`
	EmailAddress            string              `json:"email_address"`
	DiscoveredOrganizations []discoveredOrgView `json:"discovered_organizations"`
	OrganizationIDHint      *string             `json:"organization_id_hint"`
	StatusCode              int                 `json:"status_code"`
}

func handleDiscoveryOrgsList(rc *reqCtx) (any, error) {
	var b struct {
		IntermediateSessionToken string `json:"intermediate_session_token"`
		SessionToken             string `json:"session_token"`
		SessionJWT               string `json:"session_jwt"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if err := exactlyOne("intermediate_session_token, session_token and session_jwt", b.IntermediateSessionToken, b.SessionToken, b.SessionJWT); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	res := &discoveryListResponse{RequestID: rc.requestID, StatusCode: http.StatusOK}
	if b.IntermediateSessionToken != "" {
		ist, err := p.findIST(b.IntermediateSessionToken, rc.now)
		if err != nil {
			return nil, err
		}
		if ist.orgID != "" {
			hint := ist.orgID
			res.OrganizationIDHint = &hint
		}
		res.EmailAddress = ist.email
		res.DiscoveredOrganizations = p.discoveredOrgs(ist.email, istMethods(ist), true, "")
		return res, nil
	}
	s, err := p.findSession(b.SessionToken, b.SessionJWT, rc.now)
	if err != nil {
		return nil, err
	}
	var methods []string
	for _, f := range s.factors {
		if t, ok := transferable(f); ok {
			methods = append(methods, t.method)
		}
	}
	res.EmailAddress = p.members[s.memberID].m.EmailAddress
	res.DiscoveredOrganizations = p.discoveredOrgs(res.EmailAddress, methods, false, s.orgID)
	return res, nil
}

// istPrimary returns the primary factor an intermediate session carries
// into an organization: its email-proving factor if it has one, else its
// last primary factor. ok is false when it has none.
func istPrimary(s *istRecord) (istFactor, bool) {
	var last *istFactor
	for i := range s.factors {
		f := &s.factors[i]
		if emailProving(f.method) {
			return *f, true
		}
		if !mfaMethod(f.method) {
			last = f
		}
	}
	if last == nil {
		return istFactor{}, false
	}
	return *last, true
}

// istLogin builds the primaryLogin of an intermediate session into org.
func istLogin(now time.Time, org *orgRecord, ist *istRecord, token string, args sessionArgs) (*primaryLogin, *apiError) {
	f, ok := istPrimary(ist)
	if !ok || ist.email == "" {
		return nil, badRequest("invalid_intermediate_session_token_for_organization", "The intermediate session holds no primary factor that can enter organization %q.", org.o.OrganizationID)
	}
	return &primaryLogin{
		org: org, email: ist.email, allowJIT: true, exchange: true,
		method: f.method, provesEmail: emailProving(f.method),
		factor: func(r *memberRecord) sessions.AuthenticationFactor {
			if emailProving(f.method) {
				return emailFactor(r, f.method)
			}
			return f.factor
		},
		ist: ist, istToken: token, args: args, now: now,
	}, nil
}

// exchangeLocales are the locales IST exchange accepts.
var exchangeLocales = []string{"en", "es", "pt-br", "fr", "it", "de-DE", "zh-Hans", "ca-ES", "ja", "ru", "nl", "pl", "tr", "fa", "vi", "cs"}

func handleDiscoveryISTExchange(rc *reqCtx) (any, error) {
	var b struct {
		IntermediateSessionToken string  `json:"intermediate_session_token"`
		OrganizationID           string  `json:"organization_id"`
		Locale                   *string `json:"locale"`
		TelemetryID              string  `json:"telemetry_id"`
		sessionArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.IntermediateSessionToken == "" {
		return nil, badRequest("bad_request", "intermediate_session_token is required.")
	}
	if b.OrganizationID == "" {
		return nil, badRequest("invalid_organization_id", "organization_id is required.")
	}
	if err := checkLocale(b.Locale, exchangeLocales); err != nil {
		return nil, err
	}
	if err := checkSessionArgs("", "", b.sessionArgs); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	ist, aerr := p.findIST(b.IntermediateSessionToken, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	org, aerr := p.findOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	l, aerr := istLogin(rc.now, org, ist, b.IntermediateSessionToken, b.sessionArgs)
	if aerr != nil {
		return nil, aerr
	}
	res, aerr := p.runPrimary(l)
	if aerr != nil {
		return nil, aerr
	}
	return res, nil
}
