package store

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// accessTokenSnapshot is one entry of the "access_tokens" section: a
// connected-app access token minted by the fixture, by its hash.
type accessTokenSnapshot struct {
	TokenHash      string    `json:"token_hash"`
	OrganizationID string    `json:"organization_id"`
	MemberID       string    `json:"member_id"`
	ClientID       string    `json:"client_id"`
	Scopes         []string  `json:"scopes"`
	FirstParty     bool      `json:"first_party"`
	IssuedAt       time.Time `json:"issued_at"`
	Exchanged      bool      `json:"exchanged"`
}

// SaveAccessTokens lists the tokens sorted by hash. Callers hold p.mu.
func SaveAccessTokens(p *state.Project, _ SnapshotOptions) (any, error) {
	out := []accessTokenSnapshot{}
	for h, t := range p.AccessTokens {
		out = append(out, accessTokenSnapshot{
			TokenHash: h, OrganizationID: t.OrgID, MemberID: t.MemberID, ClientID: t.ClientID,
			Scopes: slices.Clone(t.Scopes), FirstParty: t.FirstParty, IssuedAt: t.IssuedAt, Exchanged: t.Exchanged,
		})
	}
	slices.SortFunc(out, func(a, b accessTokenSnapshot) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	return out, nil
}

// LoadAccessTokens validates the tokens as the fixture does. The member
// and organization may have gone since (exchange then answers 404), so
// they are not required to exist.
func LoadAccessTokens(dst *state.Project, raw json.RawMessage) error {
	var snap []accessTokenSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("access_tokens", "%v", err)
	}
	tokens := make(map[string]*state.AccessTokenRecord, len(snap))
	for i, t := range snap {
		at := "access_tokens[" + itoa(i) + "]"
		switch {
		case !validHash(t.TokenHash):
			return SnapErr(at+".token_hash", "must be a hex SHA-256 hash")
		case tokens[t.TokenHash] != nil:
			return SnapErr(at+".token_hash", "is listed twice")
		case t.OrganizationID == "" || t.MemberID == "":
			return SnapErr(at, "organization_id and member_id are required")
		case !flows.ValidClientID(t.ClientID):
			return SnapErr(at+".client_id", "must be 1-128 printable characters without spaces")
		case t.IssuedAt.IsZero():
			return SnapErr(at+".issued_at", "is required")
		}
		if aerr := flows.CheckScopes(t.Scopes); aerr != nil {
			return SnapErr(at+".scopes", "%s", aerr.Message)
		}
		tokens[t.TokenHash] = &state.AccessTokenRecord{
			MemberID: t.MemberID, OrgID: t.OrganizationID, ClientID: t.ClientID,
			Scopes: slices.Clone(t.Scopes), FirstParty: t.FirstParty, IssuedAt: t.IssuedAt, Exchanged: t.Exchanged,
		}
	}
	dst.AccessTokens = tokens
	return nil
}
