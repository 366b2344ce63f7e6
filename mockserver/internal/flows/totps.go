package flows

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // RFC 6238 TOTP is defined over HMAC-SHA-1.
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image/png"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

var (
	// TOTPCodeRE is what a TOTP code looks like.
	TOTPCodeRE = regexp.MustCompile(`^[0-9]{6}$`)
	// RecoveryCodeRE is what a recovery code looks like: xxxx-xxxx-xxxx of
	// lower-case letters and digits.
	RecoveryCodeRE = regexp.MustCompile(`^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$`)
	// B32 is the unpadded base32 encoding of TOTP secrets.
	B32 = base32.StdEncoding.WithPadding(base32.NoPadding)
)

// TOTPCode computes the RFC 6238 code of secret for a time step.
func TOTPCode(key []byte, step int64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step)) //nolint:gosec // steps are positive
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", state.TOTPDigits, v%1_000_000)
}

// DecodeSecret decodes a base32 TOTP secret (case and padding tolerated).
func DecodeSecret(secret string) ([]byte, bool) {
	s := strings.TrimRight(strings.ToUpper(strings.ReplaceAll(secret, " ", "")), "=")
	key, err := B32.DecodeString(s)
	if err != nil || len(key) < 10 {
		return nil, false
	}
	return key, true
}

// VerifyTOTP checks code against the registration at now (±1 step) and
// returns the matching step, or false. A step at or before lastStep is
// refused, so a code works once.
func VerifyTOTP(t *state.TOTPRecord, code string, now time.Time) (int64, bool) {
	key, ok := DecodeSecret(t.Secret)
	if !ok {
		return 0, false
	}
	cur := now.Unix() / state.TOTPStep
	for _, step := range []int64{cur - 1, cur, cur + 1} {
		if step > t.LastStep && subtle.ConstantTimeCompare([]byte(TOTPCode(key, step)), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// TOTPReplayed reports whether code is the code of a step in the window
// around now that the registration has already accepted: a replayed code,
// which Stytch refuses with totp_code_already_authenticated.
func TOTPReplayed(t *state.TOTPRecord, code string, now time.Time) bool {
	key, ok := DecodeSecret(t.Secret)
	if !ok {
		return false
	}
	cur := now.Unix() / state.TOTPStep
	for _, step := range []int64{cur - 1, cur, cur + 1} {
		if step <= t.LastStep && subtle.ConstantTimeCompare([]byte(TOTPCode(key, step)), []byte(code)) == 1 {
			return true
		}
	}
	return false
}

// TOTPQRCode renders the otpauth URI of a registration as a PNG data URL.
func TOTPQRCode(issuer, account, secret string) (string, error) {
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account}
	q := url.Values{"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	u.RawQuery = q.Encode()
	code, err := qr.Encode(u.String(), qr.M, qr.Auto)
	if err != nil {
		return "", err
	}
	code, err = barcode.Scale(code, state.TOTPQRCodePixelWidth, state.TOTPQRCodePixelWidth)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, code); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// NoRecoveryFactor is the error of a recovery-code call for a member with
// no active TOTP registration.
func NoRecoveryFactor() *apierr.Error {
	return apierr.BadRequest("no_active_recovery_code_backed_factor", "The member has no active TOTP registration, so no recovery codes.")
}
