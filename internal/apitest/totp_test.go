package apitest

import (
	"encoding/base32"
	"testing"
	"time"
)

// RFC 6238 appendix B, SHA-1 column (8-digit values; the 6-digit code is
// their last six digits).
func TestTOTPCodeRFC6238Vectors(t *testing.T) {
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	for _, c := range []struct {
		unix int64
		want string
	}{{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"}, {1234567890, "005924"}, {2000000000, "279037"}} {
		if got := TOTPCode(t, secret, time.Unix(c.unix, 0)); got != c.want {
			t.Errorf("TOTPCode at %d = %s, want %s", c.unix, got, c.want)
		}
	}
}
