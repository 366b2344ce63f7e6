package api

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func handlePasswordDiscoveryAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		EmailAddress string `json:"email_address"`
		Password     string `json:"password"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.RequireTrimmedEmail(b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	if err := flows.RequirePassword("password", b.Password); err != nil {
		return nil, err
	}
	w := flows.PrepareLogin(rc.Project, func(p *state.Project) *state.MemberRecord { return flows.FirstPasswordMember(p, email) }, b.Password)
	return crossOrgPasswords(rc, func(p *state.Project) (any, error) {
		p.PruneAuth(rc.Now)
		// The shared password is checked against the first membership that
		// holds it; failures and locks count there.
		var r *state.MemberRecord
		if ms := flows.PasswordMembers(p, email); len(ms) > 0 {
			r = ms[0]
		}
		c, aerr := flows.CheckPassword(p, r, b.Password, rc.Now, w)
		if aerr != nil {
			return nil, aerr
		}
		flows.LoginSucceeded(p, c, b.Password, w)
		for _, m := range flows.PasswordMembers(p, email)[1:] {
			if mc := p.PasswordOf(m); mc != nil {
				mc.Hash = c.Hash
			}
		}
		ist, tok := p.NewIST(rc.Now, r.Member.EmailAddress, "", "", []state.ISTFactor{{Method: "password", Factor: flows.PasswordFactor(r)}})
		exp := ist.ExpiresAt
		return &discoveryAuthResponse{
			EmailAddress:             r.Member.EmailAddress,
			IntermediateSessionToken: tok, IntermediateSessionTokenExpiresAt: &exp,
			DiscoveredOrganizations: flows.DiscoveredOrgs(p, r.Member.EmailAddress, []string{"password"}, false, ""),
		}, nil
	})
}

func handlePasswordDiscoveryResetStart(rc *httpkit.Call) (any, error) {
	var b struct {
		EmailAddress                   string  `json:"email_address"`
		ResetPasswordRedirectURL       string  `json:"reset_password_redirect_url"`
		DiscoveryRedirectURL           string  `json:"discovery_redirect_url"`
		ResetPasswordTemplateID        string  `json:"reset_password_template_id"`
		ResetPasswordExpirationMinutes *int64  `json:"reset_password_expiration_minutes"`
		PKCECodeChallenge              string  `json:"pkce_code_challenge"`
		Locale                         *string `json:"locale"`
		VerifyEmailTemplateID          string  `json:"verify_email_template_id"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.CheckDiscoverySend(b.EmailAddress, b.Locale)
	if emailErr != nil {
		return nil, emailErr
	}
	ttl, aerr := flows.LinkTTL("reset_password_expiration_minutes", b.ResetPasswordExpirationMinutes, flows.DefaultResetMinutes)
	if aerr != nil {
		return nil, aerr
	}
	return crossOrgPasswords(rc, func(p *state.Project) (any, error) {
		url, aerr := p.ResolveRedirectURL("reset_password", b.ResetPasswordRedirectURL, "invalid_password_reset_redirect_url")
		if aerr != nil {
			return nil, aerr
		}
		// Enumeration-safe: the answer is the same for every address; the email
		// goes only to an address with at least one membership.
		if ms := p.MembersByEmail(email); len(ms) > 0 {
			flows.SendReset(p, rc.Now, state.ResetRecord{Email: ms[0].Member.EmailAddress, PKCE: b.PKCECodeChallenge}, url, flows.TemplateDiscoveryResetPassword, "", ttl)
		}
		return &httpkit.Ack{}, nil
	})
}

func handlePasswordDiscoveryReset(rc *httpkit.Call) (any, error) {
	var b struct {
		PasswordResetToken string `json:"password_reset_token"`
		Password           string `json:"password"`
		PKCECodeVerifier   string `json:"pkce_code_verifier"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := flows.RequireSecrets(flows.Secret{Field: "password_reset_token", Value: b.PasswordResetToken}, flows.Secret{Field: "password", Value: b.Password}); err != nil {
		return nil, err
	}
	w := flows.PrepareNewPassword(rc.Project, nil, b.Password)
	return crossOrgPasswords(rc, func(p *state.Project) (any, error) {
		l, aerr := flows.FindReset(p, b.PasswordResetToken, b.PKCECodeVerifier, true, rc.Now)
		if aerr != nil {
			return nil, aerr
		}
		ms := p.MembersByEmail(l.Email)
		if len(ms) == 0 {
			return nil, apierr.Unauthorized("unable_to_auth_password_reset_token", "The address this reset link was sent to has no membership any more.")
		}
		h, aerr := flows.HashNewPassword(p, b.Password, l.Email, w)
		if aerr != nil {
			return nil, aerr
		}
		l.Used = true
		for _, m := range ms {
			p.RevokeMemberSessions(m.Member.MemberID)
		}
		p.StorePassword(ms[0], h, true, rc.Now)
		ist, tok := p.NewIST(rc.Now, ms[0].Member.EmailAddress, "", "", []state.ISTFactor{{Method: "password", Factor: flows.PasswordFactor(ms[0])}})
		exp := ist.ExpiresAt
		return &discoveryAuthResponse{
			EmailAddress:             ms[0].Member.EmailAddress,
			IntermediateSessionToken: tok, IntermediateSessionTokenExpiresAt: &exp,
			DiscoveredOrganizations: flows.DiscoveredOrgs(p, ms[0].Member.EmailAddress, []string{"password"}, false, ""),
		}, nil
	})
}

// requireResetResponse answers email/require_reset.
type requireResetResponse struct {
	RequestID    string                      `json:"request_id"`
	StatusCode   int                         `json:"status_code"`
	MemberID     string                      `json:"member_id,omitempty"`
	Member       *organizations.Member       `json:"member"`
	Organization *organizations.Organization `json:"organization"`
}

func handlePasswordRequireReset(rc *httpkit.Call) (any, error) {
	var b struct {
		EmailAddress   string `json:"email_address"`
		OrganizationID string `json:"organization_id"`
		MemberID       string `json:"member_id"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.RequireTrimmedEmail(b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	return crossOrgPasswords(rc, func(p *state.Project) (any, error) {
		var org *state.OrgRecord
		if b.OrganizationID != "" {
			var aerr *apierr.Error
			if org, aerr = p.FindOrg(b.OrganizationID); aerr != nil {
				return nil, aerr
			}
			if aerr := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, b.MemberID, flows.ActionCheck{Resource: "stytch.member", Action: "update.info.delete.password", Self: "update.info.delete.password"}); aerr != nil {
				return nil, aerr
			}
		}
		ms := flows.PasswordMembers(p, email)
		var target *state.MemberRecord
		for _, m := range ms {
			if (org == nil || m.Member.OrganizationID == org.Org.OrganizationID) && (b.MemberID == "" || m.Member.MemberID == b.MemberID) {
				target = m
			}
		}
		if target == nil {
			return nil, apierr.NotFound("member_password_not_found", "No member with the address %q has a password.", email)
		}
		active := 0
		for _, m := range p.MembersByEmail(email) {
			if m.Member.Status == organizations.StatusActive {
				active++
			}
		}
		if active <= 1 {
			// The only active membership: the password is deleted outright.
			for _, m := range ms {
				next := state.CloneRecord(m)
				next.Member.MemberPasswordID = ""
				now := rc.Now
				next.Member.UpdatedAt = &now
				p.ReplaceMember(m, next)
			}
		} else {
			for _, m := range ms {
				p.PasswordOf(m).RequireReset = true
			}
		}
		res := &requireResetResponse{}
		if org != nil {
			mv, ov := p.MemberView(target), p.OrgView(org)
			res.MemberID, res.Member, res.Organization = target.Member.MemberID, &mv, &ov
		}
		return res, nil
	})
}

// crossOrgPasswords runs a discovery password call under the write lock of
// the project, when the project shares passwords across organizations.
func crossOrgPasswords(rc *httpkit.Call, call func(p *state.Project) (any, error)) (any, error) {
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	if err := flows.NeedCrossOrg(p); err != nil {
		return nil, err
	}
	return call(p)
}
