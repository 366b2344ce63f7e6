package flows

import (
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
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

// CheckAccessToken finds a minted access token that may be exchanged for a
// session: known, fresh, not exchanged yet, first-party and holding
// full_access. It does not mark it exchanged. Callers hold p.Mu for
// writing.
func CheckAccessToken(p *state.Project, token string, now time.Time) (*state.AccessTokenRecord, *apierr.Error) {
	p.PruneAccessTokens(now)
	t := p.AccessTokens[ids.HashToken(token)]
	switch {
	case t == nil:
		return nil, apierr.NotFound("idp_access_token_not_found", "The access token is not valid: it is unknown or has expired. Mint one with POST /mock/connected_apps/access_tokens.")
	case t.Exchanged:
		return nil, apierr.BadRequest("oauth_access_token_exchange_token_invalid_grant", "The access token has already been exchanged for a session; each token can be exchanged once.")
	case now.Sub(t.IssuedAt) > state.AccessTokenExchangeWindow:
		return nil, apierr.BadRequest("oauth_access_token_exchange_token_too_old", "The access token was issued more than 5 minutes ago; only fresh tokens can be exchanged for a session.")
	case !t.FirstParty:
		return nil, apierr.BadRequest("oauth_access_token_exchange_token_invalid_grant", "The access token was issued to a third-party connected app; only first-party apps' tokens can be exchanged for a session.")
	case !slices.Contains(t.Scopes, state.ScopeFullAccess):
		return nil, apierr.BadRequest("oauth_access_token_exchange_missing_full_access", "The access token does not have the %q scope, which exchanging it for a session requires.", state.ScopeFullAccess)
	}
	return t, nil
}
