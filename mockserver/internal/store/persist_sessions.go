package store

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// sessionsSnapshot is the "sessions" section. Session tokens are never
// stored: each session keeps only its token's hash, and token_key (the
// per-project key session tokens are derived from) lets the restored mock
// hand the same tokens out again. token_key is secret, like signing keys.
type sessionsSnapshot struct {
	TokenKey string            `json:"token_key"`
	Sessions []sessionSnapshot `json:"sessions"`
}

// sessionSnapshot is one stored session, by its token's hash.
type sessionSnapshot struct {
	ID             string           `json:"member_session_id"`
	MemberID       string           `json:"member_id"`
	OrganizationID string           `json:"organization_id"`
	TokenHash      string           `json:"token_hash"`
	StartedAt      time.Time        `json:"started_at"`
	LastAccessedAt time.Time        `json:"last_accessed_at"`
	ExpiresAt      time.Time        `json:"expires_at"`
	Factors        []factorRecordV2 `json:"authentication_factors"`
	CustomClaims   map[string]any   `json:"custom_claims,omitempty"`
}

// saveSessions lists the stored sessions, oldest first. Callers hold p.mu.
func saveSessions(p *state.Project, _ SnapshotOptions) (any, error) {
	out := sessionsSnapshot{TokenKey: sessionTokenKey(p), Sessions: []sessionSnapshot{}}
	for _, s := range sortedSessions(p) {
		e, err := sessionEntry(s)
		if err != nil {
			return nil, err
		}
		out.Sessions = append(out.Sessions, e)
	}
	return out, nil
}

// saveSessionsHead is the sessions section without its sessions, as the
// database keeps it: each session has a key of its own (db.go).
func saveSessionsHead(p *state.Project, _ SnapshotOptions) (any, error) {
	return sessionsSnapshot{TokenKey: sessionTokenKey(p), Sessions: []sessionSnapshot{}}, nil
}

// sessionTokenKey is the sessions section's token_key.
func sessionTokenKey(p *state.Project) string {
	return base64.RawURLEncoding.EncodeToString(p.Sessions.TokenKey[:])
}

// sessionEntry converts one session to its entry of the sessions section.
func sessionEntry(s *state.SessionRecord) (sessionSnapshot, error) {
	factors, err := factorRecords(s.Factors)
	if err != nil {
		return sessionSnapshot{}, fmt.Errorf("session %s: %w", s.ID, err)
	}
	return sessionSnapshot{
		ID: s.ID, MemberID: s.MemberID, OrganizationID: s.OrgID, TokenHash: s.TokenHash,
		StartedAt: s.StartedAt, LastAccessedAt: s.LastAccessedAt, ExpiresAt: s.ExpiresAt,
		Factors: factors, CustomClaims: state.DeepCopyJSON(s.Claims),
	}, nil
}

// maxSessionIDBytes bounds an imported session ID: it is the session's key
// in a data directory's database, where keys are limited.
const maxSessionIDBytes = 512

// loadSessions rebuilds the session store and its token index. Sessions
// whose member or organization is gone are kept, as in a running mock:
// they are dropped when next looked up.
func loadSessions(dst *state.Project, raw json.RawMessage) error {
	var snap sessionsSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("sessions", "%v", err)
	}
	key, err := base64.RawURLEncoding.DecodeString(snap.TokenKey)
	if err != nil || len(key) != len(dst.Sessions.TokenKey) {
		return SnapErr("sessions.token_key", "must be %d bytes of unpadded URL-safe base64", len(dst.Sessions.TokenKey))
	}
	store := state.NewSessionStore()
	copy(store.TokenKey[:], key)
	for i, s := range snap.Sessions {
		at := func(f string) string { return "sessions.sessions[" + itoa(i) + "]." + f }
		switch {
		case s.ID == "":
			return SnapErr(at("member_session_id"), "is required")
		case len(s.ID) > maxSessionIDBytes:
			return SnapErr(at("member_session_id"), "must be at most %d bytes", maxSessionIDBytes)
		case store.ByID[s.ID] != nil:
			return SnapErr(at("member_session_id"), "duplicates %q", s.ID)
		case s.MemberID == "" || s.OrganizationID == "":
			return SnapErr(at("member_id"), "member_id and organization_id are required")
		case len(s.TokenHash) != 64:
			return SnapErr(at("token_hash"), "must be a hex SHA-256")
		case store.ByToken[s.TokenHash] != "":
			return SnapErr(at("token_hash"), "is shared with another session")
		}
		rec := &state.SessionRecord{
			ID: s.ID, MemberID: s.MemberID, OrgID: s.OrganizationID, TokenHash: s.TokenHash,
			StartedAt: s.StartedAt, LastAccessedAt: s.LastAccessedAt, ExpiresAt: s.ExpiresAt,
			Factors: stateFactors(s.Factors), Claims: state.DeepCopyJSON(s.CustomClaims),
		}
		if rec.Claims == nil {
			rec.Claims = map[string]any{}
		}
		store.ByID[rec.ID] = rec
		store.ByToken[rec.TokenHash] = rec.ID
	}
	dst.Sessions = store
	return nil
}
