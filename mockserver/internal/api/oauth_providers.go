package api

import (
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// The members' oauth_providers endpoints return the provider tokens stored
// at the member's last OAuth login (auth-flows §10). Google and Microsoft
// have one registration per member, and a member who never signed in with
// them is 404 member_oauth_token_not_found; Slack, HubSpot and GitHub list
// one registration per tenant. The refresh token is only returned with
// include_refresh_token=true (HubSpot, Google, Microsoft).

// expiresIn is the seconds left on a provider access token at now.
func expiresIn(t state.OAuthProviderTokens, now time.Time) int32 {
	d := t.ExpiresAt.Sub(now)
	if d < 0 {
		return 0
	}
	return int32(d / time.Second)
}

// refreshIf returns the refresh token when the call asked for it.
func refreshIf(rc *httpkit.Call, t state.OAuthProviderTokens) string {
	if rc.Query("include_refresh_token") == "true" {
		return t.RefreshToken
	}
	return ""
}

// lastGrant returns the member's grant of provider, or the 404.
func lastGrant(p *state.Project, r *state.MemberRecord, provider string) (*state.OAuthGrant, *apierr.Error) {
	gs := p.OAuthGrants(r.Member.MemberID, provider)
	if len(gs) == 0 {
		return nil, apierr.NotFound("member_oauth_token_not_found", "Member %s has no %s OAuth registration.", r.Member.MemberID, flows.OAuthProviders[provider].Type)
	}
	return gs[len(gs)-1], nil
}

func handleMemberOAuthGoogle(rc *httpkit.Call) (any, error) {
	return readMember(rc, func(r *state.MemberRecord) (any, *apierr.Error) {
		g, err := lastGrant(rc.Project, r, "google")
		if err != nil {
			return nil, err
		}
		return &organizations.MembersOAuthProvidersGoogleResponse{
			ProviderType: "Google", ProviderSubject: g.Subject, IDToken: g.Tokens.IDToken, Scopes: slices.Clone(g.Tokens.Scopes),
			AccessToken: g.Tokens.AccessToken, AccessTokenExpiresIn: expiresIn(g.Tokens, rc.Now), RefreshToken: refreshIf(rc, g.Tokens),
		}, nil
	})
}

func handleMemberOAuthMicrosoft(rc *httpkit.Call) (any, error) {
	return readMember(rc, func(r *state.MemberRecord) (any, *apierr.Error) {
		g, err := lastGrant(rc.Project, r, "microsoft")
		if err != nil {
			return nil, err
		}
		return &organizations.MembersOAuthProvidersMicrosoftResponse{
			ProviderType: "Microsoft", ProviderSubject: g.Subject, IDToken: g.Tokens.IDToken, Scopes: slices.Clone(g.Tokens.Scopes),
			AccessToken: g.Tokens.AccessToken, AccessTokenExpiresIn: expiresIn(g.Tokens, rc.Now), RefreshToken: refreshIf(rc, g.Tokens),
		}, nil
	})
}

func handleMemberOAuthSlack(rc *httpkit.Call) (any, error) {
	return readMember(rc, func(r *state.MemberRecord) (any, *apierr.Error) {
		out := []organizations.SlackProviderInfo{}
		for _, g := range rc.Project.OAuthGrants(r.Member.MemberID, "slack") {
			out = append(out, organizations.SlackProviderInfo{
				ProviderSubject: g.Subject, ProviderTenantID: g.TenantID, AccessToken: g.Tokens.AccessToken,
				Scopes: slices.Clone(g.Tokens.Scopes), BotScopes: []string{},
			})
		}
		return &organizations.MembersOAuthProvidersSlackResponse{ProviderType: "Slack", Registrations: out}, nil
	})
}

func handleMemberOAuthHubspot(rc *httpkit.Call) (any, error) {
	return readMember(rc, func(r *state.MemberRecord) (any, *apierr.Error) {
		out := []organizations.HubspotProviderInfo{}
		for _, g := range rc.Project.OAuthGrants(r.Member.MemberID, "hubspot") {
			out = append(out, organizations.HubspotProviderInfo{
				ProviderSubject: g.Subject, ProviderTenantID: g.TenantID, AccessToken: g.Tokens.AccessToken,
				AccessTokenExpiresIn: expiresIn(g.Tokens, rc.Now), Scopes: slices.Clone(g.Tokens.Scopes), RefreshToken: refreshIf(rc, g.Tokens),
			})
		}
		return &organizations.MembersOAuthProvidersHubspotResponse{ProviderType: "HubSpot", Registrations: out}, nil
	})
}

func handleMemberOAuthGithub(rc *httpkit.Call) (any, error) {
	return readMember(rc, func(r *state.MemberRecord) (any, *apierr.Error) {
		out := []organizations.GithubProviderInfo{}
		for _, g := range rc.Project.OAuthGrants(r.Member.MemberID, "github") {
			tenants := []string{}
			if g.TenantID != "" {
				tenants = append(tenants, g.TenantID)
			}
			out = append(out, organizations.GithubProviderInfo{
				ProviderSubject: g.Subject, ProviderTenantIDs: tenants, AccessToken: g.Tokens.AccessToken, Scopes: slices.Clone(g.Tokens.Scopes),
			})
		}
		return &organizations.MembersOAuthProvidersGithubResponse{ProviderType: "GitHub", Registrations: out}, nil
	})
}
