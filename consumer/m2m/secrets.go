package m2m

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// ClientsSecretsClient rotates M2M client secrets without downtime:
// RotateStart issues a next secret while the current one keeps working;
// deploy it, then Rotate makes it the only secret (or RotateCancel drops
// it). Get one from Client.Clients.Secrets.
type ClientsSecretsClient struct {
	c *stytchapi.Client
}

// ClientsSecretsRotateStartParams name the client whose secret to rotate.
type ClientsSecretsRotateStartParams struct {
	ClientID string `json:"-"`
}

// ClientsSecretsRotateStartResponse is the answer to RotateStart: the client
// with its next secret, which is never shown again.
type ClientsSecretsRotateStartResponse struct {
	RequestID  string                        `json:"request_id"`
	M2MClient  M2MClientWithNextClientSecret `json:"m2m_client"`
	StatusCode int32                         `json:"status_code"`
}

// RotateStart issues the client's next secret. Until Rotate or
// RotateCancel, both secrets obtain tokens. A client already rotating
// answers m2m_client_already_rotating_secret.
func (c *ClientsSecretsClient) RotateStart(ctx context.Context, params *ClientsSecretsRotateStartParams, opts ...stytchapi.RequestOption) (*ClientsSecretsRotateStartResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ClientsSecretsRotateStartResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/m2m/clients/{client_id}/secrets/rotate/start", PathParams: []string{p.ClientID}, Body: params, Options: opts,
	})
}

// ClientsSecretsRotateParams name the client whose rotation to complete.
type ClientsSecretsRotateParams struct {
	ClientID string `json:"-"`
}

// ClientsSecretsRotateResponse is the answer to Rotate.
type ClientsSecretsRotateResponse struct {
	RequestID  string    `json:"request_id"`
	M2MClient  M2MClient `json:"m2m_client"`
	StatusCode int32     `json:"status_code"`
}

// Rotate completes a rotation: the next secret becomes the client's secret
// and the old one stops working. A client that is not rotating answers
// m2m_client_not_rotating_secret.
func (c *ClientsSecretsClient) Rotate(ctx context.Context, params *ClientsSecretsRotateParams, opts ...stytchapi.RequestOption) (*ClientsSecretsRotateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ClientsSecretsRotateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/m2m/clients/{client_id}/secrets/rotate", PathParams: []string{p.ClientID}, Body: params, Options: opts,
	})
}

// ClientsSecretsRotateCancelParams name the client whose rotation to cancel.
type ClientsSecretsRotateCancelParams struct {
	ClientID string `json:"-"`
}

// ClientsSecretsRotateCancelResponse is the answer to RotateCancel.
type ClientsSecretsRotateCancelResponse struct {
	RequestID  string    `json:"request_id"`
	M2MClient  M2MClient `json:"m2m_client"`
	StatusCode int32     `json:"status_code"`
}

// RotateCancel cancels a rotation: the next secret stops working and the
// current one stays. A client that is not rotating answers
// m2m_client_not_rotating_secret.
func (c *ClientsSecretsClient) RotateCancel(ctx context.Context, params *ClientsSecretsRotateCancelParams, opts ...stytchapi.RequestOption) (*ClientsSecretsRotateCancelResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ClientsSecretsRotateCancelResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/m2m/clients/{client_id}/secrets/rotate/cancel", PathParams: []string{p.ClientID}, Body: params, Options: opts,
	})
}
