package flows

import (
	"slices"
	"sort"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Membership types of a discovered organization.
const (
	membershipActive        = "active_member"
	membershipPending       = "pending_member"
	membershipInvited       = "invited_member"
	membershipEligibleEmail = "eligible_to_join_by_email_domain"
	membershipEligibleOAuth = "eligible_to_join_by_oauth_tenant"
)

// DiscoveredOrgView is one entry of discovered_organizations. Unset
// fields are null, as Stytch sends them.
type DiscoveredOrgView struct {
	MemberAuthenticated bool                        `json:"member_authenticated"`
	Organization        *organizations.Organization `json:"organization"`
	Membership          *membershipView             `json:"membership"`
	PrimaryRequired     *sessions.PrimaryRequired   `json:"primary_required"`
	MFARequired         *MFARequiredView            `json:"mfa_required"`
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
// already has an active member with a verified email on that domain.
// Callers hold p.mu.
func eligibleByDomain(p *state.Project, org *state.OrgRecord, emailLower string) bool {
	d := state.EmailDomain(emailLower)
	if org.Org.EmailJITProvisioning != organizations.Restricted || !slices.Contains(org.Org.EmailAllowedDomains, d) {
		return false
	}
	for _, r := range p.MembersOf(org.Org.OrganizationID) {
		if r.Member.Status == organizations.StatusActive && r.Member.EmailAddressVerified && state.EmailDomain(r.EmailLower) == d {
			return true
		}
	}
	return false
}

// DiscoveredOrgs lists the organizations email may enter, in creation
// order. methods are the primary methods the caller already proved (to
// decide primary_required); withEligible adds the organizations the address
// may join by email domain (intermediate sessions only); authedOrg is the
// organization of a session the caller holds, which needs nothing more.
// Callers hold p.mu.
func DiscoveredOrgs(p *state.Project, email string, methods []string, withEligible bool, authedOrg string) []DiscoveredOrgView {
	return discoveredOrgs(p, email, methods, withEligible, authedOrg, nil)
}

// ISTDiscoveredOrgs lists the organizations an intermediate session may
// enter: DiscoveredOrgs with the organizations its address may join by
// email domain, and those that admit one of its OAuth tenants
// (eligible_to_join_by_oauth_tenant). Callers hold p.mu.
func ISTDiscoveredOrgs(p *state.Project, ist *state.ISTRecord) []DiscoveredOrgView {
	return discoveredOrgs(p, ist.Email, ISTMethods(ist), true, "", istOAuthTenants(ist))
}

func discoveredOrgs(p *state.Project, email string, methods []string, withEligible bool, authedOrg string, tenants []*state.ISTOAuth) []DiscoveredOrgView {
	key := state.EmailKey(email)
	orgs := make([]*state.OrgRecord, 0, len(p.Orgs))
	for _, o := range p.Orgs {
		orgs = append(orgs, o)
	}
	sort.Slice(orgs, func(i, j int) bool { return orgs[i].Seq < orgs[j].Seq })
	out := []DiscoveredOrgView{}
	for _, org := range orgs {
		var r *state.MemberRecord
		if set := p.OrgMembers[org.Org.OrganizationID]; set != nil {
			r = set.ByEmail[key]
		}
		v := DiscoveredOrgView{}
		switch {
		case r != nil:
			mv := p.MemberView(r)
			typ := membershipActive
			switch r.Member.Status {
			case organizations.StatusPending:
				typ = membershipPending
			case organizations.StatusInvited:
				typ = membershipInvited
			}
			v.Membership = &membershipView{Type: typ, Member: &mv}
		case withEligible && eligibleByDomain(p, org, key):
			v.Membership = &membershipView{Type: membershipEligibleEmail, Details: map[string]any{"domain": state.EmailDomain(key)}}
		case withEligible && tenantEligible(org, tenants) != nil:
			t := tenantEligible(org, tenants)
			v.Membership = &membershipView{Type: membershipEligibleOAuth, Details: map[string]any{"provider": t.Provider, "tenant_id": t.TenantID}}
		default:
			continue
		}
		ov := p.OrgView(org)
		v.Organization = &ov
		switch {
		case org.Org.OrganizationID == authedOrg:
			v.MemberAuthenticated = true
		case org.Org.AuthMethods == organizations.Restricted && (r == nil || !r.Member.IsBreakglass) &&
			!slices.ContainsFunc(methods, func(m string) bool { return slices.Contains(org.Org.AllowedAuthMethods, m) }):
			v.PrimaryRequired = &sessions.PrimaryRequired{AllowedAuthMethods: slices.Clone(org.Org.AllowedAuthMethods)}
		case org.Org.MFAPolicy == organizations.MFAPolicyRequiredForAll || (r != nil && r.Member.MFAEnrolled):
			// Discovery never starts an SMS (§1 step 5).
			mr := &MFARequiredView{}
			if r != nil {
				mr.MemberOptions = mfaOptions(&r.Member)
			}
			v.MFARequired = mr
		}
		out = append(out, v)
	}
	return out
}

// ISTMethods are the primary methods an intermediate session proved.
func ISTMethods(s *state.ISTRecord) []string {
	var out []string
	for _, f := range s.Factors {
		if !state.MFAMethod(f.Method) {
			out = append(out, f.Method)
		}
	}
	return out
}

// DiscoveryEmailFactor is the factor a discovery login proves, before it
// belongs to any member (email_id is filled in per organization).
func DiscoveryEmailFactor(method, email string) state.ISTFactor {
	return state.ISTFactor{Method: method, Factor: sessions.AuthenticationFactor{
		Type: method, DeliveryMethod: "email", EmailFactor: &sessions.EmailFactor{EmailAddress: email},
	}}
}

// istPrimary returns the primary factor an intermediate session carries
// into an organization: its email-proving factor if it has one, else its
// last primary factor. ok is false when it has none.
func istPrimary(s *state.ISTRecord) (state.ISTFactor, bool) {
	var last *state.ISTFactor
	for i := range s.Factors {
		f := &s.Factors[i]
		if state.EmailProving(f.Method) || istOAuthProvesEmail(f) {
			return *f, true
		}
		if !state.MFAMethod(f.Method) {
			last = f
		}
	}
	if last == nil {
		return state.ISTFactor{}, false
	}
	return *last, true
}

// ISTLogin builds the primaryLogin of an intermediate session into org.
func ISTLogin(p *state.Project, now time.Time, org *state.OrgRecord, ist *state.ISTRecord, token string, args state.SessionArgs) (*PrimaryLogin, *apierr.Error) {
	f, ok := istPrimary(ist)
	if !ok || ist.Email == "" {
		return nil, apierr.BadRequest("invalid_intermediate_session_token_for_organization", "The intermediate session holds no primary factor that can enter organization %q.", org.Org.OrganizationID)
	}
	l := &PrimaryLogin{
		Org: org, Email: ist.Email, allowJIT: true, Exchange: true,
		Method: f.Method, ProvesEmail: state.EmailProving(f.Method),
		Factor: func(r *state.MemberRecord) sessions.AuthenticationFactor {
			if state.EmailProving(f.Method) {
				return state.EmailFactor(r, f.Method)
			}
			return f.Factor
		},
		IST: ist, ISTToken: token, Args: args, Now: now,
	}
	if f.OAuth != nil {
		istOAuthLogin(p, l, f)
	}
	return l, nil
}

// ExchangeLocales are the locales IST exchange accepts.
var ExchangeLocales = []string{"en", "es", "pt-br", "fr", "it", "de-DE", "zh-Hans", "ca-ES", "ja", "ru", "nl", "pl", "tr", "fa", "vi", "cs"}
