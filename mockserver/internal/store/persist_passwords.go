package store

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/passwd"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// passwordsSnapshot is the "passwords" section: the project's password
// policy, the members' password hashes with their failure counters, and
// the reset links keyed by their token's hash (never the token).
type passwordsSnapshot struct {
	Policy *passwd.PasswordPolicy `json:"policy,omitempty"`
	Creds  []passwordCredSnapshot `json:"credentials"`
	Resets []resetSnapshot        `json:"reset_links"`
}

type passwordCredSnapshot struct {
	MemberID         string             `json:"member_id"`
	MemberPasswordID string             `json:"member_password_id"`
	Hash             *passwd.StoredHash `json:"hash"`
	Failures         int                `json:"failures,omitempty"`
	RequireReset     bool               `json:"require_reset,omitempty"`
}

type resetSnapshot struct {
	TokenHash      string    `json:"token_hash"`
	OrganizationID string    `json:"organization_id,omitempty"`
	MemberID       string    `json:"member_id,omitempty"`
	Email          string    `json:"email"`
	PKCEChallenge  string    `json:"pkce_challenge,omitempty"`
	ExpiresAt      time.Time `json:"expires_at"`
	Used           bool      `json:"used"`
}

// savePasswords lists credentials and reset links in a stable order.
// Callers hold p.mu.
func savePasswords(p *state.Project, _ SnapshotOptions) (any, error) {
	out := passwordsSnapshot{Policy: p.Passwords.Policy, Creds: []passwordCredSnapshot{}, Resets: []resetSnapshot{}}
	for id, c := range p.Passwords.Creds {
		out.Creds = append(out.Creds, passwordCredSnapshot{MemberID: id, MemberPasswordID: c.ID, Hash: c.Hash, Failures: c.Failures, RequireReset: c.RequireReset})
	}
	for h, l := range p.Passwords.Resets {
		out.Resets = append(out.Resets, resetSnapshot{TokenHash: h, OrganizationID: l.OrgID, MemberID: l.MemberID, Email: l.Email, PKCEChallenge: l.PKCE, ExpiresAt: l.ExpiresAt, Used: l.Used})
	}
	slices.SortFunc(out.Creds, func(a, b passwordCredSnapshot) int { return strings.Compare(a.MemberID, b.MemberID) })
	slices.SortFunc(out.Resets, func(a, b resetSnapshot) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	return out, nil
}

// loadPasswords rebuilds the password state. Members are loaded first.
func loadPasswords(dst *state.Project, raw json.RawMessage) error {
	var snap passwordsSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("passwords", "%v", err)
	}
	if snap.Policy != nil {
		if err := snap.Policy.Validate(); err != nil {
			return SnapErr("passwords.policy", "%s", err.Message)
		}
		pol := *snap.Policy
		dst.Passwords.Policy = &pol
	}
	dst.Passwords.Init()
	for i, c := range snap.Creds {
		at := "passwords.credentials[" + itoa(i) + "]"
		switch {
		case dst.Members[c.MemberID] == nil:
			return SnapErr(at+".member_id", "names no member of the snapshot (%q)", c.MemberID)
		case c.MemberPasswordID == "":
			return SnapErr(at+".member_password_id", "is required")
		case c.Hash == nil || !slices.Contains(passwd.HashTypes, c.Hash.Type):
			return SnapErr(at+".hash", "must be a hash of one of the types %s", strings.Join(passwd.HashTypes, ", "))
		}
		h := *c.Hash
		dst.Passwords.Creds[c.MemberID] = &state.PasswordCred{ID: c.MemberPasswordID, Hash: &h, Failures: c.Failures, RequireReset: c.RequireReset}
	}
	for i, l := range snap.Resets {
		if !validHash(l.TokenHash) {
			return SnapErr("passwords.reset_links["+itoa(i)+"].token_hash", "must be a hex SHA-256 hash")
		}
		if l.Email == "" {
			return SnapErr("passwords.reset_links["+itoa(i)+"].email", "is required")
		}
		dst.Passwords.Resets[l.TokenHash] = &state.ResetRecord{OrgID: l.OrganizationID, MemberID: l.MemberID, Email: l.Email, PKCE: l.PKCEChallenge, ExpiresAt: l.ExpiresAt, Used: l.Used}
	}
	return nil
}
