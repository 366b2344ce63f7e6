package flows

import (
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// The browser start of an OAuth login (auth-flows §10): GET
// /v1/b2b/public/oauth/{provider}/start or .../discovery/start sends the
// browser to the built-in provider's sign-in page, whose form then finishes
// the sign-in (FinishSignIn). The start keeps no state: its parameters ride
// along on the sign-in page and are checked again when the form is posted.

// OAuthStart is what a start call (and the sign-in page after it) carries.
type OAuthStart struct {
	Provider  string
	Discovery bool
	// OrgID or OrgSlug names the organization of a non-discovery login.
	OrgID, OrgSlug string
	Redirects      OAuthRedirects
	PKCEChallenge  string
	// CustomScopes is custom_scopes as given: space-separated.
	CustomScopes string
}

// maxPKCEChallenge bounds pkce_code_challenge.
const maxPKCEChallenge = 128

// maxCustomScopes bounds the custom_scopes parameter.
const maxCustomScopes = 2048

// CheckOAuthStart validates a start: the provider, exactly one organization
// locator for an organization login (none for discovery), the redirect URLs
// against the project's registered ones, the PKCE challenge and the custom
// scopes. It returns the organization's ID ("" for discovery) and the
// scopes. Callers hold p.mu.
func CheckOAuthStart(p *state.Project, s *OAuthStart) (orgID string, scopes []string, err *apierr.Error) {
	if p.Vertical == state.VerticalConsumer {
		return "", nil, apierr.Unauthorized("unauthorized_credentials", "public_token names no B2B project.")
	}
	if _, ok := OAuthProviders[s.Provider]; !ok {
		return "", nil, apierr.BadRequest("invalid_oauth_provider", "provider must be one of %s, not %q.", strings.Join(OAuthProviderNames(), ", "), apierr.Excerpt(s.Provider, 40))
	}
	if s.Discovery {
		if s.OrgID != "" || s.OrgSlug != "" {
			return "", nil, apierr.BadRequest("invalid_request_value", "A discovery start takes no organization; use .../oauth/%s/start for an organization login.", s.Provider)
		}
		if _, err := p.ResolveRedirectURL("discovery", s.Redirects.Discovery, "no_match_for_provided_oauth_url"); err != nil {
			return "", nil, err
		}
	} else {
		switch {
		case s.OrgID != "" && s.OrgSlug != "":
			return "", nil, apierr.BadRequest("too_many_oauth_organization_locators", "Pass organization_id or organization_slug, not both.")
		case s.OrgID == "" && s.OrgSlug == "":
			return "", nil, apierr.BadRequest("missing_oauth_organization_locator", "Pass organization_id or organization_slug.")
		}
		org := p.Orgs[s.OrgID]
		if s.OrgSlug != "" {
			if id, ok := p.OrgSlugs[strings.ToLower(s.OrgSlug)]; ok {
				org = p.Orgs[id]
			}
		}
		if org == nil {
			return "", nil, apierr.NotFound("organization_not_found", "Organization %q was not found.", apierr.Excerpt(s.OrgID+s.OrgSlug, 80))
		}
		orgID = org.Org.OrganizationID
		if _, err := p.ResolveRedirectURL("login", s.Redirects.Login, "no_match_for_provided_oauth_url"); err != nil {
			return "", nil, err
		}
		if _, err := p.ResolveRedirectURL("signup", s.Redirects.Signup, "no_match_for_provided_oauth_url"); err != nil {
			return "", nil, err
		}
	}
	if len(s.PKCEChallenge) > maxPKCEChallenge {
		return "", nil, apierr.BadRequest("invalid_request_value", "pkce_code_challenge is too long.")
	}
	if len(s.CustomScopes) > maxCustomScopes {
		return "", nil, apierr.BadRequest("invalid_request_value", "custom_scopes is too long.")
	}
	scopes = strings.Fields(s.CustomScopes)
	if len(scopes) > 0 {
		if err := CheckScopes(scopes); err != nil {
			return "", nil, err
		}
	}
	return orgID, scopes, nil
}

// StartSignIn finishes a browser sign-in begun by s: it checks s again,
// then records who signed in (email, name, tenant) and returns the URL the
// browser goes to, with the OAuth token. Callers hold p.mu for writing.
func StartSignIn(p *state.Project, now time.Time, s *OAuthStart, email, name, tenantID string) (string, *apierr.Error) {
	orgID, scopes, err := CheckOAuthStart(p, s)
	if err != nil {
		return "", err
	}
	_, target, err := FinishSignIn(p, now, &OAuthSignIn{
		Provider: s.Provider, Email: email, Name: name, TenantID: tenantID,
		OrgID: orgID, Discovery: s.Discovery, PKCEChallenge: s.PKCEChallenge, Scopes: scopes,
	}, s.Redirects)
	return target, err
}
