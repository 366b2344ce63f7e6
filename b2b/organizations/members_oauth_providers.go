package organizations

import (
	"context"
	"net/http"
	"net/url"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// MembersOAuthProvidersClient reads the tokens Stytch stored at a member's last
// login through an OAuth provider. Get one from MembersClient.OAuthProviders.
type MembersOAuthProvidersClient struct {
	c *stytchapi.Client
}

// MembersOAuthProvidersParams identify a member. IncludeRefreshToken asks for
// the refresh token too.
type MembersOAuthProvidersParams struct {
	OrganizationID      string `json:"-"`
	MemberID            string `json:"-"`
	IncludeRefreshToken bool   `json:"-"`
}

// MembersOAuthProvidersSlackParams identify a member.
type MembersOAuthProvidersSlackParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// MembersOAuthProvidersGoogleResponse is the answer to Google.
type MembersOAuthProvidersGoogleResponse struct {
	RequestID            string   `json:"request_id"`
	ProviderType         string   `json:"provider_type"`
	ProviderSubject      string   `json:"provider_subject"`
	IDToken              string   `json:"id_token"`
	Scopes               []string `json:"scopes"`
	StatusCode           int32    `json:"status_code"`
	AccessToken          string   `json:"access_token,omitempty"`
	AccessTokenExpiresIn int32    `json:"access_token_expires_in,omitempty"`
	RefreshToken         string   `json:"refresh_token,omitempty"`
}

// MembersOAuthProvidersMicrosoftResponse is the answer to Microsoft.
type MembersOAuthProvidersMicrosoftResponse struct {
	RequestID            string   `json:"request_id"`
	ProviderType         string   `json:"provider_type"`
	ProviderSubject      string   `json:"provider_subject"`
	AccessToken          string   `json:"access_token"`
	AccessTokenExpiresIn int32    `json:"access_token_expires_in"`
	IDToken              string   `json:"id_token"`
	Scopes               []string `json:"scopes"`
	StatusCode           int32    `json:"status_code"`
	RefreshToken         string   `json:"refresh_token,omitempty"`
}

// MembersOAuthProvidersSlackResponse is the answer to Slack: one registration per Slack
// workspace.
type MembersOAuthProvidersSlackResponse struct {
	RequestID     string              `json:"request_id"`
	ProviderType  string              `json:"provider_type"`
	Registrations []SlackProviderInfo `json:"registrations"`
	StatusCode    int32               `json:"status_code"`
}

// MembersOAuthProvidersHubspotResponse is the answer to Hubspot: one registration per HubSpot
// hub.
type MembersOAuthProvidersHubspotResponse struct {
	RequestID     string                `json:"request_id"`
	ProviderType  string                `json:"provider_type"`
	Registrations []HubspotProviderInfo `json:"registrations"`
	StatusCode    int32                 `json:"status_code"`
}

// MembersOAuthProvidersGithubResponse is the answer to Github.
type MembersOAuthProvidersGithubResponse struct {
	RequestID     string               `json:"request_id"`
	ProviderType  string               `json:"provider_type"`
	Registrations []GithubProviderInfo `json:"registrations"`
	StatusCode    int32                `json:"status_code"`
}

// providerRequest is the request of the OAuth provider endpoint named
// provider.
func providerRequest(params *MembersOAuthProvidersParams, provider string, opts []stytchapi.RequestOption) stytchapi.Request {
	p := nilsafe.Ptr(params)
	return stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/" + provider, PathParams: []string{p.OrganizationID, p.MemberID},
		Query:   url.Values{"include_refresh_token": {boolQuery(p.IncludeRefreshToken)}},
		Options: opts,
	}
}

// Google returns the Google tokens of the member's last Google login. A
// member who never signed in with Google is a 404 error.
func (c *MembersOAuthProvidersClient) Google(ctx context.Context, params *MembersOAuthProvidersParams, opts ...stytchapi.RequestOption) (*MembersOAuthProvidersGoogleResponse, error) {
	return stytchapi.Do[MembersOAuthProvidersGoogleResponse](ctx, c.c, providerRequest(params, "google", opts))
}

// Microsoft returns the Microsoft tokens of the member's last Microsoft
// login. A member who never signed in with Microsoft is a 404 error.
func (c *MembersOAuthProvidersClient) Microsoft(ctx context.Context, params *MembersOAuthProvidersParams, opts ...stytchapi.RequestOption) (*MembersOAuthProvidersMicrosoftResponse, error) {
	return stytchapi.Do[MembersOAuthProvidersMicrosoftResponse](ctx, c.c, providerRequest(params, "microsoft", opts))
}

// Slack returns the Slack tokens of the member, one registration per
// workspace.
func (c *MembersOAuthProvidersClient) Slack(ctx context.Context, params *MembersOAuthProvidersSlackParams, opts ...stytchapi.RequestOption) (*MembersOAuthProvidersSlackResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersOAuthProvidersSlackResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/slack", PathParams: []string{p.OrganizationID, p.MemberID}, Options: opts,
	})
}

// Hubspot returns the HubSpot tokens of the member, one registration per
// hub.
func (c *MembersOAuthProvidersClient) Hubspot(ctx context.Context, params *MembersOAuthProvidersParams, opts ...stytchapi.RequestOption) (*MembersOAuthProvidersHubspotResponse, error) {
	return stytchapi.Do[MembersOAuthProvidersHubspotResponse](ctx, c.c, providerRequest(params, "hubspot", opts))
}

// Github returns the GitHub tokens of the member.
func (c *MembersOAuthProvidersClient) Github(ctx context.Context, params *MembersOAuthProvidersParams, opts ...stytchapi.RequestOption) (*MembersOAuthProvidersGithubResponse, error) {
	return stytchapi.Do[MembersOAuthProvidersGithubResponse](ctx, c.c, providerRequest(params, "github", opts))
}
