package engine

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// emailUpdateTTL is how long a Start Email Update link or code lasts.
const emailUpdateTTL = 5 * time.Minute

// mutateMember runs the common shape of the member endpoints that change one
// member found by the {organization_id} and {member_id} path parameters:
// change validates and edits a copy, which replaces the member only when
// change succeeds.
func mutateMember(rc *reqCtx, change func(org *orgRecord, r, next *memberRecord) *apiError) (any, error) {
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, r, err := p.orgAndMember(rc)
	if err != nil {
		return nil, err
	}
	if err := p.authorizeHeader(rc, org.o.OrganizationID, r.m.MemberID, memberRouteChecks[rc.action]...); err != nil {
		return nil, err
	}
	next := cloneRecord(r)
	if err := change(org, r, next); err != nil {
		return nil, err
	}
	now := rc.now
	next.m.UpdatedAt = &now
	p.replaceMember(r, next)
	return p.memberResp(rc, r), nil
}

func handleMemberDeletePassword(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, err
	}
	id := rc.param("member_password_id")
	var r *memberRecord
	for _, m := range p.membersOf(org.o.OrganizationID) {
		if m.m.Status != organizations.StatusDeleted && m.m.MemberPasswordID == id {
			r = m
			break
		}
	}
	if r == nil {
		return nil, notFound("member_password_not_found", "Password %q was not found in organization %s.", id, org.o.OrganizationID)
	}
	if err := p.authorizeHeader(rc, org.o.OrganizationID, r.m.MemberID, memberRouteChecks[rc.action]...); err != nil {
		return nil, err
	}
	next := cloneRecord(r)
	next.m.MemberPasswordID = ""
	now := rc.now
	next.m.UpdatedAt = &now
	p.replaceMember(r, next)
	return p.memberResp(rc, r), nil
}

func handleMemberDeleteMFAPhoneNumber(rc *reqCtx) (any, error) {
	return mutateMember(rc, func(_ *orgRecord, _, next *memberRecord) *apiError {
		if next.m.MFAPhoneNumber == "" {
			return notFound("member_phone_number_not_found", "The member has no MFA phone number.")
		}
		next.m.MFAPhoneNumber = ""
		next.m.MFAPhoneNumberVerified = false
		if next.m.DefaultMFAMethod == mfaSMSOTP {
			next.m.DefaultMFAMethod = ""
			if next.m.TOTPRegistrationID != "" {
				next.m.DefaultMFAMethod = mfaTOTP
			}
		}
		return nil
	})
}

func handleMemberDeleteTOTP(rc *reqCtx) (any, error) {
	return mutateMember(rc, func(_ *orgRecord, _, next *memberRecord) *apiError {
		if next.m.TOTPRegistrationID == "" {
			return notFound("totp_not_found", "The member has no TOTP registration.")
		}
		next.m.TOTPRegistrationID = ""
		if next.m.DefaultMFAMethod == mfaTOTP {
			next.m.DefaultMFAMethod = ""
			if next.m.MFAPhoneNumber != "" {
				next.m.DefaultMFAMethod = mfaSMSOTP
			}
		}
		return nil
	})
}

func handleMemberDeleteExternalID(rc *reqCtx) (any, error) {
	return mutateMember(rc, func(_ *orgRecord, _, next *memberRecord) *apiError {
		next.m.ExternalID = ""
		return nil
	})
}

func handleMemberUnlinkRetiredEmail(rc *reqCtx) (any, error) {
	var b struct {
		EmailID      string `json:"email_id"`
		EmailAddress string `json:"email_address"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.EmailID == "" && b.EmailAddress == "" {
		return nil, badRequest("retired_email_missing_email_identifiers", "Pass email_id, email_address or both to name the retired email.")
	}
	out, err := mutateMember(rc, func(_ *orgRecord, _, next *memberRecord) *apiError {
		i := slices.IndexFunc(next.m.RetiredEmailAddresses, func(e organizations.RetiredEmail) bool {
			return (b.EmailID == "" || e.EmailID == b.EmailID) && (b.EmailAddress == "" || emailKey(e.EmailAddress) == emailKey(b.EmailAddress))
		})
		if i < 0 {
			if b.EmailID != "" && b.EmailAddress != "" && slices.ContainsFunc(next.m.RetiredEmailAddresses, func(e organizations.RetiredEmail) bool {
				return e.EmailID == b.EmailID || emailKey(e.EmailAddress) == emailKey(b.EmailAddress)
			}) {
				return badRequest("retired_email_identifiers_mismatch", "email_id and email_address name different retired emails.")
			}
			return notFound("retired_email_not_found", "The member has no such retired email.")
		}
		next.m.RetiredEmailAddresses = slices.Delete(next.m.RetiredEmailAddresses, i, i+1)
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

func handleMemberStartEmailUpdate(rc *reqCtx) (any, error) {
	var b struct {
		EmailAddress     string  `json:"email_address"`
		LoginRedirectURL string  `json:"login_redirect_url"`
		Locale           *string `json:"locale"`
		LoginTemplateID  string  `json:"login_template_id"`
		DeliveryMethod   *string `json:"delivery_method"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.EmailAddress == "" {
		return nil, badRequest("invalid_email", "email_address is required.")
	}
	if err := checkEmail("email_address", b.EmailAddress); err != nil {
		return nil, err
	}
	delivery := organizations.DeliveryEmailMagicLink
	if b.DeliveryMethod != nil && *b.DeliveryMethod != "" {
		delivery = *b.DeliveryMethod
		if delivery != organizations.DeliveryEmailMagicLink && delivery != organizations.DeliveryEmailOTP {
			return nil, badRequest("invalid_request_value", "delivery_method must be EMAIL_MAGIC_LINK or EMAIL_OTP, not %q.", delivery)
		}
	}
	locale := ""
	if b.Locale != nil && *b.Locale != "" {
		if !slices.Contains(emailUpdateLocales, *b.Locale) {
			return nil, badRequest("invalid_locale", "locale must be one of en, es, pt-br, fr, not %q.", *b.Locale)
		}
		locale = *b.Locale
	}
	return mutateMember(rc, func(org *orgRecord, r, next *memberRecord) *apiError {
		if next.m.Status != organizations.StatusActive {
			return badRequest("action_available_only_for_active_members", "Only active members can update their email address; this member is %s.", next.m.Status)
		}
		if !next.m.EmailAddressVerified {
			return badRequest("member_email_not_verified", "The member's current email address is not verified, so it cannot be changed this way.")
		}
		set := rc.p.memberSet(org.o.OrganizationID)
		key := emailKey(b.EmailAddress)
		if key == next.emailLower || set.emailHolder(key, r) != nil || rc.p.emailUpdateHolder(set, key, r) != nil {
			return badRequest("duplicate_member_email", "The email address %q is already used by a member of this organization.", b.EmailAddress)
		}
		token := newToken()
		if delivery == organizations.DeliveryEmailOTP {
			token = newOTPCode()
		}
		next.emailUpdate = &pendingEmailUpdate{
			EmailAddress:     b.EmailAddress,
			DeliveryMethod:   delivery,
			TokenHash:        hashToken(token),
			LoginRedirectURL: b.LoginRedirectURL,
			LoginTemplateID:  b.LoginTemplateID,
			Locale:           locale,
			CreatedAt:        rc.now,
			ExpiresAt:        rc.now.Add(emailUpdateTTL),
		}
		// The confirmation goes to the outbox; magic_links/authenticate (or
		// the email OTP endpoint) completes the update.
		return rc.p.sendEmailUpdate(rc.now, org, next, next.emailUpdate, token)
	})
}

// newOTPCode returns a random six-digit one-time code.
func newOTPCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "000000"
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// readMember runs the common shape of the member endpoints that only read
// one member found by the path parameters.
func readMember(rc *reqCtx, answer func(r *memberRecord) (any, *apiError)) (any, error) {
	if v := rc.query("include_refresh_token"); v != "" && v != "true" && v != "false" {
		return nil, badRequest("invalid_request_value", "include_refresh_token must be true or false, not %q.", v)
	}
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	org, r, err := p.orgAndMember(rc)
	if err != nil {
		return nil, err
	}
	if err := p.authorizeHeader(rc, org.o.OrganizationID, r.m.MemberID, memberRouteChecks[rc.action]...); err != nil {
		return nil, err
	}
	out, aerr := answer(r)
	if aerr != nil {
		return nil, aerr
	}
	return out, nil
}

// OAuth and OIDC tokens come from OAuth and OIDC SSO logins, which the mock
// does not perform yet, so no member has any: the multi-registration
// answers are empty and the single-provider ones (Google, Microsoft) are
// 404 oauth_registration_not_found.

func handleMemberOIDCProviders(rc *reqCtx) (any, error) {
	return readMember(rc, func(*memberRecord) (any, *apiError) {
		return &organizations.MembersOIDCProvidersResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, Registrations: []organizations.OIDCProviderInfo{}}, nil
	})
}

func singleProvider(provider string) handlerFunc {
	return func(rc *reqCtx) (any, error) {
		return readMember(rc, func(r *memberRecord) (any, *apiError) {
			return nil, notFound("oauth_registration_not_found", "Member %s has no %s OAuth registration.", r.m.MemberID, provider)
		})
	}
}

func handleMemberOAuthSlack(rc *reqCtx) (any, error) {
	return readMember(rc, func(*memberRecord) (any, *apiError) {
		return &organizations.MembersOAuthProvidersSlackResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, ProviderType: "Slack", Registrations: []organizations.SlackProviderInfo{}}, nil
	})
}

func handleMemberOAuthHubspot(rc *reqCtx) (any, error) {
	return readMember(rc, func(*memberRecord) (any, *apiError) {
		return &organizations.MembersOAuthProvidersHubspotResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, ProviderType: "HubSpot", Registrations: []organizations.HubspotProviderInfo{}}, nil
	})
}

func handleMemberOAuthGithub(rc *reqCtx) (any, error) {
	return readMember(rc, func(*memberRecord) (any, *apiError) {
		return &organizations.MembersOAuthProvidersGithubResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, ProviderType: "GitHub", Registrations: []organizations.GithubProviderInfo{}}, nil
	})
}

// Connected apps are created in the Stytch dashboard, which the mock does
// not have, so no member has authorized any.

func handleMemberConnectedApps(rc *reqCtx) (any, error) {
	return readMember(rc, func(*memberRecord) (any, *apiError) {
		return &organizations.MembersGetConnectedAppsResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, ConnectedApps: []organizations.MemberConnectedApp{}}, nil
	})
}

func handleMemberRevokeConnectedApp(rc *reqCtx) (any, error) {
	return readMember(rc, func(*memberRecord) (any, *apiError) {
		return nil, notFound("connected_app_not_found", "Connected app %q was not found for this member.", rc.param("connected_app_id"))
	})
}
