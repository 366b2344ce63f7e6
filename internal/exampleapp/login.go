package main

import (
	"fmt"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/magiclinks"
)

// loginPage asks for an email address: the same form signs up and logs in.
func (a *app) loginPage(w http.ResponseWriter, r *http.Request) {
	var notice string
	if r.URL.Query().Has("expired") {
		notice = "Your session has ended. Please log in again."
	}
	a.render(w, http.StatusOK, "login", nil, notice)
}

// sendDiscoveryLink emails a discovery magic link. Discovery logs in a
// person, not yet a member of any organization: the link proves the email
// address, then the person picks (or creates) the organization to enter.
func (a *app) sendDiscoveryLink(w http.ResponseWriter, r *http.Request) {
	email := r.PostFormValue("email")
	_, err := a.client.MagicLinks.Email.Discovery.Send(r.Context(), &magiclinks.EmailDiscoverySendParams{
		EmailAddress:         email,
		DiscoveryRedirectURL: a.redirectURL,
	})
	if err != nil {
		a.fail(w, r, fmt.Errorf("sending the discovery link: %w", err))
		return
	}
	a.render(w, http.StatusOK, "sent", nil, email)
}
