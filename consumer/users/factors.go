package users

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// UserResponse is the answer of the calls that change one user and return
// it: the factor deletions and ExchangePrimaryFactor.
type UserResponse struct {
	RequestID  string `json:"request_id"`
	UserID     string `json:"user_id"`
	User       User   `json:"user"`
	StatusCode int32  `json:"status_code"`
}

// The answers of the factor deletions.
type (
	DeleteEmailResponse                 = UserResponse
	DeletePhoneNumberResponse           = UserResponse
	DeleteWebAuthnRegistrationResponse  = UserResponse
	DeleteBiometricRegistrationResponse = UserResponse
	DeleteTOTPResponse                  = UserResponse
	DeleteCryptoWalletResponse          = UserResponse
	DeletePasswordResponse              = UserResponse
	DeleteOAuthRegistrationResponse     = UserResponse
	DeleteExternalIDResponse            = UserResponse
)

// deleteFactor deletes the factor path names, identified by id.
func (c *Client) deleteFactor(ctx context.Context, path, id string, opts []stytchapi.RequestOption) (*UserResponse, error) {
	return stytchapi.Do[UserResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: path, PathParams: []string{id}, Options: opts,
	})
}

// DeleteEmailParams identify an email address by its email ID.
type DeleteEmailParams struct {
	EmailID string `json:"-"`
}

// DeleteEmail removes an email address from its user; the sessions that
// used it stay. An unknown email ID is 404 email_not_found.
func (c *Client) DeleteEmail(ctx context.Context, params *DeleteEmailParams, opts ...stytchapi.RequestOption) (*DeleteEmailResponse, error) {
	return c.deleteFactor(ctx, "/v1/users/emails/{email_id}", nilsafe.Ptr(params).EmailID, opts)
}

// DeletePhoneNumberParams identify a phone number by its phone ID.
type DeletePhoneNumberParams struct {
	PhoneID string `json:"-"`
}

// DeletePhoneNumber removes a phone number from its user.
func (c *Client) DeletePhoneNumber(ctx context.Context, params *DeletePhoneNumberParams, opts ...stytchapi.RequestOption) (*DeletePhoneNumberResponse, error) {
	return c.deleteFactor(ctx, "/v1/users/phone_numbers/{phone_id}", nilsafe.Ptr(params).PhoneID, opts)
}

// DeleteWebAuthnRegistrationParams identify a WebAuthn registration.
type DeleteWebAuthnRegistrationParams struct {
	WebAuthnRegistrationID string `json:"-"`
}

// DeleteWebAuthnRegistration removes a passkey or security key.
func (c *Client) DeleteWebAuthnRegistration(ctx context.Context, params *DeleteWebAuthnRegistrationParams, opts ...stytchapi.RequestOption) (*DeleteWebAuthnRegistrationResponse, error) {
	return c.deleteFactor(ctx, "/v1/users/webauthn_registrations/{webauthn_registration_id}", nilsafe.Ptr(params).WebAuthnRegistrationID, opts)
}

// DeleteBiometricRegistrationParams identify a biometric registration.
type DeleteBiometricRegistrationParams struct {
	BiometricRegistrationID string `json:"-"`
}

// DeleteBiometricRegistration removes a biometric registration.
func (c *Client) DeleteBiometricRegistration(ctx context.Context, params *DeleteBiometricRegistrationParams, opts ...stytchapi.RequestOption) (*DeleteBiometricRegistrationResponse, error) {
	return c.deleteFactor(ctx, "/v1/users/biometric_registrations/{biometric_registration_id}", nilsafe.Ptr(params).BiometricRegistrationID, opts)
}

// DeleteTOTPParams identify a TOTP registration.
type DeleteTOTPParams struct {
	TOTPID string `json:"-"`
}

// DeleteTOTP removes an authenticator-app registration.
func (c *Client) DeleteTOTP(ctx context.Context, params *DeleteTOTPParams, opts ...stytchapi.RequestOption) (*DeleteTOTPResponse, error) {
	return c.deleteFactor(ctx, "/v1/users/totps/{totp_id}", nilsafe.Ptr(params).TOTPID, opts)
}

// DeleteCryptoWalletParams identify a crypto wallet.
type DeleteCryptoWalletParams struct {
	CryptoWalletID string `json:"-"`
}

// DeleteCryptoWallet removes a crypto wallet.
func (c *Client) DeleteCryptoWallet(ctx context.Context, params *DeleteCryptoWalletParams, opts ...stytchapi.RequestOption) (*DeleteCryptoWalletResponse, error) {
	return c.deleteFactor(ctx, "/v1/users/crypto_wallets/{crypto_wallet_id}", nilsafe.Ptr(params).CryptoWalletID, opts)
}

// DeletePasswordParams identify a password.
type DeletePasswordParams struct {
	PasswordID string `json:"-"`
}

// DeletePassword removes a user's password.
func (c *Client) DeletePassword(ctx context.Context, params *DeletePasswordParams, opts ...stytchapi.RequestOption) (*DeletePasswordResponse, error) {
	return c.deleteFactor(ctx, "/v1/users/passwords/{password_id}", nilsafe.Ptr(params).PasswordID, opts)
}

// DeleteOAuthRegistrationParams identify an OAuth registration.
type DeleteOAuthRegistrationParams struct {
	OAuthUserRegistrationID string `json:"-"`
}

// DeleteOAuthRegistration removes an OAuth identity from its user.
func (c *Client) DeleteOAuthRegistration(ctx context.Context, params *DeleteOAuthRegistrationParams, opts ...stytchapi.RequestOption) (*DeleteOAuthRegistrationResponse, error) {
	return c.deleteFactor(ctx, "/v1/users/oauth/{oauth_user_registration_id}", nilsafe.Ptr(params).OAuthUserRegistrationID, opts)
}

// DeleteExternalIDParams identify a user.
type DeleteExternalIDParams struct {
	UserID string `json:"-"`
}

// DeleteExternalID clears a user's external ID, freeing it for another
// user.
func (c *Client) DeleteExternalID(ctx context.Context, params *DeleteExternalIDParams, opts ...stytchapi.RequestOption) (*DeleteExternalIDResponse, error) {
	return c.deleteFactor(ctx, "/v1/users/{user_id}/external_id", nilsafe.Ptr(params).UserID, opts)
}
