package engine

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"math/big"
	"net/http"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// jwtLifetime is how long every session JWT is valid, whatever the session's
// own lifetime.
const jwtLifetime = 5 * time.Minute

// signingKey is one RS256 key of a project.
type signingKey struct {
	kid     string
	priv    *rsa.PrivateKey
	jwk     sessions.JWK
	retired time.Time // zero while the key signs new JWTs
}

// keyring holds a project's signing keys. Keys are generated lazily, on the
// first JWT or JWKS request, so that creating a project stays cheap. It has
// its own lock so that key generation never holds the project state lock.
type keyring struct {
	mu   sync.Mutex
	env  string
	keys []*signingKey // the last one is current
}

// newSigningKey generates a 2048-bit RSA key with a self-signed certificate
// for x5c.
func newSigningKey(env string, now time.Time) (*signingKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	kid := newID("jwk", env)
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
	return &signingKey{
		kid:  kid,
		priv: priv,
		jwk: sessions.JWK{
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
func (k *keyring) current(now time.Time) (*signingKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.keys) == 0 {
		key, err := newSigningKey(k.env, now)
		if err != nil {
			return nil, err
		}
		k.keys = append(k.keys, key)
	}
	return k.keys[len(k.keys)-1], nil
}

// rotate makes a fresh key current. The previous key is retired: it stays
// published until every JWT it signed has expired.
func (k *keyring) rotate(now time.Time) (*signingKey, error) {
	key, err := newSigningKey(k.env, now)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if n := len(k.keys); n > 0 {
		k.keys[n-1].retired = now
	}
	k.keys = append(k.keys, key)
	return key, nil
}

// keyInfo is the public part of a key the dashboard shows.
type keyInfo struct {
	kid     string
	retired time.Time
}

// list returns the kids of the keys generated so far, oldest first, without
// generating one.
func (k *keyring) list() []keyInfo {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make([]keyInfo, 0, len(k.keys))
	for _, key := range k.keys {
		out = append(out, keyInfo{kid: key.kid, retired: key.retired})
	}
	return out
}

// published returns the JWKs served at now: the current key and retired keys
// whose JWTs may still be unexpired.
func (k *keyring) published(now time.Time) ([]sessions.JWK, error) {
	if _, err := k.current(now); err != nil {
		return nil, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	out := []sessions.JWK{}
	for i := len(k.keys) - 1; i >= 0; i-- {
		key := k.keys[i]
		if key.retired.IsZero() || now.Before(key.retired.Add(jwtLifetime)) {
			j := key.jwk
			j.KeyOps = []string{"verify"}
			j.X5c = append([]string(nil), key.jwk.X5c...)
			out = append(out, j)
		}
	}
	return out, nil
}

// lookup returns the public key for kid among the keys still published at
// now. Keys that left the JWKS no longer verify anything.
func (k *keyring) lookup(kid string, now time.Time) *rsa.PublicKey {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, key := range k.keys {
		if key.kid == kid && (key.retired.IsZero() || now.Before(key.retired.Add(jwtLifetime))) {
			return &key.priv.PublicKey
		}
	}
	return nil
}

// sign signs claims with the current key.
func (k *keyring) sign(claims jwt.MapClaims, now time.Time) (string, error) {
	key, err := k.current(now)
	if err != nil {
		return "", err
	}
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = key.kid
	return t.SignedString(key.priv)
}

var errBadJWT = errors.New("bad session JWT")

// parseSessionJWT verifies a session JWT's signature, issuer and audience,
// but not its expiry: an expired JWT of a live session may still be
// refreshed. It returns the session ID and the member ID.
func (p *project) parseSessionJWT(raw string, now time.Time) (sessionID string, apiErr *apiError) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if pub := p.keys.lookup(kid, now); pub != nil {
			return pub, nil
		}
		return nil, errBadJWT
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithoutClaimsValidation())
	if err != nil {
		return "", unauthorized("unable_to_parse_session_jwt", "The session JWT could not be parsed or its signature is not valid for this project.")
	}
	if iss, _ := claims["iss"].(string); iss != "stytch.com/"+p.id {
		return "", unauthorized("jwt_invalid_issuer", "The session JWT was not issued for this project.")
	}
	aud, _ := claims.GetAudience()
	okAud := false
	for _, a := range aud {
		okAud = okAud || a == p.id
	}
	if !okAud {
		return "", unauthorized("jwt_invalid_audience", "The session JWT's audience does not contain this project.")
	}
	sess, _ := claims[claimSession].(map[string]any)
	id, _ := sess["id"].(string)
	if id == "" {
		return "", unauthorized("unable_to_parse_session_jwt", "The session JWT carries no session.")
	}
	return id, nil
}

// Claim names of the Stytch claims in a session JWT.
const (
	claimSession      = "https://stytch.com/session"
	claimOrganization = "https://stytch.com/organization"
	stytchClaimPrefix = "https://stytch.com/"
)

type jwksResponse struct {
	Keys       []sessions.JWK `json:"keys"`
	RequestID  string         `json:"request_id"`
	StatusCode int            `json:"status_code"`
}

// handleJWKS serves a project's public keys. Like Stytch's, it needs no
// credentials: the project is named in the path.
func (e *Engine) handleJWKS(rc *reqCtx) (any, error) {
	p := e.project(rc.param("project_id"))
	if p == nil {
		return nil, notFound("project_not_found", "Project %q was not found.", rc.param("project_id"))
	}
	keys, err := p.keys.published(p.clock.Now())
	if err != nil {
		return nil, err
	}
	return &jwksResponse{Keys: keys, RequestID: rc.requestID, StatusCode: http.StatusOK}, nil
}

type rotateKeysResponse struct {
	adminResponse
	Kid string `json:"kid"`
}

// handleRotateKeys makes a fresh key sign new JWTs; the old one stays
// published until the JWTs it signed have expired.
func handleRotateKeys(rc *reqCtx) (any, error) {
	key, err := rc.p.keys.rotate(rc.now)
	if err != nil {
		return nil, err
	}
	return &rotateKeysResponse{adminResponse{rc.requestID, http.StatusOK}, key.kid}, nil
}
