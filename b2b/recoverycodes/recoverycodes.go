// Package recoverycodes is the client for the recovery codes that come
// with a member's TOTP registration: single-use codes that stand in for
// the authenticator app.
package recoverycodes

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client uses and manages recovery codes. Get one from
// b2b.Client.RecoveryCodes.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// RecoverParams carry one recovery code and exactly one of
// IntermediateSessionToken, SessionToken or SessionJWT.
type RecoverParams struct {
	OrganizationID           string         `json:"organization_id"`
	MemberID                 string         `json:"member_id"`
	RecoveryCode             string         `json:"recovery_code"`
	IntermediateSessionToken string         `json:"intermediate_session_token,omitzero"`
	SessionToken             string         `json:"session_token,omitzero"`
	SessionJWT               string         `json:"session_jwt,omitzero"`
	SessionDurationMinutes   int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims      map[string]any `json:"session_custom_claims,omitzero"`
	TelemetryID              string         `json:"telemetry_id,omitzero"`
}

// RecoverResponse is the answer to Recover: the session and how many
// unused codes the member has left.
type RecoverResponse struct {
	RequestID              string                     `json:"request_id"`
	MemberID               string                     `json:"member_id"`
	Member                 organizations.Member       `json:"member"`
	Organization           organizations.Organization `json:"organization"`
	SessionToken           string                     `json:"session_token"`
	SessionJWT             string                     `json:"session_jwt"`
	RecoveryCodesRemaining int32                      `json:"recovery_codes_remaining"`
	StatusCode             int32                      `json:"status_code"`
	MemberSession          *sessions.MemberSession    `json:"member_session,omitempty"`
	MemberDevice           *sessions.DeviceInfo       `json:"member_device,omitempty"`
}

// Recover completes MFA (or steps a session up) with a recovery code,
// which is then used up.
func (c *Client) Recover(ctx context.Context, params *RecoverParams, opts ...stytchapi.RequestOption) (*RecoverResponse, error) {
	return stytchapi.Do[RecoverResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/recovery_codes/recover", Body: params, Options: opts,
	})
}

// GetParams name the member whose recovery codes to list.
type GetParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// GetResponse is the answer to Get: the unused recovery codes.
type GetResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	RecoveryCodes []string                   `json:"recovery_codes"`
	StatusCode    int32                      `json:"status_code"`
}

// Get lists a member's unused recovery codes.
func (c *Client) Get(ctx context.Context, params *GetParams, opts ...stytchapi.RequestOption) (*GetResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[GetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/recovery_codes/{organization_id}/{member_id}", PathParams: []string{p.OrganizationID, p.MemberID}, Options: opts,
	})
}

// RotateParams name the member whose recovery codes to replace.
type RotateParams struct {
	OrganizationID string `json:"organization_id"`
	MemberID       string `json:"member_id"`
}

// RotateResponse is the answer to Rotate: the new codes.
type RotateResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	RecoveryCodes []string                   `json:"recovery_codes"`
	StatusCode    int32                      `json:"status_code"`
}

// Rotate replaces all of a member's recovery codes with new ones.
func (c *Client) Rotate(ctx context.Context, params *RotateParams, opts ...stytchapi.RequestOption) (*RotateResponse, error) {
	return stytchapi.Do[RotateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/recovery_codes/rotate", Body: params, Options: opts,
	})
}
