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

// saveMFA lists codes and registrations in a stable order. Callers hold p.mu.
func saveMFA(p *state.Project, _ SnapshotOptions) (any, error) {
	out := mfaSnapshot{OTPs: []otpSnapshot{}, TOTPs: []totpSnapshot{}}
	for _, r := range p.MFA.OTPs {
		out.OTPs = append(out.OTPs, otpSnapshot{Key: r.Key, Kind: r.Kind, CodeHash: r.CodeHash, OrganizationID: r.OrgID,
			MemberID: r.MemberID, Email: r.Email, Phone: r.Phone, ExpiresAt: r.ExpiresAt, Attempts: r.Attempts, Used: r.Used})
	}
	for _, t := range p.MFA.TOTPs {
		s := totpSnapshot{TOTPRegistrationID: t.ID, MemberID: t.MemberID, OrganizationID: t.OrgID, Secret: t.Secret,
			Active: t.Active, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, LastStep: t.LastStep, RecoveryCodes: []recoveryCodeSnapshot{}}
		for _, c := range t.Recovery {
			s.RecoveryCodes = append(s.RecoveryCodes, recoveryCodeSnapshot{ID: c.ID, Hash: c.Hash, Code: c.Code, Used: c.Used})
		}
		out.TOTPs = append(out.TOTPs, s)
	}
	slices.SortFunc(out.OTPs, func(a, b otpSnapshot) int { return strings.Compare(a.Key, b.Key) })
	slices.SortFunc(out.TOTPs, func(a, b totpSnapshot) int { return strings.Compare(a.MemberID, b.MemberID) })
	return out, nil
}

// loadMFA rebuilds the code and TOTP stores.
func loadMFA(dst *state.Project, raw json.RawMessage) error {
	var snap mfaSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("mfa", "%v", err)
	}
	dst.MFA.Init()
	for i, o := range snap.OTPs {
		where := "mfa.otps[" + itoa(i) + "]"
		if !validHash(o.CodeHash) {
			return SnapErr(where+".code_hash", "must be a hex SHA-256 hash")
		}
		if o.Kind != flows.OTPEmail && o.Kind != flows.OTPEmailDiscovery && o.Kind != flows.OTPSMS {
			return SnapErr(where+".kind", "must be email, email_discovery or sms, not %q", o.Kind)
		}
		if !strings.HasPrefix(o.Key, o.Kind+":") {
			return SnapErr(where+".key", "must start with the kind")
		}
		if o.Attempts < 0 {
			return SnapErr(where+".attempts", "must not be negative")
		}
		dst.MFA.OTPs[o.Key] = &state.OTPRecord{Key: o.Key, Kind: o.Kind, CodeHash: o.CodeHash, OrgID: o.OrganizationID, MemberID: o.MemberID,
			Email: o.Email, Phone: o.Phone, ExpiresAt: o.ExpiresAt, Attempts: o.Attempts, Used: o.Used}
	}
	for i, s := range snap.TOTPs {
		where := "mfa.totp_registrations[" + itoa(i) + "]"
		if s.TOTPRegistrationID == "" || s.MemberID == "" {
			return SnapErr(where, "totp_registration_id and member_id are required")
		}
		if _, ok := flows.DecodeSecret(s.Secret); !ok {
			return SnapErr(where+".secret", "must be a base32 TOTP secret")
		}
		if dst.MFA.TOTPs[s.MemberID] != nil {
			return SnapErr(where+".member_id", "member %q has two registrations", s.MemberID)
		}
		t := &state.TOTPRecord{ID: s.TOTPRegistrationID, MemberID: s.MemberID, OrgID: s.OrganizationID, Secret: s.Secret,
			Active: s.Active, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt, LastStep: s.LastStep}
		for j, c := range s.RecoveryCodes {
			if !validHash(c.Hash) {
				return SnapErr(where+".recovery_codes["+itoa(j)+"].hash", "must be a hex SHA-256 hash")
			}
			t.Recovery = append(t.Recovery, state.RecoveryCode{ID: c.ID, Hash: c.Hash, Code: c.Code, Used: c.Used})
		}
		dst.MFA.TOTPs[s.MemberID] = t
	}
	return nil
}
