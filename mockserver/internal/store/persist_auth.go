package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// authSnapshot is the "auth" section: unused magic links and live
// intermediate sessions, each keyed by its token's hash (tokens themselves
// are never stored).
type authSnapshot struct {
	MagicLinks           []magicLinkSnapshot `json:"magic_links"`
	IntermediateSessions []istSnapshot       `json:"intermediate_sessions"`
}

// magicLinkSnapshot is an email magic link, by its token's hash.
type magicLinkSnapshot struct {
	TokenHash      string    `json:"token_hash"`
	Kind           string    `json:"kind"`
	OrganizationID string    `json:"organization_id,omitempty"`
	MemberID       string    `json:"member_id,omitempty"`
	Email          string    `json:"email"`
	PKCEChallenge  string    `json:"pkce_challenge,omitempty"`
	ExpiresAt      time.Time `json:"expires_at"`
	Used           bool      `json:"used"`
}

// istSnapshot is an intermediate session, by its token's hash.
type istSnapshot struct {
	TokenHash      string              `json:"token_hash"`
	Email          string              `json:"email,omitempty"`
	OrganizationID string              `json:"organization_id,omitempty"`
	MemberID       string              `json:"member_id,omitempty"`
	Factors        []istFactorSnapshot `json:"factors"`
	CreatedAt      time.Time           `json:"created_at"`
	ExpiresAt      time.Time           `json:"expires_at"`
}

// istFactorSnapshot is a factor an intermediate session has passed.
type istFactorSnapshot struct {
	Method string         `json:"method"`
	Factor factorRecordV2 `json:"factor"`
	OAuth  *istOAuthSnap  `json:"oauth,omitempty"`
}

// istOAuthSnap is the provider account of an OAuth discovery factor.
type istOAuthSnap struct {
	Provider string `json:"provider"`
	Subject  string `json:"subject"`
	TenantID string `json:"tenant_id,omitempty"`
}

// saveAuth lists magic links and intermediate sessions in a stable order.
// Callers hold p.mu.
func saveAuth(p *state.Project, _ SnapshotOptions) (any, error) {
	out := authSnapshot{MagicLinks: []magicLinkSnapshot{}, IntermediateSessions: []istSnapshot{}}
	for h, l := range p.Auth.Links {
		out.MagicLinks = append(out.MagicLinks, magicLinkSnapshot{
			TokenHash: h, Kind: l.Kind, OrganizationID: l.OrgID, MemberID: l.MemberID, Email: l.Email,
			PKCEChallenge: l.PKCEChallenge, ExpiresAt: l.ExpiresAt, Used: l.Used,
		})
	}
	for h, s := range p.Auth.ISTs {
		snap := istSnapshot{TokenHash: h, Email: s.Email, OrganizationID: s.OrgID, MemberID: s.MemberID,
			Factors: []istFactorSnapshot{}, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt}
		for i := range s.Factors {
			f, err := factorRecord(&s.Factors[i].Factor)
			if err != nil {
				return nil, fmt.Errorf("intermediate session factor %d: %w", i, err)
			}
			fs := istFactorSnapshot{Method: s.Factors[i].Method, Factor: f}
			if o := s.Factors[i].OAuth; o != nil {
				fs.OAuth = &istOAuthSnap{Provider: o.Provider, Subject: o.Subject, TenantID: o.TenantID}
			}
			snap.Factors = append(snap.Factors, fs)
		}
		out.IntermediateSessions = append(out.IntermediateSessions, snap)
	}
	slices.SortFunc(out.MagicLinks, func(a, b magicLinkSnapshot) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	slices.SortFunc(out.IntermediateSessions, func(a, b istSnapshot) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	return out, nil
}

// loadAuth rebuilds the magic-link and intermediate-session stores.
func loadAuth(dst *state.Project, raw json.RawMessage) error {
	var snap authSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("auth", "%v", err)
	}
	dst.Auth.Init()
	for i, l := range snap.MagicLinks {
		if !validHash(l.TokenHash) {
			return SnapErr("auth.magic_links["+itoa(i)+"].token_hash", "must be a hex SHA-256 hash")
		}
		if l.Kind == "" || l.Email == "" {
			return SnapErr("auth.magic_links["+itoa(i)+"]", "kind and email are required")
		}
		dst.Auth.Links[l.TokenHash] = &state.MagicLinkRecord{Kind: l.Kind, OrgID: l.OrganizationID, MemberID: l.MemberID,
			Email: l.Email, PKCEChallenge: l.PKCEChallenge, ExpiresAt: l.ExpiresAt, Used: l.Used}
	}
	for i, s := range snap.IntermediateSessions {
		if !validHash(s.TokenHash) {
			return SnapErr("auth.intermediate_sessions["+itoa(i)+"].token_hash", "must be a hex SHA-256 hash")
		}
		r := &state.ISTRecord{TokenHash: s.TokenHash, Email: s.Email, OrgID: s.OrganizationID, MemberID: s.MemberID,
			CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt}
		for _, f := range s.Factors {
			sf := state.ISTFactor{Method: f.Method, Factor: f.Factor.toFactor()}
			if f.OAuth != nil {
				sf.OAuth = &state.ISTOAuth{Provider: f.OAuth.Provider, Subject: f.OAuth.Subject, TenantID: f.OAuth.TenantID}
			}
			r.Factors = append(r.Factors, sf)
		}
		dst.Auth.ISTs[s.TokenHash] = r
	}
	return nil
}

// validHash reports whether h looks like hashToken's output.
func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for _, c := range h {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}
