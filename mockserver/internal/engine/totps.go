package engine

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // RFC 6238 TOTP is defined over HMAC-SHA-1.
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, ±1 step of
// drift) and recovery codes (auth-flows §8).
const (
	totpStep             = 30
	totpDigits           = 6
	defaultTOTPMinutes   = 60
	minTOTPMinutes       = 5
	maxTOTPMinutes       = 1440
	recoveryCodeCount    = 10
	totpQRCodePixelWidth = 200
)

var (
	// totpCodeRE is what a TOTP code looks like.
	totpCodeRE = regexp.MustCompile(`^[0-9]{6}$`)
	// recoveryCodeRE is what a recovery code looks like: xxxx-xxxx-xxxx of
	// lower-case letters and digits.
	recoveryCodeRE = regexp.MustCompile(`^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$`)
	// b32 is the unpadded base32 encoding of TOTP secrets.
	b32 = base32.StdEncoding.WithPadding(base32.NoPadding)
)

// totpRecord is a member's TOTP registration: pending until the first
// successful code, then active while the member's totp_registration_id
// names it. The secret must be kept to verify codes; recovery codes are
// kept as hashes, and in clear text only while unused (Get Recovery Codes lists
// them).
type totpRecord struct {
	id        string
	memberID  string
	orgID     string
	secret    string // base32, no padding
	active    bool
	createdAt time.Time
	expiresAt time.Time // pending registrations only
	// lastStep is the newest time step whose code was accepted: a code is
	// never accepted twice.
	lastStep int64
	recovery []recoveryCode
}

// recoveryCode is one recovery code: its hash and, while unused, its text.
type recoveryCode struct {
	id   string
	hash string
	code string // "" once used
	used bool
}

// activeTOTP returns the member's active TOTP registration, or nil (also
// when the member's TOTP was deleted through the members API). Callers hold
// p.mu.
func (p *project) activeTOTP(r *memberRecord) *totpRecord {
	p.mfa.init()
	t := p.mfa.totps[r.m.MemberID]
	if t == nil || !t.active || r.m.TOTPRegistrationID != t.id {
		return nil
	}
	return t
}

// usableTOTP returns the member's active registration or a live pending
// one, or nil. Callers hold p.mu.
func (p *project) usableTOTP(r *memberRecord, now time.Time) *totpRecord {
	if t := p.activeTOTP(r); t != nil {
		return t
	}
	t := p.mfa.totps[r.m.MemberID]
	if t == nil || t.active || !now.Before(t.expiresAt) {
		return nil
	}
	return t
}

// totpCode computes the RFC 6238 code of secret for a time step.
func totpCode(key []byte, step int64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step)) //nolint:gosec // steps are positive
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", totpDigits, v%1_000_000)
}

// decodeSecret decodes a base32 TOTP secret (case and padding tolerated).
func decodeSecret(secret string) ([]byte, bool) {
	s := strings.TrimRight(strings.ToUpper(strings.ReplaceAll(secret, " ", "")), "=")
	key, err := b32.DecodeString(s)
	if err != nil || len(key) < 10 {
		return nil, false
	}
	return key, true
}

// verifyTOTP checks code against the registration at now (±1 step) and
// returns the matching step, or false. A step at or before lastStep is
// refused, so a code works once.
func verifyTOTP(t *totpRecord, code string, now time.Time) (int64, bool) {
	key, ok := decodeSecret(t.secret)
	if !ok {
		return 0, false
	}
	cur := now.Unix() / totpStep
	for _, step := range []int64{cur - 1, cur, cur + 1} {
		if step > t.lastStep && subtle.ConstantTimeCompare([]byte(totpCode(key, step)), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// newRecoveryCodes mints recovery codes.
func newRecoveryCodes(env string) ([]recoveryCode, []string) {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	out := make([]recoveryCode, 0, recoveryCodeCount)
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
		out = append(out, recoveryCode{id: newID("totp-recovery-code", env), hash: hashToken(code), code: code})
		plain = append(plain, code)
	}
	return out, plain
}

// recoveryCodesFrom stores given recovery codes (TOTP migrate).
func recoveryCodesFrom(env string, codes []string) []recoveryCode {
	out := make([]recoveryCode, 0, len(codes))
	for _, c := range codes {
		out = append(out, recoveryCode{id: newID("totp-recovery-code", env), hash: hashToken(strings.ToLower(strings.TrimSpace(c))), code: c})
	}
	return out
}

// unusedCodes lists the recovery codes not used yet.
func (t *totpRecord) unusedCodes() []string {
	out := []string{}
	for _, c := range t.recovery {
		if !c.used {
			out = append(out, c.code)
		}
	}
	return out
}

// totpQRCode renders the otpauth URI of a registration as a PNG data URL.
func totpQRCode(issuer, account, secret string) (string, error) {
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account}
	q := url.Values{"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	u.RawQuery = q.Encode()
	code, err := qr.Encode(u.String(), qr.M, qr.Auto)
	if err != nil {
		return "", err
	}
	code, err = barcode.Scale(code, totpQRCodePixelWidth, totpQRCodePixelWidth)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, code); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// totpCreateResponse answers TOTP create.
type totpCreateResponse struct {
	RequestID          string                     `json:"request_id"`
	MemberID           string                     `json:"member_id"`
	TOTPRegistrationID string                     `json:"totp_registration_id"`
	Secret             string                     `json:"secret"`
	QRCode             string                     `json:"qr_code"`
	RecoveryCodes      []string                   `json:"recovery_codes"`
	Member             organizations.Member       `json:"member"`
	Organization       organizations.Organization `json:"organization"`
	StatusCode         int                        `json:"status_code"`
}

func handleTOTPCreate(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID    string `json:"organization_id"`
		MemberID          string `json:"member_id"`
		ExpirationMinutes *int64 `json:"expiration_minutes"`
		mfaSessionArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.mfaSessionArgs.count() > 1 {
		return nil, badRequest("too_many_session_arguments", "Pass at most one of %s.", mfaSessionArgNames)
	}
	ttl := time.Duration(defaultTOTPMinutes) * time.Minute
	if b.ExpirationMinutes != nil && *b.ExpirationMinutes != 0 {
		if *b.ExpirationMinutes < minTOTPMinutes || *b.ExpirationMinutes > maxTOTPMinutes {
			return nil, badRequest("invalid_expiration", "expiration_minutes must be between %d and %d.", minTOTPMinutes, maxTOTPMinutes)
		}
		ttl = time.Duration(*b.ExpirationMinutes) * time.Minute
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneMFA(rc.now)
	org, r, c, aerr := p.mfaCall(b.OrganizationID, b.MemberID, b.mfaSessionArgs, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	if p.activeTOTP(r) != nil {
		return nil, badRequest("active_totp_exists", "The member already has an active TOTP registration; delete it first.")
	}
	if err := p.checkEnrollment(r, c); err != nil {
		return nil, err
	}
	var key [20]byte
	_, _ = rand.Read(key[:])
	secret := b32.EncodeToString(key[:])
	qrCode, err := totpQRCode(org.o.OrganizationName, r.m.EmailAddress, secret)
	if err != nil {
		return nil, newError(http.StatusInternalServerError, "internal_server_error", "The mock could not render the QR code.")
	}
	codes, plain := newRecoveryCodes(p.env)
	t := &totpRecord{
		id: newID("member-totp", p.env), memberID: r.m.MemberID, orgID: org.o.OrganizationID, secret: secret,
		createdAt: rc.now, expiresAt: rc.now.Add(ttl), recovery: codes,
	}
	p.mfa.totps[r.m.MemberID] = t // replaces an earlier pending registration
	return &totpCreateResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID,
		TOTPRegistrationID: t.id, Secret: secret, QRCode: qrCode, RecoveryCodes: plain,
		Member: p.memberView(r), Organization: p.orgView(org),
	}, nil
}

func handleTOTPAuthenticate(rc *reqCtx) (any, error) {
	var b struct {
		Code string `json:"code"`
		mfaAuthBody
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	if err := checkOTPCode(b.Code); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, r, c, aerr := p.mfaCall(b.OrganizationID, b.MemberID, b.mfaSessionArgs, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	t := p.usableTOTP(r, rc.now)
	if t == nil {
		return nil, notFound("totp_not_found", "The member has no TOTP registration (or its pending registration expired).")
	}
	if recoveryCodeRE.MatchString(strings.ToLower(b.Code)) {
		return nil, badRequest("recovery_code_used_as_totp_code", "That is a recovery code; use recovery_codes/recover.")
	}
	step, ok := verifyTOTP(t, b.Code, rc.now)
	if !ok {
		return nil, unauthorized("unable_to_authenticate_totp", "The TOTP code is wrong, expired, or was already used.")
	}
	next := cloneRecord(r)
	next.m.TOTPRegistrationID = t.id
	applyCompletedMFA(org, next, mfaTOTP, b.mfaEnrollmentBody)
	factor := sessions.AuthenticationFactor{Type: mfaTOTP, DeliveryMethod: "authenticator_app", AuthenticatorAppFactor: &sessions.AuthenticatorAppFactor{TOTPID: t.id}}
	res, aerr := p.completeMFA(rc.now, org, r, next, c, mfaTOTP, factor, b.sessionArgs)
	if aerr != nil {
		return nil, aerr
	}
	t.active, t.lastStep = true, step
	return res, nil
}

// totpMigrateResponse answers TOTP migrate.
type totpMigrateResponse struct {
	RequestID          string                     `json:"request_id"`
	MemberID           string                     `json:"member_id"`
	Member             organizations.Member       `json:"member"`
	Organization       organizations.Organization `json:"organization"`
	TOTPRegistrationID string                     `json:"totp_registration_id"`
	RecoveryCodes      []string                   `json:"recovery_codes"`
	StatusCode         int                        `json:"status_code"`
}

func handleTOTPMigrate(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID string   `json:"organization_id"`
		MemberID       string   `json:"member_id"`
		Secret         string   `json:"secret"`
		RecoveryCodes  []string `json:"recovery_codes"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if _, ok := decodeSecret(b.Secret); !ok {
		return nil, badRequest("invalid_request_value", "secret must be a base32 TOTP secret of at least 80 bits.")
	}
	for _, c := range b.RecoveryCodes {
		if strings.TrimSpace(c) == "" || len(c) > 128 {
			return nil, badRequest("invalid_request_value", "recovery_codes must be non-empty strings of at most 128 characters.")
		}
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mfa.init()
	org, r, aerr := p.mfaTarget(b.OrganizationID, b.MemberID)
	if aerr != nil {
		return nil, aerr
	}
	if p.activeTOTP(r) != nil {
		return nil, badRequest("active_totp_exists", "The member already has an active TOTP registration; delete it first.")
	}
	if r.m.Status != organizations.StatusActive {
		return nil, badRequest("action_available_only_for_active_members", "Only active members can register an MFA factor; this member is %s.", r.m.Status)
	}
	var codes []recoveryCode
	plain := b.RecoveryCodes
	if len(b.RecoveryCodes) > 0 {
		codes = recoveryCodesFrom(p.env, b.RecoveryCodes)
	} else {
		codes, plain = newRecoveryCodes(p.env)
	}
	t := &totpRecord{
		id: newID("member-totp", p.env), memberID: r.m.MemberID, orgID: org.o.OrganizationID,
		secret: strings.TrimRight(strings.ToUpper(b.Secret), "="), active: true, createdAt: rc.now, recovery: codes,
	}
	p.mfa.totps[r.m.MemberID] = t
	next := cloneRecord(r)
	next.m.TOTPRegistrationID = t.id
	now := rc.now
	next.m.UpdatedAt = &now
	p.replaceMember(r, next)
	return &totpMigrateResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID,
		TOTPRegistrationID: t.id, RecoveryCodes: plain, Member: p.memberView(next), Organization: p.orgView(org),
	}, nil
}

// recoveryCodesResponse answers recovery_codes get and rotate.
type recoveryCodesResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	RecoveryCodes []string                   `json:"recovery_codes"`
	StatusCode    int                        `json:"status_code"`
}

func noRecoveryFactor() *apiError {
	return badRequest("no_active_recovery_code_backed_factor", "The member has no active TOTP registration, so no recovery codes.")
}

func handleRecoveryCodesGet(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	org, r, aerr := p.orgAndMember(rc)
	if aerr != nil {
		return nil, aerr
	}
	t := p.activeTOTP(r)
	if t == nil {
		return nil, noRecoveryFactor()
	}
	return &recoveryCodesResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID,
		Member: p.memberView(r), Organization: p.orgView(org), RecoveryCodes: t.unusedCodes()}, nil
}

func handleRecoveryCodesRotate(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		MemberID       string `json:"member_id"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, r, aerr := p.mfaTarget(b.OrganizationID, b.MemberID)
	if aerr != nil {
		return nil, aerr
	}
	t := p.activeTOTP(r)
	if t == nil {
		return nil, noRecoveryFactor()
	}
	codes, plain := newRecoveryCodes(p.env)
	t.recovery = codes
	return &recoveryCodesResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID,
		Member: p.memberView(r), Organization: p.orgView(org), RecoveryCodes: plain}, nil
}

// recoverResponse answers recovery_codes/recover.
type recoverResponse struct {
	*mfaAuthResponse
	RecoveryCodesRemaining int `json:"recovery_codes_remaining"`
}

func handleRecoveryCodesRecover(rc *reqCtx) (any, error) {
	var b struct {
		RecoveryCode string `json:"recovery_code"`
		mfaAuthBody
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	if b.RecoveryCode == "" {
		return nil, badRequest("bad_request", "recovery_code is required.")
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, r, c, aerr := p.mfaCall(b.OrganizationID, b.MemberID, b.mfaSessionArgs, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	t := p.activeTOTP(r)
	if t == nil {
		return nil, noRecoveryFactor()
	}
	if totpCodeRE.MatchString(b.RecoveryCode) {
		return nil, badRequest("totp_code_used_as_recovery_code", "That is a TOTP code; use totp/authenticate.")
	}
	h := hashToken(strings.ToLower(strings.TrimSpace(b.RecoveryCode)))
	idx := -1
	for i, rcode := range t.recovery {
		if subtle.ConstantTimeCompare([]byte(rcode.hash), []byte(h)) == 1 {
			idx = i
		}
	}
	if idx < 0 {
		return nil, unauthorized("invalid_recovery_code", "The recovery code is not one of the member's.")
	}
	if t.recovery[idx].used {
		return nil, unauthorized("unable_to_authenticate_recovery_code", "The recovery code was already used.")
	}
	next := cloneRecord(r)
	applyCompletedMFA(org, next, "", b.mfaEnrollmentBody)
	next.m.DefaultMFAMethod = r.m.DefaultMFAMethod
	factor := sessions.AuthenticationFactor{Type: "recovery_codes", DeliveryMethod: "recovery_code", RecoveryCodeFactor: &sessions.RecoveryCodeFactor{TOTPRecoveryCodeID: t.recovery[idx].id}}
	res, aerr := p.completeMFA(rc.now, org, r, next, c, "recovery_codes", factor, b.sessionArgs)
	if aerr != nil {
		return nil, aerr
	}
	t.recovery[idx].used, t.recovery[idx].code = true, ""
	return &recoverResponse{mfaAuthResponse: res, RecoveryCodesRemaining: len(t.unusedCodes())}, nil
}
