// Package debug is the client for Stytch's debug endpoints: Whoami tells
// which project a set of credentials belongs to, a quick check that a
// deployment is configured with the right project ID and secret.
package debug

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client calls the debug endpoints. Get one with NewClient.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// WhoamiParams are the (empty) parameters of Whoami.
type WhoamiParams struct{}

// WhoamiResponse names the project the credentials belong to.
type WhoamiResponse struct {
	RequestID  string `json:"request_id"`
	ProjectID  string `json:"project_id"`
	Name       string `json:"name"`
	StatusCode int32  `json:"status_code"`
}

// Whoami returns the project the client's credentials authenticate as.
// Wrong credentials answer unauthorized_credentials.
func (c *Client) Whoami(ctx context.Context, params *WhoamiParams, opts ...stytchapi.RequestOption) (*WhoamiResponse, error) {
	return stytchapi.Do[WhoamiResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/debug/whoami", Options: opts,
	})
}
