package scim

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client is the SCIM client. Get one from b2b.Client.SCIM.
type Client struct {
	// Connection manages an organization's SCIM connection: its bearer
	// token, its groups and the roles those groups grant.
	Connection *ConnectionClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{Connection: &ConnectionClient{c: c}}
}

// ConnectionClient manages SCIM connections. Get one from
// b2b.Client.SCIM.Connection.
type ConnectionClient struct {
	c *stytchapi.Client
}

// Identity providers a SCIM connection may name.
const (
	IdentityProviderGeneric        = "generic"
	IdentityProviderOkta           = "okta"
	IdentityProviderMicrosoftEntra = "microsoft-entra"
	IdentityProviderCyberArk       = "cyberark"
	IdentityProviderJumpCloud      = "jumpcloud"
	IdentityProviderOneLogin       = "onelogin"
	IdentityProviderPingFederate   = "pingfederate"
	IdentityProviderRippling       = "rippling"
)

// ConnectionCreateParams describe a new SCIM connection of an
// organization. IdentityProvider is one of the IdentityProvider constants
// (default generic).
type ConnectionCreateParams struct {
	OrganizationID   string  `json:"-"`
	DisplayName      string  `json:"display_name,omitzero"`
	IdentityProvider *string `json:"identity_provider,omitempty"`
}

// ConnectionCreateResponse is the answer to Create. Connection.BearerToken
// is shown only this once.
type ConnectionCreateResponse struct {
	RequestID  string                   `json:"request_id"`
	StatusCode int32                    `json:"status_code"`
	Connection *SCIMConnectionWithToken `json:"connection,omitempty"`
}

// Create creates the organization's SCIM connection. An organization has
// at most one (active_scim_connection_exists).
func (c *ConnectionClient) Create(ctx context.Context, params *ConnectionCreateParams, opts ...stytchapi.RequestOption) (*ConnectionCreateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ConnectionCreateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/scim/{organization_id}/connection", PathParams: []string{p.OrganizationID}, Body: p, Options: opts,
	})
}

// ConnectionUpdateParams change a SCIM connection. Fields left zero keep
// their value; a non-nil SCIMGroupImplicitRoleAssignments replaces the
// assignments (an empty slice removes them all). Each assignment names a
// group the connection has and a role of the project or organization.
type ConnectionUpdateParams struct {
	OrganizationID                   string                              `json:"-"`
	ConnectionID                     string                              `json:"-"`
	DisplayName                      string                              `json:"display_name,omitzero"`
	IdentityProvider                 *string                             `json:"identity_provider,omitempty"`
	SCIMGroupImplicitRoleAssignments []*SCIMGroupImplicitRoleAssignments `json:"scim_group_implicit_role_assignments,omitempty"`
}

// ConnectionUpdateResponse is the answer to Update.
type ConnectionUpdateResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int32           `json:"status_code"`
	Connection *SCIMConnection `json:"connection,omitempty"`
}

// Update changes a SCIM connection's name, identity provider or group
// role assignments.
func (c *ConnectionClient) Update(ctx context.Context, params *ConnectionUpdateParams, opts ...stytchapi.RequestOption) (*ConnectionUpdateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ConnectionUpdateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/b2b/scim/{organization_id}/connection/{connection_id}", PathParams: []string{p.OrganizationID, p.ConnectionID}, Body: p, Options: opts,
	})
}

// ConnectionDeleteParams name the SCIM connection to delete.
type ConnectionDeleteParams struct {
	OrganizationID string `json:"-"`
	ConnectionID   string `json:"-"`
}

// ConnectionDeleteResponse is the answer to Delete.
type ConnectionDeleteResponse struct {
	RequestID    string `json:"request_id"`
	ConnectionID string `json:"connection_id"`
	StatusCode   int32  `json:"status_code"`
}

// Delete deletes a SCIM connection; its bearer tokens stop working.
func (c *ConnectionClient) Delete(ctx context.Context, params *ConnectionDeleteParams, opts ...stytchapi.RequestOption) (*ConnectionDeleteResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ConnectionDeleteResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/scim/{organization_id}/connection/{connection_id}", PathParams: []string{p.OrganizationID, p.ConnectionID}, Options: opts,
	})
}

// ConnectionGetParams name the organization whose SCIM connection to read.
type ConnectionGetParams struct {
	OrganizationID string `json:"-"`
}

// ConnectionGetResponse is the answer to Get.
type ConnectionGetResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int32           `json:"status_code"`
	Connection *SCIMConnection `json:"connection,omitempty"`
}

// Get returns the organization's SCIM connection
// (no_active_scim_connection when it has none).
func (c *ConnectionClient) Get(ctx context.Context, params *ConnectionGetParams, opts ...stytchapi.RequestOption) (*ConnectionGetResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ConnectionGetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/scim/{organization_id}/connection", PathParams: []string{p.OrganizationID}, Options: opts,
	})
}

// ConnectionGetGroupsParams page through a SCIM connection's groups.
// Limit is at most 1000 (default 1000); Cursor is the NextCursor of the
// previous page.
type ConnectionGetGroupsParams struct {
	OrganizationID string `json:"-"`
	ConnectionID   string `json:"-"`
	Cursor         string `json:"-"`
	Limit          uint32 `json:"-"`
}

// ConnectionGetGroupsResponse is one page of groups; NextCursor is empty
// on the last page.
type ConnectionGetGroupsResponse struct {
	SCIMGroups []SCIMGroup `json:"scim_groups"`
	StatusCode int32       `json:"status_code"`
	NextCursor string      `json:"next_cursor,omitempty"`
}

// GetGroups lists the groups the identity provider pushed to a SCIM
// connection.
func (c *ConnectionClient) GetGroups(ctx context.Context, params *ConnectionGetGroupsParams, opts ...stytchapi.RequestOption) (*ConnectionGetGroupsResponse, error) {
	p := nilsafe.Ptr(params)
	q := url.Values{"cursor": {p.Cursor}}
	if p.Limit != 0 {
		q.Set("limit", strconv.FormatUint(uint64(p.Limit), 10))
	}
	return stytchapi.Do[ConnectionGetGroupsResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/scim/{organization_id}/connection/{connection_id}", PathParams: []string{p.OrganizationID, p.ConnectionID}, Query: q, Options: opts,
	})
}

// ConnectionRotateStartParams name the SCIM connection whose bearer token
// to rotate.
type ConnectionRotateStartParams struct {
	OrganizationID string `json:"-"`
	ConnectionID   string `json:"-"`
}

// ConnectionRotateStartResponse is the answer to RotateStart.
// Connection.NextBearerToken is shown only this once.
type ConnectionRotateStartResponse struct {
	RequestID  string                       `json:"request_id"`
	StatusCode int32                        `json:"status_code"`
	Connection *SCIMConnectionWithNextToken `json:"connection,omitempty"`
}

// RotateStart issues the next bearer token. Until RotateComplete or
// RotateCancel, the current and the next token both authenticate.
func (c *ConnectionClient) RotateStart(ctx context.Context, params *ConnectionRotateStartParams, opts ...stytchapi.RequestOption) (*ConnectionRotateStartResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ConnectionRotateStartResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/start", PathParams: []string{p.OrganizationID, p.ConnectionID}, Options: opts,
	})
}

// ConnectionRotateCompleteParams name the SCIM connection whose rotation
// to complete.
type ConnectionRotateCompleteParams struct {
	OrganizationID string `json:"-"`
	ConnectionID   string `json:"-"`
}

// ConnectionRotateCompleteResponse is the answer to RotateComplete.
type ConnectionRotateCompleteResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int32           `json:"status_code"`
	Connection *SCIMConnection `json:"connection,omitempty"`
}

// RotateComplete makes the next bearer token the only valid one
// (scim_connection_not_rotating_token when no rotation is in progress).
func (c *ConnectionClient) RotateComplete(ctx context.Context, params *ConnectionRotateCompleteParams, opts ...stytchapi.RequestOption) (*ConnectionRotateCompleteResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ConnectionRotateCompleteResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/complete", PathParams: []string{p.OrganizationID, p.ConnectionID}, Options: opts,
	})
}

// ConnectionRotateCancelParams name the SCIM connection whose rotation to
// cancel.
type ConnectionRotateCancelParams struct {
	OrganizationID string `json:"-"`
	ConnectionID   string `json:"-"`
}

// ConnectionRotateCancelResponse is the answer to RotateCancel.
type ConnectionRotateCancelResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int32           `json:"status_code"`
	Connection *SCIMConnection `json:"connection,omitempty"`
}

// RotateCancel discards the next bearer token; the current one stays
// (scim_connection_not_rotating_token when no rotation is in progress).
func (c *ConnectionClient) RotateCancel(ctx context.Context, params *ConnectionRotateCancelParams, opts ...stytchapi.RequestOption) (*ConnectionRotateCancelResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ConnectionRotateCancelResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/cancel", PathParams: []string{p.OrganizationID, p.ConnectionID}, Options: opts,
	})
}
