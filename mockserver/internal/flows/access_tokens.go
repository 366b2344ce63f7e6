package flows

import (
	"slices"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// validScope reports whether s is a non-empty OAuth scope token (RFC 6749
// §3.3: printable ASCII without space, '"' or '\').
func validScope(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range s {
		if c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// CheckScopes validates a scopes list: 1 to 50 valid, distinct scopes.
func CheckScopes(scopes []string) *apierr.Error {
	if len(scopes) == 0 || len(scopes) > state.MaxAccessTokenScopes {
		return apierr.BadRequest("invalid_request_value", "scopes must list 1 to %d scopes.", state.MaxAccessTokenScopes)
	}
	for i, s := range scopes {
		if !validScope(s) {
			return apierr.BadRequest("invalid_request_value", "scopes[%d] is not a valid OAuth scope (1-128 printable characters, no space, quote or backslash).", i)
		}
		if slices.Contains(scopes[:i], s) {
			return apierr.BadRequest("invalid_request_value", "scopes[%d] %q is listed twice.", i, s)
		}
	}
	return nil
}

// ValidClientID accepts a connected app's client ID as the fixture takes it.
func ValidClientID(s string) bool {
	return s != "" && len(s) <= 128 && validScope(s)
}
