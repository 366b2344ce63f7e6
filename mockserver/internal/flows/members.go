package flows

import (
	"encoding/json"
	"net/mail"
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Limits of member fields.
const (
	maxEmailLen      = 254
	MaxMemberNameLen = 255
)

// MFA methods a member may have as default_mfa_method.
const (
	MFASMSOTP = "sms_otp"
	MFATOTP   = "totp"
)

// CheckEmail validates an email address.
func CheckEmail(field, email string) *apierr.Error {
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" || len(email) > maxEmailLen || !strings.Contains(state.EmailDomain(strings.ToLower(email)), ".") {
		return apierr.BadRequest("invalid_email", "%s %q is not a valid email address.", field, email)
	}
	return nil
}

// CheckMemberName refuses a member name longer than MaxMemberNameLen.
func CheckMemberName(name string) *apierr.Error {
	if len([]rune(name)) > MaxMemberNameLen {
		return apierr.BadRequest("invalid_request_value", "name must be at most %d characters.", MaxMemberNameLen)
	}
	return nil
}

// NewMemberProfile is the profile a new member is created with (Create
// Member, Migrate Password), as the request sent it.
type NewMemberProfile struct {
	Name              string
	TrustedMetadata   json.RawMessage
	UntrustedMetadata json.RawMessage
	MFAPhoneNumber    string
	ExternalID        string
}

// Check validates the profile field by field (name, trusted_metadata,
// untrusted_metadata, mfa_phone_number, external_id) and returns the parsed
// metadata.
func (m NewMemberProfile) Check() (trusted, untrusted map[string]any, err *apierr.Error) {
	if err := CheckMemberName(m.Name); err != nil {
		return nil, nil, err
	}
	if trusted, err = ParseMetadata("trusted_metadata", m.TrustedMetadata); err != nil {
		return nil, nil, err
	}
	if untrusted, err = ParseMetadata("untrusted_metadata", m.UntrustedMetadata); err != nil {
		return nil, nil, err
	}
	if m.MFAPhoneNumber != "" {
		if err := CheckPhone(m.MFAPhoneNumber); err != nil {
			return nil, nil, err
		}
	}
	if m.ExternalID != "" {
		if err := CheckExternalID("external_id", m.ExternalID, "invalid_request_value"); err != nil {
			return nil, nil, err
		}
	}
	return trusted, untrusted, nil
}

// CheckPhone validates an MFA phone number (E.164).
func CheckPhone(phone string) *apierr.Error {
	if !state.E164.MatchString(phone) {
		return apierr.BadRequest("invalid_phone_number", "mfa_phone_number %q is not an E.164 phone number such as +12025550123.", phone)
	}
	return nil
}

// CheckRoles validates explicitly assigned roles and returns them without
// duplicates, in the order given.
func CheckRoles(p *state.Project, org *state.OrgRecord, roles []string) ([]string, *apierr.Error) {
	out := make([]string, 0, len(roles))
	for _, id := range roles {
		if id == state.RoleMember {
			return nil, apierr.BadRequest("cannot_assign_default_rbac_role_id", "%s is held by every member and cannot be assigned or removed explicitly.", state.RoleMember)
		}
		known := p.Roles[id] || slices.ContainsFunc(org.Org.CustomRoles, func(c organizations.CustomRole) bool { return c.RoleID == id })
		if !known {
			return nil, apierr.BadRequest("invalid_rbac_role_id", "%q is not a role of this project's RBAC policy.", id)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// MemberUpdateBody is the body of Update Member. Pointers and raw messages
// tell a field that was sent from one that was not.
type MemberUpdateBody struct {
	Name                     *string         `json:"name"`
	TrustedMetadata          json.RawMessage `json:"trusted_metadata"`
	UntrustedMetadata        json.RawMessage `json:"untrusted_metadata"`
	IsBreakglass             *bool           `json:"is_breakglass"`
	MFAPhoneNumber           *string         `json:"mfa_phone_number"`
	MFAEnrolled              *bool           `json:"mfa_enrolled"`
	Roles                    *[]string       `json:"roles"`
	PreserveExistingSessions bool            `json:"preserve_existing_sessions"`
	DefaultMFAMethod         *string         `json:"default_mfa_method"`
	EmailAddress             *string         `json:"email_address"`
	ExternalID               *string         `json:"external_id"`
	UnlinkEmail              bool            `json:"unlink_email"`
}

// ApplyMemberUpdate validates b and applies it to next, a copy of r.
// Nothing is stored: on error the caller drops next. Callers hold p.mu.
func ApplyMemberUpdate(p *state.Project, org *state.OrgRecord, r, next *state.MemberRecord, b *MemberUpdateBody) *apierr.Error {
	m := &next.Member
	set := p.MemberSet(org.Org.OrganizationID)
	if b.Name != nil && *b.Name != "" {
		if err := CheckMemberName(*b.Name); err != nil {
			return err
		}
		m.Name = *b.Name
	}
	if b.TrustedMetadata != nil {
		md, err := MergeMetadata("trusted_metadata", m.TrustedMetadata, b.TrustedMetadata)
		if err != nil {
			return err
		}
		m.TrustedMetadata = md
	}
	if b.UntrustedMetadata != nil {
		md, err := MergeMetadata("untrusted_metadata", m.UntrustedMetadata, b.UntrustedMetadata)
		if err != nil {
			return err
		}
		m.UntrustedMetadata = md
	}
	if b.IsBreakglass != nil {
		m.IsBreakglass = *b.IsBreakglass
	}
	if b.MFAEnrolled != nil {
		m.MFAEnrolled = *b.MFAEnrolled
	}
	if b.Roles != nil {
		roles, err := CheckRoles(p, org, *b.Roles)
		if err != nil {
			return err
		}
		next.ExplicitRoles = roles
	}
	if b.ExternalID != nil && *b.ExternalID != "" && *b.ExternalID != m.ExternalID {
		if err := CheckExternalID("external_id", *b.ExternalID, "invalid_request_value"); err != nil {
			return err
		}
		if other := set.ByExtID[*b.ExternalID]; other != nil && other != r {
			return apierr.BadRequest("duplicate_member_external_id", "The external_id %q is already used by another member of this organization.", *b.ExternalID)
		}
		m.ExternalID = *b.ExternalID
	}
	if b.MFAPhoneNumber != nil && *b.MFAPhoneNumber != "" && *b.MFAPhoneNumber != m.MFAPhoneNumber {
		if err := CheckPhone(*b.MFAPhoneNumber); err != nil {
			return err
		}
		if m.MFAPhoneNumber != "" {
			return apierr.BadRequest("duplicate_member_phone_number_for_member", "The member already has an MFA phone number; delete it before setting another.")
		}
		m.MFAPhoneNumber = *b.MFAPhoneNumber
		m.MFAPhoneNumberVerified = false
	}
	if b.EmailAddress != nil && *b.EmailAddress != "" && *b.EmailAddress != m.EmailAddress {
		if err := ChangeEmail(p, set, r, next, strings.TrimSpace(*b.EmailAddress), b.UnlinkEmail); err != nil {
			return err
		}
	}
	if b.DefaultMFAMethod != nil && *b.DefaultMFAMethod != "" {
		switch *b.DefaultMFAMethod {
		case MFASMSOTP:
			if m.MFAPhoneNumber == "" {
				return apierr.BadRequest("default_mfa_member_missing_factor", "default_mfa_method sms_otp needs an MFA phone number on the member.")
			}
		case MFATOTP:
			if m.TOTPRegistrationID == "" {
				return apierr.BadRequest("default_mfa_member_missing_factor", "default_mfa_method totp needs a TOTP registration on the member.")
			}
		default:
			return apierr.BadRequest("invalid_request_value", "default_mfa_method must be sms_otp or totp, not %q.", *b.DefaultMFAMethod)
		}
		m.DefaultMFAMethod = *b.DefaultMFAMethod
	}
	return nil
}

// ChangeEmail gives next a new primary email: the old one is retired (or
// forgotten with unlink), the password is cleared and the new address is
// unverified. A member's own retired address may become primary again.
func ChangeEmail(p *state.Project, set *state.OrgMemberSet, r, next *state.MemberRecord, email string, unlink bool) *apierr.Error {
	if err := CheckEmail("email_address", email); err != nil {
		return err
	}
	key := state.EmailKey(email)
	if set.EmailHolder(key, r) != nil || EmailUpdateHolder(p, set, key, r) != nil {
		return apierr.BadRequest("duplicate_member_email", "A member of this organization already uses (or used) the email address %q.", email)
	}
	m := &next.Member
	newEmailID := ids.NewID("email", p.Env)
	// Reusing one of its own retired addresses takes it out of the retired list.
	m.RetiredEmailAddresses = slices.DeleteFunc(m.RetiredEmailAddresses, func(e organizations.RetiredEmail) bool {
		if state.EmailKey(e.EmailAddress) == key {
			newEmailID = e.EmailID
			return true
		}
		return false
	})
	if !unlink && state.EmailKey(m.EmailAddress) != key {
		m.RetiredEmailAddresses = append(m.RetiredEmailAddresses, organizations.RetiredEmail{EmailID: next.EmailID, EmailAddress: m.EmailAddress})
	}
	m.EmailAddress = email
	m.EmailAddressVerified = false
	m.MemberPasswordID = ""
	next.EmailID = newEmailID
	next.EmailUpdate = nil
	return nil
}

// EmailUpdateHolder returns the member other than self whose pending email
// update targets key and has not expired, or nil. Callers hold p.mu.
func EmailUpdateHolder(p *state.Project, set *state.OrgMemberSet, key string, self *state.MemberRecord) *state.MemberRecord {
	now := p.Clock.Now()
	for _, o := range set.Order {
		if o != self && o.EmailUpdate != nil && o.Member.Status != organizations.StatusDeleted &&
			state.EmailKey(o.EmailUpdate.EmailAddress) == key && now.Before(o.EmailUpdate.ExpiresAt) {
			return o
		}
	}
	return nil
}
