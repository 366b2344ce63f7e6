package organizations

import (
	"context"
	"iter"
	"net/http"
	"net/url"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// MembersClient calls the member endpoints. Get one from
// b2b.Client.Organizations.Members.
type MembersClient struct {
	c *stytchapi.Client
	// OAuthProviders reads the OAuth tokens Stytch stored for a member.
	OAuthProviders *MembersOAuthProvidersClient
	// ConnectedApps manages the connected apps a member has authorized.
	ConnectedApps *MembersConnectedAppsClient
}

// newMembersClient returns a MembersClient that sends requests with c.
func newMembersClient(c *stytchapi.Client) *MembersClient {
	return &MembersClient{c: c, OAuthProviders: &MembersOAuthProvidersClient{c: c}, ConnectedApps: &MembersConnectedAppsClient{c: c}}
}

// MemberResponse is the answer of the endpoints that return one member with
// its organization.
type MemberResponse struct {
	RequestID    string       `json:"request_id"`
	MemberID     string       `json:"member_id"`
	Member       Member       `json:"member"`
	Organization Organization `json:"organization"`
	StatusCode   int32        `json:"status_code"`
}

// boolQuery returns "true" for true and "" (left out of the query) for false.
func boolQuery(b bool) string {
	if b {
		return "true"
	}
	return ""
}

// MembersCreateParams are the fields of a new member. EmailAddress is required and
// must not be used by another member of the organization (nor retired by
// one). The member is active unless CreateMemberAsPending is set.
type MembersCreateParams struct {
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

// MembersCreateResponse is the answer to Create.
type MembersCreateResponse MemberResponse

// Create adds a member to an organization. It does not check the
// organization's JIT or invite settings: members created here are
// provisioned by your backend.
func (c *MembersClient) Create(ctx context.Context, params *MembersCreateParams, opts ...stytchapi.RequestOption) (*MembersCreateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersCreateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/organizations/{organization_id}/members", PathParams: []string{p.OrganizationID}, Body: params, Options: opts,
	})
}

// MembersGetParams identify a member of an organization by exactly one of MemberID
// (which may also be the member's external ID) and EmailAddress.
type MembersGetParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
	EmailAddress   string `json:"-"`
}

// MembersGetResponse is the answer to Get and DangerouslyGet.
type MembersGetResponse MemberResponse

// Get returns a member. Deleted and unknown members are a 404
// member_not_found error.
func (c *MembersClient) Get(ctx context.Context, params *MembersGetParams, opts ...stytchapi.RequestOption) (*MembersGetResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersGetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/organizations/{organization_id}/member", PathParams: []string{p.OrganizationID},
		Query: url.Values{"member_id": {p.MemberID}, "email_address": {p.EmailAddress}}, Options: opts,
	})
}

// MembersDangerouslyGetParams identify a member by ID alone, in any organization.
// With IncludeDeleted, deleted members are returned too.
type MembersDangerouslyGetParams struct {
	MemberID       string `json:"-"`
	IncludeDeleted bool   `json:"-"`
}

// DangerouslyGet returns a member of any organization of the project. Do
// not pass it member IDs that come from an untrusted source: it does not
// check that the member belongs to the caller's organization.
func (c *MembersClient) DangerouslyGet(ctx context.Context, params *MembersDangerouslyGetParams, opts ...stytchapi.RequestOption) (*MembersGetResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersGetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/organizations/members/dangerously_get/{member_id}", PathParams: []string{p.MemberID},
		Query: url.Values{"include_deleted": {boolQuery(p.IncludeDeleted)}}, Options: opts,
	})
}

// MembersUpdateParams change a member. Only the fields that are set change: an
// empty string, a nil pointer, slice or map is left alone. Roles replaces the
// member's explicitly assigned roles (an empty non-nil slice removes them
// all); metadata objects replace the stored ones. Changing EmailAddress
// retires the old address (or drops it with UnlinkEmail), clears the
// member's password and leaves the new address unverified.
type MembersUpdateParams struct {
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

// MembersUpdateResponse is the answer to Update.
type MembersUpdateResponse MemberResponse

// Update changes a member. On any error nothing changes. With
// WithMemberSession, each changed field needs its RBAC permission.
func (c *MembersClient) Update(ctx context.Context, params *MembersUpdateParams, opts ...stytchapi.RequestOption) (*MembersUpdateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersUpdateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}", PathParams: []string{p.OrganizationID, p.MemberID}, Body: params, Options: opts,
	})
}

// MembersDeleteParams identify the member to delete.
type MembersDeleteParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// MembersDeleteResponse is the answer to Delete.
type MembersDeleteResponse struct {
	RequestID  string `json:"request_id"`
	MemberID   string `json:"member_id"`
	StatusCode int32  `json:"status_code"`
}

// Delete marks a member deleted: Get no longer finds it, its email address
// is free for a new member, and Reactivate can bring it back.
func (c *MembersClient) Delete(ctx context.Context, params *MembersDeleteParams, opts ...stytchapi.RequestOption) (*MembersDeleteResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersDeleteResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}", PathParams: []string{p.OrganizationID, p.MemberID}, Options: opts,
	})
}

// MembersReactivateParams identify a deleted member by its member ID (not its
// external ID).
type MembersReactivateParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// MembersReactivateResponse is the answer to Reactivate.
type MembersReactivateResponse MemberResponse

// Reactivate makes a deleted member active again. The member needs a
// verified email address that no other member has taken meanwhile.
func (c *MembersClient) Reactivate(ctx context.Context, params *MembersReactivateParams, opts ...stytchapi.RequestOption) (*MembersReactivateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersReactivateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}/reactivate", PathParams: []string{p.OrganizationID, p.MemberID}, Options: opts,
	})
}

// MembersSearchParams filter and page a member search. OrganizationIDs is required
// and must not be empty. Limit defaults to 100 and may be at most 1000;
// Cursor is the NextCursor of the previous page. Deleted members are left
// out unless a "statuses" filter asks for them.
type MembersSearchParams struct {
	OrganizationIDs []string     `json:"organization_ids"`
	Cursor          string       `json:"cursor,omitzero"`
	Limit           uint32       `json:"limit,omitzero"`
	Query           *SearchQuery `json:"query,omitzero"`
}

// MembersSearchResponse is one page of Search results, with the organizations of
// the members on the page keyed by organization ID.
type MembersSearchResponse struct {
	RequestID       string                  `json:"request_id"`
	Members         []Member                `json:"members"`
	ResultsMetadata ResultsMetadata         `json:"results_metadata"`
	Organizations   map[string]Organization `json:"organizations"`
	StatusCode      int32                   `json:"status_code"`
}

// Search returns one page of the members that match params.Query, oldest
// first. Stytch rate-limits search; do not use it on login paths.
func (c *MembersClient) Search(ctx context.Context, params *MembersSearchParams, opts ...stytchapi.RequestOption) (*MembersSearchResponse, error) {
	return stytchapi.Do[MembersSearchResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/organizations/members/search", Body: params, ReadOnly: true, Options: opts,
	})
}

// SearchAll walks every page of a search, starting at params.Cursor, and
// yields each member. It stops at the first error, which it yields with a
// zero Member.
func (c *MembersClient) SearchAll(ctx context.Context, params *MembersSearchParams, opts ...stytchapi.RequestOption) iter.Seq2[Member, error] {
	p := *nilsafe.Ptr(params)
	return stytchapi.Paginate(p.Cursor, func(cursor string) ([]Member, string, error) {
		p.Cursor = cursor
		page, err := c.Search(ctx, &p, opts...)
		if err != nil {
			return nil, "", err
		}
		return page.Members, page.ResultsMetadata.NextCursor, nil
	})
}

// MembersDeletePasswordParams identify a member's password by its ID
// (Member.MemberPasswordID).
type MembersDeletePasswordParams struct {
	OrganizationID   string `json:"-"`
	MemberPasswordID string `json:"-"`
}

// MembersDeletePasswordResponse is the answer to DeletePassword.
type MembersDeletePasswordResponse MemberResponse

// DeletePassword removes a member's password. An unknown password is a 404
// member_password_not_found error.
func (c *MembersClient) DeletePassword(ctx context.Context, params *MembersDeletePasswordParams, opts ...stytchapi.RequestOption) (*MembersDeletePasswordResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersDeletePasswordResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/organizations/{organization_id}/members/passwords/{member_password_id}", PathParams: []string{p.OrganizationID, p.MemberPasswordID}, Options: opts,
	})
}

// MembersDeleteMFAPhoneNumberParams identify a member.
type MembersDeleteMFAPhoneNumberParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// MembersDeleteMFAPhoneNumberResponse is the answer to DeleteMFAPhoneNumber.
type MembersDeleteMFAPhoneNumberResponse MemberResponse

// DeleteMFAPhoneNumber removes a member's MFA phone number, so that a new
// one can be set. A member without one is a 404 member_phone_number_not_found
// error.
func (c *MembersClient) DeleteMFAPhoneNumber(ctx context.Context, params *MembersDeleteMFAPhoneNumberParams, opts ...stytchapi.RequestOption) (*MembersDeleteMFAPhoneNumberResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersDeleteMFAPhoneNumberResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}", PathParams: []string{p.OrganizationID, p.MemberID}, Options: opts,
	})
}

// MembersDeleteTOTPParams identify a member.
type MembersDeleteTOTPParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// MembersDeleteTOTPResponse is the answer to DeleteTOTP.
type MembersDeleteTOTPResponse MemberResponse

// DeleteTOTP removes a member's TOTP registration. A member without one is a
// 404 totp_not_found error.
func (c *MembersClient) DeleteTOTP(ctx context.Context, params *MembersDeleteTOTPParams, opts ...stytchapi.RequestOption) (*MembersDeleteTOTPResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersDeleteTOTPResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}/totp", PathParams: []string{p.OrganizationID, p.MemberID}, Options: opts,
	})
}

// MembersDeleteExternalIDParams identify a member.
type MembersDeleteExternalIDParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// MembersDeleteExternalIDResponse is the answer to DeleteExternalID.
type MembersDeleteExternalIDResponse MemberResponse

// DeleteExternalID clears a member's external ID, freeing it for another
// member of the organization.
func (c *MembersClient) DeleteExternalID(ctx context.Context, params *MembersDeleteExternalIDParams, opts ...stytchapi.RequestOption) (*MembersDeleteExternalIDResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersDeleteExternalIDResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}/external_id", PathParams: []string{p.OrganizationID, p.MemberID}, Options: opts,
	})
}

// MembersUnlinkRetiredEmailParams identify one of a member's retired email
// addresses by EmailID, EmailAddress or both (which must then agree).
type MembersUnlinkRetiredEmailParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
	EmailID        string `json:"email_id,omitzero"`
	EmailAddress   string `json:"email_address,omitzero"`
}

// MembersUnlinkRetiredEmailResponse is the answer to UnlinkRetiredEmail.
type MembersUnlinkRetiredEmailResponse struct {
	RequestID      string       `json:"request_id"`
	MemberID       string       `json:"member_id"`
	OrganizationID string       `json:"organization_id"`
	Member         Member       `json:"member"`
	Organization   Organization `json:"organization"`
	StatusCode     int32        `json:"status_code"`
}

// UnlinkRetiredEmail forgets a member's retired email address, so that
// another member of the organization may use it.
func (c *MembersClient) UnlinkRetiredEmail(ctx context.Context, params *MembersUnlinkRetiredEmailParams, opts ...stytchapi.RequestOption) (*MembersUnlinkRetiredEmailResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersUnlinkRetiredEmailResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}/unlink_retired_email", PathParams: []string{p.OrganizationID, p.MemberID}, Body: params, Options: opts,
	})
}

// Delivery methods of StartEmailUpdate.
const (
	DeliveryEmailMagicLink = "EMAIL_MAGIC_LINK"
	DeliveryEmailOTP       = "EMAIL_OTP"
)

// MembersStartEmailUpdateParams name the new email address of a member and how to
// prove it. DeliveryMethod is DeliveryEmailMagicLink (the default) or
// DeliveryEmailOTP; Locale is one of "en", "es", "pt-br" and "fr".
type MembersStartEmailUpdateParams struct {
	OrganizationID   string `json:"-"`
	MemberID         string `json:"-"`
	EmailAddress     string `json:"email_address"`
	LoginRedirectURL string `json:"login_redirect_url,omitzero"`
	Locale           string `json:"locale,omitzero"`
	LoginTemplateID  string `json:"login_template_id,omitzero"`
	DeliveryMethod   string `json:"delivery_method,omitzero"`
}

// MembersStartEmailUpdateResponse is the answer to StartEmailUpdate.
type MembersStartEmailUpdateResponse MemberResponse

// StartEmailUpdate sends a magic link or one-time code to a new address of
// an active member with a verified email. The member's email changes when it
// is authenticated, within 5 minutes.
func (c *MembersClient) StartEmailUpdate(ctx context.Context, params *MembersStartEmailUpdateParams, opts ...stytchapi.RequestOption) (*MembersStartEmailUpdateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersStartEmailUpdateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}/start_email_update", PathParams: []string{p.OrganizationID, p.MemberID}, Body: params, Options: opts,
	})
}

// MembersOIDCProvidersParams identify a member. IncludeRefreshToken asks
// for the refresh tokens too.
type MembersOIDCProvidersParams struct {
	OrganizationID      string `json:"-"`
	MemberID            string `json:"-"`
	IncludeRefreshToken bool   `json:"-"`
}

// MembersOIDCProvidersResponse is the answer to OIDCProviders.
type MembersOIDCProvidersResponse struct {
	RequestID     string             `json:"request_id"`
	Registrations []OIDCProviderInfo `json:"registrations"`
	StatusCode    int32              `json:"status_code"`
}

// OIDCProviders returns the tokens stored at the member's last login through
// each OIDC SSO connection.
func (c *MembersClient) OIDCProviders(ctx context.Context, params *MembersOIDCProvidersParams, opts ...stytchapi.RequestOption) (*MembersOIDCProvidersResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersOIDCProvidersResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oidc_providers", PathParams: []string{p.OrganizationID, p.MemberID},
		Query: url.Values{"include_refresh_token": {boolQuery(p.IncludeRefreshToken)}}, Options: opts,
	})
}

// MembersGetConnectedAppsParams identify a member.
type MembersGetConnectedAppsParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// MembersGetConnectedAppsResponse is the answer to GetConnectedApps.
type MembersGetConnectedAppsResponse struct {
	RequestID     string               `json:"request_id"`
	ConnectedApps []MemberConnectedApp `json:"connected_apps"`
	StatusCode    int32                `json:"status_code"`
}

// GetConnectedApps lists the connected apps the member has authorized, with
// the scopes granted.
func (c *MembersClient) GetConnectedApps(ctx context.Context, params *MembersGetConnectedAppsParams, opts ...stytchapi.RequestOption) (*MembersGetConnectedAppsResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersGetConnectedAppsResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps", PathParams: []string{p.OrganizationID, p.MemberID}, Options: opts,
	})
}

// MembersConnectedAppsClient manages a member's connected apps. Get one from
// MembersClient.ConnectedApps.
type MembersConnectedAppsClient struct {
	c *stytchapi.Client
}

// MembersConnectedAppsRevokeParams identify a member and one of its connected apps.
type MembersConnectedAppsRevokeParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
	ConnectedAppID string `json:"-"`
}

// MembersConnectedAppsRevokeResponse is the answer to Revoke.
type MembersConnectedAppsRevokeResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// Revoke withdraws a member's authorization of a connected app, with the
// app's tokens for that member.
func (c *MembersConnectedAppsClient) Revoke(ctx context.Context, params *MembersConnectedAppsRevokeParams, opts ...stytchapi.RequestOption) (*MembersConnectedAppsRevokeResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MembersConnectedAppsRevokeResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps/{connected_app_id}/revoke", PathParams: []string{p.OrganizationID, p.MemberID, p.ConnectedAppID}, Options: opts,
	})
}
