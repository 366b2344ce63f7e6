package state

import (
	"crypto/rand"
	"fmt"
	"math/big"
)

// NewOTPCode returns a random six-digit one-time code.
func NewOTPCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "000000"
	}
	return fmt.Sprintf("%06d", n.Int64())
}
