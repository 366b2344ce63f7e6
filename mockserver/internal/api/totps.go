package api

import (
	"crypto/rand" //nolint:gosec // RFC 6238 TOTP is defined over HMAC-SHA-1.
	"crypto/subtle"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// totpCreateResponse answers TOTP create.
type totpCreateResponse struct {
	RequestID          string                     `json:"request_id"`
	MemberID           string                     `json:"member_id"`
	TOTPRegistrationID string                     `json:"totp_registration_id"`
	Secret             string                     `json:"secret"`
	QRCode             string                     `json:"qr_code"`
	RecoveryCodes      []string                   `json:"recovery_codes"`
	Member             organizations.Member       `json:"member"`
	Organization       organizations.Organization `json:"organization"`
	StatusCode         int                        `json:"status_code"`
}

func handleTOTPCreate(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID    string `json:"organization_id"`
		MemberID          string `json:"member_id"`
		ExpirationMinutes *int64 `json:"expiration_minutes"`
		flows.MFASessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := b.CheckAtMostOne(); err != nil {
		return nil, err
	}
	ttl := time.Duration(state.DefaultTOTPMinutes) * time.Minute
	if b.ExpirationMinutes != nil && *b.ExpirationMinutes != 0 {
		if *b.ExpirationMinutes < state.MinTOTPMinutes || *b.ExpirationMinutes > state.MaxTOTPMinutes {
			return nil, apierr.BadRequest("invalid_expiration", "expiration_minutes must be between %d and %d.", state.MinTOTPMinutes, state.MaxTOTPMinutes)
		}
		ttl = time.Duration(*b.ExpirationMinutes) * time.Minute
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.PruneMFA(rc.Now)
	org, r, c, aerr := flows.MFACall(p, b.OrganizationID, b.MemberID, b.MFASessionArgs, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	if p.ActiveTOTP(r) != nil {
		return nil, apierr.BadRequest("active_totp_exists", "The member already has an active TOTP registration; delete it first.")
	}
	if err := flows.CheckEnrollment(p, r, c); err != nil {
		return nil, err
	}
	var key [20]byte
	_, _ = rand.Read(key[:])
	secret := flows.B32.EncodeToString(key[:])
	qrCode, err := flows.TOTPQRCode(org.Org.OrganizationName, r.Member.EmailAddress, secret)
	if err != nil {
		return nil, apierr.Internal("The mock could not render the QR code.")
	}
	codes, plain := state.NewRecoveryCodes(p.Env)
	t := &state.TOTPRecord{
		ID: ids.NewID("member-totp", p.Env), MemberID: r.Member.MemberID, OrgID: org.Org.OrganizationID, Secret: secret,
		CreatedAt: rc.Now, ExpiresAt: rc.Now.Add(ttl), Recovery: codes,
	}
	p.MFA.TOTPs[r.Member.MemberID] = t // replaces an earlier pending registration
	return &totpCreateResponse{
		MemberID:           r.Member.MemberID,
		TOTPRegistrationID: t.ID, Secret: secret, QRCode: qrCode, RecoveryCodes: plain,
		Member: p.MemberView(r), Organization: p.OrgView(org),
	}, nil
}

func handleTOTPAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		Code string `json:"code"`
		flows.MFAAuthBody
	}
	return authenticateMFA(rc, &b, &b.MFAAuthBody, func() *apierr.Error {
		return flows.CheckOTPCode(b.Code)
	}, func(p *state.Project, org *state.OrgRecord, r *state.MemberRecord, c *flows.MFAContext) (any, error) {
		t := p.UsableTOTP(r, rc.Now)
		if t == nil {
			return nil, apierr.NotFound("totp_not_found", "The member has no TOTP registration (or its pending registration expired).")
		}
		if flows.RecoveryCodeRE.MatchString(strings.ToLower(b.Code)) {
			return nil, apierr.BadRequest("recovery_code_used_as_totp_code", "That is a recovery code; use recovery_codes/recover.")
		}
		step, ok := flows.VerifyTOTP(t, b.Code, rc.Now)
		if !ok && flows.TOTPReplayed(t, b.Code, rc.Now) {
			return nil, apierr.BadRequest("totp_code_already_authenticated", "This TOTP code was already used; wait for the next one.")
		}
		if !ok {
			return nil, apierr.Unauthorized("unable_to_authenticate_totp", "The TOTP code is wrong or expired.")
		}
		next := state.CloneRecord(r)
		next.Member.TOTPRegistrationID = t.ID
		flows.ApplyCompletedMFA(org, next, flows.MFATOTP, b.MFAEnrollmentBody)
		factor := sessions.AuthenticationFactor{Type: flows.MFATOTP, DeliveryMethod: "authenticator_app", AuthenticatorAppFactor: &sessions.AuthenticatorAppFactor{TOTPID: t.ID}}
		res, aerr := flows.CompleteMFA(p, rc.Now, org, r, next, c, flows.MFATOTP, factor, b.SessionArgs)
		if aerr != nil {
			return nil, aerr
		}
		t.Active, t.LastStep = true, step
		return res, nil
	})
}

// totpMigrateResponse answers TOTP migrate.
type totpMigrateResponse struct {
	RequestID          string                     `json:"request_id"`
	MemberID           string                     `json:"member_id"`
	Member             organizations.Member       `json:"member"`
	Organization       organizations.Organization `json:"organization"`
	TOTPRegistrationID string                     `json:"totp_registration_id"`
	RecoveryCodes      []string                   `json:"recovery_codes"`
	StatusCode         int                        `json:"status_code"`
}

func handleTOTPMigrate(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID string   `json:"organization_id"`
		MemberID       string   `json:"member_id"`
		Secret         string   `json:"secret"`
		RecoveryCodes  []string `json:"recovery_codes"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if _, ok := flows.DecodeSecret(b.Secret); !ok {
		return nil, apierr.BadRequest("invalid_request_value", "secret must be a base32 TOTP secret of at least 80 bits.")
	}
	for _, c := range b.RecoveryCodes {
		if strings.TrimSpace(c) == "" || len(c) > 128 {
			return nil, apierr.BadRequest("invalid_request_value", "recovery_codes must be non-empty strings of at most 128 characters.")
		}
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.MFA.Init()
	org, r, aerr := flows.MFATarget(p, b.OrganizationID, b.MemberID)
	if aerr != nil {
		return nil, aerr
	}
	if p.ActiveTOTP(r) != nil {
		return nil, apierr.BadRequest("active_totp_exists", "The member already has an active TOTP registration; delete it first.")
	}
	if r.Member.Status != organizations.StatusActive {
		return nil, apierr.BadRequest("action_available_only_for_active_members", "Only active members can register an MFA factor; this member is %s.", r.Member.Status)
	}
	var codes []state.RecoveryCode
	plain := b.RecoveryCodes
	if len(b.RecoveryCodes) > 0 {
		codes = state.RecoveryCodesFrom(p.Env, b.RecoveryCodes)
	} else {
		codes, plain = state.NewRecoveryCodes(p.Env)
	}
	t := &state.TOTPRecord{
		ID: ids.NewID("member-totp", p.Env), MemberID: r.Member.MemberID, OrgID: org.Org.OrganizationID,
		Secret: strings.TrimRight(strings.ToUpper(b.Secret), "="), Active: true, CreatedAt: rc.Now, Recovery: codes,
	}
	p.MFA.TOTPs[r.Member.MemberID] = t
	next := state.CloneRecord(r)
	next.Member.TOTPRegistrationID = t.ID
	now := rc.Now
	next.Member.UpdatedAt = &now
	p.ReplaceMember(r, next)
	return &totpMigrateResponse{
		MemberID:           r.Member.MemberID,
		TOTPRegistrationID: t.ID, RecoveryCodes: plain, Member: p.MemberView(next), Organization: p.OrgView(org),
	}, nil
}

// recoveryCodesResponse answers recovery_codes get and rotate.
type recoveryCodesResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	RecoveryCodes []string                   `json:"recovery_codes"`
	StatusCode    int                        `json:"status_code"`
}

func handleRecoveryCodesGet(rc *httpkit.Call) (any, error) {
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	org, r, aerr := orgAndMember(p, rc)
	if aerr != nil {
		return nil, aerr
	}
	t := p.ActiveTOTP(r)
	if t == nil {
		return nil, flows.NoRecoveryFactor()
	}
	return &recoveryCodesResponse{MemberID: r.Member.MemberID,
		Member: p.MemberView(r), Organization: p.OrgView(org), RecoveryCodes: t.UnusedCodes()}, nil
}

func handleRecoveryCodesRotate(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		MemberID       string `json:"member_id"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	org, r, aerr := flows.MFATarget(p, b.OrganizationID, b.MemberID)
	if aerr != nil {
		return nil, aerr
	}
	t := p.ActiveTOTP(r)
	if t == nil {
		return nil, flows.NoRecoveryFactor()
	}
	codes, plain := state.NewRecoveryCodes(p.Env)
	t.Recovery = codes
	return &recoveryCodesResponse{MemberID: r.Member.MemberID,
		Member: p.MemberView(r), Organization: p.OrgView(org), RecoveryCodes: plain}, nil
}

// recoverResponse answers recovery_codes/recover.
type recoverResponse struct {
	*flows.MFAAuthResponse
	RecoveryCodesRemaining int `json:"recovery_codes_remaining"`
}

func handleRecoveryCodesRecover(rc *httpkit.Call) (any, error) {
	var b struct {
		RecoveryCode string `json:"recovery_code"`
		flows.MFAAuthBody
	}
	return authenticateMFA(rc, &b, &b.MFAAuthBody, func() *apierr.Error {
		if b.RecoveryCode == "" {
			return apierr.BadRequest("bad_request", "recovery_code is required.")
		}
		return nil
	}, func(p *state.Project, org *state.OrgRecord, r *state.MemberRecord, c *flows.MFAContext) (any, error) {
		t := p.ActiveTOTP(r)
		if t == nil {
			return nil, flows.NoRecoveryFactor()
		}
		if flows.TOTPCodeRE.MatchString(b.RecoveryCode) {
			return nil, apierr.BadRequest("totp_code_used_as_recovery_code", "That is a TOTP code; use totp/authenticate.")
		}
		h := ids.HashToken(strings.ToLower(strings.TrimSpace(b.RecoveryCode)))
		idx := -1
		for i, rcode := range t.Recovery {
			if subtle.ConstantTimeCompare([]byte(rcode.Hash), []byte(h)) == 1 {
				idx = i
			}
		}
		if idx < 0 {
			return nil, apierr.Unauthorized("invalid_recovery_code", "The recovery code is not one of the member's.")
		}
		if t.Recovery[idx].Used {
			return nil, apierr.Unauthorized("unable_to_authenticate_recovery_code", "The recovery code was already used.")
		}
		next := state.CloneRecord(r)
		flows.ApplyCompletedMFA(org, next, "", b.MFAEnrollmentBody)
		next.Member.DefaultMFAMethod = r.Member.DefaultMFAMethod
		factor := sessions.AuthenticationFactor{Type: "recovery_codes", DeliveryMethod: "recovery_code", RecoveryCodeFactor: &sessions.RecoveryCodeFactor{TOTPRecoveryCodeID: t.Recovery[idx].ID}}
		res, aerr := flows.CompleteMFA(p, rc.Now, org, r, next, c, "recovery_codes", factor, b.SessionArgs)
		if aerr != nil {
			return nil, aerr
		}
		t.Recovery[idx].Used, t.Recovery[idx].Code = true, ""
		return &recoverResponse{MFAAuthResponse: res, RecoveryCodesRemaining: len(t.UnusedCodes())}, nil
	})
}
