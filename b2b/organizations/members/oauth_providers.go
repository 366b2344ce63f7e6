package members

import (
	"context"
	"net/http"
	"net/url"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// OAuthProvidersClient reads the tokens Stytch stored at a member's last
// login through an OAuth provider. Get one from Client.OAuthProviders.
type OAuthProvidersClient struct {
	c *stytchapi.Client
}

// ProviderInformationParams identify a member. IncludeRefreshToken asks for
// the refresh token too.
type ProviderInformationParams struct {
	OrganizationID      string `json:"-"`
	MemberID            string `json:"-"`
	IncludeRefreshToken bool   `json:"-"`
}

// SlackParams identify a member.
type SlackParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// GoogleResponse is the answer to Google.
type GoogleResponse struct {
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

// MicrosoftResponse is the answer to Microsoft.
type MicrosoftResponse struct {
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

// SlackResponse is the answer to Slack: one registration per Slack
// workspace.
type SlackResponse struct {
	RequestID     string                            `json:"request_id"`
	ProviderType  string                            `json:"provider_type"`
	Registrations []organizations.SlackProviderInfo `json:"registrations"`
	StatusCode    int32                             `json:"status_code"`
}

// HubspotResponse is the answer to Hubspot: one registration per HubSpot
// hub.
type HubspotResponse struct {
	RequestID     string                              `json:"request_id"`
	ProviderType  string                              `json:"provider_type"`
	Registrations []organizations.HubspotProviderInfo `json:"registrations"`
	StatusCode    int32                               `json:"status_code"`
}

// GithubResponse is the answer to Github.
type GithubResponse struct {
	RequestID     string                             `json:"request_id"`
	ProviderType  string                             `json:"provider_type"`
	Registrations []organizations.GithubProviderInfo `json:"registrations"`
	StatusCode    int32                              `json:"status_code"`
}

func providerRequest(p *ProviderInformationParams, provider string) stytchapi.Request {
	return stytchapi.Request{
		Method: http.MethodGet, Path: memberPath(p.OrganizationID, p.MemberID, "/oauth_providers/"+provider),
		Query: url.Values{"include_refresh_token": {boolQuery(p.IncludeRefreshToken)}},
	}
}

// Google returns the Google tokens of the member's last Google login. A
// member who never signed in with Google is a 404 error.
func (c *OAuthProvidersClient) Google(ctx context.Context, params *ProviderInformationParams) (*GoogleResponse, error) {
	return stytchapi.Do[GoogleResponse](ctx, c.c, providerRequest(params, "google"))
}

// Microsoft returns the Microsoft tokens of the member's last Microsoft
// login. A member who never signed in with Microsoft is a 404 error.
func (c *OAuthProvidersClient) Microsoft(ctx context.Context, params *ProviderInformationParams) (*MicrosoftResponse, error) {
	return stytchapi.Do[MicrosoftResponse](ctx, c.c, providerRequest(params, "microsoft"))
}

// Slack returns the Slack tokens of the member, one registration per
// workspace.
func (c *OAuthProvidersClient) Slack(ctx context.Context, params *SlackParams) (*SlackResponse, error) {
	return stytchapi.Do[SlackResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: memberPath(params.OrganizationID, params.MemberID, "/oauth_providers/slack"),
	})
}

// Hubspot returns the HubSpot tokens of the member, one registration per
// hub.
func (c *OAuthProvidersClient) Hubspot(ctx context.Context, params *ProviderInformationParams) (*HubspotResponse, error) {
	return stytchapi.Do[HubspotResponse](ctx, c.c, providerRequest(params, "hubspot"))
}

// Github returns the GitHub tokens of the member.
func (c *OAuthProvidersClient) Github(ctx context.Context, params *ProviderInformationParams) (*GithubResponse, error) {
	return stytchapi.Do[GithubResponse](ctx, c.c, providerRequest(params, "github"))
}
