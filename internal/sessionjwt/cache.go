package sessionjwt

import (
	"sync"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/internal/jwtverify"
)

// cacheEntry is a verified JWT: its result, its registered claims (for the
// time checks of later reads) and the key that signed it.
type cacheEntry[T any] struct {
	val T
	reg jwt.RegisteredClaims
	kid string
}

// claimsCache remembers verified JWTs by their exact text, so that a JWT
// presented again skips the signature check. It is bounded; exp, nbf and the
// maximum age are checked again at every read, and an entry whose key left
// the JWKS is dropped.
type claimsCache[T any] struct {
	mu      sync.RWMutex
	max     int
	entries map[string]*cacheEntry[T]
}

func newClaimsCache[T any](size int) *claimsCache[T] {
	if size < 0 {
		size = 0
	}
	return &claimsCache[T]{max: size, entries: make(map[string]*cacheEntry[T])}
}

// get returns the cached result of token when it still passes chk. A hit
// whose times fail returns the failure.
func (c *claimsCache[T]) get(token string, chk jwtverify.Checks, v *jwtverify.Verifier) (T, bool, error) {
	var zero T
	if c.max == 0 {
		return zero, false, nil
	}
	c.mu.RLock()
	e := c.entries[token]
	c.mu.RUnlock()
	if e == nil {
		return zero, false, nil
	}
	if !v.HasKey(e.kid) {
		c.drop(token)
		return zero, false, nil
	}
	if err := jwtverify.CheckTimes(&e.reg, chk); err != nil {
		if !chk.Now.Before(e.reg.ExpiresAt.Add(chk.Leeway)) {
			c.drop(token)
		}
		return zero, true, err
	}
	return e.val, true, nil
}

func (c *claimsCache[T]) drop(token string) {
	c.mu.Lock()
	delete(c.entries, token)
	c.mu.Unlock()
}

func (c *claimsCache[T]) put(token string, e *cacheEntry[T]) {
	if c.max == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		// Evict about half, in map order (random): cheap and bounded.
		n := len(c.entries) / 2
		for k := range c.entries {
			if n == 0 {
				break
			}
			delete(c.entries, k)
			n--
		}
	}
	c.entries[token] = e
}
