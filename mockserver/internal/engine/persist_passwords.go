package engine

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// passwordsSnapshot is the "passwords" section: the project's password
// policy, the members' password hashes with their failure counters, and
// the reset links keyed by their token's hash (never the token).
type passwordsSnapshot struct {
	Policy *passwordPolicy        `json:"policy,omitempty"`
	Creds  []passwordCredSnapshot `json:"credentials"`
	Resets []resetSnapshot        `json:"reset_links"`
}

type passwordCredSnapshot struct {
	MemberID         string      `json:"member_id"`
	MemberPasswordID string      `json:"member_password_id"`
	Hash             *storedHash `json:"hash"`
	Failures         int         `json:"failures,omitempty"`
	RequireReset     bool        `json:"require_reset,omitempty"`
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

func init() {
	registerSnapshotSection(snapshotSection{name: "passwords", order: 36, save: savePasswords, load: loadPasswords})
}

// savePasswords lists credentials and reset links in a stable order.
// Callers hold p.mu.
func savePasswords(p *project, _ snapshotOptions) (any, error) {
	out := passwordsSnapshot{Policy: p.pw.policy, Creds: []passwordCredSnapshot{}, Resets: []resetSnapshot{}}
	for id, c := range p.pw.creds {
		out.Creds = append(out.Creds, passwordCredSnapshot{MemberID: id, MemberPasswordID: c.id, Hash: c.hash, Failures: c.failures, RequireReset: c.requireReset})
	}
	for h, l := range p.pw.resets {
		out.Resets = append(out.Resets, resetSnapshot{TokenHash: h, OrganizationID: l.orgID, MemberID: l.memberID, Email: l.email, PKCEChallenge: l.pkce, ExpiresAt: l.expiresAt, Used: l.used})
	}
	slices.SortFunc(out.Creds, func(a, b passwordCredSnapshot) int { return strings.Compare(a.MemberID, b.MemberID) })
	slices.SortFunc(out.Resets, func(a, b resetSnapshot) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	return out, nil
}

// loadPasswords rebuilds the password state. Members are loaded first.
func loadPasswords(dst *project, raw json.RawMessage) error {
	var snap passwordsSnapshot
	if err := decodeStrict(raw, &snap); err != nil {
		return snapErr("passwords", "%v", err)
	}
	if snap.Policy != nil {
		if err := snap.Policy.validate(); err != nil {
			return snapErr("passwords.policy", "%s", err.Message)
		}
		pol := *snap.Policy
		dst.pw.policy = &pol
	}
	dst.pw.init()
	for i, c := range snap.Creds {
		at := "passwords.credentials[" + itoa(i) + "]"
		switch {
		case dst.members[c.MemberID] == nil:
			return snapErr(at+".member_id", "names no member of the snapshot (%q)", c.MemberID)
		case c.MemberPasswordID == "":
			return snapErr(at+".member_password_id", "is required")
		case c.Hash == nil || !slices.Contains(hashTypes, c.Hash.Type):
			return snapErr(at+".hash", "must be a hash of one of the types %s", strings.Join(hashTypes, ", "))
		}
		h := *c.Hash
		dst.pw.creds[c.MemberID] = &passwordCred{id: c.MemberPasswordID, hash: &h, failures: c.Failures, requireReset: c.RequireReset}
	}
	for i, l := range snap.Resets {
		if !validHash(l.TokenHash) {
			return snapErr("passwords.reset_links["+itoa(i)+"].token_hash", "must be a hex SHA-256 hash")
		}
		if l.Email == "" {
			return snapErr("passwords.reset_links["+itoa(i)+"].email", "is required")
		}
		dst.pw.resets[l.TokenHash] = &resetRecord{orgID: l.OrganizationID, memberID: l.MemberID, email: l.Email, pkce: l.PKCEChallenge, expiresAt: l.ExpiresAt, used: l.Used}
	}
	return nil
}
