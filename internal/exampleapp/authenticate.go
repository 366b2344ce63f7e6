package main

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// authenticate is where every magic link and SSO login lands (the redirect
// URL registered with Stytch). stytch_token_type says which kind it was.
func (a *app) authenticate(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	switch r.URL.Query().Get("stytch_token_type") {
	case "discovery":
		// The link proved the email address. The answer is an intermediate
		// session (no organization yet, 10 minutes) and the organizations
		// that address may enter.
		resp, err := a.client.MagicLinks.Discovery.Authenticate(r.Context(), &magiclinks.DiscoveryAuthenticateParams{DiscoveryMagicLinksToken: token})
		if err != nil {
			a.fail(w, r, fmt.Errorf("authenticating the discovery link: %w", err))
			return
		}
		setCookie(w, r, discoveryCookie, resp.IntermediateSessionToken, 600)
		a.render(w, http.StatusOK, "discovery", nil, resp)
	case "multi_tenant_magic_links":
		// A link into one organization: here, an invitation.
		resp, err := a.client.MagicLinks.Authenticate(r.Context(), &magiclinks.AuthenticateParams{MagicLinksToken: token})
		if err != nil {
			a.fail(w, r, fmt.Errorf("authenticating the magic link: %w", err))
			return
		}
		a.finishLogin(w, r, &resp.LoginResult)
	case "sso":
		a.authenticateSSO(w, r, token)
	default:
		a.render(w, http.StatusBadRequest, "error", nil, "This link is not one the app knows.")
	}
}

// createOrganization is self-onboarding: the intermediate session becomes
// the first member, and admin, of a new organization.
func (a *app) createOrganization(w http.ResponseWriter, r *http.Request) {
	ist, ok := a.intermediateSession(w, r)
	if !ok {
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	resp, err := a.client.Discovery.Organizations.Create(r.Context(), &discovery.OrganizationsCreateParams{
		IntermediateSessionToken: ist,
		OrganizationName:         name,
		OrganizationSlug:         slug(name),
	})
	if err != nil {
		a.fail(w, r, fmt.Errorf("creating the organization: %w", err))
		return
	}
	a.finishLogin(w, r, &resp.LoginResult)
}

// enterOrganization exchanges the intermediate session for a session in
// one of the discovered organizations.
func (a *app) enterOrganization(w http.ResponseWriter, r *http.Request) {
	ist, ok := a.intermediateSession(w, r)
	if !ok {
		return
	}
	resp, err := a.client.Discovery.IntermediateSessions.Exchange(r.Context(), &discovery.IntermediateSessionsExchangeParams{
		IntermediateSessionToken: ist,
		OrganizationID:           r.PostFormValue("organization_id"),
	})
	if err != nil {
		a.fail(w, r, fmt.Errorf("entering the organization: %w", err))
		return
	}
	a.finishLogin(w, r, &resp.LoginResult)
}

func (a *app) intermediateSession(w http.ResponseWriter, r *http.Request) (string, bool) {
	c, err := r.Cookie(discoveryCookie)
	if err != nil {
		a.render(w, http.StatusBadRequest, "error", nil, "Your login has expired. Please ask for a new link.")
		return "", false
	}
	return c.Value, true
}

// finishLogin keeps the session JWT in a cookie. A login is complete only
// when Stytch says the member is authenticated; otherwise the organization
// wants more (MFA, or another primary factor) before it hands out a session.
func (a *app) finishLogin(w http.ResponseWriter, r *http.Request, res *sessions.LoginResult) {
	clearCookie(w, r, discoveryCookie)
	if !res.MemberAuthenticated {
		a.render(w, http.StatusForbidden, "error", nil, res.Organization.OrganizationName+" requires multi-factor authentication, which this example leaves out.")
		return
	}
	setCookie(w, r, sessionCookie, res.SessionJWT, 0)
	http.Redirect(w, r, "/org", http.StatusSeeOther)
}

// slug turns an organization name into a URL-safe slug: "Acme Corp" → "acme-corp".
func slug(name string) string {
	return strings.Trim(strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			return c
		}
		return '-'
	}, strings.ToLower(name)), "-")
}
