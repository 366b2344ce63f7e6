package m2m

import (
	"context"
	"iter"
	"net/http"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// ClientsClient manages M2M clients. Get one from Client.Clients.
type ClientsClient struct {
	c *stytchapi.Client
	// Secrets rotates client secrets.
	Secrets *ClientsSecretsClient
}

// ClientsCreateParams describe a new M2M client. Scopes is required (it may
// be empty). ClientID and ClientSecret are optional: Stytch generates them
// when they are empty; a ClientSecret you choose must be long and random.
type ClientsCreateParams struct {
	Scopes            []string       `json:"scopes"`
	ClientID          string         `json:"client_id,omitzero"`
	ClientSecret      string         `json:"client_secret,omitzero"`
	ClientName        string         `json:"client_name,omitzero"`
	ClientDescription string         `json:"client_description,omitzero"`
	TrustedMetadata   map[string]any `json:"trusted_metadata,omitzero"`
}

// ClientsCreateResponse is the answer to Create: the client with its
// secret, which is never shown again.
type ClientsCreateResponse struct {
	RequestID  string                    `json:"request_id"`
	M2MClient  M2MClientWithClientSecret `json:"m2m_client"`
	StatusCode int32                     `json:"status_code"`
}

// Create creates an M2M client. Store M2MClient.ClientSecret at once: the
// API keeps only its hash.
func (c *ClientsClient) Create(ctx context.Context, params *ClientsCreateParams, opts ...stytchapi.RequestOption) (*ClientsCreateResponse, error) {
	return stytchapi.Do[ClientsCreateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/m2m/clients", Body: params, Options: opts,
	})
}

// ClientsGetParams name the client to get.
type ClientsGetParams struct {
	ClientID string `json:"-"`
}

// ClientsGetResponse is the answer to Get.
type ClientsGetResponse struct {
	RequestID  string    `json:"request_id"`
	M2MClient  M2MClient `json:"m2m_client"`
	StatusCode int32     `json:"status_code"`
}

// Get returns an M2M client (without its secret).
func (c *ClientsClient) Get(ctx context.Context, params *ClientsGetParams, opts ...stytchapi.RequestOption) (*ClientsGetResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ClientsGetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/m2m/clients/{client_id}", PathParams: []string{p.ClientID}, Options: opts,
	})
}

// ClientsUpdateParams change an M2M client. Fields left at their zero value
// (nil Status, nil Scopes, nil TrustedMetadata, empty strings) are
// unchanged; a non-nil Scopes or TrustedMetadata replaces the old value
// whole.
type ClientsUpdateParams struct {
	ClientID          string         `json:"-"`
	ClientName        string         `json:"client_name,omitzero"`
	ClientDescription string         `json:"client_description,omitzero"`
	Status            *Status        `json:"status,omitzero"`
	Scopes            []string       `json:"scopes,omitzero"`
	TrustedMetadata   map[string]any `json:"trusted_metadata,omitzero"`
}

// ClientsUpdateResponse is the answer to Update.
type ClientsUpdateResponse struct {
	RequestID  string    `json:"request_id"`
	M2MClient  M2MClient `json:"m2m_client"`
	StatusCode int32     `json:"status_code"`
}

// Update changes an M2M client. Setting Status to StatusInactive stops it
// from obtaining new tokens; tokens it already holds stay valid until they
// expire.
func (c *ClientsClient) Update(ctx context.Context, params *ClientsUpdateParams, opts ...stytchapi.RequestOption) (*ClientsUpdateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ClientsUpdateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/m2m/clients/{client_id}", PathParams: []string{p.ClientID}, Body: params, Options: opts,
	})
}

// ClientsDeleteParams name the client to delete.
type ClientsDeleteParams struct {
	ClientID string `json:"-"`
}

// ClientsDeleteResponse is the answer to Delete.
type ClientsDeleteResponse struct {
	RequestID  string `json:"request_id"`
	ClientID   string `json:"client_id"`
	StatusCode int32  `json:"status_code"`
}

// Delete deletes an M2M client. Its secrets stop working at once; tokens it
// already holds stay valid until they expire.
func (c *ClientsClient) Delete(ctx context.Context, params *ClientsDeleteParams, opts ...stytchapi.RequestOption) (*ClientsDeleteResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ClientsDeleteResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/m2m/clients/{client_id}", PathParams: []string{p.ClientID}, Options: opts,
	})
}

// ClientsSearchParams filter and page a search. Limit defaults to 100 and
// may be at most 1000; Cursor is the NextCursor of the previous page.
type ClientsSearchParams struct {
	Cursor string       `json:"cursor,omitzero"`
	Limit  uint32       `json:"limit,omitzero"`
	Query  *SearchQuery `json:"query,omitzero"`
}

// ClientsSearchResponse is one page of Search results.
type ClientsSearchResponse struct {
	RequestID       string          `json:"request_id"`
	M2MClients      []M2MClient     `json:"m2m_clients"`
	ResultsMetadata ResultsMetadata `json:"results_metadata"`
	StatusCode      int32           `json:"status_code"`
}

// Search returns one page of the M2M clients that match params.Query, oldest
// first.
func (c *ClientsClient) Search(ctx context.Context, params *ClientsSearchParams, opts ...stytchapi.RequestOption) (*ClientsSearchResponse, error) {
	return stytchapi.Do[ClientsSearchResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/m2m/clients/search", Body: params, ReadOnly: true, Options: opts,
	})
}

// SearchAll walks every page of a search, starting at params.Cursor, and
// yields each client. It stops at the first error, which it yields with a
// zero M2MClient.
func (c *ClientsClient) SearchAll(ctx context.Context, params *ClientsSearchParams, opts ...stytchapi.RequestOption) iter.Seq2[M2MClient, error] {
	p := *nilsafe.Ptr(params)
	return stytchapi.Paginate(p.Cursor, func(cursor string) ([]M2MClient, string, error) {
		p.Cursor = cursor
		page, err := c.Search(ctx, &p, opts...)
		if err != nil {
			return nil, "", err
		}
		return page.M2MClients, page.ResultsMetadata.NextCursor, nil
	})
}
