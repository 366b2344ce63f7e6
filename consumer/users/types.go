package users

import "time"

// User statuses.
const (
	StatusActive  = "active"
	StatusPending = "pending"
)

// User is an end user of a consumer project: their emails and phone numbers
// with verification flags, the factors they registered, and metadata.
type User struct {
	UserID                 string                  `json:"user_id"`
	Emails                 []Email                 `json:"emails"`
	Status                 string                  `json:"status"`
	PhoneNumbers           []PhoneNumber           `json:"phone_numbers"`
	WebAuthnRegistrations  []WebAuthnRegistration  `json:"webauthn_registrations"`
	Providers              []OAuthProvider         `json:"providers"`
	TOTPs                  []TOTP                  `json:"totps"`
	CryptoWallets          []CryptoWallet          `json:"crypto_wallets"`
	BiometricRegistrations []BiometricRegistration `json:"biometric_registrations"`
	IsLocked               bool                    `json:"is_locked"`
	Roles                  []string                `json:"roles"`
	Name                   *Name                   `json:"name,omitempty"`
	CreatedAt              *time.Time              `json:"created_at,omitempty"`
	Password               *Password               `json:"password,omitempty"`
	TrustedMetadata        map[string]any          `json:"trusted_metadata,omitempty"`
	UntrustedMetadata      map[string]any          `json:"untrusted_metadata,omitempty"`
	ExternalID             string                  `json:"external_id,omitempty"`
	LockCreatedAt          *time.Time              `json:"lock_created_at,omitempty"`
	LockExpiresAt          *time.Time              `json:"lock_expires_at,omitempty"`
}

// Email is one email address of a user.
type Email struct {
	EmailID  string `json:"email_id"`
	Email    string `json:"email"`
	Verified bool   `json:"verified"`
}

// PhoneNumber is one phone number of a user, in E.164 format.
type PhoneNumber struct {
	PhoneID     string `json:"phone_id"`
	PhoneNumber string `json:"phone_number"`
	Verified    bool   `json:"verified"`
}

// Name is a user's name.
type Name struct {
	FirstName  string `json:"first_name,omitempty"`
	MiddleName string `json:"middle_name,omitempty"`
	LastName   string `json:"last_name,omitempty"`
}

// Password identifies a user's password.
type Password struct {
	PasswordID    string `json:"password_id"`
	RequiresReset bool   `json:"requires_reset"`
}

// WebAuthnRegistration is a passkey or security key of a user.
type WebAuthnRegistration struct {
	WebAuthnRegistrationID string `json:"webauthn_registration_id"`
	Domain                 string `json:"domain"`
	UserAgent              string `json:"user_agent"`
	Verified               bool   `json:"verified"`
	AuthenticatorType      string `json:"authenticator_type"`
	Name                   string `json:"name"`
}

// OAuthProvider is an OAuth identity linked to a user.
type OAuthProvider struct {
	ProviderType            string `json:"provider_type"`
	ProviderSubject         string `json:"provider_subject"`
	ProfilePictureURL       string `json:"profile_picture_url"`
	Locale                  string `json:"locale"`
	OAuthUserRegistrationID string `json:"oauth_user_registration_id"`
}

// TOTP is an authenticator-app registration of a user.
type TOTP struct {
	TOTPID   string `json:"totp_id"`
	Verified bool   `json:"verified"`
}

// CryptoWallet is a crypto wallet linked to a user.
type CryptoWallet struct {
	CryptoWalletID      string `json:"crypto_wallet_id"`
	CryptoWalletAddress string `json:"crypto_wallet_address"`
	CryptoWalletType    string `json:"crypto_wallet_type"`
	Verified            bool   `json:"verified"`
}

// BiometricRegistration is a mobile biometric key of a user.
type BiometricRegistration struct {
	BiometricRegistrationID string `json:"biometric_registration_id"`
	Verified                bool   `json:"verified"`
}

// Attributes are the IP address and user agent of the end user's request,
// which Stytch records and can match.
type Attributes struct {
	IPAddress string `json:"ip_address,omitempty"`
	UserAgent string `json:"user_agent,omitempty"`
}

// UserConnectedApp is a connected app a user has granted access.
type UserConnectedApp struct {
	ConnectedAppID string `json:"connected_app_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	ClientType     string `json:"client_type"`
	ScopesGranted  string `json:"scopes_granted"`
	LogoURL        string `json:"logo_url,omitempty"`
}

// ResultsMetadata describes a page of search results: the number of users
// matching the query and the cursor of the next page ("" on the last one).
type ResultsMetadata struct {
	Total      int32  `json:"total"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// SearchOperator joins the operands of a SearchUsersQuery.
type SearchOperator string

// The search operators.
const (
	OperatorAND SearchOperator = "AND"
	OperatorOR  SearchOperator = "OR"
)

// SearchUsersQuery filters a user search: its operands joined by Operator.
// An empty query matches every user.
type SearchUsersQuery struct {
	Operator SearchOperator  `json:"operator"`
	Operands []SearchOperand `json:"operands"`
}

// SearchOperand is one filter of a SearchUsersQuery, such as
// Filter("email_address", []string{"ada@example.com"}). The filters are
// created_at_greater_than, created_at_less_than (RFC 3339 timestamps),
// created_at_between ({"greater_than": ..., "less_than": ...}), user_id,
// email_address, email_domain, phone_number and oauth_provider (lists),
// email_address_fuzzy, phone_number_fuzzy and full_name_fuzzy (at least 3
// characters), status ("active" or "pending"), and the booleans
// email_verified, phone_verified, password_exists and totp_verified.
type SearchOperand struct {
	FilterName  string `json:"filter_name"`
	FilterValue any    `json:"filter_value"`
}

// Filter returns the operand filterName = value.
func Filter(filterName string, value any) SearchOperand {
	return SearchOperand{FilterName: filterName, FilterValue: value}
}

// And returns a query matching users that pass every operand.
func And(operands ...SearchOperand) *SearchUsersQuery {
	return &SearchUsersQuery{Operator: OperatorAND, Operands: operands}
}

// Or returns a query matching users that pass any operand.
func Or(operands ...SearchOperand) *SearchUsersQuery {
	return &SearchUsersQuery{Operator: OperatorOR, Operands: operands}
}
