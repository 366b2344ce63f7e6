package api

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/passwords"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/passwd"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// passwordAuthResponse answers authenticate and the resets: the §1 result
// plus the organization ID.
type passwordAuthResponse struct {
	*flows.AuthResult
	OrganizationID string `json:"organization_id"`
}

// emailResetResponse answers email/reset: also the email ID.
type emailResetResponse struct {
	*flows.AuthResult
	OrganizationID string `json:"organization_id"`
	MemberEmailID  string `json:"member_email_id"`
}

// sessionResetResponse answers session/reset, which has no
// primary_required.
type sessionResetResponse struct {
	RequestID                         string                     `json:"request_id"`
	MemberID                          string                     `json:"member_id"`
	Member                            organizations.Member       `json:"member"`
	Organization                      organizations.Organization `json:"organization"`
	SessionToken                      string                     `json:"session_token"`
	SessionJWT                        string                     `json:"session_jwt"`
	MemberSession                     *sessions.MemberSession    `json:"member_session"`
	MemberAuthenticated               bool                       `json:"member_authenticated"`
	IntermediateSessionToken          string                     `json:"intermediate_session_token"`
	IntermediateSessionTokenExpiresAt *time.Time                 `json:"intermediate_session_token_expires_at"`
	MFARequired                       *flows.MFARequiredView     `json:"mfa_required"`
	MemberDevice                      *sessions.DeviceInfo       `json:"member_device"`
	StatusCode                        int                        `json:"status_code"`
}

func handlePasswordAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		EmailAddress   string `json:"email_address"`
		Password       string `json:"password"`
		flows.LoginArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.CheckPasswordLogin(b.OrganizationID, b.EmailAddress, &b.LoginArgs, flows.Secret{Field: "password", Value: b.Password})
	if emailErr != nil {
		return nil, emailErr
	}
	w := flows.PrepareLogin(rc.Project, func(p *state.Project) *state.MemberRecord {
		return flows.OrgMemberByEmail(p, b.OrganizationID, email)
	}, b.Password)
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.PruneAuth(rc.Now)
	org, aerr := p.FindOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	ist, aerr := b.FindIST(p, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	r := p.MemberSet(org.Org.OrganizationID).ByEmail[state.EmailKey(email)]
	c, aerr := flows.CheckPassword(p, r, b.Password, rc.Now, w)
	if aerr != nil {
		return nil, aerr
	}
	login := flows.PasswordLogin(org, r, b.SessionArgs, rc.Now)
	login.SessionToken, login.SessionJWT, login.IST, login.ISTToken = b.SessionToken, b.SessionJWT, ist, b.IntermediateSessionToken
	res, aerr := flows.RunPrimary(p, login)
	if aerr != nil {
		return nil, aerr
	}
	flows.LoginSucceeded(p, c, b.Password, w)
	return &passwordAuthResponse{AuthResult: res, OrganizationID: org.Org.OrganizationID}, nil
}

// strengthCheckResponse answers strength_check.
type strengthCheckResponse struct {
	RequestID               string                 `json:"request_id"`
	ValidPassword           bool                   `json:"valid_password"`
	Score                   int                    `json:"score"`
	BreachedPassword        bool                   `json:"breached_password"`
	StrengthPolicy          string                 `json:"strength_policy"`
	BreachDetectionOnCreate bool                   `json:"breach_detection_on_create"`
	LudsFeedback            *passwd.LudsFeedback   `json:"luds_feedback"`
	ZxcvbnFeedback          *passwd.ZxcvbnFeedback `json:"zxcvbn_feedback"`
	StatusCode              int                    `json:"status_code"`
}

func handlePasswordStrengthCheck(rc *httpkit.Call) (any, error) {
	var b struct {
		Password     string `json:"password"`
		EmailAddress string `json:"email_address"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := flows.RequirePassword("password", b.Password); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.EmailAddress)
	if email != "" {
		if err := flows.CheckEmail("email_address", email); err != nil {
			return nil, err
		}
	}
	rc.Project.Mu.RLock()
	pol := rc.Project.PasswordPolicy()
	rc.Project.Mu.RUnlock()
	s := pol.CheckStrength(b.Password, email)
	res := &strengthCheckResponse{
		ValidPassword: s.Valid, Score: s.Score,
		BreachedPassword: s.Breached, StrengthPolicy: pol.StrengthPolicy, BreachDetectionOnCreate: pol.BreachDetectionOnCreate,
	}
	if pol.StrengthPolicy == passwd.PolicyLUDS {
		f := s.LUDS
		res.LudsFeedback = &f
	} else {
		res.ZxcvbnFeedback = &passwd.ZxcvbnFeedback{Warning: s.Warning, Suggestions: s.Suggest}
	}
	return res, nil
}

func handlePasswordMigrate(rc *httpkit.Call) (any, error) {
	var b struct {
		EmailAddress           string          `json:"email_address"`
		Hash                   string          `json:"hash"`
		HashType               string          `json:"hash_type"`
		OrganizationID         string          `json:"organization_id"`
		Name                   string          `json:"name"`
		TrustedMetadata        json.RawMessage `json:"trusted_metadata"`
		UntrustedMetadata      json.RawMessage `json:"untrusted_metadata"`
		Roles                  []string        `json:"roles"`
		PreserveExistingSess   bool            `json:"preserve_existing_sessions"`
		MFAPhoneNumber         string          `json:"mfa_phone_number"`
		SetPhoneNumberVerified bool            `json:"set_phone_number_verified"`
		ExternalID             string          `json:"external_id"`
		passwd.MigrateConfigs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.RequireOrgAndEmail(b.OrganizationID, b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	h, aerr := passwd.ParseMigratedHash(b.HashType, b.Hash, b.MigrateConfigs)
	if aerr != nil {
		return nil, aerr
	}
	trusted, untrusted, aerr := flows.NewMemberProfile{
		Name: b.Name, TrustedMetadata: b.TrustedMetadata, UntrustedMetadata: b.UntrustedMetadata,
		MFAPhoneNumber: b.MFAPhoneNumber, ExternalID: b.ExternalID,
	}.Check()
	if aerr != nil {
		return nil, aerr
	}
	return rc.WriteOrg(b.OrganizationID, func(p *state.Project, org *state.OrgRecord) (any, error) {
		roles, aerr := flows.CheckRoles(p, org, b.Roles)
		if aerr != nil {
			return nil, aerr
		}
		set := p.MemberSet(org.Org.OrganizationID)
		r := set.ByEmail[state.EmailKey(email)]
		created := r == nil
		if r != nil && p.PasswordOf(r) != nil {
			return nil, apierr.BadRequest("password_already_exists", "The member %q already has a password.", r.Member.MemberID)
		}
		if created {
			if set.EmailHolder(state.EmailKey(email), nil) != nil {
				return nil, apierr.BadRequest("duplicate_member_email", "The email address %q was retired by a member of this organization.", email)
			}
			if b.ExternalID != "" && set.ByExtID[b.ExternalID] != nil {
				return nil, apierr.BadRequest("duplicate_member_external_id", "The external_id %q is already used by another member of this organization.", b.ExternalID)
			}
			r = flows.NewMemberRecord(p, org.Org.OrganizationID, email, organizations.StatusActive, rc.Now)
			r.Member.Name, r.Member.TrustedMetadata, r.Member.UntrustedMetadata, r.Member.ExternalID = b.Name, trusted, untrusted, b.ExternalID
			r.Member.MFAPhoneNumber = b.MFAPhoneNumber
			r.Member.MFAPhoneNumberVerified = b.MFAPhoneNumber != "" && b.SetPhoneNumberVerified
			r.ExplicitRoles = roles
			p.InsertMember(r)
		}
		p.StorePassword(r, h, true, rc.Now)
		return &passwords.MigrateResponse{
			MemberID: r.Member.MemberID, MemberCreated: created,
			Member: p.MemberView(r), Organization: p.OrgView(org),
		}, nil
	})
}

// resetStartResponse answers email/reset/start.
type resetStartResponse struct {
	RequestID     string               `json:"request_id"`
	MemberID      string               `json:"member_id"`
	MemberEmailID string               `json:"member_email_id"`
	Member        organizations.Member `json:"member"`
	StatusCode    int                  `json:"status_code"`
}

func handlePasswordResetStart(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID                 string  `json:"organization_id"`
		EmailAddress                   string  `json:"email_address"`
		ResetPasswordRedirectURL       string  `json:"reset_password_redirect_url"`
		ResetPasswordExpirationMinutes *int64  `json:"reset_password_expiration_minutes"`
		CodeChallenge                  string  `json:"code_challenge"`
		LoginRedirectURL               string  `json:"login_redirect_url"`
		Locale                         *string `json:"locale"`
		ResetPasswordTemplateID        string  `json:"reset_password_template_id"`
		VerifyEmailTemplateID          string  `json:"verify_email_template_id"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.CheckOrgSend(b.OrganizationID, b.EmailAddress, b.Locale)
	if emailErr != nil {
		return nil, emailErr
	}
	ttl, aerr := flows.LinkTTL("reset_password_expiration_minutes", b.ResetPasswordExpirationMinutes, flows.DefaultResetMinutes)
	if aerr != nil {
		return nil, aerr
	}
	return rc.WriteOrg(b.OrganizationID, func(p *state.Project, org *state.OrgRecord) (any, error) {
		set := p.MemberSet(org.Org.OrganizationID)
		r := set.ByEmail[state.EmailKey(email)]
		if r == nil {
			// Password sign-up: a new address the organization's email JIT
			// provisioning admits becomes a pending member.
			if err := flows.JitDecision(org, state.EmailKey(email)); err != nil {
				return nil, err
			}
			if set.EmailHolder(state.EmailKey(email), nil) != nil {
				return nil, apierr.BadRequest("duplicate_member_email", "The email address %q was retired by a member of this organization.", email)
			}
		}
		url, aerr := p.ResolveRedirectURL("reset_password", b.ResetPasswordRedirectURL, "invalid_password_reset_redirect_url")
		if aerr != nil {
			return nil, aerr
		}
		if r == nil {
			r = flows.NewMemberRecord(p, org.Org.OrganizationID, email, organizations.StatusPending, rc.Now)
			p.InsertMember(r)
		}
		flows.SendReset(p, rc.Now, state.ResetRecord{OrgID: org.Org.OrganizationID, MemberID: r.Member.MemberID, Email: r.Member.EmailAddress, PKCE: b.CodeChallenge},
			url, flows.TemplateResetPassword, org.Org.OrganizationName, ttl)
		return &resetStartResponse{MemberID: r.Member.MemberID, MemberEmailID: r.EmailID, Member: p.MemberView(r)}, nil
	})
}

func handlePasswordEmailReset(rc *httpkit.Call) (any, error) {
	var b struct {
		PasswordResetToken string `json:"password_reset_token"`
		Password           string `json:"password"`
		CodeVerifier       string `json:"code_verifier"`
		flows.LoginArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := flows.RequireSecrets(flows.Secret{Field: "password_reset_token", Value: b.PasswordResetToken}, flows.Secret{Field: "password", Value: b.Password}); err != nil {
		return nil, err
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	w := flows.PrepareNewPassword(rc.Project, nil, b.Password)
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.PruneAuth(rc.Now)
	l, aerr := flows.FindReset(p, b.PasswordResetToken, b.CodeVerifier, false, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	r := p.Members[l.MemberID]
	if r == nil || r.Member.Status == organizations.StatusDeleted || state.EmailKey(r.Member.EmailAddress) != state.EmailKey(l.Email) {
		return nil, apierr.Unauthorized("unable_to_auth_password_reset_token", "The member this reset link was sent to no longer has that email address.")
	}
	org := p.Orgs[r.Member.OrganizationID]
	ist, aerr := b.FindIST(p, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	h, aerr := flows.HashNewPassword(p, b.Password, r.Member.EmailAddress, w)
	if aerr != nil {
		return nil, aerr
	}
	old := p.MemberSessionIDs(r.Member.MemberID)
	// The reset link proves the address. Every session the member had is
	// revoked, so a supplied session is not extended: a new one starts.
	login := flows.PasswordLogin(org, r, b.SessionArgs, rc.Now)
	login.ProvesEmail, login.IST, login.ISTToken = true, ist, b.IntermediateSessionToken
	res, aerr := flows.RunPrimary(p, login)
	if aerr != nil {
		return nil, aerr
	}
	l.Used = true
	p.DropSessions(old, "")
	p.StorePassword(r, h, true, rc.Now)
	flows.RefreshResult(p, res)
	return &emailResetResponse{AuthResult: res, OrganizationID: org.Org.OrganizationID, MemberEmailID: r.EmailID}, nil
}

func handlePasswordExistingReset(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID   string `json:"organization_id"`
		EmailAddress     string `json:"email_address"`
		ExistingPassword string `json:"existing_password"`
		NewPassword      string `json:"new_password"`
		flows.LoginArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.CheckPasswordLogin(b.OrganizationID, b.EmailAddress, &b.LoginArgs,
		flows.Secret{Field: "existing_password", Value: b.ExistingPassword}, flows.Secret{Field: "new_password", Value: b.NewPassword})
	if emailErr != nil {
		return nil, emailErr
	}
	w := flows.PrepareLogin(rc.Project, func(p *state.Project) *state.MemberRecord {
		return flows.OrgMemberByEmail(p, b.OrganizationID, email)
	}, b.ExistingPassword)
	w = flows.PrepareNewPassword(rc.Project, w, b.NewPassword)
	return rc.WriteOrg(b.OrganizationID, func(p *state.Project, org *state.OrgRecord) (any, error) {
		r := p.MemberSet(org.Org.OrganizationID).ByEmail[state.EmailKey(email)]
		c, aerr := flows.CheckPassword(p, r, b.ExistingPassword, rc.Now, w)
		if aerr != nil && aerr.Type != "member_reset_password" {
			return nil, aerr
		}
		if c == nil {
			c = p.PasswordOf(r)
		}
		h, aerr := flows.HashNewPassword(p, b.NewPassword, r.Member.EmailAddress, w)
		if aerr != nil {
			return nil, aerr
		}
		old := p.MemberSessionIDs(r.Member.MemberID)
		res, aerr := flows.RunPrimary(p, flows.PasswordLogin(org, r, b.SessionArgs, rc.Now))
		if aerr != nil {
			return nil, aerr
		}
		c.Failures = 0
		p.DropSessions(old, "")
		p.StorePassword(r, h, false, rc.Now)
		flows.RefreshResult(p, res)
		return &passwordAuthResponse{AuthResult: res, OrganizationID: org.Org.OrganizationID}, nil
	})
}

func handlePasswordSessionReset(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		Password       string `json:"password"`
		flows.LoginArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.OrganizationID == "" {
		return nil, apierr.BadRequest("invalid_organization_id", "organization_id is required.")
	}
	if err := flows.RequirePassword("password", b.Password); err != nil {
		return nil, err
	}
	if err := flows.ExactlyOne("session_token and session_jwt", b.SessionToken, b.SessionJWT); err != nil {
		return nil, err
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	w := flows.PrepareNewPassword(rc.Project, nil, b.Password)
	return rc.WriteOrg(b.OrganizationID, func(p *state.Project, org *state.OrgRecord) (any, error) {
		s, aerr := p.FindSession(b.SessionToken, b.SessionJWT, rc.Now)
		if aerr != nil {
			return nil, aerr
		}
		if s.OrgID != org.Org.OrganizationID {
			return nil, apierr.BadRequest("invalid_organization_id", "The session belongs to another organization.")
		}
		recent := slices.ContainsFunc(s.Factors, func(f sessions.AuthenticationFactor) bool {
			return f.LastAuthenticatedAt != nil && rc.Now.Sub(*f.LastAuthenticatedAt) <= flows.SessionResetWindow
		})
		if !recent {
			return nil, apierr.BadRequest("session_too_old_to_reset_password", "The session has no factor authenticated in the last 5 minutes; authenticate again before resetting the password.")
		}
		r := p.Members[s.MemberID]
		h, aerr := flows.HashNewPassword(p, b.Password, r.Member.EmailAddress, w)
		if aerr != nil {
			return nil, aerr
		}
		old := p.MemberSessionIDs(r.Member.MemberID)
		login := flows.PasswordLogin(org, r, b.SessionArgs, rc.Now)
		login.SessionToken, login.SessionJWT = b.SessionToken, b.SessionJWT
		res, aerr := flows.RunPrimary(p, login)
		if aerr != nil {
			return nil, aerr
		}
		p.DropSessions(old, s.ID)
		p.StorePassword(r, h, false, rc.Now)
		flows.RefreshResult(p, res)
		return &sessionResetResponse{
			RequestID: res.RequestID, StatusCode: res.StatusCode, MemberID: res.MemberID, Member: res.Member, Organization: res.Organization,
			SessionToken: res.SessionToken, SessionJWT: res.SessionJWT, MemberSession: res.MemberSession, MemberAuthenticated: res.MemberAuthenticated,
			IntermediateSessionToken: res.IntermediateSessionToken, IntermediateSessionTokenExpiresAt: res.IntermediateSessionTokenExpiresAt,
			MFARequired: res.MFARequired, MemberDevice: res.MemberDevice,
		}, nil
	})
}
