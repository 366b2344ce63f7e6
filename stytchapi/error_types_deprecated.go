package stytchapi

// Error types that earlier versions of this module declared but that are not
// in Stytch's published registry. Stytch does not answer with them, and
// neither does stytch-mock any more; they remain so that code naming them
// still compiles.
const (
	// Deprecated: not a Stytch error type. A blocked address now gets
	// ErrorTypeInvalidIPAddress from stytch-mock.
	ErrorTypeIPAddressNotAllowed ErrorType = "ip_address_not_allowed"
	// Deprecated: not a Stytch error type. stytch-mock now answers
	// ErrorTypeInvalidRequestValue for a malformed member external_id.
	ErrorTypeInvalidMemberExternalID ErrorType = "invalid_member_external_id"
	// Deprecated: not a Stytch error type. stytch-mock now answers
	// ErrorTypeInvalidRequestValue for a bad search cursor.
	ErrorTypeInvalidSearchCursor ErrorType = "invalid_search_cursor"
	// Deprecated: not a Stytch error type. stytch-mock now answers
	// ErrorTypeInvalidRequestValue for a bad search limit.
	ErrorTypeInvalidSearchLimit ErrorType = "invalid_search_limit"
	// Deprecated: not a Stytch error type; see ErrorTypeM2MClientNotFound and
	// ErrorTypeUnauthorizedCredentials.
	ErrorTypeM2MAuthorizationError ErrorType = "m2m_authorization_error"
	// Deprecated: not a Stytch error type; use
	// ErrorTypeMemberHasNoActiveVerifiedEmail.
	ErrorTypeMemberEmailNotVerified ErrorType = "member_email_not_verified"
	// Deprecated: not a Stytch error type; use
	// ErrorTypeNoPasswordResetRedirectURL.
	ErrorTypeNoResetPasswordRedirectURLsSet ErrorType = "no_reset_password_redirect_urls_set"
	// Deprecated: not a Stytch error type; use ErrorTypeMemberOAuthTokenNotFound.
	ErrorTypeOAuthRegistrationNotFound ErrorType = "oauth_registration_not_found"
	// Deprecated: not a Stytch error type. stytch-mock now answers
	// ErrorTypeBadRequest for a body over its size limit.
	ErrorTypeRequestBodyTooLarge ErrorType = "request_body_too_large"
	// Deprecated: not a Stytch error type. stytch-mock now answers
	// ErrorTypeInvalidRequestValue when email_id and email_address disagree.
	ErrorTypeRetiredEmailIdentifiersMismatch ErrorType = "retired_email_identifiers_mismatch"
	// Deprecated: not a Stytch error type. stytch-mock now answers
	// ErrorTypeRetiredMemberEmail (404) for an unknown retired email.
	ErrorTypeRetiredEmailNotFound ErrorType = "retired_email_not_found"
)
