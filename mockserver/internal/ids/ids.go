package ids

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"

	"github.com/google/uuid"
)

// NewID returns a Stytch-style object ID: "<kind>-<env>-<uuid v4>".
func NewID(kind, env string) string {
	return kind + "-" + env + "-" + uuid.NewString()
}

// NewToken returns a fresh opaque token: 32 random bytes, URL-safe base64
// with padding (44 characters), like Stytch's magic-link and session tokens.
func NewToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms.
	return base64.URLEncoding.EncodeToString(b[:])
}

// NewSecret returns a project secret: "secret-<env>-" and 36 URL-safe
// characters.
func NewSecret(env string) string {
	var b [27]byte
	_, _ = rand.Read(b[:])
	return "secret-" + env + "-" + base64.RawURLEncoding.EncodeToString(b[:])
}

// HashToken is how the mock stores tokens and secrets: never in clear.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
