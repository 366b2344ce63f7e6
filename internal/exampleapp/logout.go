package main

import (
	"fmt"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// logout revokes the session at Stytch, so the JWT stops working for
// everyone (at the latest when it is next checked remotely), and drops the
// cookie.
func (a *app) logout(w http.ResponseWriter, r *http.Request, s *session) {
	if _, err := a.client.Sessions.Revoke(r.Context(), &sessions.RevokeParams{MemberSessionID: s.MemberSessionID}); err != nil {
		a.fail(w, r, fmt.Errorf("revoking the session: %w", err))
		return
	}
	clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
