package passwd

import "testing"

// The phpass test vector published with phpass itself.
func TestPHPassVector(t *testing.T) {
	const hash = "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0"
	h, err := ParseMigratedHash(hashPHPass, hash, MigrateConfigs{})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Verify("test12345") {
		t.Fatal("phpass vector does not verify")
	}
	if h.Verify("test12346") {
		t.Fatal("wrong password verifies")
	}
}
