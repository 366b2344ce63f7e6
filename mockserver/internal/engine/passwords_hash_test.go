package engine

import "testing"

// The phpass test vector published with phpass itself.
func TestPHPassVector(t *testing.T) {
	const hash = "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0"
	h, err := parseMigratedHash(hashPHPass, hash, migrateConfigs{})
	if err != nil {
		t.Fatal(err)
	}
	if !h.verify("test12345") {
		t.Fatal("phpass vector does not verify")
	}
	if h.verify("test12346") {
		t.Fatal("wrong password verifies")
	}
}
