package flows

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// OAuth login through the built-in providers (auth-flows §10).

// OAuthProvider describes one built-in provider.
type OAuthProvider struct {
	// Name is the provider's path name ("google").
	Name string
	// Type is provider_type as the API spells it ("Google").
	Type string
	// Method is the auth method name of allowed_auth_methods
	// ("google_oauth").
	Method string
	// TenantKey is the provider's key in allowed_oauth_tenants ("" when
	// the organization cannot list its tenants).
	TenantKey string
	// PerTenant says whether a member keeps one grant per tenant (Slack,
	// HubSpot, GitHub) rather than one in all.
	PerTenant bool
	// Scopes are the scopes the mock's provider grants by default.
	Scopes []string
}

// OAuthProviders are the built-in providers, by path name.
var OAuthProviders = map[string]OAuthProvider{
	"google":    {Name: "google", Type: "Google", Method: "google_oauth", Scopes: []string{"openid", "email", "profile"}},
	"microsoft": {Name: "microsoft", Type: "Microsoft", Method: "microsoft_oauth", Scopes: []string{"openid", "email", "profile", "offline_access"}},
	"github":    {Name: "github", Type: "GitHub", Method: "github_oauth", TenantKey: "github", PerTenant: true, Scopes: []string{"read:user", "user:email"}},
	"hubspot":   {Name: "hubspot", Type: "HubSpot", Method: "hubspot_oauth", TenantKey: "hubspot", PerTenant: true, Scopes: []string{"oauth"}},
	"slack":     {Name: "slack", Type: "Slack", Method: "slack_oauth", TenantKey: "slack", PerTenant: true, Scopes: []string{"openid", "email", "profile"}},
}

// OAuthProviderNames lists the providers' path names, sorted.
func OAuthProviderNames() []string {
	out := make([]string, 0, len(OAuthProviders))
	for n := range OAuthProviders {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// ProvesEmail reports whether a sign-in of the provider proves the email
// address: Microsoft always, Google when it names a hosted domain.
func (pr OAuthProvider) ProvesEmail(tenantID string) bool {
	return pr.Name == "microsoft" || (pr.Name == "google" && tenantID != "")
}

// OAuthSignIn is what a provider's sign-in page (or the headless fixture)
// reports: who signed in, and where the login goes.
type OAuthSignIn struct {
	Provider      string
	Email         string
	Name          string
	TenantID      string
	OrgID         string // "" with Discovery
	Discovery     bool
	PKCEChallenge string
	Scopes        []string // extra scopes the start asked for
}

// maxSignInField bounds the free-text fields of a sign-in.
const maxSignInField = 256

// CheckSignIn validates a sign-in and returns its provider and the
// normalized email address.
func CheckSignIn(s *OAuthSignIn) (OAuthProvider, string, *apierr.Error) {
	pr, ok := OAuthProviders[s.Provider]
	if !ok {
		return pr, "", apierr.BadRequest("invalid_oauth_provider", "provider must be one of %s, not %q.", strings.Join(OAuthProviderNames(), ", "), apierr.Excerpt(s.Provider, 40))
	}
	addr, err := mail.ParseAddress(s.Email)
	if err != nil || addr.Address != s.Email || len(s.Email) > maxSignInField || !strings.Contains(s.Email, "@") {
		return pr, "", apierr.BadRequest("invalid_email", "email must be a plain email address.")
	}
	if len(s.Name) > maxSignInField || len(s.TenantID) > maxSignInField {
		return pr, "", apierr.BadRequest("invalid_request_value", "name and tenant_id must be at most %d characters.", maxSignInField)
	}
	if s.Discovery == (s.OrgID != "") {
		return pr, "", apierr.BadRequest("invalid_request_value", "Give exactly one of organization_id and discovery: true.")
	}
	if len(s.Scopes) > 0 {
		if err := CheckScopes(s.Scopes); err != nil {
			return pr, "", err
		}
	}
	return pr, s.Email, nil
}

// ProviderSubject is the provider's stable ID for an account: the same
// provider, tenant and address always give the same subject.
func ProviderSubject(provider, tenantID, emailLower string) string {
	sum := sha256.Sum256([]byte(provider + "\x00" + tenantID + "\x00" + emailLower))
	return fmt.Sprintf("%s-%s", provider, hex.EncodeToString(sum[:10]))
}

// CompleteSignIn records a provider sign-in and returns its single-use
// OAuth token. Callers hold p.mu for writing and have run CheckSignIn.
func CompleteSignIn(p *state.Project, now time.Time, s *OAuthSignIn) string {
	pr := OAuthProviders[s.Provider]
	tok := ids.NewToken()
	scopes := slices.Clone(pr.Scopes)
	for _, sc := range s.Scopes {
		if !slices.Contains(scopes, sc) {
			scopes = append(scopes, sc)
		}
	}
	t := state.OAuthProviderTokens{
		AccessToken: "mock-" + pr.Name + "-access-" + ids.NewToken(),
		Scopes:      scopes,
		ExpiresAt:   now.Add(time.Hour),
	}
	if pr.Name != "github" && pr.Name != "slack" {
		t.RefreshToken = "mock-" + pr.Name + "-refresh-" + ids.NewToken()
	}
	if pr.Name == "google" || pr.Name == "microsoft" {
		t.IDToken = "mock-" + pr.Name + "-id-token-" + ids.NewToken()
	}
	p.AddOAuthLogin(&state.OAuthLoginRecord{
		TokenHash: ids.HashToken(tok), Provider: pr.Name, Discovery: s.Discovery, OrgID: s.OrgID,
		Email: s.Email, Name: s.Name, TenantID: s.TenantID,
		Subject:       ProviderSubject(pr.Name, s.TenantID, state.EmailKey(s.Email)),
		PKCEChallenge: s.PKCEChallenge, Tokens: t,
		CreatedAt: now, ExpiresAt: now.Add(state.OAuthTokenTTL),
	})
	return tok
}

// FindOAuthLogin resolves an OAuth token for authenticate: unknown, used or
// of the other flow is 404 oauth_token_not_found, expired is 401
// expired_oauth_response, and a PKCE problem is a 400. Callers hold p.mu.
func FindOAuthLogin(p *state.Project, token, verifier string, discovery bool, now time.Time) (*state.OAuthLoginRecord, *apierr.Error) {
	l := p.OAuthLogin(ids.HashToken(token))
	switch {
	case l == nil || l.Used:
		return nil, apierr.NotFound("oauth_token_not_found", "The OAuth token was not found: it does not exist or was already used.")
	case l.Discovery && !discovery:
		return nil, apierr.BadRequest("oauth_discovery_flow_callback_error", "This OAuth token comes from a discovery login; authenticate it with oauth/discovery/authenticate.")
	case !l.Discovery && discovery:
		return nil, apierr.BadRequest("oauth_non_discovery_flow_callback_error", "This OAuth token comes from an organization login; authenticate it with oauth/authenticate.")
	case !now.Before(l.ExpiresAt):
		return nil, apierr.Unauthorized("expired_oauth_response", "The OAuth token has expired; OAuth tokens must be authenticated within 10 minutes.")
	}
	if err := checkPKCE(l.PKCEChallenge, verifier); err != nil {
		err.Message = strings.ReplaceAll(err.Message, "magic link was sent", "OAuth login was started")
		return nil, err
	}
	return l, nil
}

// oauthTenantAllowed reports whether org admits tenant of pr by OAuth
// tenant JIT provisioning.
func oauthTenantAllowed(org *state.OrgRecord, pr OAuthProvider, tenant string) bool {
	if tenant == "" || pr.TenantKey == "" || org.Org.OAuthTenantJITProvisioning != organizations.Restricted {
		return false
	}
	list, _ := org.Org.AllowedOAuthTenants[pr.TenantKey].([]any)
	return slices.ContainsFunc(list, func(v any) bool { s, _ := v.(string); return s == tenant })
}

// oauthJIT is the JIT rule of an OAuth login: email-domain JIT, or the
// provider's tenant listed under allowed_oauth_tenants.
func oauthJIT(pr OAuthProvider, tenant string) func(*state.OrgRecord, string) *apierr.Error {
	return func(org *state.OrgRecord, emailLower string) *apierr.Error {
		emailErr := JitDecision(org, emailLower)
		if emailErr == nil || oauthTenantAllowed(org, pr, tenant) {
			return nil
		}
		if org.Org.OAuthTenantJITProvisioning == organizations.Restricted && pr.TenantKey != "" {
			return apierr.Forbidden("oauth_tenant_jit_provisioning_not_allowed", "The %s tenant %q is not one of organization %q's allowed OAuth tenants, and %q cannot join by email domain.", pr.Type, apierr.Excerpt(tenant, 64), org.Org.OrganizationID, emailLower)
		}
		return emailErr
	}
}

// OAuthFactor is the session factor of a login through pr.
func OAuthFactor(pr OAuthProvider, registrationID, subject, emailID string) sessions.AuthenticationFactor {
	f := sessions.AuthenticationFactor{Type: "oauth", DeliveryMethod: "oauth_" + pr.Name}
	switch pr.Name {
	case "google":
		f.GoogleOAuthFactor = &sessions.GoogleOAuthFactor{ID: registrationID, ProviderSubject: subject, EmailID: emailID}
	case "microsoft":
		f.MicrosoftOAuthFactor = &sessions.MicrosoftOAuthFactor{ID: registrationID, ProviderSubject: subject, EmailID: emailID}
	case "github":
		f.GithubOAuthFactor = &sessions.GithubOAuthFactor{ID: registrationID, ProviderSubject: subject, EmailID: emailID}
	case "hubspot":
		f.HubspotOAuthFactor = &sessions.HubspotOAuthFactor{ID: registrationID, ProviderSubject: subject, EmailID: emailID}
	case "slack":
		f.SlackOAuthFactor = &sessions.SlackOAuthFactor{ID: registrationID, ProviderSubject: subject, EmailID: emailID}
	}
	return f
}

// registrationFor returns the member's registration ID for the provider
// account, or fresh when it has none.
func registrationFor(r *state.MemberRecord, pr OAuthProvider, subject, fresh string) string {
	for _, reg := range r.Member.OAuthRegistrations {
		if reg.ProviderType == pr.Type && reg.ProviderSubject == subject {
			return reg.MemberOAuthRegistrationID
		}
	}
	return fresh
}

// ProviderValues is provider_values of an OAuth authenticate answer.
type ProviderValues struct {
	AccessToken  string     `json:"access_token"`
	RefreshToken string     `json:"refresh_token"`
	IDToken      string     `json:"id_token"`
	ExpiresAt    *time.Time `json:"expires_at"`
	Scopes       []string   `json:"scopes"`
}

// OAuthAuthResponse answers oauth/authenticate: the §1 result plus the
// provider's account and tokens.
type OAuthAuthResponse struct {
	*AuthResult
	OrganizationID  string          `json:"organization_id"`
	ProviderSubject string          `json:"provider_subject"`
	ProviderType    string          `json:"provider_type"`
	ProviderValues  *ProviderValues `json:"provider_values"`
	ResetSessions   bool            `json:"reset_sessions"`
}

// OAuthLogin runs the login pipeline for an OAuth sign-in into its
// organization, then records the member's OAuth registration and the
// provider's tokens and spends the token. Nothing changes on an error.
// Callers hold p.mu for writing and have checked a.
func OAuthLogin(p *state.Project, now time.Time, l *state.OAuthLoginRecord, a *LoginArgs, ist *state.ISTRecord) (*OAuthAuthResponse, *apierr.Error) {
	pr := OAuthProviders[l.Provider]
	org := p.Orgs[l.OrgID]
	if org == nil {
		return nil, apierr.NotFound("organization_not_found", "The organization this OAuth login was started for no longer exists.")
	}
	fresh := ids.NewID("oauth-user", p.Env)
	res, err := RunPrimary(p, &PrimaryLogin{
		Org: org, Email: l.Email,
		JIT:    func() *apierr.Error { return oauthJIT(pr, l.TenantID)(org, state.EmailKey(l.Email)) },
		Method: pr.Method, ProvesEmail: pr.ProvesEmail(l.TenantID),
		Factor: func(r *state.MemberRecord) sessions.AuthenticationFactor {
			return OAuthFactor(pr, registrationFor(r, pr, l.Subject, fresh), l.Subject, r.EmailID)
		},
		SessionToken: a.SessionToken, SessionJWT: a.SessionJWT,
		IST: ist, ISTToken: a.IntermediateSessionToken, Args: a.SessionArgs, Now: now,
	})
	if err != nil {
		return nil, err
	}
	l.Used = true
	r := p.Members[res.MemberID]
	regID := registrationFor(r, pr, l.Subject, fresh)
	if regID == fresh {
		next := state.CloneRecord(r)
		next.Member.OAuthRegistrations = append(next.Member.OAuthRegistrations, organizations.OAuthRegistration{
			ProviderType: pr.Type, ProviderSubject: l.Subject, MemberOAuthRegistrationID: regID,
		})
		t := now
		next.Member.UpdatedAt = &t
		p.ReplaceMember(r, next)
		r = next
		res.Member = p.MemberView(r)
	}
	if !pr.PerTenant {
		// One grant per member: a login with another account replaces it.
		for _, g := range p.OAuthGrants(r.Member.MemberID, pr.Name) {
			g.RegistrationID = regID
		}
	}
	p.PutOAuthGrant(&state.OAuthGrant{
		MemberID: r.Member.MemberID, Provider: pr.Name, RegistrationID: regID,
		Subject: l.Subject, TenantID: l.TenantID, Tokens: l.Tokens, UpdatedAt: now,
	})
	exp := l.Tokens.ExpiresAt
	return &OAuthAuthResponse{
		AuthResult: res, OrganizationID: org.Org.OrganizationID,
		ProviderSubject: l.Subject, ProviderType: pr.Type,
		ProviderValues: &ProviderValues{
			AccessToken: l.Tokens.AccessToken, RefreshToken: l.Tokens.RefreshToken, IDToken: l.Tokens.IDToken,
			ExpiresAt: &exp, Scopes: slices.Clone(l.Tokens.Scopes),
		},
	}, nil
}

// OAuthDiscoveryFactor is the factor an OAuth discovery login carries in
// its intermediate session, with the provider account it stands for.
func OAuthDiscoveryFactor(pr OAuthProvider, subject, tenantID string) state.ISTFactor {
	return state.ISTFactor{Method: pr.Method, Factor: OAuthFactor(pr, "", subject, ""),
		OAuth: &state.ISTOAuth{Provider: pr.Name, Subject: subject, TenantID: tenantID}}
}

// istOAuthProvesEmail reports whether an intermediate-session factor is an
// OAuth login whose provider vouches for the email address (Microsoft, or
// Google with a hosted domain).
func istOAuthProvesEmail(f *state.ISTFactor) bool {
	if f.OAuth == nil {
		return false
	}
	pr, ok := OAuthProviders[f.OAuth.Provider]
	return ok && pr.ProvesEmail(f.OAuth.TenantID)
}

// ISTProvesEmail reports whether an intermediate session proved its email
// address: by magic link, email OTP, or an OAuth provider that vouches for
// it.
func ISTProvesEmail(s *state.ISTRecord) bool {
	return slices.ContainsFunc(s.Factors, func(f state.ISTFactor) bool {
		return state.EmailProving(f.Method) || istOAuthProvesEmail(&f)
	})
}

// istOAuthTenants are the provider tenants the OAuth factors of an
// intermediate session stand for.
func istOAuthTenants(s *state.ISTRecord) []*state.ISTOAuth {
	var out []*state.ISTOAuth
	for _, f := range s.Factors {
		if f.OAuth != nil && f.OAuth.TenantID != "" {
			out = append(out, f.OAuth)
		}
	}
	return out
}

// tenantEligible returns the first of tenants that org admits by OAuth
// tenant JIT provisioning, or nil.
func tenantEligible(org *state.OrgRecord, tenants []*state.ISTOAuth) *state.ISTOAuth {
	for _, t := range tenants {
		if pr, ok := OAuthProviders[t.Provider]; ok && oauthTenantAllowed(org, pr, t.TenantID) {
			return t
		}
	}
	return nil
}

// istOAuthLogin fills in the OAuth side of an exchange of an intermediate
// session whose primary factor f is an OAuth login: the provider's email
// trust, JIT by its tenant, and the member's OAuth registration, recorded
// as a direct login records it.
func istOAuthLogin(p *state.Project, l *PrimaryLogin, f state.ISTFactor) {
	o := f.OAuth
	pr := OAuthProviders[o.Provider]
	fresh := ids.NewID("oauth-user", p.Env)
	l.ProvesEmail = l.ProvesEmail || pr.ProvesEmail(o.TenantID)
	l.tenantJIT = oauthTenantAllowed(l.Org, pr, o.TenantID)
	l.JIT = func() *apierr.Error { return oauthJIT(pr, o.TenantID)(l.Org, state.EmailKey(l.Email)) }
	l.Factor = func(r *state.MemberRecord) sessions.AuthenticationFactor {
		return OAuthFactor(pr, registrationFor(r, pr, o.Subject, fresh), o.Subject, r.EmailID)
	}
	l.Prepare = func(r *state.MemberRecord) *state.MemberRecord {
		if registrationFor(r, pr, o.Subject, fresh) != fresh {
			return r
		}
		next := state.CloneRecord(r)
		next.Member.OAuthRegistrations = append(next.Member.OAuthRegistrations, organizations.OAuthRegistration{
			ProviderType: pr.Type, ProviderSubject: o.Subject, MemberOAuthRegistrationID: fresh,
		})
		return next
	}
}

// Token types of the redirect after an OAuth sign-in.
const (
	TokenTypeOAuth          = "oauth"
	TokenTypeDiscoveryOAuth = "discovery_oauth"
)

// OAuthRedirects are the redirect URLs a start call named ("" for the
// project's defaults).
type OAuthRedirects struct {
	Login, Signup, Discovery string
}

// FinishSignIn validates a sign-in, records it and returns its token and
// the URL the browser goes to next: the discovery redirect, the login
// redirect when the address is a member of the organization, else the
// signup redirect, with stytch_token_type and token added. Callers hold
// p.mu for writing.
func FinishSignIn(p *state.Project, now time.Time, s *OAuthSignIn, rd OAuthRedirects) (token, redirect string, err *apierr.Error) {
	if _, _, err := CheckSignIn(s); err != nil {
		return "", "", err
	}
	typ, given, tokenType := "discovery", rd.Discovery, TokenTypeDiscoveryOAuth
	if !s.Discovery {
		org := p.Orgs[s.OrgID]
		if org == nil {
			return "", "", apierr.NotFound("organization_not_found", "Organization %q was not found.", s.OrgID)
		}
		typ, given, tokenType = "signup", rd.Signup, TokenTypeOAuth
		if set := p.OrgMembers[s.OrgID]; set != nil && set.ByEmail[state.EmailKey(s.Email)] != nil {
			typ, given = "login", rd.Login
		}
	}
	url, err := p.ResolveRedirectURL(typ, given, "no_match_for_provided_oauth_url")
	if err != nil {
		return "", "", err
	}
	tok := CompleteSignIn(p, now, s)
	return tok, state.WithToken(url, tokenType, tok), nil
}
