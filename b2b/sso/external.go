package sso

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// ExternalClient manages external connections. Get one from
// b2b.Client.SSO.External.
type ExternalClient struct {
	c *stytchapi.Client
}

// ExternalCreateConnectionParams name the other organization's connection
// to reuse, with role assignments of this organization's own.
type ExternalCreateConnectionParams struct {
	OrganizationID                    string                                  `json:"-"`
	ExternalOrganizationID            string                                  `json:"external_organization_id"`
	ExternalConnectionID              string                                  `json:"external_connection_id"`
	DisplayName                       string                                  `json:"display_name,omitzero"`
	ConnectionImplicitRoleAssignments []*SAMLConnectionImplicitRoleAssignment `json:"connection_implicit_role_assignments,omitzero"`
	GroupImplicitRoleAssignments      []*SAMLGroupImplicitRoleAssignment      `json:"group_implicit_role_assignments,omitzero"`
}

// ExternalCreateConnectionResponse is the answer to CreateConnection.
type ExternalCreateConnectionResponse struct {
	RequestID  string      `json:"request_id"`
	StatusCode int32       `json:"status_code"`
	Connection *Connection `json:"connection,omitempty"`
}

// CreateConnection creates an external connection; it is active at once.
func (c *ExternalClient) CreateConnection(ctx context.Context, params *ExternalCreateConnectionParams, opts ...stytchapi.RequestOption) (*ExternalCreateConnectionResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ExternalCreateConnectionResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/sso/external/{organization_id}", PathParams: []string{p.OrganizationID}, Body: params, Options: opts,
	})
}

// ExternalUpdateConnectionParams change an external connection's name and
// role assignments; a set list replaces the stored one.
type ExternalUpdateConnectionParams struct {
	OrganizationID                            string                              `json:"-"`
	ConnectionID                              string                              `json:"-"`
	DisplayName                               string                              `json:"display_name,omitzero"`
	ExternalConnectionImplicitRoleAssignments []*ConnectionImplicitRoleAssignment `json:"external_connection_implicit_role_assignments,omitzero"`
	ExternalGroupImplicitRoleAssignments      []*GroupImplicitRoleAssignment      `json:"external_group_implicit_role_assignments,omitzero"`
}

// ExternalUpdateConnectionResponse is the answer to UpdateConnection.
type ExternalUpdateConnectionResponse struct {
	RequestID  string      `json:"request_id"`
	StatusCode int32       `json:"status_code"`
	Connection *Connection `json:"connection,omitempty"`
}

// UpdateConnection changes an external connection.
func (c *ExternalClient) UpdateConnection(ctx context.Context, params *ExternalUpdateConnectionParams, opts ...stytchapi.RequestOption) (*ExternalUpdateConnectionResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ExternalUpdateConnectionResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/b2b/sso/external/{organization_id}/connections/{connection_id}",
		PathParams: []string{p.OrganizationID, p.ConnectionID}, Body: params, Options: opts,
	})
}
