package api

import (
	"encoding/json"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// loginOrSignupBody is the body of login_or_signup.
type loginOrSignupBody struct {
	OrganizationID          string  `json:"organization_id"`
	EmailAddress            string  `json:"email_address"`
	LoginRedirectURL        string  `json:"login_redirect_url"`
	SignupRedirectURL       string  `json:"signup_redirect_url"`
	PKCECodeChallenge       string  `json:"pkce_code_challenge"`
	LoginTemplateID         string  `json:"login_template_id"`
	SignupTemplateID        string  `json:"signup_template_id"`
	Locale                  *string `json:"locale"`
	LoginExpirationMinutes  *int64  `json:"login_expiration_minutes"`
	SignupExpirationMinutes *int64  `json:"signup_expiration_minutes"`
}

// loginOrSignupResponse answers login_or_signup.
type loginOrSignupResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	MemberCreated bool                       `json:"member_created"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	StatusCode    int                        `json:"status_code"`
}

func handleMagicLinkLoginOrSignup(rc *httpkit.Call) (any, error) {
	var b loginOrSignupBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.CheckOrgSend(b.OrganizationID, b.EmailAddress, b.Locale)
	if emailErr != nil {
		return nil, emailErr
	}
	loginTTL, err := flows.LinkTTL("login_expiration_minutes", b.LoginExpirationMinutes, flows.DefaultLinkMinutes)
	if err != nil {
		return nil, err
	}
	signupTTL, err := flows.LinkTTL("signup_expiration_minutes", b.SignupExpirationMinutes, flows.DefaultLinkMinutes)
	if err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.PruneAuth(rc.Now)
	if org, m, ok, err := flows.SandboxSend(p, rc.Now, b.OrganizationID, email); ok || err != nil {
		if err != nil {
			return nil, err
		}
		return &loginOrSignupResponse{MemberID: m.Member.MemberID, Member: p.MemberView(m), Organization: p.OrgView(org)}, nil
	}
	org, aerr := p.FindOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	r, created, aerr := flows.LoginOrSignupMember(p, org, email, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	l := state.MagicLinkRecord{Kind: state.LinkSignup, OrgID: org.Org.OrganizationID, MemberID: r.Member.MemberID, Email: r.Member.EmailAddress, PKCEChallenge: b.PKCECodeChallenge}
	redirectType, redirect, ttl := "signup", b.SignupRedirectURL, signupTTL
	if r.Member.Status == organizations.StatusActive {
		l.Kind, redirectType, redirect, ttl = state.LinkLogin, "login", b.LoginRedirectURL, loginTTL
	}
	// Resolve the redirect before storing anything, so a refused URL
	// leaves no member behind.
	if _, err := p.ResolveRedirectURL(redirectType, redirect, "no_match_for_provided_magic_link_url"); err != nil {
		return nil, err
	}
	if created {
		p.InsertMember(r)
	}
	if err := flows.SendLink(p, rc.Now, l, redirectType, redirect, flows.TokenTypeMagicLinks, ttl, org.Org.OrganizationName); err != nil {
		return nil, err
	}
	return &loginOrSignupResponse{MemberID: r.Member.MemberID, MemberCreated: created, Member: p.MemberView(r), Organization: p.OrgView(org)}, nil
}

// inviteBody is the body of invite.
type inviteBody struct {
	OrganizationID          string          `json:"organization_id"`
	EmailAddress            string          `json:"email_address"`
	InviteRedirectURL       string          `json:"invite_redirect_url"`
	InvitedByMemberID       string          `json:"invited_by_member_id"`
	Name                    *string         `json:"name"`
	TrustedMetadata         json.RawMessage `json:"trusted_metadata"`
	UntrustedMetadata       json.RawMessage `json:"untrusted_metadata"`
	InviteTemplateID        string          `json:"invite_template_id"`
	Locale                  *string         `json:"locale"`
	Roles                   *[]string       `json:"roles"`
	InviteExpirationMinutes *int64          `json:"invite_expiration_minutes"`
}

// inviteResponse answers invite.
type inviteResponse struct {
	RequestID    string                     `json:"request_id"`
	MemberID     string                     `json:"member_id"`
	Member       organizations.Member       `json:"member"`
	Organization organizations.Organization `json:"organization"`
	StatusCode   int                        `json:"status_code"`
}

func handleMagicLinkInvite(rc *httpkit.Call) (any, error) {
	var b inviteBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.RequireOrgAndEmail(b.OrganizationID, b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	if b.Name != nil {
		if err := flows.CheckMemberName(*b.Name); err != nil {
			return nil, err
		}
	}
	if err := flows.CheckLocale(b.Locale, flows.MagicLinkLocales); err != nil {
		return nil, err
	}
	ttl, aerr := flows.LinkTTL("invite_expiration_minutes", b.InviteExpirationMinutes, flows.DefaultInviteMinutes)
	if aerr != nil {
		return nil, aerr
	}
	var trusted, untrusted map[string]any
	if b.TrustedMetadata != nil {
		if trusted, aerr = flows.ParseMetadata("trusted_metadata", b.TrustedMetadata); aerr != nil {
			return nil, aerr
		}
	}
	if b.UntrustedMetadata != nil {
		if untrusted, aerr = flows.ParseMetadata("untrusted_metadata", b.UntrustedMetadata); aerr != nil {
			return nil, aerr
		}
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.PruneAuth(rc.Now)
	if org, m, ok, err := flows.SandboxSend(p, rc.Now, b.OrganizationID, email); ok || err != nil {
		if err != nil {
			return nil, err
		}
		return &inviteResponse{MemberID: m.Member.MemberID, Member: p.MemberView(m), Organization: p.OrgView(org)}, nil
	}
	org, aerr := p.FindOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	if err := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, "", flows.ActionCheck{Resource: "stytch.member", Action: "create"}); err != nil {
		return nil, err
	}
	if err := flows.InviteAllowed(org, state.EmailKey(email)); err != nil {
		return nil, err
	}
	if b.InvitedByMemberID != "" {
		if _, err := p.FindMember(org, b.InvitedByMemberID); err != nil {
			return nil, err
		}
	}
	var roles []string
	if b.Roles != nil {
		if roles, aerr = flows.CheckRoles(p, org, *b.Roles); aerr != nil {
			return nil, aerr
		}
	}
	set := p.MemberSet(org.Org.OrganizationID)
	r := set.ByEmail[state.EmailKey(email)]
	var next *state.MemberRecord
	switch {
	case r == nil:
		if set.EmailHolder(state.EmailKey(email), nil) != nil {
			return nil, apierr.BadRequest("duplicate_member_email", "The email address %q was retired by a member of this organization.", email)
		}
		next = flows.NewMemberRecord(p, org.Org.OrganizationID, email, organizations.StatusInvited, rc.Now)
	case r.Member.Status == organizations.StatusActive:
		return nil, apierr.BadRequest("duplicate_member_email", "%q is already an active member of organization %q; there is nothing to invite.", email, org.Org.OrganizationID)
	default:
		next = state.CloneRecord(r)
		next.Member.Status = organizations.StatusInvited
	}
	if b.Name != nil && *b.Name != "" {
		next.Member.Name = *b.Name
	}
	if trusted != nil {
		next.Member.TrustedMetadata = trusted
	}
	if untrusted != nil {
		next.Member.UntrustedMetadata = untrusted
	}
	if b.Roles != nil {
		next.ExplicitRoles = roles
	}
	if _, err := p.ResolveRedirectURL("invite", b.InviteRedirectURL, "no_match_for_provided_magic_link_url"); err != nil {
		return nil, err
	}
	now := rc.Now
	next.Member.UpdatedAt = &now
	if r == nil {
		p.InsertMember(next)
		r = next
	} else {
		p.ReplaceMember(r, next)
	}
	l := state.MagicLinkRecord{Kind: state.LinkInvite, OrgID: org.Org.OrganizationID, MemberID: r.Member.MemberID, Email: r.Member.EmailAddress}
	if err := flows.SendLink(p, rc.Now, l, "invite", b.InviteRedirectURL, flows.TokenTypeMagicLinks, ttl, org.Org.OrganizationName); err != nil {
		return nil, err
	}
	return &inviteResponse{MemberID: r.Member.MemberID, Member: p.MemberView(r), Organization: p.OrgView(org)}, nil
}

func handleMagicLinkAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		MagicLinksToken  string `json:"magic_links_token"`
		PKCECodeVerifier string `json:"pkce_code_verifier"`
		flows.LoginArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.MagicLinksToken == "" {
		return nil, apierr.BadRequest("bad_request", "magic_links_token is required.")
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	if res, ok, err := flows.SandboxAuthenticate(p, rc.Now, b.MagicLinksToken, b.SessionArgs); ok || err != nil {
		if err != nil {
			return nil, err
		}
		return res, nil
	}
	l, aerr := flows.FindLink(p, b.MagicLinksToken, b.PKCECodeVerifier, rc.Now, state.LinkLogin, state.LinkSignup, state.LinkInvite, state.LinkEmailUpdate)
	if aerr != nil {
		return nil, aerr
	}
	ist, aerr := b.FindIST(p, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	r := p.Members[l.MemberID]
	if r == nil || r.Member.Status == organizations.StatusDeleted {
		return nil, apierr.NotFound("member_not_found", "The member this magic link was sent to no longer exists.")
	}
	org := p.Orgs[r.Member.OrganizationID]
	if org == nil {
		return nil, apierr.NotFound("organization_not_found", "The organization this magic link was sent for no longer exists.")
	}
	// An email update completes first; it is rolled back if the login fails.
	var backup *state.MemberRecord
	if l.Kind == state.LinkEmailUpdate {
		u := r.EmailUpdate
		if u == nil || u.TokenHash != ids.HashToken(b.MagicLinksToken) || !rc.Now.Before(u.ExpiresAt) {
			return nil, apierr.Unauthorized("unable_to_auth_magic_link", "The email update this magic link confirms was replaced, cancelled or has expired.")
		}
		backup = state.CloneRecord(r)
		next := state.CloneRecord(r)
		if err := flows.ChangeEmail(p, p.MemberSet(org.Org.OrganizationID), r, next, u.EmailAddress, false); err != nil {
			return nil, err
		}
		next.Member.EmailAddressVerified = true
		now := rc.Now
		next.Member.UpdatedAt = &now
		p.ReplaceMember(r, next)
	} else if state.EmailKey(r.Member.EmailAddress) != state.EmailKey(l.Email) {
		return nil, apierr.Unauthorized("unable_to_auth_magic_link", "The member's email address changed after this magic link was sent.")
	}
	res, aerr := flows.EmailProvingLogin(p, rc.Now, org, r, "magic_link", &b.LoginArgs, ist, backup)
	if aerr != nil {
		return nil, aerr
	}
	l.Used = true
	return &flows.MagicLinkAuthResponse{AuthResult: res, MethodID: r.EmailID, OrganizationID: org.Org.OrganizationID}, nil
}
