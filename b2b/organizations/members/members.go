// Package members is the client for the members of Stytch B2B organizations:
// creating, reading, changing, deleting and searching them, and removing their
// authentication factors. The Member type itself lives in package
// organizations.
package members

import (
	"context"
	"iter"
	"net/http"
	"net/url"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client calls the member endpoints. Get one from
// b2b.Client.Organizations.Members.
type Client struct {
	c *stytchapi.Client
	// OAuthProviders reads the OAuth tokens Stytch stored for a member.
	OAuthProviders *OAuthProvidersClient
	// ConnectedApps manages the connected apps a member has authorized.
	ConnectedApps *ConnectedAppsClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{c: c, OAuthProviders: &OAuthProvidersClient{c: c}, ConnectedApps: &ConnectedAppsClient{c: c}}
}

// MemberResponse is the answer of the endpoints that return one member with
// its organization.
type MemberResponse struct {
	RequestID    string                     `json:"request_id"`
	MemberID     string                     `json:"member_id"`
	Member       organizations.Member       `json:"member"`
	Organization organizations.Organization `json:"organization"`
	StatusCode   int32                      `json:"status_code"`
}

// memberPath is the path of one member of one organization.
func memberPath(orgID, memberID, suffix string) string {
	return stytchapi.Pathf("/v1/b2b/organizations/%s/members/%s", orgID, memberID) + suffix
}

// boolQuery returns "true" for true and "" (left out of the query) for false.
func boolQuery(b bool) string {
	if b {
		return "true"
	}
	return ""
}

// CreateParams are the fields of a new member. EmailAddress is required and
// must not be used by another member of the organization (nor retired by
// one). The member is active unless CreateMemberAsPending is set.
type CreateParams struct {
	OrganizationID        string         `json:"-"`
	EmailAddress          string         `json:"email_address"`
	Name                  string         `json:"name,omitzero"`
	TrustedMetadata       map[string]any `json:"trusted_metadata,omitzero"`
	UntrustedMetadata     map[string]any `json:"untrusted_metadata,omitzero"`
	CreateMemberAsPending bool           `json:"create_member_as_pending,omitzero"`
	IsBreakglass          bool           `json:"is_breakglass,omitzero"`
	MFAPhoneNumber        string         `json:"mfa_phone_number,omitzero"`
	MFAEnrolled           bool           `json:"mfa_enrolled,omitzero"`
	Roles                 []string       `json:"roles,omitzero"`
	ExternalID            string         `json:"external_id,omitzero"`
}

// CreateResponse is the answer to Create.
type CreateResponse MemberResponse

// Create adds a member to an organization. It does not check the
// organization's JIT or invite settings: members created here are
// provisioned by your backend.
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...stytchapi.RequestOption) (*CreateResponse, error) {
	return stytchapi.Do[CreateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: stytchapi.Pathf("/v1/b2b/organizations/%s/members", params.OrganizationID), Body: params, Options: opts,
	})
}

// GetParams identify a member of an organization by exactly one of MemberID
// (which may also be the member's external ID) and EmailAddress.
type GetParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
	EmailAddress   string `json:"-"`
}

// GetResponse is the answer to Get and DangerouslyGet.
type GetResponse MemberResponse

// Get returns a member. Deleted and unknown members are a 404
// member_not_found error.
func (c *Client) Get(ctx context.Context, params *GetParams) (*GetResponse, error) {
	return stytchapi.Do[GetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: stytchapi.Pathf("/v1/b2b/organizations/%s/member", params.OrganizationID),
		Query: url.Values{"member_id": {params.MemberID}, "email_address": {params.EmailAddress}},
	})
}

// DangerouslyGetParams identify a member by ID alone, in any organization.
// With IncludeDeleted, deleted members are returned too.
type DangerouslyGetParams struct {
	MemberID       string `json:"-"`
	IncludeDeleted bool   `json:"-"`
}

// DangerouslyGet returns a member of any organization of the project. Do
// not pass it member IDs that come from an untrusted source: it does not
// check that the member belongs to the caller's organization.
func (c *Client) DangerouslyGet(ctx context.Context, params *DangerouslyGetParams) (*GetResponse, error) {
	return stytchapi.Do[GetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: stytchapi.Pathf("/v1/b2b/organizations/members/dangerously_get/%s", params.MemberID),
		Query: url.Values{"include_deleted": {boolQuery(params.IncludeDeleted)}},
	})
}

// UpdateParams change a member. Only the fields that are set change: an
// empty string, a nil pointer, slice or map is left alone. Roles replaces the
// member's explicitly assigned roles (an empty non-nil slice removes them
// all); metadata objects replace the stored ones. Changing EmailAddress
// retires the old address (or drops it with UnlinkEmail), clears the
// member's password and leaves the new address unverified.
type UpdateParams struct {
	OrganizationID           string         `json:"-"`
	MemberID                 string         `json:"-"`
	Name                     string         `json:"name,omitzero"`
	TrustedMetadata          map[string]any `json:"trusted_metadata,omitzero"`
	UntrustedMetadata        map[string]any `json:"untrusted_metadata,omitzero"`
	IsBreakglass             *bool          `json:"is_breakglass,omitzero"`
	MFAPhoneNumber           string         `json:"mfa_phone_number,omitzero"`
	MFAEnrolled              *bool          `json:"mfa_enrolled,omitzero"`
	Roles                    []string       `json:"roles,omitzero"`
	PreserveExistingSessions bool           `json:"preserve_existing_sessions,omitzero"`
	DefaultMFAMethod         string         `json:"default_mfa_method,omitzero"`
	EmailAddress             string         `json:"email_address,omitzero"`
	ExternalID               string         `json:"external_id,omitzero"`
	UnlinkEmail              bool           `json:"unlink_email,omitzero"`
}

// UpdateResponse is the answer to Update.
type UpdateResponse MemberResponse

// Update changes a member. On any error nothing changes. With
// WithMemberSession, each changed field needs its RBAC permission.
func (c *Client) Update(ctx context.Context, params *UpdateParams, opts ...stytchapi.RequestOption) (*UpdateResponse, error) {
	return stytchapi.Do[UpdateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: memberPath(params.OrganizationID, params.MemberID, ""), Body: params, Options: opts,
	})
}

// DeleteParams identify the member to delete.
type DeleteParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// DeleteResponse is the answer to Delete.
type DeleteResponse struct {
	RequestID  string `json:"request_id"`
	MemberID   string `json:"member_id"`
	StatusCode int32  `json:"status_code"`
}

// Delete marks a member deleted: Get no longer finds it, its email address
// is free for a new member, and Reactivate can bring it back.
func (c *Client) Delete(ctx context.Context, params *DeleteParams, opts ...stytchapi.RequestOption) (*DeleteResponse, error) {
	return stytchapi.Do[DeleteResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: memberPath(params.OrganizationID, params.MemberID, ""), Options: opts,
	})
}

// ReactivateParams identify a deleted member by its member ID (not its
// external ID).
type ReactivateParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// ReactivateResponse is the answer to Reactivate.
type ReactivateResponse MemberResponse

// Reactivate makes a deleted member active again. The member needs a
// verified email address that no other member has taken meanwhile.
func (c *Client) Reactivate(ctx context.Context, params *ReactivateParams, opts ...stytchapi.RequestOption) (*ReactivateResponse, error) {
	return stytchapi.Do[ReactivateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: memberPath(params.OrganizationID, params.MemberID, "/reactivate"), Options: opts,
	})
}

// SearchParams filter and page a member search. OrganizationIDs is required
// and must not be empty. Limit defaults to 100 and may be at most 1000;
// Cursor is the NextCursor of the previous page. Deleted members are left
// out unless a "statuses" filter asks for them.
type SearchParams struct {
	OrganizationIDs []string                   `json:"organization_ids"`
	Cursor          string                     `json:"cursor,omitzero"`
	Limit           uint32                     `json:"limit,omitzero"`
	Query           *organizations.SearchQuery `json:"query,omitzero"`
}

// SearchResponse is one page of Search results, with the organizations of
// the members on the page keyed by organization ID.
type SearchResponse struct {
	RequestID       string                                `json:"request_id"`
	Members         []organizations.Member                `json:"members"`
	ResultsMetadata organizations.ResultsMetadata         `json:"results_metadata"`
	Organizations   map[string]organizations.Organization `json:"organizations"`
	StatusCode      int32                                 `json:"status_code"`
}

// Search returns one page of the members that match params.Query, oldest
// first. Stytch rate-limits search; do not use it on login paths.
func (c *Client) Search(ctx context.Context, params *SearchParams, opts ...stytchapi.RequestOption) (*SearchResponse, error) {
	return stytchapi.Do[SearchResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/organizations/members/search", Body: params, ReadOnly: true, Options: opts,
	})
}

// SearchAll walks every page of a search, starting at params.Cursor, and
// yields each member. It stops at the first error, which it yields with a
// zero Member.
func (c *Client) SearchAll(ctx context.Context, params *SearchParams, opts ...stytchapi.RequestOption) iter.Seq2[organizations.Member, error] {
	p := *params
	return stytchapi.Paginate(p.Cursor, func(cursor string) ([]organizations.Member, string, error) {
		p.Cursor = cursor
		page, err := c.Search(ctx, &p, opts...)
		if err != nil {
			return nil, "", err
		}
		return page.Members, page.ResultsMetadata.NextCursor, nil
	})
}

// DeletePasswordParams identify a member's password by its ID
// (Member.MemberPasswordID).
type DeletePasswordParams struct {
	OrganizationID   string `json:"-"`
	MemberPasswordID string `json:"-"`
}

// DeletePasswordResponse is the answer to DeletePassword.
type DeletePasswordResponse MemberResponse

// DeletePassword removes a member's password. An unknown password is a 404
// member_password_not_found error.
func (c *Client) DeletePassword(ctx context.Context, params *DeletePasswordParams, opts ...stytchapi.RequestOption) (*DeletePasswordResponse, error) {
	return stytchapi.Do[DeletePasswordResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: stytchapi.Pathf("/v1/b2b/organizations/%s/members/passwords/%s", params.OrganizationID, params.MemberPasswordID), Options: opts,
	})
}

// DeleteMFAPhoneNumberParams identify a member.
type DeleteMFAPhoneNumberParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// DeleteMFAPhoneNumberResponse is the answer to DeleteMFAPhoneNumber.
type DeleteMFAPhoneNumberResponse MemberResponse

// DeleteMFAPhoneNumber removes a member's MFA phone number, so that a new
// one can be set. A member without one is a 404 member_phone_number_not_found
// error.
func (c *Client) DeleteMFAPhoneNumber(ctx context.Context, params *DeleteMFAPhoneNumberParams, opts ...stytchapi.RequestOption) (*DeleteMFAPhoneNumberResponse, error) {
	return stytchapi.Do[DeleteMFAPhoneNumberResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: stytchapi.Pathf("/v1/b2b/organizations/%s/members/mfa_phone_numbers/%s", params.OrganizationID, params.MemberID), Options: opts,
	})
}

// DeleteTOTPParams identify a member.
type DeleteTOTPParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// DeleteTOTPResponse is the answer to DeleteTOTP.
type DeleteTOTPResponse MemberResponse

// DeleteTOTP removes a member's TOTP registration. A member without one is a
// 404 totp_not_found error.
func (c *Client) DeleteTOTP(ctx context.Context, params *DeleteTOTPParams, opts ...stytchapi.RequestOption) (*DeleteTOTPResponse, error) {
	return stytchapi.Do[DeleteTOTPResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: memberPath(params.OrganizationID, params.MemberID, "/totp"), Options: opts,
	})
}

// DeleteExternalIDParams identify a member.
type DeleteExternalIDParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// DeleteExternalIDResponse is the answer to DeleteExternalID.
type DeleteExternalIDResponse MemberResponse

// DeleteExternalID clears a member's external ID, freeing it for another
// member of the organization.
func (c *Client) DeleteExternalID(ctx context.Context, params *DeleteExternalIDParams, opts ...stytchapi.RequestOption) (*DeleteExternalIDResponse, error) {
	return stytchapi.Do[DeleteExternalIDResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: memberPath(params.OrganizationID, params.MemberID, "/external_id"), Options: opts,
	})
}

// UnlinkRetiredEmailParams identify one of a member's retired email
// addresses by EmailID, EmailAddress or both (which must then agree).
type UnlinkRetiredEmailParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
	EmailID        string `json:"email_id,omitzero"`
	EmailAddress   string `json:"email_address,omitzero"`
}

// UnlinkRetiredEmailResponse is the answer to UnlinkRetiredEmail.
type UnlinkRetiredEmailResponse struct {
	RequestID      string                     `json:"request_id"`
	MemberID       string                     `json:"member_id"`
	OrganizationID string                     `json:"organization_id"`
	Member         organizations.Member       `json:"member"`
	Organization   organizations.Organization `json:"organization"`
	StatusCode     int32                      `json:"status_code"`
}

// UnlinkRetiredEmail forgets a member's retired email address, so that
// another member of the organization may use it.
func (c *Client) UnlinkRetiredEmail(ctx context.Context, params *UnlinkRetiredEmailParams, opts ...stytchapi.RequestOption) (*UnlinkRetiredEmailResponse, error) {
	return stytchapi.Do[UnlinkRetiredEmailResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: memberPath(params.OrganizationID, params.MemberID, "/unlink_retired_email"), Body: params, Options: opts,
	})
}

// Delivery methods of StartEmailUpdate.
const (
	DeliveryEmailMagicLink = "EMAIL_MAGIC_LINK"
	DeliveryEmailOTP       = "EMAIL_OTP"
)

// StartEmailUpdateParams name the new email address of a member and how to
// prove it. DeliveryMethod is DeliveryEmailMagicLink (the default) or
// DeliveryEmailOTP; Locale is one of "en", "es", "pt-br" and "fr".
type StartEmailUpdateParams struct {
	OrganizationID   string `json:"-"`
	MemberID         string `json:"-"`
	EmailAddress     string `json:"email_address"`
	LoginRedirectURL string `json:"login_redirect_url,omitzero"`
	Locale           string `json:"locale,omitzero"`
	LoginTemplateID  string `json:"login_template_id,omitzero"`
	DeliveryMethod   string `json:"delivery_method,omitzero"`
}

// StartEmailUpdateResponse is the answer to StartEmailUpdate.
type StartEmailUpdateResponse MemberResponse

// StartEmailUpdate sends a magic link or one-time code to a new address of
// an active member with a verified email. The member's email changes when it
// is authenticated, within 5 minutes.
func (c *Client) StartEmailUpdate(ctx context.Context, params *StartEmailUpdateParams, opts ...stytchapi.RequestOption) (*StartEmailUpdateResponse, error) {
	return stytchapi.Do[StartEmailUpdateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: memberPath(params.OrganizationID, params.MemberID, "/start_email_update"), Body: params, Options: opts,
	})
}

// OIDCProviderInformationParams identify a member. IncludeRefreshToken asks
// for the refresh tokens too.
type OIDCProviderInformationParams struct {
	OrganizationID      string `json:"-"`
	MemberID            string `json:"-"`
	IncludeRefreshToken bool   `json:"-"`
}

// OIDCProvidersResponse is the answer to OIDCProviders.
type OIDCProvidersResponse struct {
	RequestID     string                           `json:"request_id"`
	Registrations []organizations.OIDCProviderInfo `json:"registrations"`
	StatusCode    int32                            `json:"status_code"`
}

// OIDCProviders returns the tokens stored at the member's last login through
// each OIDC SSO connection.
func (c *Client) OIDCProviders(ctx context.Context, params *OIDCProviderInformationParams) (*OIDCProvidersResponse, error) {
	return stytchapi.Do[OIDCProvidersResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: memberPath(params.OrganizationID, params.MemberID, "/oidc_providers"),
		Query: url.Values{"include_refresh_token": {boolQuery(params.IncludeRefreshToken)}},
	})
}

// GetConnectedAppsParams identify a member.
type GetConnectedAppsParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// GetConnectedAppsResponse is the answer to GetConnectedApps.
type GetConnectedAppsResponse struct {
	RequestID     string                             `json:"request_id"`
	ConnectedApps []organizations.MemberConnectedApp `json:"connected_apps"`
	StatusCode    int32                              `json:"status_code"`
}

// GetConnectedApps lists the connected apps the member has authorized, with
// the scopes granted.
func (c *Client) GetConnectedApps(ctx context.Context, params *GetConnectedAppsParams, opts ...stytchapi.RequestOption) (*GetConnectedAppsResponse, error) {
	return stytchapi.Do[GetConnectedAppsResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: memberPath(params.OrganizationID, params.MemberID, "/connected_apps"), Options: opts,
	})
}

// ConnectedAppsClient manages a member's connected apps. Get one from
// Client.ConnectedApps.
type ConnectedAppsClient struct {
	c *stytchapi.Client
}

// RevokeParams identify a member and one of its connected apps.
type RevokeParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
	ConnectedAppID string `json:"-"`
}

// RevokeResponse is the answer to Revoke.
type RevokeResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// Revoke withdraws a member's authorization of a connected app, with the
// app's tokens for that member.
func (c *ConnectedAppsClient) Revoke(ctx context.Context, params *RevokeParams, opts ...stytchapi.RequestOption) (*RevokeResponse, error) {
	return stytchapi.Do[RevokeResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: memberPath(params.OrganizationID, params.MemberID, "") + stytchapi.Pathf("/connected_apps/%s/revoke", params.ConnectedAppID), Options: opts,
	})
}
