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
	scopes := []string{"openid", state.ScopeFullAccess}
	if b.Scopes != nil {
		scopes = slices.Clone(*b.Scopes)
	}
	if err := flows.CheckScopes(scopes); err != nil {
		return nil, err
	}
	firstParty := b.FirstParty == nil || *b.FirstParty
	if b.ClientID != "" && !flows.ValidClientID(b.ClientID) {
		return nil, apierr.BadRequest("invalid_request_value", "client_id must be 1-128 printable characters without spaces.")
	}
	return rc.WriteOrg(b.OrganizationID, func(p *state.Project, org *state.OrgRecord) (any, error) {
		m, aerr := activeMember(p, org, b.MemberID, "authorize a connected app")
		if aerr != nil {
			return nil, aerr
		}
		clientID := b.ClientID
		if clientID == "" {
			clientID = ids.NewID("connected-app", p.Env)
		}
		p.PruneAccessTokens(rc.Now)
		if p.AccessTokens == nil {
			p.AccessTokens = map[string]*state.AccessTokenRecord{}
		}
		tok := ids.NewToken()
		p.AccessTokens[ids.HashToken(tok)] = &state.AccessTokenRecord{
			MemberID: m.Member.MemberID, OrgID: org.Org.OrganizationID, ClientID: clientID,
			Scopes: scopes, FirstParty: firstParty, IssuedAt: rc.Now,
		}
		return &accessTokenFixtureResponse{
			Ack:         httpkit.Ack{},
			AccessToken: tok, TokenType: "bearer", ExpiresIn: int(state.AccessTokenLifetime / time.Second),
			Scope: strings.Join(scopes, " "), ClientID: clientID,
		}, nil
	})
}
