// Package users is the client for the users of a Stytch consumer project:
// creating, reading, updating, searching and deleting users, removing their
// individual authentication factors, and their connected apps.
package users

import (
	"context"
	"iter"
	"net/http"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client manages users. Get one from consumer.Client.Users.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// CreateParams describe a new user. Email or PhoneNumber (or both) is
// usually set; a user with neither is allowed. CreateUserAsPending makes the
// user pending until their first successful authentication.
type CreateParams struct {
	Email               string         `json:"email,omitzero"`
	Name                *Name          `json:"name,omitzero"`
	Attributes          *Attributes    `json:"attributes,omitzero"`
	PhoneNumber         string         `json:"phone_number,omitzero"`
	CreateUserAsPending bool           `json:"create_user_as_pending,omitzero"`
	TrustedMetadata     map[string]any `json:"trusted_metadata,omitzero"`
	UntrustedMetadata   map[string]any `json:"untrusted_metadata,omitzero"`
	ExternalID          string         `json:"external_id,omitzero"`
	Roles               []string       `json:"roles,omitzero"`
}

// CreateResponse is the answer to Create. EmailID and PhoneID are "" when
// no email or phone number was given.
type CreateResponse struct {
	RequestID  string `json:"request_id"`
	UserID     string `json:"user_id"`
	EmailID    string `json:"email_id"`
	Status     string `json:"status"`
	PhoneID    string `json:"phone_id"`
	User       User   `json:"user"`
	StatusCode int32  `json:"status_code"`
}

// Create adds a user. An email address, phone number or external ID that
// another user has is refused (duplicate_email, duplicate_phone_number,
// duplicate_user_external_id).
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...stytchapi.RequestOption) (*CreateResponse, error) {
	return stytchapi.Do[CreateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/users", Body: params, Options: opts,
	})
}

// GetParams identify a user by user ID or external ID.
type GetParams struct {
	UserID string `json:"-"`
}

// GetResponse is the answer to Get: the user's fields at the top level.
type GetResponse struct {
	RequestID string `json:"request_id"`
	User
	StatusCode int32 `json:"status_code"`
}

// Get returns a user; an unknown user is 404 user_not_found.
func (c *Client) Get(ctx context.Context, params *GetParams, opts ...stytchapi.RequestOption) (*GetResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[GetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/users/{user_id}", PathParams: []string{p.UserID}, Options: opts,
	})
}

// UpdateParams change a user. Unset fields are left alone. Metadata is
// merged key by key: a key set to null is removed. Roles, when set, replace
// the user's explicit roles.
type UpdateParams struct {
	UserID            string         `json:"-"`
	Name              *Name          `json:"name,omitzero"`
	Attributes        *Attributes    `json:"attributes,omitzero"`
	TrustedMetadata   map[string]any `json:"trusted_metadata,omitzero"`
	UntrustedMetadata map[string]any `json:"untrusted_metadata,omitzero"`
	ExternalID        string         `json:"external_id,omitzero"`
	Roles             []string       `json:"roles,omitzero"`
}

// UpdateResponse is the answer to Update.
type UpdateResponse struct {
	RequestID     string         `json:"request_id"`
	UserID        string         `json:"user_id"`
	Emails        []Email        `json:"emails"`
	PhoneNumbers  []PhoneNumber  `json:"phone_numbers"`
	CryptoWallets []CryptoWallet `json:"crypto_wallets"`
	User          User           `json:"user"`
	StatusCode    int32          `json:"status_code"`
}

// Update changes a user's name, metadata, external ID or roles.
func (c *Client) Update(ctx context.Context, params *UpdateParams, opts ...stytchapi.RequestOption) (*UpdateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[UpdateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/users/{user_id}", PathParams: []string{p.UserID}, Body: params, Options: opts,
	})
}

// DeleteParams identify the user to delete.
type DeleteParams struct {
	UserID string `json:"-"`
}

// DeleteResponse is the answer to Delete.
type DeleteResponse struct {
	RequestID  string `json:"request_id"`
	UserID     string `json:"user_id"`
	StatusCode int32  `json:"status_code"`
}

// Delete removes a user with all their factors and sessions.
func (c *Client) Delete(ctx context.Context, params *DeleteParams, opts ...stytchapi.RequestOption) (*DeleteResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[DeleteResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/users/{user_id}", PathParams: []string{p.UserID}, Options: opts,
	})
}

// SearchParams select users. Limit is 1 to 1000 (default 100); Cursor is
// the NextCursor of the previous page.
type SearchParams struct {
	Cursor string            `json:"cursor,omitzero"`
	Limit  uint32            `json:"limit,omitzero"`
	Query  *SearchUsersQuery `json:"query,omitzero"`
}

// SearchResponse is one page of a search.
type SearchResponse struct {
	RequestID       string          `json:"request_id"`
	Results         []User          `json:"results"`
	ResultsMetadata ResultsMetadata `json:"results_metadata"`
	StatusCode      int32           `json:"status_code"`
}

// Search returns one page of the users matching params.Query, oldest
// first. Stytch rate-limits search; do not use it on login paths.
func (c *Client) Search(ctx context.Context, params *SearchParams, opts ...stytchapi.RequestOption) (*SearchResponse, error) {
	return stytchapi.Do[SearchResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/users/search", Body: params, ReadOnly: true, Options: opts,
	})
}

// SearchAll walks every page of a search, starting at params.Cursor, and
// yields each user. It stops at the first error, which it yields with a
// zero User.
func (c *Client) SearchAll(ctx context.Context, params *SearchParams, opts ...stytchapi.RequestOption) iter.Seq2[User, error] {
	p := *nilsafe.Ptr(params)
	return stytchapi.Paginate(p.Cursor, func(cursor string) ([]User, string, error) {
		p.Cursor = cursor
		page, err := c.Search(ctx, &p, opts...)
		if err != nil {
			return nil, "", err
		}
		return page.Results, page.ResultsMetadata.NextCursor, nil
	})
}

// ExchangePrimaryFactorParams name the user and the one new primary factor
// (EmailAddress or PhoneNumber) that replaces all their others.
type ExchangePrimaryFactorParams struct {
	UserID       string `json:"-"`
	EmailAddress string `json:"email_address,omitzero"`
	PhoneNumber  string `json:"phone_number,omitzero"`
}

// ExchangePrimaryFactorResponse is the answer to ExchangePrimaryFactor.
type ExchangePrimaryFactorResponse = UserResponse

// ExchangePrimaryFactor replaces every email and phone number of a user
// with one new, verified factor (for account recovery after proving control
// of it elsewhere). The user's sessions stay.
func (c *Client) ExchangePrimaryFactor(ctx context.Context, params *ExchangePrimaryFactorParams, opts ...stytchapi.RequestOption) (*ExchangePrimaryFactorResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ExchangePrimaryFactorResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/users/{user_id}/exchange_primary_factor", PathParams: []string{p.UserID}, Body: params, Options: opts,
	})
}

// ConnectedAppsParams identify a user.
type ConnectedAppsParams struct {
	UserID string `json:"-"`
}

// ConnectedAppsResponse is the answer to ConnectedApps.
type ConnectedAppsResponse struct {
	RequestID     string             `json:"request_id"`
	ConnectedApps []UserConnectedApp `json:"connected_apps"`
	StatusCode    int32              `json:"status_code"`
}

// ConnectedApps lists the connected apps a user has granted access.
func (c *Client) ConnectedApps(ctx context.Context, params *ConnectedAppsParams, opts ...stytchapi.RequestOption) (*ConnectedAppsResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ConnectedAppsResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/users/{user_id}/connected_apps", PathParams: []string{p.UserID}, Options: opts,
	})
}

// RevokeParams name a user and a connected app.
type RevokeParams struct {
	UserID         string `json:"-"`
	ConnectedAppID string `json:"-"`
}

// RevokeResponse is the answer to Revoke.
type RevokeResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// Revoke withdraws a connected app's access to a user: its grant and the
// tokens it holds.
func (c *Client) Revoke(ctx context.Context, params *RevokeParams, opts ...stytchapi.RequestOption) (*RevokeResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[RevokeResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/users/{user_id}/connected_apps/{connected_app_id}/revoke", PathParams: []string{p.UserID, p.ConnectedAppID}, Options: opts,
	})
}
