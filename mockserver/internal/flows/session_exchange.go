package flows

import (
	"time"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// The credential exchanges B2B and consumer sessions share: a trusted auth
// token (sessions.attest) and a connected-app access token
// (sessions.exchange_access_token). Each checks the credential and returns
// the authentication factor the session it becomes carries; who the
// session is for is the caller's business (a member of an organization, or
// a user).

// AttestTrustedToken verifies a trusted auth token against the project's
// profile profileID and returns the email it names and the
// trusted_auth_token factor. Callers hold p.Mu.
func AttestTrustedToken(p *state.Project, profileID, token string, now time.Time) (string, sessions.AuthenticationFactor, *apierr.Error) {
	prof := p.Sources.Profiles[profileID]
	if prof == nil {
		return "", sessions.AuthenticationFactor{}, apierr.NotFound("trusted_token_profile_not_found", "Trusted auth token profile %q was not found; configure profiles with PUT /mock/trusted_auth_token_profiles.", profileID)
	}
	email, tokenID, aerr := VerifyTrustedToken(prof, token, now)
	if aerr != nil {
		return "", sessions.AuthenticationFactor{}, aerr
	}
	return email, sessions.AuthenticationFactor{Type: "trusted_auth_token", DeliveryMethod: "trusted_token_exchange", TrustedAuthTokenFactor: &sessions.TrustedAuthTokenFactor{TokenID: tokenID}}, nil
}

// ExchangeAccessToken finds an access token that may become a session
// (CheckAccessToken) and returns it with the oauth_access_token_exchange
// factor. It does not mark the token exchanged: the caller does once the
// session is issued. Callers hold p.Mu for writing.
func ExchangeAccessToken(p *state.Project, token string, now time.Time) (*state.AccessTokenRecord, sessions.AuthenticationFactor, *apierr.Error) {
	t, aerr := CheckAccessToken(p, token, now)
	if aerr != nil {
		return nil, sessions.AuthenticationFactor{}, aerr
	}
	return t, sessions.AuthenticationFactor{
		Type: "oauth", DeliveryMethod: "oauth_access_token_exchange",
		OAuthAccessTokenExchangeFactor: &sessions.OAuthAccessTokenExchangeFactor{ClientID: t.ClientID},
	}, nil
}
