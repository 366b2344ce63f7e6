package dashboard

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"

	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// csrfCookie holds a browser's random CSRF seed; the forms carry
// csrfToken(seed), which only this process can compute.
const csrfCookie = "stytch_mock_csrf"

// csrfField is the form field of the token.
const csrfField = "csrf_token"

// newCSRFKey returns the process's random key for CSRF tokens.
func newCSRFKey() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k) // crypto/rand.Read never fails on supported platforms.
	return k
}

// csrfToken is the token of a seed: HMAC-SHA256 under the dashboard's key.
func (d *Dashboard) csrfToken(seed string) string {
	m := hmac.New(sha256.New, d.csrfKey)
	m.Write([]byte(seed))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ensureCSRF returns the token the page's forms carry, setting the seed
// cookie first when the browser has none.
func (d *Dashboard) ensureCSRF(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return d.csrfToken(c.Value)
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	seed := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: seed, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return d.csrfToken(seed)
}

// sameOrigin reports whether a browser says the request comes from the
// dashboard's own origin (httpkit.SameOrigin).
func sameOrigin(r *http.Request) bool { return httpkit.SameOrigin(r) }

// checkCSRF reports whether a dashboard action carries the token of its
// seed cookie in its form.
func (d *Dashboard) checkCSRF(w http.ResponseWriter, r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) < 32 {
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if err := r.ParseForm(); err != nil {
		return false
	}
	got := r.PostForm.Get(csrfField)
	return got != "" && hmac.Equal([]byte(got), []byte(d.csrfToken(c.Value)))
}
