package sessions

import (
	"time"

	b2bsessions "github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/consumer/users"
)

// The authentication factors, device information, JWKs and authorization
// verdicts are the same objects in both verticals of a project; these are
// the B2B package's types under the consumer names.
type (
	// AuthenticationFactor is one factor a user used to authenticate.
	AuthenticationFactor = b2bsessions.AuthenticationFactor
	// EmailFactor is the detail of an email factor.
	EmailFactor = b2bsessions.EmailFactor
	// PhoneNumberFactor is the detail of a phone factor.
	PhoneNumberFactor = b2bsessions.PhoneNumberFactor
	// EmbeddableMagicLinkFactor is the detail of an embeddable magic link.
	EmbeddableMagicLinkFactor = b2bsessions.EmbeddableMagicLinkFactor
	// DeviceInfo describes the device a request came from.
	DeviceInfo = b2bsessions.DeviceInfo
	// JWK is one public key of the project's JSON Web Key Set.
	JWK = b2bsessions.JWK
	// AuthorizationVerdict is the answer to a successful AuthorizationCheck.
	AuthorizationVerdict = b2bsessions.AuthorizationVerdict
)

// Session is a logged-in user.
type Session struct {
	SessionID             string                 `json:"session_id"`
	UserID                string                 `json:"user_id"`
	AuthenticationFactors []AuthenticationFactor `json:"authentication_factors"`
	Roles                 []string               `json:"roles"`
	StartedAt             *time.Time             `json:"started_at,omitempty"`
	LastAccessedAt        *time.Time             `json:"last_accessed_at,omitempty"`
	ExpiresAt             *time.Time             `json:"expires_at,omitempty"`
	Attributes            *users.Attributes      `json:"attributes,omitempty"`
	CustomClaims          map[string]any         `json:"custom_claims,omitempty"`
}

// AuthorizationCheck asks whether the session may perform Action on
// ResourceID.
type AuthorizationCheck struct {
	ResourceID string `json:"resource_id"`
	Action     string `json:"action"`
}

// LoginResult is what every consumer call that starts or extends a session
// answers: the user, the session, its token and a fresh JWT.
type LoginResult struct {
	RequestID    string      `json:"request_id"`
	UserID       string      `json:"user_id"`
	SessionToken string      `json:"session_token"`
	SessionJWT   string      `json:"session_jwt"`
	User         users.User  `json:"user"`
	StatusCode   int32       `json:"status_code"`
	Session      *Session    `json:"session,omitempty"`
	UserDevice   *DeviceInfo `json:"user_device,omitempty"`
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
	RequestID    string                `json:"request_id"`
	Session      Session               `json:"session"`
	SessionToken string                `json:"session_token"`
	SessionJWT   string                `json:"session_jwt"`
	User         users.User            `json:"user"`
	StatusCode   int32                 `json:"status_code"`
	Verdict      *AuthorizationVerdict `json:"verdict,omitempty"`
}

// GetParams name the user whose active sessions Get returns.
type GetParams struct {
	UserID string `json:"-"`
}

// GetResponse is the answer to Get.
type GetResponse struct {
	RequestID  string    `json:"request_id"`
	Sessions   []Session `json:"sessions"`
	StatusCode int32     `json:"status_code"`
}

// RevokeParams name one session by exactly one of SessionID, SessionToken
// and SessionJWT.
type RevokeParams struct {
	SessionID    string `json:"session_id,omitzero"`
	SessionToken string `json:"session_token,omitzero"`
	SessionJWT   string `json:"session_jwt,omitzero"`
}

// RevokeResponse is the answer to Revoke.
type RevokeResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// GetJWKSParams name the project whose keys to fetch ("" for the client's).
type GetJWKSParams struct {
	ProjectID string `json:"-"`
}

// GetJWKSResponse is the project's JSON Web Key Set.
type GetJWKSResponse struct {
	Keys       []JWK  `json:"keys"`
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// AttestParams exchange a trusted auth token of the profile for a session.
type AttestParams struct {
	ProfileID              string         `json:"profile_id"`
	Token                  string         `json:"token"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
	SessionToken           string         `json:"session_token,omitzero"`
	SessionJWT             string         `json:"session_jwt,omitzero"`
	TelemetryID            string         `json:"telemetry_id,omitzero"`
}

// AttestResponse is the answer to Attest.
type AttestResponse = LoginResult

// MigrateParams carry an external identity provider's session token.
type MigrateParams struct {
	SessionToken           string         `json:"session_token"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
	TelemetryID            string         `json:"telemetry_id,omitzero"`
}

// MigrateResponse is the answer to Migrate.
type MigrateResponse = LoginResult

// ExchangeAccessTokenParams carry a connected app's access token.
type ExchangeAccessTokenParams struct {
	AccessToken            string         `json:"access_token"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
	TelemetryID            string         `json:"telemetry_id,omitzero"`
}

// ExchangeAccessTokenResponse is the answer to ExchangeAccessToken.
type ExchangeAccessTokenResponse = LoginResult
