package apitest

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // RFC 6238 TOTP is defined over HMAC-SHA-1.
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TOTPCode computes the RFC 6238 code (HMAC-SHA-1, 6 digits, 30-second
// steps) of a base32 secret at t, as an authenticator app would. It is an
// independent implementation, so tests of the mock do not check the mock
// against itself.
func TOTPCode(tb testing.TB, secret string, t time.Time) string {
	tb.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(strings.ToUpper(secret), "="))
	if err != nil {
		tb.Fatalf("TOTP secret %q is not base32: %v", secret, err)
	}
	var counter [8]byte
	binary.BigEndian.PutUint64(counter[:], uint64(t.Unix()/30)) //nolint:gosec // times after 1970
	mac := hmac.New(sha1.New, key)
	mac.Write(counter[:])
	sum := mac.Sum(nil)
	offset := int(sum[19] & 0x0f)
	bin := (uint32(sum[offset])&0x7f)<<24 | uint32(sum[offset+1])<<16 | uint32(sum[offset+2])<<8 | uint32(sum[offset+3])
	return fmt.Sprintf("%06d", bin%1000000)
}
