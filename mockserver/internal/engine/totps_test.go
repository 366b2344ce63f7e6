package engine

import (
	"encoding/base32"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// The mock's TOTP against RFC 6238 appendix B (SHA-1; last six digits).
func TestTOTPCodeRFC6238(t *testing.T) {
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	key, ok := flows.DecodeSecret(secret)
	if !ok {
		t.Fatal("decodeSecret refused the RFC secret")
	}
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804", 1234567890: "005924", 20000000000: "353130"} {
		if got := flows.TOTPCode(key, unix/state.TOTPStep); got != want {
			t.Errorf("code at %d = %s, want %s", unix, got, want)
		}
	}
	// ±1 step is accepted, and a step is accepted only once.
	reg := &state.TOTPRecord{Secret: secret}
	now := time.Unix(1234567890, 0)
	step, ok := flows.VerifyTOTP(reg, flows.TOTPCode(key, now.Unix()/state.TOTPStep-1), now)
	if !ok || step != now.Unix()/state.TOTPStep-1 {
		t.Fatalf("previous step refused")
	}
	reg.LastStep = step
	if _, ok := flows.VerifyTOTP(reg, flows.TOTPCode(key, step), now); ok {
		t.Fatal("a used step was accepted again")
	}
	if _, ok := flows.VerifyTOTP(reg, flows.TOTPCode(key, now.Unix()/state.TOTPStep+2), now); ok {
		t.Fatal("a code two steps ahead was accepted")
	}
}
