package api

import (
	"slices"

	"github.com/stytchkit/stytch-go/b2b/organizations"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// mutateMember runs the common shape of the member endpoints that change one
// member found by the {organization_id} and {member_id} path parameters:
// change validates and edits a copy, which replaces the member only when
// change succeeds. The answer is the member.
func mutateMember(rc *httpkit.Call, change func(org *state.OrgRecord, r, next *state.MemberRecord) *apierr.Error) (any, error) {
	return changeMember(rc, change, func(p *state.Project, r *state.MemberRecord) any { return memberResp(p, rc, r) })
}

// changeMember is mutateMember with its own ending: finish runs, under the
// lock, once the changed member (r is the member before the change) is
// stored, and returns the answer.
func changeMember(rc *httpkit.Call, change func(org *state.OrgRecord, r, next *state.MemberRecord) *apierr.Error, finish func(p *state.Project, r *state.MemberRecord) any) (any, error) {
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	org, r, err := orgAndMember(p, rc)
	if err != nil {
		return nil, err
	}
	if err := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, r.Member.MemberID, flows.MemberRouteChecks[rc.Action()]...); err != nil {
		return nil, err
	}
	next := state.CloneRecord(r)
	if err := change(org, r, next); err != nil {
		return nil, err
	}
	now := rc.Now
	next.Member.UpdatedAt = &now
	p.ReplaceMember(r, next)
	return finish(p, r), nil
}

func handleMemberDeletePassword(rc *httpkit.Call) (any, error) {
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		id := rc.Param("member_password_id")
		var r *state.MemberRecord
		for _, m := range p.MembersOf(org.Org.OrganizationID) {
			if m.Member.Status != organizations.StatusDeleted && m.Member.MemberPasswordID == id {
				r = m
				break
			}
		}
		if r == nil {
			return nil, apierr.NotFound("member_password_not_found", "Password %q was not found in organization %s.", id, org.Org.OrganizationID)
		}
		if err := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, r.Member.MemberID, flows.MemberRouteChecks[rc.Action()]...); err != nil {
			return nil, err
		}
		next := state.CloneRecord(r)
		next.Member.MemberPasswordID = ""
		now := rc.Now
		next.Member.UpdatedAt = &now
		p.ReplaceMember(r, next)
		return memberResp(p, rc, r), nil
	})
}

func handleMemberDeleteMFAPhoneNumber(rc *httpkit.Call) (any, error) {
	return mutateMember(rc, func(_ *state.OrgRecord, _, next *state.MemberRecord) *apierr.Error {
		if next.Member.MFAPhoneNumber == "" {
			return apierr.NotFound("member_phone_number_not_found", "The member has no MFA phone number.")
		}
		next.Member.MFAPhoneNumber = ""
		next.Member.MFAPhoneNumberVerified = false
		if next.Member.DefaultMFAMethod == flows.MFASMSOTP {
			next.Member.DefaultMFAMethod = ""
			if next.Member.TOTPRegistrationID != "" {
				next.Member.DefaultMFAMethod = flows.MFATOTP
			}
		}
		return nil
	})
}

func handleMemberDeleteTOTP(rc *httpkit.Call) (any, error) {
	return mutateMember(rc, func(_ *state.OrgRecord, _, next *state.MemberRecord) *apierr.Error {
		if next.Member.TOTPRegistrationID == "" {
			return apierr.NotFound("totp_not_found", "The member has no TOTP registration.")
		}
		next.Member.TOTPRegistrationID = ""
		if next.Member.DefaultMFAMethod == flows.MFATOTP {
			next.Member.DefaultMFAMethod = ""
			if next.Member.MFAPhoneNumber != "" {
				next.Member.DefaultMFAMethod = flows.MFASMSOTP
			}
		}
		return nil
	})
}

func handleMemberDeleteExternalID(rc *httpkit.Call) (any, error) {
	return mutateMember(rc, func(_ *state.OrgRecord, _, next *state.MemberRecord) *apierr.Error {
		next.Member.ExternalID = ""
		return nil
	})
}

func handleMemberUnlinkRetiredEmail(rc *httpkit.Call) (any, error) {
	var b struct {
		EmailID      string `json:"email_id"`
		EmailAddress string `json:"email_address"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.EmailID == "" && b.EmailAddress == "" {
		return nil, apierr.BadRequest("retired_email_missing_email_identifiers", "Pass email_id, email_address or both to name the retired email.")
	}
	out, err := mutateMember(rc, func(_ *state.OrgRecord, _, next *state.MemberRecord) *apierr.Error {
		i := slices.IndexFunc(next.Member.RetiredEmailAddresses, func(e organizations.RetiredEmail) bool {
			return (b.EmailID == "" || e.EmailID == b.EmailID) && (b.EmailAddress == "" || state.EmailKey(e.EmailAddress) == state.EmailKey(b.EmailAddress))
		})
		if i < 0 {
			if b.EmailID != "" && b.EmailAddress != "" && slices.ContainsFunc(next.Member.RetiredEmailAddresses, func(e organizations.RetiredEmail) bool {
				return e.EmailID == b.EmailID || state.EmailKey(e.EmailAddress) == state.EmailKey(b.EmailAddress)
			}) {
				return apierr.BadRequest("invalid_request_value", "email_id and email_address name different retired emails.")
			}
			return apierr.NotFound("email_not_found", "The member has no such retired email.")
		}
		next.Member.RetiredEmailAddresses = slices.Delete(next.Member.RetiredEmailAddresses, i, i+1)
		return nil
	})
	if err != nil {
		return nil, err
	}
	mr := out.(*organizations.MemberResponse)
	return &organizations.MembersUnlinkRetiredEmailResponse{
		RequestID: mr.RequestID, StatusCode: mr.StatusCode, MemberID: mr.MemberID,
		OrganizationID: mr.Member.OrganizationID, Member: mr.Member, Organization: mr.Organization,
	}, nil
}

var emailUpdateLocales = []string{"en", "es", "pt-br", "fr"}

func handleMemberStartEmailUpdate(rc *httpkit.Call) (any, error) {
	var b struct {
		EmailAddress     string  `json:"email_address"`
		LoginRedirectURL string  `json:"login_redirect_url"`
		Locale           *string `json:"locale"`
		LoginTemplateID  string  `json:"login_template_id"`
		DeliveryMethod   *string `json:"delivery_method"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.EmailAddress == "" {
		return nil, apierr.BadRequest("invalid_email", "email_address is required.")
	}
	if err := flows.CheckEmail("email_address", b.EmailAddress); err != nil {
		return nil, err
	}
	delivery := organizations.DeliveryEmailMagicLink
	if b.DeliveryMethod != nil && *b.DeliveryMethod != "" {
		delivery = *b.DeliveryMethod
		if delivery != organizations.DeliveryEmailMagicLink && delivery != organizations.DeliveryEmailOTP {
			return nil, apierr.BadRequest("invalid_request_value", "delivery_method must be EMAIL_MAGIC_LINK or EMAIL_OTP, not %q.", delivery)
		}
	}
	locale := ""
	if b.Locale != nil && *b.Locale != "" {
		if !slices.Contains(emailUpdateLocales, *b.Locale) {
			return nil, apierr.BadRequest("invalid_locale", "locale must be one of en, es, pt-br, fr, not %q.", *b.Locale)
		}
		locale = *b.Locale
	}
	return mutateMember(rc, func(org *state.OrgRecord, r, next *state.MemberRecord) *apierr.Error {
		if next.Member.Status != organizations.StatusActive {
			return apierr.BadRequest("email_updates_available_only_for_active_members", "Only active members can update their email address; this member is %s.", next.Member.Status)
		}
		if !next.Member.EmailAddressVerified {
			return apierr.BadRequest("member_has_no_active_verified_email", "The member's current email address is not verified, so it cannot be changed this way.")
		}
		set := rc.Project.MemberSet(org.Org.OrganizationID)
		key := state.EmailKey(b.EmailAddress)
		if key == next.EmailLower || set.EmailHolder(key, r) != nil || flows.EmailUpdateHolder(rc.Project, set, key, r) != nil {
			return apierr.BadRequest("duplicate_member_email", "The email address %q is already used by a member of this organization.", b.EmailAddress)
		}
		token := ids.NewToken()
		if delivery == organizations.DeliveryEmailOTP {
			token = state.NewOTPCode()
		}
		next.EmailUpdate = &state.PendingEmailUpdate{
			EmailAddress:     b.EmailAddress,
			DeliveryMethod:   delivery,
			TokenHash:        ids.HashToken(token),
			LoginRedirectURL: b.LoginRedirectURL,
			LoginTemplateID:  b.LoginTemplateID,
			Locale:           locale,
			CreatedAt:        rc.Now,
			ExpiresAt:        rc.Now.Add(flows.EmailUpdateTTL),
		}
		// The confirmation goes to the outbox; magic_links/authenticate (or
		// the email OTP endpoint) completes the update.
		return flows.SendEmailUpdate(rc.Project, rc.Now, org, next, next.EmailUpdate, token)
	})
}

// readMember runs the common shape of the member endpoints that only read
// one member found by the path parameters.
func readMember(rc *httpkit.Call, answer func(r *state.MemberRecord) (any, *apierr.Error)) (any, error) {
	if v := rc.Query("include_refresh_token"); v != "" && v != "true" && v != "false" {
		return nil, apierr.BadRequest("invalid_request_value", "include_refresh_token must be true or false, not %q.", v)
	}
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	org, r, err := orgAndMember(p, rc)
	if err != nil {
		return nil, err
	}
	if err := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, r.Member.MemberID, flows.MemberRouteChecks[rc.Action()]...); err != nil {
		return nil, err
	}
	out, aerr := answer(r)
	if aerr != nil {
		return nil, aerr
	}
	return out, nil
}

// OIDC tokens come from OIDC SSO logins, which the mock does not perform
// yet, so no member has any. OAuth provider tokens: oauth_providers.go.

func handleMemberOIDCProviders(rc *httpkit.Call) (any, error) {
	return readMember(rc, func(*state.MemberRecord) (any, *apierr.Error) {
		return &organizations.MembersOIDCProvidersResponse{Registrations: []organizations.OIDCProviderInfo{}}, nil
	})
}
