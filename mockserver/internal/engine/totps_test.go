package engine

import (
	"encoding/base32"
	"testing"
	"time"
)

// The mock's TOTP against RFC 6238 appendix B (SHA-1; last six digits).
func TestTOTPCodeRFC6238(t *testing.T) {
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	key, ok := decodeSecret(secret)
	if !ok {
		t.Fatal("decodeSecret refused the RFC secret")
	}
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804", 1234567890: "005924", 20000000000: "353130"} {
		if got := totpCode(key, unix/totpStep); got != want {
			t.Errorf("code at %d = %s, want %s", unix, got, want)
		}
	}
	// ±1 step is accepted, and a step is accepted only once.
	reg := &totpRecord{secret: secret}
	now := time.Unix(1234567890, 0)
	step, ok := verifyTOTP(reg, totpCode(key, now.Unix()/totpStep-1), now)
	if !ok || step != now.Unix()/totpStep-1 {
		t.Fatalf("previous step refused")
	}
	reg.lastStep = step
	if _, ok := verifyTOTP(reg, totpCode(key, step), now); ok {
		t.Fatal("a used step was accepted again")
	}
	if _, ok := verifyTOTP(reg, totpCode(key, now.Unix()/totpStep+2), now); ok {
		t.Fatal("a code two steps ahead was accepted")
	}
}
