package admin

import (
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

type accessTokenFixtureResponse struct {
	httpkit.Ack
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
	ClientID    string `json:"client_id"`
}

// HandleAccessTokenFixture mints an access token for an existing active
// member: POST /mock/connected_apps/access_tokens {organization_id,
// member_id, scopes?, first_party?, client_id?}.
func HandleAccessTokenFixture(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID string    `json:"organization_id"`
		MemberID       string    `json:"member_id"`
		Scopes         *[]string `json:"scopes"`
		FirstParty     *bool     `json:"first_party"`
		ClientID       string    `json:"client_id"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	scopes, aerr := checkAccessTokenFixture(b.Scopes, b.ClientID)
	if aerr != nil {
		return nil, aerr
	}
	return rc.WriteOrg(b.OrganizationID, func(p *state.Project, org *state.OrgRecord) (any, error) {
		m, aerr := activeMember(p, org, b.MemberID, "authorize a connected app")
		if aerr != nil {
			return nil, aerr
		}
		return mintAccessToken(p, rc.Now, state.AccessTokenRecord{
			MemberID: m.Member.MemberID, OrgID: org.Org.OrganizationID, ClientID: b.ClientID,
			Scopes: scopes, FirstParty: b.FirstParty == nil || *b.FirstParty,
		}), nil
	})
}

// checkAccessTokenFixture validates the scopes (default openid and
// full_access) and client ID of an access-token fixture, for a member or a
// user, and returns the scopes.
func checkAccessTokenFixture(scopes *[]string, clientID string) ([]string, *apierr.Error) {
	out := []string{"openid", state.ScopeFullAccess}
	if scopes != nil {
		out = slices.Clone(*scopes)
	}
	if err := flows.CheckScopes(out); err != nil {
		return nil, err
	}
	if clientID != "" && !flows.ValidClientID(clientID) {
		return nil, apierr.BadRequest("invalid_request_value", "client_id must be 1-128 printable characters without spaces.")
	}
	return out, nil
}

// mintAccessToken stores an access token of rec (a new connected-app
// client ID when rec has none, issued now) by its hash and returns the
// fixture's answer, which alone carries the token. Callers hold p.Mu for
// writing.
func mintAccessToken(p *state.Project, now time.Time, rec state.AccessTokenRecord) *accessTokenFixtureResponse {
	if rec.ClientID == "" {
		rec.ClientID = ids.NewID("connected-app", p.Env)
	}
	rec.IssuedAt = now
	p.PruneAccessTokens(now)
	if p.AccessTokens == nil {
		p.AccessTokens = map[string]*state.AccessTokenRecord{}
	}
	tok := ids.NewToken()
	p.AccessTokens[ids.HashToken(tok)] = &rec
	return &accessTokenFixtureResponse{
		AccessToken: tok, TokenType: "bearer", ExpiresIn: int(state.AccessTokenLifetime / time.Second),
		Scope: strings.Join(rec.Scopes, " "), ClientID: rec.ClientID,
	}
}
