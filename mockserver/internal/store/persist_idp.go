package store

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// idpSnapshot is the "idp" section: the authorization server's connected
// apps (secrets only as hashes), pending authorization codes and refresh
// tokens (by hash), and members' consents.
type idpSnapshot struct {
	AuthorizationURL string               `json:"authorization_url"`
	Apps             []connectedAppV1     `json:"apps"`
	Codes            []idpCodeV1          `json:"codes"`
	RefreshTokens    []idpRefreshV1       `json:"refresh_tokens"`
	Consents         []idpConsentRecordV1 `json:"consents"`
}

type connectedAppV1 struct {
	ClientID     string    `json:"client_id"`
	Name         string    `json:"name"`
	Description  string    `json:"description"`
	ClientType   string    `json:"client_type"`
	SecretHash   string    `json:"secret_hash"`
	RedirectURLs []string  `json:"redirect_urls"`
	CustomScopes []string  `json:"custom_scopes"`
	LogoURL      string    `json:"logo_url"`
	CreatedAt    time.Time `json:"created_at"`
}

type idpCodeV1 struct {
	Hash          string    `json:"hash"`
	ClientID      string    `json:"client_id"`
	MemberID      string    `json:"member_id"`
	OrgID         string    `json:"organization_id"`
	RedirectURI   string    `json:"redirect_uri"`
	CodeChallenge string    `json:"code_challenge"`
	Nonce         string    `json:"nonce"`
	Scopes        []string  `json:"scopes"`
	CreatedAt     time.Time `json:"created_at"`
	ExpiresAt     time.Time `json:"expires_at"`
	Used          bool      `json:"used"`
}

type idpRefreshV1 struct {
	Hash      string    `json:"hash"`
	ClientID  string    `json:"client_id"`
	MemberID  string    `json:"member_id"`
	OrgID     string    `json:"organization_id"`
	Scopes    []string  `json:"scopes"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

type idpConsentRecordV1 struct {
	MemberID  string    `json:"member_id"`
	OrgID     string    `json:"organization_id"`
	ClientID  string    `json:"client_id"`
	Scopes    []string  `json:"scopes"`
	GrantedAt time.Time `json:"granted_at"`
}

// saveIDP renders the section, sorted for stable snapshots. Callers hold
// p.mu.
func saveIDP(p *state.Project, _ SnapshotOptions) (any, error) {
	s := &p.IDP
	out := idpSnapshot{AuthorizationURL: s.AuthorizationURL, Apps: []connectedAppV1{}, Codes: []idpCodeV1{}, RefreshTokens: []idpRefreshV1{}, Consents: []idpConsentRecordV1{}}
	for _, a := range s.Apps {
		out.Apps = append(out.Apps, connectedAppV1{a.ClientID, a.Name, a.Description, a.ClientType, a.SecretHash,
			slices.Clone(a.RedirectURLs), slices.Clone(a.CustomScopes), a.LogoURL, a.CreatedAt})
	}
	slices.SortFunc(out.Apps, func(a, b connectedAppV1) int { return strings.Compare(a.ClientID, b.ClientID) })
	for _, c := range s.Codes {
		out.Codes = append(out.Codes, idpCodeV1{c.Hash, c.ClientID, c.MemberID, c.OrgID, c.RedirectURI, c.CodeChallenge, c.Nonce,
			slices.Clone(c.Scopes), c.CreatedAt, c.ExpiresAt, c.Used})
	}
	slices.SortFunc(out.Codes, func(a, b idpCodeV1) int { return strings.Compare(a.Hash, b.Hash) })
	for _, t := range s.Refresh {
		out.RefreshTokens = append(out.RefreshTokens, idpRefreshV1{t.Hash, t.ClientID, t.MemberID, t.OrgID, slices.Clone(t.Scopes), t.CreatedAt, t.ExpiresAt})
	}
	slices.SortFunc(out.RefreshTokens, func(a, b idpRefreshV1) int { return strings.Compare(a.Hash, b.Hash) })
	for _, c := range s.Consents {
		out.Consents = append(out.Consents, idpConsentRecordV1{c.MemberID, c.OrgID, c.ClientID, slices.Clone(c.Scopes), c.GrantedAt})
	}
	slices.SortFunc(out.Consents, func(a, b idpConsentRecordV1) int {
		return strings.Compare(state.ConsentKey(a.MemberID, a.ClientID), state.ConsentKey(b.MemberID, b.ClientID))
	})
	return out, nil
}

// loadIDP validates the section and rebuilds it. Codes, refresh tokens and
// consents must name a registered app.
func loadIDP(dst *state.Project, raw json.RawMessage) error {
	var snap idpSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("idp", "%v", err)
	}
	s := &dst.IDP
	s.Init()
	s.AuthorizationURL = snap.AuthorizationURL
	for i, a := range snap.Apps {
		at := "idp.apps[" + itoa(i) + "]"
		app := &state.ConnectedApp{ClientID: a.ClientID, Name: a.Name, Description: a.Description, ClientType: a.ClientType,
			SecretHash: a.SecretHash, RedirectURLs: slices.Clone(a.RedirectURLs), CustomScopes: slices.Clone(a.CustomScopes), LogoURL: a.LogoURL, CreatedAt: a.CreatedAt}
		switch {
		case a.ClientID == "" || s.Apps[a.ClientID] != nil:
			return SnapErr(at+".client_id", "is empty or listed twice")
		case a.ClientType != state.ClientFirstParty && a.ClientType != state.ClientThirdParty && a.ClientType != state.ClientFirstPartyPublic && a.ClientType != state.ClientThirdPartyPublic:
			return SnapErr(at+".client_type", "unknown client type %q", a.ClientType)
		case app.IsPublic() != (a.SecretHash == "") || (a.SecretHash != "" && !validHash(a.SecretHash)):
			return SnapErr(at+".secret_hash", "must be a hex SHA-256 hash for a confidential app and empty for a public one")
		case len(a.RedirectURLs) == 0:
			return SnapErr(at+".redirect_urls", "must not be empty")
		}
		s.Apps[a.ClientID] = app
	}
	for i, c := range snap.Codes {
		at := "idp.codes[" + itoa(i) + "]"
		switch {
		case !validHash(c.Hash) || s.Codes[c.Hash] != nil:
			return SnapErr(at+".hash", "must be a hex SHA-256 hash, listed once")
		case s.Apps[c.ClientID] == nil:
			return SnapErr(at+".client_id", "no connected app %q", c.ClientID)
		}
		s.Codes[c.Hash] = &state.IDPCode{Hash: c.Hash, ClientID: c.ClientID, MemberID: c.MemberID, OrgID: c.OrgID, RedirectURI: c.RedirectURI,
			CodeChallenge: c.CodeChallenge, Nonce: c.Nonce, Scopes: slices.Clone(c.Scopes), CreatedAt: c.CreatedAt, ExpiresAt: c.ExpiresAt, Used: c.Used}
	}
	for i, t := range snap.RefreshTokens {
		at := "idp.refresh_tokens[" + itoa(i) + "]"
		switch {
		case !validHash(t.Hash) || s.Refresh[t.Hash] != nil:
			return SnapErr(at+".hash", "must be a hex SHA-256 hash, listed once")
		case s.Apps[t.ClientID] == nil:
			return SnapErr(at+".client_id", "no connected app %q", t.ClientID)
		}
		s.Refresh[t.Hash] = &state.IDPRefreshToken{Hash: t.Hash, ClientID: t.ClientID, MemberID: t.MemberID, OrgID: t.OrgID,
			Scopes: slices.Clone(t.Scopes), CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt}
	}
	for i, c := range snap.Consents {
		at := "idp.consents[" + itoa(i) + "]"
		if s.Apps[c.ClientID] == nil || c.MemberID == "" {
			return SnapErr(at, "needs a member_id and a registered client_id")
		}
		s.Consents[state.ConsentKey(c.MemberID, c.ClientID)] = &state.IDPConsent{MemberID: c.MemberID, OrgID: c.OrgID, ClientID: c.ClientID,
			Scopes: slices.Clone(c.Scopes), GrantedAt: c.GrantedAt}
	}
	return nil
}
