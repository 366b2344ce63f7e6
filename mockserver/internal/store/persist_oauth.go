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

// oauthSnapshot is the "oauth" section: pending OAuth callback tokens (by
// hash) and the members' provider grants.
type oauthSnapshot struct {
	Logins []oauthLoginRecordV1 `json:"logins"`
	Grants []oauthGrantRecordV1 `json:"grants"`
}

// oauthTokensRecordV1 are a provider's tokens.
type oauthTokensRecordV1 struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	IDToken      string    `json:"id_token"`
	Scopes       []string  `json:"scopes"`
	ExpiresAt    time.Time `json:"expires_at"`
}

// oauthLoginRecordV1 is one provider sign-in waiting to be authenticated.
type oauthLoginRecordV1 struct {
	TokenHash      string              `json:"token_hash"`
	Provider       string              `json:"provider"`
	Discovery      bool                `json:"discovery"`
	OrganizationID string              `json:"organization_id"`
	Email          string              `json:"email"`
	Name           string              `json:"name"`
	TenantID       string              `json:"tenant_id"`
	Subject        string              `json:"subject"`
	PKCEChallenge  string              `json:"pkce_challenge"`
	Tokens         oauthTokensRecordV1 `json:"tokens"`
	CreatedAt      time.Time           `json:"created_at"`
	ExpiresAt      time.Time           `json:"expires_at"`
	Used           bool                `json:"used"`
}

// oauthGrantRecordV1 is a member's grant of one provider account.
type oauthGrantRecordV1 struct {
	MemberID       string              `json:"member_id"`
	Provider       string              `json:"provider"`
	RegistrationID string              `json:"registration_id"`
	Subject        string              `json:"subject"`
	TenantID       string              `json:"tenant_id"`
	Tokens         oauthTokensRecordV1 `json:"tokens"`
	UpdatedAt      time.Time           `json:"updated_at"`
}

func tokensRecord(t state.OAuthProviderTokens) oauthTokensRecordV1 {
	return oauthTokensRecordV1{t.AccessToken, t.RefreshToken, t.IDToken, slices.Clone(t.Scopes), t.ExpiresAt}
}

func tokensState(t oauthTokensRecordV1) state.OAuthProviderTokens {
	return state.OAuthProviderTokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, IDToken: t.IDToken, Scopes: slices.Clone(t.Scopes), ExpiresAt: t.ExpiresAt}
}

// saveOAuth renders the section, sorted for stable snapshots. Callers hold
// p.mu.
func saveOAuth(p *state.Project, _ SnapshotOptions) (any, error) {
	out := oauthSnapshot{Logins: []oauthLoginRecordV1{}, Grants: []oauthGrantRecordV1{}}
	for _, l := range p.OAuth.Logins {
		out.Logins = append(out.Logins, oauthLoginRecordV1{
			TokenHash: l.TokenHash, Provider: l.Provider, Discovery: l.Discovery, OrganizationID: l.OrgID,
			Email: l.Email, Name: l.Name, TenantID: l.TenantID, Subject: l.Subject, PKCEChallenge: l.PKCEChallenge,
			Tokens: tokensRecord(l.Tokens), CreatedAt: l.CreatedAt, ExpiresAt: l.ExpiresAt, Used: l.Used,
		})
	}
	slices.SortFunc(out.Logins, func(a, b oauthLoginRecordV1) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	for _, gs := range p.OAuth.Grants {
		for _, g := range gs {
			out.Grants = append(out.Grants, oauthGrantRecordV1{
				MemberID: g.MemberID, Provider: g.Provider, RegistrationID: g.RegistrationID, Subject: g.Subject,
				TenantID: g.TenantID, Tokens: tokensRecord(g.Tokens), UpdatedAt: g.UpdatedAt,
			})
		}
	}
	// Within a member, grants keep their order (the last is the newest).
	slices.SortStableFunc(out.Grants, func(a, b oauthGrantRecordV1) int { return strings.Compare(a.MemberID, b.MemberID) })
	return out, nil
}

// loadOAuth validates the section and rebuilds it. Grants must name
// existing members (members load first).
func loadOAuth(dst *state.Project, raw json.RawMessage) error {
	var snap oauthSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("oauth", "%v", err)
	}
	for i, l := range snap.Logins {
		at := "oauth.logins[" + itoa(i) + "]"
		switch {
		case !validHash(l.TokenHash):
			return SnapErr(at+".token_hash", "must be a hex SHA-256 hash")
		case dst.OAuth.Logins[l.TokenHash] != nil:
			return SnapErr(at+".token_hash", "is listed twice")
		case flows.OAuthProviders[l.Provider].Name == "":
			return SnapErr(at+".provider", "unknown provider %q", l.Provider)
		case l.Discovery == (l.OrganizationID != ""):
			return SnapErr(at, "exactly one of discovery and organization_id must be set")
		case l.Email == "" || l.Subject == "" || l.CreatedAt.IsZero() || l.ExpiresAt.IsZero():
			return SnapErr(at, "email, subject, created_at and expires_at are required")
		}
		dst.OAuth.Init()
		dst.OAuth.Logins[l.TokenHash] = &state.OAuthLoginRecord{
			TokenHash: l.TokenHash, Provider: l.Provider, Discovery: l.Discovery, OrgID: l.OrganizationID,
			Email: l.Email, Name: l.Name, TenantID: l.TenantID, Subject: l.Subject, PKCEChallenge: l.PKCEChallenge,
			Tokens: tokensState(l.Tokens), CreatedAt: l.CreatedAt, ExpiresAt: l.ExpiresAt, Used: l.Used,
		}
	}
	for i, g := range snap.Grants {
		at := "oauth.grants[" + itoa(i) + "]"
		switch {
		case dst.Members[g.MemberID] == nil:
			return SnapErr(at+".member_id", "no member %q", g.MemberID)
		case flows.OAuthProviders[g.Provider].Name == "":
			return SnapErr(at+".provider", "unknown provider %q", g.Provider)
		case g.RegistrationID == "" || g.Subject == "":
			return SnapErr(at, "registration_id and subject are required")
		}
		dst.PutOAuthGrant(&state.OAuthGrant{
			MemberID: g.MemberID, Provider: g.Provider, RegistrationID: g.RegistrationID, Subject: g.Subject,
			TenantID: g.TenantID, Tokens: tokensState(g.Tokens), UpdatedAt: g.UpdatedAt,
		})
	}
	return nil
}

// impersonationSnapshot is the "impersonation" section.
type impersonationSnapshot struct {
	Disabled bool                         `json:"disabled"`
	Tokens   []impersonationTokenRecordV1 `json:"tokens"`
}

// impersonationTokenRecordV1 is a minted impersonation token, by hash.
type impersonationTokenRecordV1 struct {
	TokenHash         string    `json:"token_hash"`
	OrganizationID    string    `json:"organization_id"`
	MemberID          string    `json:"member_id"`
	ImpersonatorID    string    `json:"impersonator_id"`
	ImpersonatorEmail string    `json:"impersonator_email_address"`
	Reason            string    `json:"reason"`
	CreatedAt         time.Time `json:"created_at"`
	ExpiresAt         time.Time `json:"expires_at"`
	Used              bool      `json:"used"`
	SessionID         string    `json:"session_id"`
}

func saveImpersonation(p *state.Project, _ SnapshotOptions) (any, error) {
	out := impersonationSnapshot{Disabled: p.Impersonation.Disabled, Tokens: []impersonationTokenRecordV1{}}
	for _, t := range p.Impersonation.Tokens {
		out.Tokens = append(out.Tokens, impersonationTokenRecordV1{
			t.TokenHash, t.OrgID, t.MemberID, t.ImpersonatorID, t.ImpersonatorEmail, t.Reason, t.CreatedAt, t.ExpiresAt, t.Used, t.SessionID,
		})
	}
	slices.SortFunc(out.Tokens, func(a, b impersonationTokenRecordV1) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	return out, nil
}

func loadImpersonation(dst *state.Project, raw json.RawMessage) error {
	var snap impersonationSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("impersonation", "%v", err)
	}
	dst.Impersonation.Disabled = snap.Disabled
	for i, t := range snap.Tokens {
		at := "impersonation.tokens[" + itoa(i) + "]"
		switch {
		case !validHash(t.TokenHash):
			return SnapErr(at+".token_hash", "must be a hex SHA-256 hash")
		case dst.Impersonation.Tokens[t.TokenHash] != nil:
			return SnapErr(at+".token_hash", "is listed twice")
		case t.OrganizationID == "" || t.MemberID == "" || t.ImpersonatorID == "" || t.ImpersonatorEmail == "":
			return SnapErr(at, "organization_id, member_id, impersonator_id and impersonator_email_address are required")
		case t.CreatedAt.IsZero() || t.ExpiresAt.IsZero():
			return SnapErr(at, "created_at and expires_at are required")
		}
		if dst.Impersonation.Tokens == nil {
			dst.Impersonation.Tokens = map[string]*state.ImpersonationTokenRecord{}
		}
		dst.Impersonation.Tokens[t.TokenHash] = &state.ImpersonationTokenRecord{
			TokenHash: t.TokenHash, OrgID: t.OrganizationID, MemberID: t.MemberID, ImpersonatorID: t.ImpersonatorID,
			ImpersonatorEmail: t.ImpersonatorEmail, Reason: t.Reason, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt,
			Used: t.Used, SessionID: t.SessionID,
		}
	}
	return nil
}
