package engine

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
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

func init() {
	registerSnapshotSection(snapshotSection{name: "access_tokens", order: 56, save: saveAccessTokens, load: loadAccessTokens})
}

// saveAccessTokens lists the tokens sorted by hash. Callers hold p.mu.
func saveAccessTokens(p *project, _ snapshotOptions) (any, error) {
	out := []accessTokenSnapshot{}
	for h, t := range p.accessTokens {
		out = append(out, accessTokenSnapshot{
			TokenHash: h, OrganizationID: t.orgID, MemberID: t.memberID, ClientID: t.clientID,
			Scopes: slices.Clone(t.scopes), FirstParty: t.firstParty, IssuedAt: t.issuedAt, Exchanged: t.exchanged,
		})
	}
	slices.SortFunc(out, func(a, b accessTokenSnapshot) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	return out, nil
}

// loadAccessTokens validates the tokens as the fixture does. The member
// and organization may have gone since (exchange then answers 404), so
// they are not required to exist.
func loadAccessTokens(dst *project, raw json.RawMessage) error {
	var snap []accessTokenSnapshot
	if err := decodeStrict(raw, &snap); err != nil {
		return snapErr("access_tokens", "%v", err)
	}
	tokens := make(map[string]*accessTokenRecord, len(snap))
	for i, t := range snap {
		at := "access_tokens[" + itoa(i) + "]"
		switch {
		case !validHash(t.TokenHash):
			return snapErr(at+".token_hash", "must be a hex SHA-256 hash")
		case tokens[t.TokenHash] != nil:
			return snapErr(at+".token_hash", "is listed twice")
		case t.OrganizationID == "" || t.MemberID == "":
			return snapErr(at, "organization_id and member_id are required")
		case !validClientID(t.ClientID):
			return snapErr(at+".client_id", "must be 1-128 printable characters without spaces")
		case t.IssuedAt.IsZero():
			return snapErr(at+".issued_at", "is required")
		}
		if aerr := checkScopes(t.Scopes); aerr != nil {
			return snapErr(at+".scopes", "%s", aerr.Message)
		}
		tokens[t.TokenHash] = &accessTokenRecord{
			memberID: t.MemberID, orgID: t.OrganizationID, clientID: t.ClientID,
			scopes: slices.Clone(t.Scopes), firstParty: t.FirstParty, issuedAt: t.IssuedAt, exchanged: t.Exchanged,
		}
	}
	dst.accessTokens = tokens
	return nil
}
