package discovery

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// IntermediateSessionsClient calls the intermediate session endpoints. Get one from
// b2b.Client.Discovery.IntermediateSessions.
type IntermediateSessionsClient struct {
	c *stytchapi.Client
}

// newIntermediateSessionsClient returns a IntermediateSessionsClient that sends requests with c.
func newIntermediateSessionsClient(c *stytchapi.Client) *IntermediateSessionsClient {
	return &IntermediateSessionsClient{c: c}
}

// IntermediateSessionsExchangeParams choose the organization to enter with an intermediate
// session. An invitation there is accepted; with no membership the email
// address may join by the organization's email-domain rules.
type IntermediateSessionsExchangeParams struct {
	IntermediateSessionToken string         `json:"intermediate_session_token"`
	OrganizationID           string         `json:"organization_id"`
	SessionDurationMinutes   int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims      map[string]any `json:"session_custom_claims,omitzero"`
	Locale                   string         `json:"locale,omitzero"`
	TelemetryID              string         `json:"telemetry_id,omitzero"`
}

// IntermediateSessionsExchangeResponse is the answer to Exchange. When MemberAuthenticated is
// false the organization wants more (MFARequired or PrimaryRequired) and
// IntermediateSessionToken is the same token, to pass on.
type IntermediateSessionsExchangeResponse struct {
	sessions.LoginResult
}

// Exchange turns an intermediate session into a member session of the
// chosen organization, or into the same intermediate session with what is
// still missing.
func (c *IntermediateSessionsClient) Exchange(ctx context.Context, params *IntermediateSessionsExchangeParams, opts ...stytchapi.RequestOption) (*IntermediateSessionsExchangeResponse, error) {
	return stytchapi.Do[IntermediateSessionsExchangeResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/discovery/intermediate_sessions/exchange", Body: params, Options: opts,
	})
}
