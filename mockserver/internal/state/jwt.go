package state

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"math/big"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// JWTLifetime is how long every session JWT is valid, whatever the session's
// own lifetime.
const JWTLifetime = 5 * time.Minute

// SigningKey is one RS256 key of a project.
type SigningKey struct {
	KID        string
	PrivateKey *rsa.PrivateKey
	JWK        sessions.JWK
	Retired    time.Time // zero while the key signs new JWTs
}

// Keyring holds a project's signing keys. Keys are generated lazily, on the
// first JWT or JWKS request, so that creating a project stays cheap. It has
// its own lock so that key generation never holds the project state lock.
type Keyring struct {
	Mu   sync.Mutex
	Env  string
	Keys []*SigningKey // the last one is current
}

// newSigningKey generates a 2048-bit RSA key with a self-signed certificate
// for x5c.
func newSigningKey(env string, now time.Time) (*SigningKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	kid := ids.NewID("jwk", env)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      pkix.Name{CommonName: kid, Organization: []string{"stytch-mock"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(10, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return nil, err
	}
	thumb := sha256.Sum256(der)
	return &SigningKey{
		KID:        kid,
		PrivateKey: priv,
		JWK: sessions.JWK{
			Kty:     "RSA",
			Use:     "sig",
			KeyOps:  []string{"verify"},
			Alg:     "RS256",
			Kid:     kid,
			X5c:     []string{base64.StdEncoding.EncodeToString(der)},
			X5tS256: base64.RawURLEncoding.EncodeToString(thumb[:]),
			N:       base64.RawURLEncoding.EncodeToString(priv.N.Bytes()),
			E:       base64.RawURLEncoding.EncodeToString(big.NewInt(int64(priv.E)).Bytes()),
		},
	}, nil
}

// current returns the key that signs new JWTs, generating it on first use.
func (k *Keyring) current(now time.Time) (*SigningKey, error) {
	k.Mu.Lock()
	defer k.Mu.Unlock()
	if len(k.Keys) == 0 {
		key, err := newSigningKey(k.Env, now)
		if err != nil {
			return nil, err
		}
		k.Keys = append(k.Keys, key)
	}
	return k.Keys[len(k.Keys)-1], nil
}

// Rotate makes a fresh key current. The previous key is retired: it stays
// published until every JWT it signed has expired.
func (k *Keyring) Rotate(now time.Time) (*SigningKey, error) {
	key, err := newSigningKey(k.Env, now)
	if err != nil {
		return nil, err
	}
	k.Mu.Lock()
	defer k.Mu.Unlock()
	if n := len(k.Keys); n > 0 {
		k.Keys[n-1].Retired = now
	}
	k.Keys = append(k.Keys, key)
	return key, nil
}

// KeyInfo is the public part of a key the dashboard shows.
type KeyInfo struct {
	KID     string
	Retired time.Time
}

// List returns the kids of the keys generated so far, oldest first, without
// generating one.
func (k *Keyring) List() []KeyInfo {
	k.Mu.Lock()
	defer k.Mu.Unlock()
	out := make([]KeyInfo, 0, len(k.Keys))
	for _, key := range k.Keys {
		out = append(out, KeyInfo{KID: key.KID, Retired: key.Retired})
	}
	return out
}

// Published returns the JWKs served at now: the current key and retired keys
// whose JWTs may still be unexpired.
func (k *Keyring) Published(now time.Time) ([]sessions.JWK, error) {
	if _, err := k.current(now); err != nil {
		return nil, err
	}
	k.Mu.Lock()
	defer k.Mu.Unlock()
	out := []sessions.JWK{}
	for i := len(k.Keys) - 1; i >= 0; i-- {
		key := k.Keys[i]
		if key.Retired.IsZero() || now.Before(key.Retired.Add(KeyRetention)) {
			j := key.JWK
			j.KeyOps = []string{"verify"}
			j.X5c = append([]string(nil), key.JWK.X5c...)
			out = append(out, j)
		}
	}
	return out, nil
}

// lookup returns the public key for kid among the keys still published at
// now. Keys that left the JWKS no longer verify anything.
func (k *Keyring) lookup(kid string, now time.Time) *rsa.PublicKey {
	k.Mu.Lock()
	defer k.Mu.Unlock()
	for _, key := range k.Keys {
		if key.KID == kid && (key.Retired.IsZero() || now.Before(key.Retired.Add(KeyRetention))) {
			return &key.PrivateKey.PublicKey
		}
	}
	return nil
}

// sign signs claims with the current key.
func (k *Keyring) sign(claims jwt.MapClaims, now time.Time) (string, error) {
	key, err := k.current(now)
	if err != nil {
		return "", err
	}
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = key.KID
	return t.SignedString(key.PrivateKey)
}

var errBadJWT = errors.New("bad session JWT")

// parseSessionJWT verifies a session JWT's signature, issuer and audience,
// but not its expiry: an expired JWT of a live session may still be
// refreshed. It returns the session ID and the member ID.
func (p *Project) parseSessionJWT(raw string, now time.Time) (sessionID string, apiErr *apierr.Error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if pub := p.Keys.lookup(kid, now); pub != nil {
			return pub, nil
		}
		return nil, errBadJWT
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithoutClaimsValidation())
	if err != nil {
		return "", apierr.Unauthorized("unable_to_parse_session_jwt", "The session JWT could not be parsed or its signature is not valid for this project.")
	}
	if iss, _ := claims["iss"].(string); iss != "stytch.com/"+p.ID {
		return "", apierr.Unauthorized("jwt_invalid_issuer", "The session JWT was not issued for this project.")
	}
	aud, _ := claims.GetAudience()
	okAud := false
	for _, a := range aud {
		okAud = okAud || a == p.ID
	}
	if !okAud {
		return "", apierr.Unauthorized("jwt_invalid_audience", "The session JWT's audience does not contain this project.")
	}
	sess, _ := claims[claimSession].(map[string]any)
	id, _ := sess["id"].(string)
	if id == "" {
		return "", apierr.Unauthorized("unable_to_parse_session_jwt", "The session JWT carries no session.")
	}
	return id, nil
}

// Claim names of the Stytch claims in a session JWT.
const (
	claimSession      = "https://stytch.com/session"
	claimOrganization = "https://stytch.com/organization"
	stytchClaimPrefix = "https://stytch.com/"
)
