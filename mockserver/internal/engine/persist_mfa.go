package engine

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// mfaSnapshot is the "mfa" section: the newest one-time code of each
// address (as a salted hash, with its attempt counter) and the TOTP
// registrations. A TOTP secret is stored as is, because codes cannot be
// verified after a restart without it; recovery codes are stored as hashes,
// plus their text while unused (Get Recovery Codes lists them). Treat
// snapshots like the project secret.
type mfaSnapshot struct {
	OTPs  []otpSnapshot  `json:"otps"`
	TOTPs []totpSnapshot `json:"totp_registrations"`
}

type otpSnapshot struct {
	Key            string    `json:"key"`
	Kind           string    `json:"kind"`
	CodeHash       string    `json:"code_hash"`
	OrganizationID string    `json:"organization_id,omitempty"`
	MemberID       string    `json:"member_id,omitempty"`
	Email          string    `json:"email,omitempty"`
	Phone          string    `json:"phone,omitempty"`
	ExpiresAt      time.Time `json:"expires_at"`
	Attempts       int       `json:"attempts"`
	Used           bool      `json:"used"`
}

type totpSnapshot struct {
	TOTPRegistrationID string                 `json:"totp_registration_id"`
	MemberID           string                 `json:"member_id"`
	OrganizationID     string                 `json:"organization_id"`
	Secret             string                 `json:"secret"`
	Active             bool                   `json:"active"`
	CreatedAt          time.Time              `json:"created_at"`
	ExpiresAt          time.Time              `json:"expires_at"`
	LastStep           int64                  `json:"last_step"`
	RecoveryCodes      []recoveryCodeSnapshot `json:"recovery_codes"`
}

type recoveryCodeSnapshot struct {
	ID   string `json:"id"`
	Hash string `json:"hash"`
	Code string `json:"code,omitempty"`
	Used bool   `json:"used"`
}

func init() {
	registerSnapshotSection(snapshotSection{name: "mfa", order: 36, save: saveMFA, load: loadMFA})
}

// saveMFA lists codes and registrations in a stable order. Callers hold p.mu.
func saveMFA(p *project, _ snapshotOptions) (any, error) {
	out := mfaSnapshot{OTPs: []otpSnapshot{}, TOTPs: []totpSnapshot{}}
	for _, r := range p.mfa.otps {
		out.OTPs = append(out.OTPs, otpSnapshot{Key: r.key, Kind: r.kind, CodeHash: r.codeHash, OrganizationID: r.orgID,
			MemberID: r.memberID, Email: r.email, Phone: r.phone, ExpiresAt: r.expiresAt, Attempts: r.attempts, Used: r.used})
	}
	for _, t := range p.mfa.totps {
		s := totpSnapshot{TOTPRegistrationID: t.id, MemberID: t.memberID, OrganizationID: t.orgID, Secret: t.secret,
			Active: t.active, CreatedAt: t.createdAt, ExpiresAt: t.expiresAt, LastStep: t.lastStep, RecoveryCodes: []recoveryCodeSnapshot{}}
		for _, c := range t.recovery {
			s.RecoveryCodes = append(s.RecoveryCodes, recoveryCodeSnapshot{ID: c.id, Hash: c.hash, Code: c.code, Used: c.used})
		}
		out.TOTPs = append(out.TOTPs, s)
	}
	slices.SortFunc(out.OTPs, func(a, b otpSnapshot) int { return strings.Compare(a.Key, b.Key) })
	slices.SortFunc(out.TOTPs, func(a, b totpSnapshot) int { return strings.Compare(a.MemberID, b.MemberID) })
	return out, nil
}

// loadMFA rebuilds the code and TOTP stores.
func loadMFA(dst *project, raw json.RawMessage) error {
	var snap mfaSnapshot
	if err := decodeStrict(raw, &snap); err != nil {
		return snapErr("mfa", "%v", err)
	}
	dst.mfa.init()
	for i, o := range snap.OTPs {
		where := "mfa.otps[" + itoa(i) + "]"
		if !validHash(o.CodeHash) {
			return snapErr(where+".code_hash", "must be a hex SHA-256 hash")
		}
		if o.Kind != otpEmail && o.Kind != otpEmailDiscovery && o.Kind != otpSMS {
			return snapErr(where+".kind", "must be email, email_discovery or sms, not %q", o.Kind)
		}
		if !strings.HasPrefix(o.Key, o.Kind+":") {
			return snapErr(where+".key", "must start with the kind")
		}
		if o.Attempts < 0 {
			return snapErr(where+".attempts", "must not be negative")
		}
		dst.mfa.otps[o.Key] = &otpRecord{key: o.Key, kind: o.Kind, codeHash: o.CodeHash, orgID: o.OrganizationID, memberID: o.MemberID,
			email: o.Email, phone: o.Phone, expiresAt: o.ExpiresAt, attempts: o.Attempts, used: o.Used}
	}
	for i, s := range snap.TOTPs {
		where := "mfa.totp_registrations[" + itoa(i) + "]"
		if s.TOTPRegistrationID == "" || s.MemberID == "" {
			return snapErr(where, "totp_registration_id and member_id are required")
		}
		if _, ok := decodeSecret(s.Secret); !ok {
			return snapErr(where+".secret", "must be a base32 TOTP secret")
		}
		if dst.mfa.totps[s.MemberID] != nil {
			return snapErr(where+".member_id", "member %q has two registrations", s.MemberID)
		}
		t := &totpRecord{id: s.TOTPRegistrationID, memberID: s.MemberID, orgID: s.OrganizationID, secret: s.Secret,
			active: s.Active, createdAt: s.CreatedAt, expiresAt: s.ExpiresAt, lastStep: s.LastStep}
		for j, c := range s.RecoveryCodes {
			if !validHash(c.Hash) {
				return snapErr(where+".recovery_codes["+itoa(j)+"].hash", "must be a hex SHA-256 hash")
			}
			t.recovery = append(t.recovery, recoveryCode{id: c.ID, hash: c.Hash, code: c.Code, used: c.Used})
		}
		dst.mfa.totps[s.MemberID] = t
	}
	return nil
}
