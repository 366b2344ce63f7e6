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
	Policy *passwordPolicyRecordV2 `json:"policy,omitempty"`
	Creds  []passwordCredSnapshot  `json:"credentials"`
	Resets []resetSnapshot         `json:"reset_links"`
}

// passwordPolicyRecordV2 is the project's password policy.
type passwordPolicyRecordV2 struct {
	StrengthPolicy          string `json:"strength_policy"`
	LUDSMinLength           int    `json:"luds_min_length"`
	LUDSComplexity          int    `json:"luds_complexity"`
	BreachDetectionOnCreate bool   `json:"breach_detection_on_create"`
	BreachCheckOnLogin      bool   `json:"breach_check_on_login"`
	CrossOrgPasswords       bool   `json:"cross_org_passwords"`
	LockThreshold           int    `json:"lock_threshold"`
	LockMinutes             int    `json:"lock_minutes"`
	BcryptCost              int    `json:"bcrypt_cost"`
}

// hashRecordV2 is a member's password hash with its parameters (never the
// password).
type hashRecordV2 struct {
	Type        string `json:"type"`
	Hash        string `json:"hash,omitempty"`
	Key         []byte `json:"key,omitempty"`
	Salt        []byte `json:"salt,omitempty"`
	PrependSalt string `json:"prepend_salt,omitempty"`
	AppendSalt  string `json:"append_salt,omitempty"`
	N           int    `json:"n,omitempty"`
	R           int    `json:"r,omitempty"`
	P           int    `json:"p,omitempty"`
	Iterations  int    `json:"iterations,omitempty"`
	Memory      int    `json:"memory,omitempty"`
	Threads     int    `json:"threads,omitempty"`
	Algorithm   string `json:"algorithm,omitempty"`
}

// passwordCredSnapshot is a member's password.
type passwordCredSnapshot struct {
	MemberID         string        `json:"member_id"`
	MemberPasswordID string        `json:"member_password_id"`
	Hash             *hashRecordV2 `json:"hash"`
	Failures         int           `json:"failures,omitempty"`
	RequireReset     bool          `json:"require_reset,omitempty"`
}

// resetSnapshot is a password reset link, by its token's hash.
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
	out := passwordsSnapshot{Creds: []passwordCredSnapshot{}, Resets: []resetSnapshot{}}
	if pol := p.Passwords.Policy; pol != nil {
		rec := passwordPolicyRecordV2(*pol)
		out.Policy = &rec
	}
	for id, c := range p.Passwords.Creds {
		s := passwordCredSnapshot{MemberID: id, MemberPasswordID: c.ID, Failures: c.Failures, RequireReset: c.RequireReset}
		if c.Hash != nil {
			h := hashRecordV2(*c.Hash)
			h.Key, h.Salt = slices.Clone(h.Key), slices.Clone(h.Salt)
			s.Hash = &h
		}
		out.Creds = append(out.Creds, s)
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
		pol := passwd.PasswordPolicy(*snap.Policy)
		if err := pol.Validate(); err != nil {
			return SnapErr("passwords.policy", "%s", err.Message)
		}
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
		h := passwd.StoredHash(*c.Hash)
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
