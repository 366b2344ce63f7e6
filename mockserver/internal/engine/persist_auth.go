package engine

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// authSnapshot is the "auth" section: unused magic links and live
// intermediate sessions, each keyed by its token's hash (tokens themselves
// are never stored).
type authSnapshot struct {
	MagicLinks           []magicLinkSnapshot `json:"magic_links"`
	IntermediateSessions []istSnapshot       `json:"intermediate_sessions"`
}

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

type istSnapshot struct {
	TokenHash      string              `json:"token_hash"`
	Email          string              `json:"email,omitempty"`
	OrganizationID string              `json:"organization_id,omitempty"`
	MemberID       string              `json:"member_id,omitempty"`
	Factors        []istFactorSnapshot `json:"factors"`
	CreatedAt      time.Time           `json:"created_at"`
	ExpiresAt      time.Time           `json:"expires_at"`
}

type istFactorSnapshot struct {
	Method string                        `json:"method"`
	Factor sessions.AuthenticationFactor `json:"factor"`
}

func init() {
	registerSnapshotSection(snapshotSection{name: "auth", order: 35, save: saveAuth, load: loadAuth})
}

// saveAuth lists magic links and intermediate sessions in a stable order.
// Callers hold p.mu.
func saveAuth(p *project, _ snapshotOptions) (any, error) {
	out := authSnapshot{MagicLinks: []magicLinkSnapshot{}, IntermediateSessions: []istSnapshot{}}
	for h, l := range p.auth.links {
		out.MagicLinks = append(out.MagicLinks, magicLinkSnapshot{
			TokenHash: h, Kind: l.kind, OrganizationID: l.orgID, MemberID: l.memberID, Email: l.email,
			PKCEChallenge: l.pkceChallenge, ExpiresAt: l.expiresAt, Used: l.used,
		})
	}
	for h, s := range p.auth.ists {
		snap := istSnapshot{TokenHash: h, Email: s.email, OrganizationID: s.orgID, MemberID: s.memberID,
			Factors: []istFactorSnapshot{}, CreatedAt: s.createdAt, ExpiresAt: s.expiresAt}
		for _, f := range s.factors {
			snap.Factors = append(snap.Factors, istFactorSnapshot{Method: f.method, Factor: jsonClone(f.factor)})
		}
		out.IntermediateSessions = append(out.IntermediateSessions, snap)
	}
	slices.SortFunc(out.MagicLinks, func(a, b magicLinkSnapshot) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	slices.SortFunc(out.IntermediateSessions, func(a, b istSnapshot) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	return out, nil
}

// loadAuth rebuilds the magic-link and intermediate-session stores.
func loadAuth(dst *project, raw json.RawMessage) error {
	var snap authSnapshot
	if err := decodeStrict(raw, &snap); err != nil {
		return snapErr("auth", "%v", err)
	}
	dst.auth.init()
	for i, l := range snap.MagicLinks {
		if !validHash(l.TokenHash) {
			return snapErr("auth.magic_links["+itoa(i)+"].token_hash", "must be a hex SHA-256 hash")
		}
		if l.Kind == "" || l.Email == "" {
			return snapErr("auth.magic_links["+itoa(i)+"]", "kind and email are required")
		}
		dst.auth.links[l.TokenHash] = &magicLinkRecord{kind: l.Kind, orgID: l.OrganizationID, memberID: l.MemberID,
			email: l.Email, pkceChallenge: l.PKCEChallenge, expiresAt: l.ExpiresAt, used: l.Used}
	}
	for i, s := range snap.IntermediateSessions {
		if !validHash(s.TokenHash) {
			return snapErr("auth.intermediate_sessions["+itoa(i)+"].token_hash", "must be a hex SHA-256 hash")
		}
		r := &istRecord{tokenHash: s.TokenHash, email: s.Email, orgID: s.OrganizationID, memberID: s.MemberID,
			createdAt: s.CreatedAt, expiresAt: s.ExpiresAt}
		for _, f := range s.Factors {
			r.factors = append(r.factors, istFactor{method: f.Method, factor: jsonClone(f.Factor)})
		}
		dst.auth.ists[s.TokenHash] = r
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
