package main

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// home is the organization's page: its members, a search, and the invite
// form.
func (a *app) home(w http.ResponseWriter, r *http.Request, s *session) {
	q := r.URL.Query().Get("q")
	params := &organizations.MembersSearchParams{OrganizationIDs: []string{s.OrganizationID}}
	if q != "" {
		params.Query = organizations.And(organizations.Filter("member_email_fuzzy", q))
	}
	// The backend searches with its project credentials, scoped to the
	// organization of the verified session: every member may see the list,
	// while only admins hold Stytch's "search" permission on stytch.member.
	resp, err := a.client.Organizations.Members.Search(r.Context(), params)
	if err != nil {
		a.fail(w, r, fmt.Errorf("listing members: %w", err))
		return
	}
	a.render(w, http.StatusOK, "home", s, map[string]any{
		"Query":   q,
		"Members": resp.Members,
		"Invited": r.URL.Query().Get("invited"),
		// Only to hide a form the member could not use: Stytch itself
		// enforces RBAC on the invite call below.
		"IsAdmin": slices.Contains(s.Roles, "stytch_admin"),
	})
}

// invite emails an invitation magic link. The call runs as the member
// (WithMemberSessionJWT), so Stytch checks their RBAC permission
// (stytch.member create) and answers 403 to a non-admin.
func (a *app) invite(w http.ResponseWriter, r *http.Request, s *session) {
	email := r.PostFormValue("email")
	_, err := a.client.MagicLinks.Email.Invite(r.Context(), &magiclinks.EmailInviteParams{
		OrganizationID:    s.OrganizationID,
		EmailAddress:      email,
		InviteRedirectURL: a.redirectURL,
		InvitedByMemberID: s.MemberID,
	}, stytchapi.WithMemberSessionJWT(s.jwt))
	if err != nil {
		a.fail(w, r, fmt.Errorf("inviting %s: %w", email, err))
		return
	}
	http.Redirect(w, r, "/org?invited="+url.QueryEscape(email), http.StatusSeeOther)
}
