package state

import (
	"cmp"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// M2MTokenLifetime is the expires_in of an M2M access token.
const M2MTokenLifetime = time.Hour

// M2M client statuses.
const (
	M2MStatusActive   = "active"
	M2MStatusInactive = "inactive"
)

// M2MClientRecord is an M2M client. Its secrets are never stored, only
// their SHA-256 hashes and last four characters; NextSecretHash is set
// while a rotation is in progress.
type M2MClientRecord struct {
	Seq                uint64
	ClientID           string
	Name               string
	Description        string
	Status             string
	Scopes             []string
	TrustedMetadata    map[string]any
	SecretHash         [32]byte
	SecretLastFour     string
	NextSecretHash     [32]byte
	NextSecretLastFour string
	CreatedAt          time.Time
}

// Rotating reports whether a secret rotation is in progress.
func (r *M2MClientRecord) Rotating() bool { return r.NextSecretLastFour != "" }

// HashM2MSecret is how a client secret is stored.
func HashM2MSecret(secret string) [32]byte { return sha256.Sum256([]byte(secret)) }

// LastFour returns the last four characters of a secret, as the API shows
// them.
func LastFour(secret string) string {
	if len(secret) <= 4 {
		return secret
	}
	return secret[len(secret)-4:]
}

// CheckSecret compares secret with the client's secret and, during a
// rotation, its next secret, in constant time: both comparisons always run.
func (r *M2MClientRecord) CheckSecret(secret string) bool {
	h := HashM2MSecret(secret)
	cur := subtle.ConstantTimeCompare(h[:], r.SecretHash[:])
	next := subtle.ConstantTimeCompare(h[:], r.NextSecretHash[:])
	rotating := 0
	if r.Rotating() {
		rotating = 1
	}
	return cur|(next&rotating) == 1
}

// SecretHashHex returns the hex of a stored secret hash, for snapshots.
func SecretHashHex(h [32]byte) string { return hex.EncodeToString(h[:]) }

// CloneM2MClient returns a copy of r that shares no memory with it.
func CloneM2MClient(r *M2MClientRecord) *M2MClientRecord {
	c := *r
	c.Scopes = slices.Clone(r.Scopes)
	c.TrustedMetadata = DeepCopyJSON(r.TrustedMetadata)
	return &c
}

// M2MClient returns the client with the given ID, or its 404. Callers hold
// p.Mu.
func (p *Project) M2MClient(clientID string) (*M2MClientRecord, *apierr.Error) {
	if r := p.M2MClients[clientID]; r != nil {
		return r, nil
	}
	return nil, apierr.NotFound("m2m_client_not_found", "M2M client %q was not found in this project.", apierr.Excerpt(clientID, 128))
}

// PutM2MClient stores r, replacing the client with its ID. Callers hold
// p.Mu for writing.
func (p *Project) PutM2MClient(r *M2MClientRecord) {
	if p.M2MClients == nil {
		p.M2MClients = map[string]*M2MClientRecord{}
	}
	p.M2MClients[r.ClientID] = r
}

// DeleteM2MClient forgets a client. Callers hold p.Mu for writing.
func (p *Project) DeleteM2MClient(clientID string) { delete(p.M2MClients, clientID) }

// M2MClientsInOrder returns every client, oldest first. Callers hold p.Mu.
func (p *Project) M2MClientsInOrder() []*M2MClientRecord {
	out := make([]*M2MClientRecord, 0, len(p.M2MClients))
	for _, r := range p.M2MClients {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *M2MClientRecord) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}

// SignM2MToken signs an M2M access token for the client with the project's
// current key: RS256, with Stytch's M2M claims (sub and client_id name the
// client, scope is space-separated).
func (p *Project) SignM2MToken(clientID, scope string, now time.Time) (string, error) {
	iat := now.Unix()
	claims := jwt.MapClaims{
		"iss":       "stytch.com/" + p.ID,
		"aud":       []string{p.ID},
		"sub":       clientID,
		"client_id": clientID,
		"scope":     scope,
		"iat":       iat,
		"nbf":       iat,
		"exp":       iat + int64(M2MTokenLifetime/time.Second),
		"jti":       ids.NewID("m2m-token", p.Env),
	}
	return p.Keys.sign(claims, now)
}

// KeyRetention is how long a retired signing key stays published and
// verifies JWTs: the life of the longest-lived JWT it signed, an M2M access
// token.
const KeyRetention = max(JWTLifetime, M2MTokenLifetime)
