package engine

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// The admin token guards the dashboard and POST /mock/projects when the
// mock listens beyond loopback (Options.AdminToken). Scripts send it as
// "Authorization: Bearer <token>"; a browser opens the dashboard once with
// ?admin_token=<token>, which sets an HttpOnly, SameSite=Strict cookie and
// redirects to the same page without it.
const (
	adminCookie     = "stytch_mock_admin"
	adminQueryParam = "admin_token"
)

// adminCookieValue is what the cookie holds: a hash of the token, so the
// token itself is not stored in the browser.
func adminCookieValue(token string) string {
	sum := sha256.Sum256([]byte("stytch-mock admin cookie\x00" + token))
	return hex.EncodeToString(sum[:])
}

// adminAuthorized reports whether r carries the admin token (always true
// when the engine has none).
func (e *Engine) adminAuthorized(r *http.Request) bool {
	if e.adminToken == "" {
		return true
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && hmac.Equal([]byte(tok), []byte(e.adminToken)) {
		return true
	}
	if c, err := r.Cookie(adminCookie); err == nil && hmac.Equal([]byte(c.Value), []byte(adminCookieValue(e.adminToken))) {
		return true
	}
	return false
}

// guardDashboard answers a dashboard request that lacks the admin token,
// or trades a valid ?admin_token= for the cookie. It reports whether it
// answered.
func (e *Engine) guardDashboard(w http.ResponseWriter, r *http.Request) bool {
	if e.adminAuthorized(r) {
		return false
	}
	q := r.URL.Query()
	if tok := q.Get(adminQueryParam); tok != "" && hmac.Equal([]byte(tok), []byte(e.adminToken)) {
		http.SetCookie(w, &http.Cookie{Name: adminCookie, Value: adminCookieValue(e.adminToken), Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
		q.Del(adminQueryParam)
		u := *r.URL
		u.RawQuery = q.Encode()
		w.Header().Set("Referrer-Policy", "no-referrer")
		http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
		return true
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "This dashboard needs the admin token stytch-mock printed at start: open it once as /dashboard/?admin_token=<token>.", http.StatusUnauthorized)
	return true
}

// adminTokenError answers an admin route that needs the token and lacks it.
func adminTokenError() *apierr.Error {
	return apierr.Unauthorized("unauthorized_credentials", "This route needs the mock's admin token as \"Authorization: Bearer <token>\" (printed by stytch-mock at start, or set with --admin-token).")
}

// needsAdminToken reports whether a route is guarded by the admin token:
// the admin routes that need no project credentials (creating a project).
func needsAdminToken(rt *httpkit.Route) bool {
	return rt.Public && rt.Action == actionCreateProject
}
