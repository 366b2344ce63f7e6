package engine

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// sessionsSnapshot is the "sessions" section. Session tokens are never
// stored: each session keeps only its token's hash, and token_key (the
// per-project key session tokens are derived from) lets the restored mock
// hand the same tokens out again. token_key is secret, like signing keys.
type sessionsSnapshot struct {
	TokenKey string            `json:"token_key"`
	Sessions []sessionSnapshot `json:"sessions"`
}

type sessionSnapshot struct {
	ID             string                          `json:"member_session_id"`
	MemberID       string                          `json:"member_id"`
	OrganizationID string                          `json:"organization_id"`
	TokenHash      string                          `json:"token_hash"`
	StartedAt      time.Time                       `json:"started_at"`
	LastAccessedAt time.Time                       `json:"last_accessed_at"`
	ExpiresAt      time.Time                       `json:"expires_at"`
	Factors        []sessions.AuthenticationFactor `json:"authentication_factors"`
	CustomClaims   map[string]any                  `json:"custom_claims,omitempty"`
}

func init() {
	registerSnapshotSection(snapshotSection{name: "sessions", order: 30, save: saveSessions, load: loadSessions})
}

// saveSessions lists the stored sessions, oldest first. Callers hold p.mu.
func saveSessions(p *project, _ snapshotOptions) (any, error) {
	out := sessionsSnapshot{TokenKey: base64.RawURLEncoding.EncodeToString(p.sessions.tokenKey[:]), Sessions: []sessionSnapshot{}}
	for _, s := range p.sessions.byID {
		out.Sessions = append(out.Sessions, sessionSnapshot{
			ID: s.id, MemberID: s.memberID, OrganizationID: s.orgID, TokenHash: s.tokenHash,
			StartedAt: s.startedAt, LastAccessedAt: s.lastAccessedAt, ExpiresAt: s.expiresAt,
			Factors: jsonClone(s.factors), CustomClaims: deepCopyJSON(s.claims),
		})
	}
	sortSessions(out.Sessions)
	return out, nil
}

func sortSessions(l []sessionSnapshot) {
	slices.SortStableFunc(l, func(a, b sessionSnapshot) int {
		if c := a.StartedAt.Compare(b.StartedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// loadSessions rebuilds the session store and its token index. Sessions
// whose member or organization is gone are kept, as in a running mock:
// they are dropped when next looked up.
func loadSessions(dst *project, raw json.RawMessage) error {
	var snap sessionsSnapshot
	if err := decodeStrict(raw, &snap); err != nil {
		return snapErr("sessions", "%v", err)
	}
	key, err := base64.RawURLEncoding.DecodeString(snap.TokenKey)
	if err != nil || len(key) != len(dst.sessions.tokenKey) {
		return snapErr("sessions.token_key", "must be %d bytes of unpadded URL-safe base64", len(dst.sessions.tokenKey))
	}
	store := newSessionStore()
	copy(store.tokenKey[:], key)
	for i, s := range snap.Sessions {
		at := func(f string) string { return "sessions.sessions[" + itoa(i) + "]." + f }
		switch {
		case s.ID == "":
			return snapErr(at("member_session_id"), "is required")
		case store.byID[s.ID] != nil:
			return snapErr(at("member_session_id"), "duplicates %q", s.ID)
		case s.MemberID == "" || s.OrganizationID == "":
			return snapErr(at("member_id"), "member_id and organization_id are required")
		case len(s.TokenHash) != 64:
			return snapErr(at("token_hash"), "must be a hex SHA-256")
		case store.byToken[s.TokenHash] != "":
			return snapErr(at("token_hash"), "is shared with another session")
		}
		rec := &sessionRecord{
			id: s.ID, memberID: s.MemberID, orgID: s.OrganizationID, tokenHash: s.TokenHash,
			startedAt: s.StartedAt, lastAccessedAt: s.LastAccessedAt, expiresAt: s.ExpiresAt,
			factors: jsonClone(s.Factors), claims: deepCopyJSON(s.CustomClaims),
		}
		if rec.claims == nil {
			rec.claims = map[string]any{}
		}
		store.byID[rec.id] = rec
		store.byToken[rec.tokenHash] = rec.id
	}
	dst.sessions = store
	return nil
}
