package state

import (
	"crypto/subtle"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// One-time codes (email OTP, SMS OTP) and MFA completion (auth-flows §2,
// §7, §8). Codes are six random digits stored only as a salted SHA-256 of
// the address they were sent to and the code; only the newest code of an
// address is kept, so a new send voids the earlier ones.

// OTP lifetimes and limits.
const (
	SMSOTPTTL            = 2 * time.Minute
	DefaultEmailOTPMins  = 10
	MinEmailOTPMins      = 2
	MaxEmailOTPMins      = 15
	maxOTPAttempts       = 5
	otpForgetAfterExpiry = 24 * time.Hour
)

// OTPRecord is the live (newest) one-time code of one address.
type OTPRecord struct {
	Key      string
	Kind     string
	CodeHash string
	OrgID    string
	MemberID string
	Email    string
	Phone    string
	// expiresAt is when the code stops working; attempts counts wrong
	// codes; used marks a code that worked or was voided by too many
	// wrong attempts.
	ExpiresAt time.Time
	Attempts  int
	Used      bool
}

// mfaState holds a project's one-time codes and TOTP registrations. Callers
// hold p.mu.
type mfaState struct {
	OTPs  map[string]*OTPRecord  // otpKey -> newest code
	TOTPs map[string]*TOTPRecord // member_id -> registration (pending or active)
}

func (m *mfaState) Init() {
	if m.OTPs == nil {
		m.OTPs = map[string]*OTPRecord{}
		m.TOTPs = map[string]*TOTPRecord{}
	}
}

// OTPKey names the address a code is sent to.
func OTPKey(kind, scope, addr string) string {
	return kind + ":" + scope + ":" + addr
}

// otpHash is the stored form of a code: salted with its key so equal codes
// of different addresses hash differently.
func otpHash(key, code string) string { return ids.HashToken(key + "\x00" + code) }

// IssueOTP stores a fresh code for rec.key, voiding any earlier one, and
// returns the code. Callers hold p.mu for writing.
func (p *Project) IssueOTP(rec OTPRecord, ttl time.Duration, now time.Time) string {
	p.MFA.Init()
	code := NewOTPCode()
	rec.CodeHash = otpHash(rec.Key, code)
	rec.ExpiresAt = now.Add(ttl)
	p.MFA.OTPs[rec.Key] = &rec
	return code
}

// CheckOTP verifies code against the newest code sent to key. No code on
// record and a wrong code are 404 otp_code_not_found, as Stytch answers; a
// used, voided or expired code is 401 unable_to_auth_otp_code. A wrong code
// counts an attempt (the fifth wrong attempt voids the code). The code is
// not marked used: callers do that once the whole login succeeded.
// Callers hold p.mu for writing.
func (p *Project) CheckOTP(key, code string, now time.Time) (*OTPRecord, *apierr.Error) {
	p.MFA.Init()
	rec := p.MFA.OTPs[key]
	if rec == nil {
		return nil, apierr.NotFound("otp_code_not_found", "No one-time code was sent to this address, or it was forgotten.")
	}
	if rec.Used || !now.Before(rec.ExpiresAt) {
		return nil, apierr.Unauthorized("unable_to_auth_otp_code", "The one-time code was already used, replaced by too many wrong attempts, or has expired.")
	}
	if subtle.ConstantTimeCompare([]byte(otpHash(key, code)), []byte(rec.CodeHash)) != 1 {
		rec.Attempts++
		if rec.Attempts >= maxOTPAttempts {
			rec.Used = true
		}
		return nil, apierr.NotFound("otp_code_not_found", "The one-time code is wrong.")
	}
	return rec, nil
}

// PruneMFA forgets codes a day after they expired. Callers hold p.mu for
// writing.
func (p *Project) PruneMFA(now time.Time) {
	p.MFA.Init()
	for k, r := range p.MFA.OTPs {
		if now.Sub(r.ExpiresAt) > otpForgetAfterExpiry {
			delete(p.MFA.OTPs, k)
		}
	}
	for k, t := range p.MFA.TOTPs {
		if !t.Active && !now.Before(t.ExpiresAt) {
			delete(p.MFA.TOTPs, k)
		}
	}
}
