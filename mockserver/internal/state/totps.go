package state

import (
	"crypto/rand" //nolint:gosec // RFC 6238 TOTP is defined over HMAC-SHA-1.
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, ±1 step of
// drift) and recovery codes (auth-flows §8).
const (
	TOTPStep             = 30
	TOTPDigits           = 6
	DefaultTOTPMinutes   = 60
	MinTOTPMinutes       = 5
	MaxTOTPMinutes       = 1440
	recoveryCodeCount    = 10
	TOTPQRCodePixelWidth = 200
)

// TOTPRecord is a member's TOTP registration: pending until the first
// successful code, then active while the member's totp_registration_id
// names it. The secret must be kept to verify codes; recovery codes are
// kept as hashes, and in clear text only while unused (Get Recovery Codes lists
// them).
type TOTPRecord struct {
	ID        string
	MemberID  string
	OrgID     string
	Secret    string // base32, no padding
	Active    bool
	CreatedAt time.Time
	ExpiresAt time.Time // pending registrations only
	// lastStep is the newest time step whose code was accepted: a code is
	// never accepted twice.
	LastStep int64
	Recovery []RecoveryCode
}

// RecoveryCode is one recovery code: its hash and, while unused, its text.
type RecoveryCode struct {
	ID   string
	Hash string
	Code string // "" once used
	Used bool
}

// ActiveTOTP returns the member's active TOTP registration, or nil (also
// when the member's TOTP was deleted through the members API). Callers hold
// p.mu.
func (p *Project) ActiveTOTP(r *MemberRecord) *TOTPRecord {
	p.MFA.Init()
	t := p.MFA.TOTPs[r.Member.MemberID]
	if t == nil || !t.Active || r.Member.TOTPRegistrationID != t.ID {
		return nil
	}
	return t
}

// UsableTOTP returns the member's active registration or a live pending
// one, or nil. Callers hold p.mu.
func (p *Project) UsableTOTP(r *MemberRecord, now time.Time) *TOTPRecord {
	if t := p.ActiveTOTP(r); t != nil {
		return t
	}
	t := p.MFA.TOTPs[r.Member.MemberID]
	if t == nil || t.Active || !now.Before(t.ExpiresAt) {
		return nil
	}
	return t
}

// NewRecoveryCodes mints recovery codes.
func NewRecoveryCodes(env string) ([]RecoveryCode, []string) {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	out := make([]RecoveryCode, 0, recoveryCodeCount)
	plain := make([]string, 0, recoveryCodeCount)
	for range recoveryCodeCount {
		var raw [12]byte
		_, _ = rand.Read(raw[:])
		var sb strings.Builder
		for i, c := range raw {
			if i > 0 && i%4 == 0 {
				sb.WriteByte('-')
			}
			sb.WriteByte(alphabet[int(c)%len(alphabet)])
		}
		code := sb.String()
		out = append(out, RecoveryCode{ID: ids.NewID("totp-recovery-code", env), Hash: ids.HashToken(code), Code: code})
		plain = append(plain, code)
	}
	return out, plain
}

// RecoveryCodesFrom stores given recovery codes (TOTP migrate).
func RecoveryCodesFrom(env string, codes []string) []RecoveryCode {
	out := make([]RecoveryCode, 0, len(codes))
	for _, c := range codes {
		out = append(out, RecoveryCode{ID: ids.NewID("totp-recovery-code", env), Hash: ids.HashToken(strings.ToLower(strings.TrimSpace(c))), Code: c})
	}
	return out
}

// UnusedCodes lists the recovery codes not used yet.
func (t *TOTPRecord) UnusedCodes() []string {
	out := []string{}
	for _, c := range t.Recovery {
		if !c.Used {
			out = append(out, c.Code)
		}
	}
	return out
}
