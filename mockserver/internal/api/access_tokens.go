package api

import (
	"slices"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// handleSessionExchangeAccessToken turns a connected-app access token into
// a member session (auth-flows §14): the token must be first-party, hold
// full_access, be at most 5 minutes old and not exchanged before. The
// member's MFA and the organization's auth-method rules do not apply. The
// token is consumed only when a session is issued.
func handleSessionExchangeAccessToken(rc *httpkit.Call) (any, error) {
	var b struct {
		AccessToken string `json:"access_token"`
		TelemetryID string `json:"telemetry_id"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.AccessToken == "" {
		return nil, apierr.BadRequest("bad_request", "access_token is required.")
	}
	if err := flows.CheckSessionArgs("", "", b.SessionArgs); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.PruneAccessTokens(rc.Now)
	t := p.AccessTokens[ids.HashToken(b.AccessToken)]
	switch {
	case t == nil:
		return nil, apierr.NotFound("idp_access_token_not_found", "The access token is not valid: it is unknown or has expired. Mint one with POST /mock/connected_apps/access_tokens.")
	case t.Exchanged:
		return nil, apierr.BadRequest("oauth_access_token_exchange_token_invalid_grant", "The access token has already been exchanged for a session; each token can be exchanged once.")
	case rc.Now.Sub(t.IssuedAt) > state.AccessTokenExchangeWindow:
		return nil, apierr.BadRequest("oauth_access_token_exchange_token_too_old", "The access token was issued more than 5 minutes ago; only fresh tokens can be exchanged for a session.")
	case !t.FirstParty:
		return nil, apierr.BadRequest("oauth_access_token_exchange_token_invalid_grant", "The access token was issued to a third-party connected app; only first-party apps' tokens can be exchanged for a session.")
	case !slices.Contains(t.Scopes, state.ScopeFullAccess):
		return nil, apierr.BadRequest("oauth_access_token_exchange_missing_full_access", "The access token does not have the %q scope, which exchanging it for a session requires.", state.ScopeFullAccess)
	}
	r := p.Members[t.MemberID]
	if r == nil || r.Member.Status == organizations.StatusDeleted {
		return nil, apierr.NotFound("member_not_found", "Member %q, to whom the access token was issued, was not found.", t.MemberID)
	}
	factor := sessions.AuthenticationFactor{
		Type: "oauth", DeliveryMethod: "oauth_access_token_exchange",
		OAuthAccessTokenExchangeFactor: &sessions.OAuthAccessTokenExchangeFactor{ClientID: t.ClientID},
	}
	is, err := p.IssueSession(rc.Now, r.Member.MemberID, []sessions.AuthenticationFactor{factor}, b.SessionArgs)
	if err != nil {
		return nil, err
	}
	t.Exchanged = true
	ms := is.Session
	return &sessions.ExchangeAccessTokenResponse{
		MemberID:     r.Member.MemberID,
		SessionToken: is.Token, SessionJWT: is.JWT, Member: is.Member, Organization: is.Org, MemberSession: &ms,
	}, nil
}
