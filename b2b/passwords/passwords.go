// Package passwords is the client for Stytch B2B passwords: Authenticate,
// StrengthCheck and Migrate on Client; resets by email through Client.Email;
// with the current password through Client.ExistingPassword; from a live
// session through Client.Sessions; and cross-organization (discovery) logins
// and resets through Client.Discovery and Client.Discovery.Email.
//
// Types of a sub-client carry its field path as a prefix:
// client.Passwords.Email.ResetStart takes EmailResetStartParams and
// client.Passwords.Discovery.Email.Reset takes DiscoveryEmailResetParams.
package passwords

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Hash types Migrate accepts.
const (
	HashBcrypt   = "bcrypt"
	HashMD5      = "md_5"
	HashArgon2i  = "argon_2i"
	HashArgon2id = "argon_2id"
	HashSHA1     = "sha_1"
	HashSHA512   = "sha_512"
	HashScrypt   = "scrypt"
	HashPHPass   = "phpass"
	HashPBKDF2   = "pbkdf_2"
)

// Strength policies StrengthCheckResponse.StrengthPolicy names.
const (
	PolicyZxcvbn = "zxcvbn"
	PolicyLUDS   = "luds"
)

// Client authenticates, checks and migrates passwords. Get one from
// b2b.Client.Passwords.
type Client struct {
	c *stytchapi.Client
	// Email starts and completes password resets by email, and forces
	// resets.
	Email *EmailClient
	// ExistingPassword resets a password given the current one.
	ExistingPassword *ExistingPasswordClient
	// Sessions resets the password of the member of a live session.
	Sessions *SessionsClient
	// Discovery authenticates and resets cross-organization passwords.
	Discovery *DiscoveryClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{
		c: c, Email: newEmailClient(c), ExistingPassword: newExistingPasswordClient(c),
		Sessions: newSessionsClient(c), Discovery: newDiscoveryClient(c),
	}
}

// AuthenticateParams log a member into an organization with their email
// address and password. The session arguments work as for magic links: a
// SessionToken or SessionJWT of the same member is extended, an
// IntermediateSessionToken adds the password to a login in progress, and
// SessionDurationMinutes is 5 to 527040 (default 60).
type AuthenticateParams struct {
	OrganizationID           string         `json:"organization_id"`
	EmailAddress             string         `json:"email_address"`
	Password                 string         `json:"password"`
	SessionToken             string         `json:"session_token,omitzero"`
	SessionDurationMinutes   int32          `json:"session_duration_minutes,omitzero"`
	SessionJWT               string         `json:"session_jwt,omitzero"`
	SessionCustomClaims      map[string]any `json:"session_custom_claims,omitzero"`
	Locale                   string         `json:"locale,omitzero"`
	IntermediateSessionToken string         `json:"intermediate_session_token,omitzero"`
	TelemetryID              string         `json:"telemetry_id,omitzero"`
}

// AuthenticateResponse is the answer to Authenticate. When
// MemberAuthenticated is false the organization wants MFA (MFARequired) or,
// because a password does not prove ownership of an unverified email
// address, an email-proving factor (PrimaryRequired); the
// IntermediateSessionToken carries the login on.
type AuthenticateResponse struct {
	sessions.LoginResult
	OrganizationID string `json:"organization_id"`
}

// Authenticate checks a member's password. A wrong password and an unknown
// address fail alike with 401 unauthorized_credentials.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams, opts ...stytchapi.RequestOption) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/authenticate", Body: params, Options: opts,
	})
}

// StrengthCheckParams carry a candidate password and, optionally, the email
// address it is for (which enables the breach check).
type StrengthCheckParams struct {
	Password     string `json:"password"`
	EmailAddress string `json:"email_address,omitzero"`
}

// LudsFeedback explains a password under the LUDS policy (lower case,
// upper case, digits, symbols, length).
type LudsFeedback struct {
	HasLowerCase      bool  `json:"has_lower_case"`
	HasUpperCase      bool  `json:"has_upper_case"`
	HasDigit          bool  `json:"has_digit"`
	HasSymbol         bool  `json:"has_symbol"`
	MissingComplexity int32 `json:"missing_complexity"`
	MissingCharacters int32 `json:"missing_characters"`
}

// ZxcvbnFeedback explains a password's zxcvbn score.
type ZxcvbnFeedback struct {
	Warning     string   `json:"warning"`
	Suggestions []string `json:"suggestions"`
}

// StrengthCheckResponse is the answer to StrengthCheck. ValidPassword is
// what a reset or migration would require; Score is zxcvbn's 0 to 4.
type StrengthCheckResponse struct {
	RequestID               string          `json:"request_id"`
	ValidPassword           bool            `json:"valid_password"`
	Score                   int32           `json:"score"`
	BreachedPassword        bool            `json:"breached_password"`
	StrengthPolicy          string          `json:"strength_policy"`
	BreachDetectionOnCreate bool            `json:"breach_detection_on_create"`
	StatusCode              int32           `json:"status_code"`
	LudsFeedback            *LudsFeedback   `json:"luds_feedback,omitempty"`
	ZxcvbnFeedback          *ZxcvbnFeedback `json:"zxcvbn_feedback,omitempty"`
}

// StrengthCheck rates a password under the project's strength policy. It
// changes nothing.
func (c *Client) StrengthCheck(ctx context.Context, params *StrengthCheckParams, opts ...stytchapi.RequestOption) (*StrengthCheckResponse, error) {
	return stytchapi.Do[StrengthCheckResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/strength_check", Body: params, ReadOnly: true, Options: opts,
	})
}

// Argon2Config are the parameters of an argon_2i or argon_2id hash; Salt is
// the raw salt.
type Argon2Config struct {
	Salt            string `json:"salt"`
	IterationAmount int32  `json:"iteration_amount"`
	Memory          int32  `json:"memory"`
	Threads         int32  `json:"threads"`
	KeyLength       int32  `json:"key_length"`
}

// MD5Config are the salts around the password of an md_5 hash.
type MD5Config struct {
	PrependSalt string `json:"prepend_salt"`
	AppendSalt  string `json:"append_salt"`
}

// SHA1Config are the salts around the password of a sha_1 hash.
type SHA1Config struct {
	PrependSalt string `json:"prepend_salt"`
	AppendSalt  string `json:"append_salt"`
}

// SHA512Config are the salts around the password of a sha_512 hash.
type SHA512Config struct {
	PrependSalt string `json:"prepend_salt"`
	AppendSalt  string `json:"append_salt"`
}

// ScryptConfig are the parameters of a scrypt hash; Salt is the raw salt.
type ScryptConfig struct {
	Salt       string `json:"salt"`
	NParameter int32  `json:"n_parameter"`
	RParameter int32  `json:"r_parameter"`
	PParameter int32  `json:"p_parameter"`
	KeyLength  int32  `json:"key_length"`
}

// PBKDF2Config are the parameters of a pbkdf_2 hash; Algorithm is the HMAC
// hash ("sha256", "sha512" or "sha1").
type PBKDF2Config struct {
	Salt            string `json:"salt"`
	IterationAmount int32  `json:"iteration_amount"`
	KeyLength       int32  `json:"key_length"`
	Algorithm       string `json:"algorithm"`
}

// MigrateParams import a password hash from another system. Hash is the
// hash as that system stored it (see the hash types for its encoding) and
// the config matching HashType carries its parameters. A member with the
// address is created when the organization has none; the other fields
// describe that new member.
type MigrateParams struct {
	EmailAddress             string         `json:"email_address"`
	Hash                     string         `json:"hash"`
	HashType                 string         `json:"hash_type"`
	OrganizationID           string         `json:"organization_id"`
	MD5Config                *MD5Config     `json:"md_5_config,omitempty"`
	Argon2Config             *Argon2Config  `json:"argon_2_config,omitempty"`
	SHA1Config               *SHA1Config    `json:"sha_1_config,omitempty"`
	SHA512Config             *SHA512Config  `json:"sha_512_config,omitempty"`
	ScryptConfig             *ScryptConfig  `json:"scrypt_config,omitempty"`
	PBKDF2Config             *PBKDF2Config  `json:"pbkdf_2_config,omitempty"`
	Name                     string         `json:"name,omitzero"`
	TrustedMetadata          map[string]any `json:"trusted_metadata,omitzero"`
	UntrustedMetadata        map[string]any `json:"untrusted_metadata,omitzero"`
	Roles                    []string       `json:"roles,omitzero"`
	PreserveExistingSessions bool           `json:"preserve_existing_sessions,omitzero"`
	MFAPhoneNumber           string         `json:"mfa_phone_number,omitzero"`
	SetPhoneNumberVerified   bool           `json:"set_phone_number_verified,omitzero"`
	ExternalID               string         `json:"external_id,omitzero"`
}

// MigrateResponse is the answer to Migrate. MemberCreated tells whether the
// member was new.
type MigrateResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	MemberCreated bool                       `json:"member_created"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	StatusCode    int32                      `json:"status_code"`
}

// Migrate attaches an imported password hash to a member who has no
// password, creating the member if needed, and marks the email verified.
// Later logins verify against the imported hash.
func (c *Client) Migrate(ctx context.Context, params *MigrateParams, opts ...stytchapi.RequestOption) (*MigrateResponse, error) {
	return stytchapi.Do[MigrateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/migrate", Body: params, Options: opts,
	})
}
