package sessions

import (
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// MemberSession is a logged-in member in one organization.
type MemberSession struct {
	MemberSessionID       string                 `json:"member_session_id"`
	MemberID              string                 `json:"member_id"`
	StartedAt             *time.Time             `json:"started_at"`
	LastAccessedAt        *time.Time             `json:"last_accessed_at"`
	ExpiresAt             *time.Time             `json:"expires_at"`
	AuthenticationFactors []AuthenticationFactor `json:"authentication_factors"`
	OrganizationID        string                 `json:"organization_id"`
	Roles                 []string               `json:"roles"`
	OrganizationSlug      string                 `json:"organization_slug"`
	CustomClaims          map[string]any         `json:"custom_claims"`
}

// AuthorizationCheck asks whether the session may perform Action on
// ResourceID in OrganizationID.
type AuthorizationCheck struct {
	OrganizationID string `json:"organization_id"`
	ResourceID     string `json:"resource_id"`
	Action         string `json:"action"`
}

// AuthorizationVerdict is the answer to a successful AuthorizationCheck:
// GrantingRoles lists every role of the session that grants the action.
type AuthorizationVerdict struct {
	Authorized    bool     `json:"authorized"`
	GrantingRoles []string `json:"granting_roles"`
}

// JWK is one public key of the project's JSON Web Key Set.
type JWK struct {
	Kty     string   `json:"kty"`
	Use     string   `json:"use"`
	KeyOps  []string `json:"key_ops"`
	Alg     string   `json:"alg"`
	Kid     string   `json:"kid"`
	X5c     []string `json:"x5c"`
	X5tS256 string   `json:"x5t_s256,omitempty"`
	N       string   `json:"n"`
	E       string   `json:"e"`
}

// PrimaryRequired says which primary authentication methods may complete a
// login that needs one.
type PrimaryRequired struct {
	AllowedAuthMethods []string `json:"allowed_auth_methods"`
}

// MFARequired says that a login needs a second factor, and which ones the
// member has.
type MFARequired struct {
	MemberOptions          *MemberOptions `json:"member_options,omitempty"`
	SecondaryAuthInitiated string         `json:"secondary_auth_initiated,omitempty"`
}

// MemberOptions are the MFA factors a member has registered.
type MemberOptions struct {
	MFAPhoneNumber     string `json:"mfa_phone_number"`
	TOTPRegistrationID string `json:"totp_registration_id"`
}

// DeviceInfo describes the device a request came from (device fingerprinting).
type DeviceInfo struct {
	VisitorID           string                  `json:"visitor_id"`
	VisitorIDDetails    *DeviceAttributeDetails `json:"visitor_id_details,omitempty"`
	IPAddress           string                  `json:"ip_address,omitempty"`
	IPAddressDetails    *DeviceAttributeDetails `json:"ip_address_details,omitempty"`
	IPGeoCity           string                  `json:"ip_geo_city,omitempty"`
	IPGeoRegion         string                  `json:"ip_geo_region,omitempty"`
	IPGeoCountry        string                  `json:"ip_geo_country,omitempty"`
	IPGeoCountryDetails *DeviceAttributeDetails `json:"ip_geo_country_details,omitempty"`
}

// DeviceAttributeDetails says whether a device attribute was seen before.
type DeviceAttributeDetails struct {
	IsNew       bool   `json:"is_new"`
	FirstSeenAt string `json:"first_seen_at,omitempty"`
	LastSeenAt  string `json:"last_seen_at,omitempty"`
}

// AuthenticateParams authenticate a session by exactly one of SessionToken
// and SessionJWT. SessionDurationMinutes, when set, moves the session's
// expiry to now plus that many minutes (5 to 527040). SessionCustomClaims are
// merged into the session's claims (a nil value deletes a claim).
type AuthenticateParams struct {
	SessionToken           string              `json:"session_token,omitzero"`
	SessionDurationMinutes int32               `json:"session_duration_minutes,omitzero"`
	SessionJWT             string              `json:"session_jwt,omitzero"`
	SessionCustomClaims    map[string]any      `json:"session_custom_claims,omitzero"`
	AuthorizationCheck     *AuthorizationCheck `json:"authorization_check,omitzero"`
}

// AuthenticateResponse is the answer to Authenticate. SessionJWT is freshly
// minted.
type AuthenticateResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberSession MemberSession              `json:"member_session"`
	SessionToken  string                     `json:"session_token"`
	SessionJWT    string                     `json:"session_jwt"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	StatusCode    int32                      `json:"status_code"`
	Verdict       *AuthorizationVerdict      `json:"verdict,omitempty"`
}

// GetParams name the member whose active sessions Get returns.
type GetParams struct {
	OrganizationID string `json:"-"`
	MemberID       string `json:"-"`
}

// GetResponse is the answer to Get.
type GetResponse struct {
	RequestID      string          `json:"request_id"`
	MemberSessions []MemberSession `json:"member_sessions"`
	StatusCode     int32           `json:"status_code"`
}

// RevokeParams name what to revoke: one session by MemberSessionID,
// SessionToken or SessionJWT, or every session of MemberID. Give exactly one.
type RevokeParams struct {
	MemberSessionID string `json:"member_session_id,omitzero"`
	SessionToken    string `json:"session_token,omitzero"`
	SessionJWT      string `json:"session_jwt,omitzero"`
	MemberID        string `json:"member_id,omitzero"`
}

// RevokeResponse is the answer to Revoke.
type RevokeResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// ExchangeParams turn a session into a session of another organization
// where the same email address is a member.
type ExchangeParams struct {
	OrganizationID         string         `json:"organization_id"`
	SessionToken           string         `json:"session_token,omitzero"`
	SessionJWT             string         `json:"session_jwt,omitzero"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
	Locale                 string         `json:"locale,omitzero"`
	TelemetryID            string         `json:"telemetry_id,omitzero"`
}

// ExchangeResponse is the answer to Exchange. When MemberAuthenticated is
// false the login needs more factors and IntermediateSessionToken carries
// it on.
type ExchangeResponse struct {
	LoginResult
}

// ExchangeAccessTokenParams turn a connected-app access token into a session.
type ExchangeAccessTokenParams struct {
	AccessToken            string         `json:"access_token"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
	TelemetryID            string         `json:"telemetry_id,omitzero"`
}

// ExchangeAccessTokenResponse is the answer to ExchangeAccessToken.
type ExchangeAccessTokenResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	SessionToken  string                     `json:"session_token"`
	SessionJWT    string                     `json:"session_jwt"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	StatusCode    int32                      `json:"status_code"`
	MemberSession *MemberSession             `json:"member_session,omitempty"`
	MemberDevice  *DeviceInfo                `json:"member_device,omitempty"`
}

// AttestParams exchange a trusted auth token (a JWT from a token profile) for
// a session, or add it as a factor to the given session.
type AttestParams struct {
	ProfileID              string         `json:"profile_id"`
	Token                  string         `json:"token"`
	OrganizationID         string         `json:"organization_id,omitzero"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
	SessionToken           string         `json:"session_token,omitzero"`
	SessionJWT             string         `json:"session_jwt,omitzero"`
	TelemetryID            string         `json:"telemetry_id,omitzero"`
}

// AttestResponse is the answer to Attest.
type AttestResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	MemberSession MemberSession              `json:"member_session"`
	SessionToken  string                     `json:"session_token"`
	SessionJWT    string                     `json:"session_jwt"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	StatusCode    int32                      `json:"status_code"`
	MemberDevice  *DeviceInfo                `json:"member_device,omitempty"`
}

// MigrateParams turn a session of an external identity provider into a
// Stytch session of an existing member of OrganizationID.
type MigrateParams struct {
	SessionToken           string         `json:"session_token"`
	OrganizationID         string         `json:"organization_id"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
}

// MigrateResponse is the answer to Migrate.
type MigrateResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	SessionToken  string                     `json:"session_token"`
	SessionJWT    string                     `json:"session_jwt"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	StatusCode    int32                      `json:"status_code"`
	MemberSession *MemberSession             `json:"member_session,omitempty"`
}

// GetJWKSParams name the project whose keys GetJWKS returns; empty means the
// client's project.
type GetJWKSParams struct {
	ProjectID string `json:"-"`
}

// GetJWKSResponse is the answer to GetJWKS.
type GetJWKSResponse struct {
	Keys       []JWK  `json:"keys"`
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// LoginResult is what every login step answers: the member and organization,
// and either a session (MemberAuthenticated, with SessionToken, SessionJWT
// and MemberSession) or an intermediate session that carries the login on,
// with what it still needs (MFARequired or PrimaryRequired). The responses
// of magic links, passwords, email OTPs, discovery and session exchange
// embed it, so its fields read as theirs: resp.SessionToken.
type LoginResult struct {
	RequestID                         string                     `json:"request_id"`
	MemberID                          string                     `json:"member_id"`
	Member                            organizations.Member       `json:"member"`
	Organization                      organizations.Organization `json:"organization"`
	SessionToken                      string                     `json:"session_token"`
	SessionJWT                        string                     `json:"session_jwt"`
	IntermediateSessionToken          string                     `json:"intermediate_session_token"`
	MemberAuthenticated               bool                       `json:"member_authenticated"`
	StatusCode                        int32                      `json:"status_code"`
	MemberSession                     *MemberSession             `json:"member_session,omitempty"`
	MFARequired                       *MFARequired               `json:"mfa_required,omitempty"`
	PrimaryRequired                   *PrimaryRequired           `json:"primary_required,omitempty"`
	MemberDevice                      *DeviceInfo                `json:"member_device,omitempty"`
	IntermediateSessionTokenExpiresAt *time.Time                 `json:"intermediate_session_token_expires_at,omitempty"`
}
