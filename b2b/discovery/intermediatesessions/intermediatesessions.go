// Package intermediatesessions is the client for exchanging an intermediate
// session token into a member session of a chosen organization.
package intermediatesessions

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client calls the intermediate session endpoints. Get one from
// b2b.Client.Discovery.IntermediateSessions.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// ExchangeParams choose the organization to enter with an intermediate
// session. An invitation there is accepted; with no membership the email
// address may join by the organization's email-domain rules.
type ExchangeParams struct {
	IntermediateSessionToken string         `json:"intermediate_session_token"`
	OrganizationID           string         `json:"organization_id"`
	SessionDurationMinutes   int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims      map[string]any `json:"session_custom_claims,omitzero"`
	Locale                   string         `json:"locale,omitzero"`
	TelemetryID              string         `json:"telemetry_id,omitzero"`
}

// ExchangeResponse is the answer to Exchange. When MemberAuthenticated is
// false the organization wants more (MFARequired or PrimaryRequired) and
// IntermediateSessionToken is the same token, to pass on.
type ExchangeResponse struct {
	RequestID                         string                     `json:"request_id"`
	MemberID                          string                     `json:"member_id"`
	SessionToken                      string                     `json:"session_token"`
	SessionJWT                        string                     `json:"session_jwt"`
	Member                            organizations.Member       `json:"member"`
	Organization                      organizations.Organization `json:"organization"`
	MemberAuthenticated               bool                       `json:"member_authenticated"`
	IntermediateSessionToken          string                     `json:"intermediate_session_token"`
	StatusCode                        int32                      `json:"status_code"`
	MemberSession                     *sessions.MemberSession    `json:"member_session,omitempty"`
	MFARequired                       *sessions.MFARequired      `json:"mfa_required,omitempty"`
	PrimaryRequired                   *sessions.PrimaryRequired  `json:"primary_required,omitempty"`
	MemberDevice                      *sessions.DeviceInfo       `json:"member_device,omitempty"`
	IntermediateSessionTokenExpiresAt *time.Time                 `json:"intermediate_session_token_expires_at,omitempty"`
}

// Exchange turns an intermediate session into a member session of the
// chosen organization, or into the same intermediate session with what is
// still missing.
func (c *Client) Exchange(ctx context.Context, params *ExchangeParams) (*ExchangeResponse, error) {
	return stytchapi.Do[ExchangeResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/discovery/intermediate_sessions/exchange", Body: params,
	})
}
