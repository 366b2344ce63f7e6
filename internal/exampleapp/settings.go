package main

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// settings shows the organization's email JIT provisioning, MFA policy and
// SSO connections to admins. The permission is checked locally, against the project's RBAC
// policy (fetched once and cached) and the roles in the session JWT.
func (a *app) settings(w http.ResponseWriter, r *http.Request, s *session) {
	_, err := a.client.Sessions.AuthenticateJWT(r.Context(), s.jwt, &sessions.JWTOptions{
		MaxTokenAge: time.Minute,
		AllowRemote: true,
		AuthorizationCheck: &sessions.AuthorizationCheck{
			OrganizationID: s.OrganizationID, ResourceID: "stytch.organization", Action: "update.settings.email-jit-provisioning",
		},
	})
	var apiErr *stytchapi.Error
	if errors.Is(err, sessions.ErrPermissionDenied) || errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden {
		a.render(w, http.StatusForbidden, "error", s, "Only admins can change the organization's settings.")
		return
	} else if err != nil {
		a.fail(w, r, fmt.Errorf("checking the permission: %w", err))
		return
	}
	resp, err := a.client.Organizations.Get(r.Context(), &organizations.GetParams{OrganizationID: s.OrganizationID})
	if err != nil {
		a.fail(w, r, fmt.Errorf("reading the organization: %w", err))
		return
	}
	conns, err := a.ssoConnections(r.Context(), s)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, http.StatusOK, "settings", s, map[string]any{
		"Org":      resp.Organization,
		"Domains":  strings.Join(resp.Organization.EmailAllowedDomains, ", "),
		"Saved":    r.URL.Query().Has("saved"),
		"SSO":      conns,
		"SSOAdded": r.URL.Query().Has("sso"),
	})
}

// saveSettings updates the organization as the member: Stytch checks each
// setting sent against their roles (update.settings.* on
// stytch.organization).
func (a *app) saveSettings(w http.ResponseWriter, r *http.Request, s *session) {
	domains := []string{} // non-nil: an empty list clears the domains
	for d := range strings.SplitSeq(r.PostFormValue("domains"), ",") {
		if d = strings.TrimSpace(d); d != "" {
			domains = append(domains, d)
		}
	}
	_, err := a.client.Organizations.Update(r.Context(), &organizations.UpdateParams{
		OrganizationID:       s.OrganizationID,
		EmailAllowedDomains:  domains,
		EmailJITProvisioning: r.PostFormValue("email_jit_provisioning"),
		MFAPolicy:            r.PostFormValue("mfa_policy"),
	}, stytchapi.WithMemberSessionJWT(s.jwt))
	if err != nil {
		a.fail(w, r, fmt.Errorf("saving the settings: %w", err))
		return
	}
	http.Redirect(w, r, "/settings?saved=1", http.StatusSeeOther)
}
