package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// The member statuses a snapshot may hold.
const (
	memberActive  = "active"
	memberPending = "pending"
	memberInvited = "invited"
	memberDeleted = "deleted"
)

// memberEntryV2 is one member in the "members" section: the stored member
// and the internal fields its indexes and flows need.
type memberEntryV2 struct {
	Seq           uint64               `json:"seq"`
	Member        memberRecordV2       `json:"member"`
	EmailID       string               `json:"email_id"`
	ExplicitRoles []string             `json:"explicit_roles"`
	EmailUpdate   *emailUpdateRecordV2 `json:"pending_email_update,omitempty"`
}

// memberRecordV2 is the stored form of a member. It has no roles or
// is_admin: they are derived on every read (version 1 wrote them as null
// and false and ignored them).
type memberRecordV2 struct {
	OrganizationID         string                      `json:"organization_id"`
	MemberID               string                      `json:"member_id"`
	EmailAddress           string                      `json:"email_address"`
	Status                 string                      `json:"status"`
	Name                   string                      `json:"name"`
	SSORegistrations       []ssoRegistrationRecordV2   `json:"sso_registrations"`
	IsBreakglass           bool                        `json:"is_breakglass"`
	MemberPasswordID       string                      `json:"member_password_id"`
	OAuthRegistrations     []oauthRegistrationRecordV2 `json:"oauth_registrations"`
	EmailAddressVerified   bool                        `json:"email_address_verified"`
	MFAPhoneNumberVerified bool                        `json:"mfa_phone_number_verified"`
	TOTPRegistrationID     string                      `json:"totp_registration_id"`
	RetiredEmailAddresses  []retiredEmailRecordV2      `json:"retired_email_addresses"`
	IsLocked               bool                        `json:"is_locked"`
	MFAEnrolled            bool                        `json:"mfa_enrolled"`
	MFAPhoneNumber         string                      `json:"mfa_phone_number"`
	DefaultMFAMethod       string                      `json:"default_mfa_method"`
	TrustedMetadata        map[string]any              `json:"trusted_metadata,omitempty"`
	UntrustedMetadata      map[string]any              `json:"untrusted_metadata,omitempty"`
	CreatedAt              *time.Time                  `json:"created_at,omitempty"`
	UpdatedAt              *time.Time                  `json:"updated_at,omitempty"`
	SCIMRegistration       *scimRegistrationRecordV2   `json:"scim_registration,omitempty"`
	ExternalID             string                      `json:"external_id,omitempty"`
	LockCreatedAt          *time.Time                  `json:"lock_created_at,omitempty"`
	LockExpiresAt          *time.Time                  `json:"lock_expires_at,omitempty"`
}

// ssoRegistrationRecordV2 links a member to an identity at an SSO connection.
type ssoRegistrationRecordV2 struct {
	ConnectionID   string         `json:"connection_id"`
	ExternalID     string         `json:"external_id"`
	RegistrationID string         `json:"registration_id"`
	SSOAttributes  map[string]any `json:"sso_attributes,omitempty"`
}

// oauthRegistrationRecordV2 links a member to an OAuth provider account.
type oauthRegistrationRecordV2 struct {
	ProviderType              string `json:"provider_type"`
	ProviderSubject           string `json:"provider_subject"`
	MemberOAuthRegistrationID string `json:"member_oauth_registration_id"`
	ProfilePictureURL         string `json:"profile_picture_url,omitempty"`
	Locale                    string `json:"locale,omitempty"`
}

// retiredEmailRecordV2 is an address a member used before.
type retiredEmailRecordV2 struct {
	EmailID      string `json:"email_id"`
	EmailAddress string `json:"email_address"`
}

// scimRegistrationRecordV2 links a member to a SCIM-provisioned user. The
// mock never provisions SCIM attributes, so they are not stored.
type scimRegistrationRecordV2 struct {
	ConnectionID   string `json:"connection_id"`
	RegistrationID string `json:"registration_id"`
	ExternalID     string `json:"external_id,omitempty"`
}

// emailUpdateRecordV2 is a pending email update; the token is stored only
// as its hash.
type emailUpdateRecordV2 struct {
	EmailAddress     string    `json:"email_address"`
	DeliveryMethod   string    `json:"delivery_method"`
	TokenHash        string    `json:"token_hash"`
	LoginRedirectURL string    `json:"login_redirect_url,omitempty"`
	LoginTemplateID  string    `json:"login_template_id,omitempty"`
	Locale           string    `json:"locale,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
	ExpiresAt        time.Time `json:"expires_at"`
}

// saveMembers lists every member, deleted ones included, in creation order.
// Callers hold p.mu.
func saveMembers(p *state.Project, _ SnapshotOptions) (any, error) {
	out := make([]memberEntryV2, 0, len(p.Members))
	for _, r := range p.Members {
		s, err := memberEntry(r)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	sortBySeq(out, func(m memberEntryV2) uint64 { return m.Seq })
	return out, nil
}

// memberEntry converts one member to its entry of the "members" section.
func memberEntry(r *state.MemberRecord) (memberEntryV2, error) {
	rec, err := memberRecord(r)
	if err != nil {
		return memberEntryV2{}, err
	}
	s := memberEntryV2{Seq: r.Seq, Member: rec, EmailID: r.EmailID, ExplicitRoles: slices.Clone(r.ExplicitRoles)}
	if s.ExplicitRoles == nil {
		s.ExplicitRoles = []string{}
	}
	if u := r.EmailUpdate; u != nil {
		s.EmailUpdate = &emailUpdateRecordV2{u.EmailAddress, u.DeliveryMethod, u.TokenHash, u.LoginRedirectURL, u.LoginTemplateID, u.Locale, u.CreatedAt, u.ExpiresAt}
	}
	return s, nil
}

// memberRecord converts a stored member to its record.
func memberRecord(r *state.MemberRecord) (memberRecordV2, error) {
	m := &r.Member
	rec := memberRecordV2{
		OrganizationID: m.OrganizationID, MemberID: m.MemberID, EmailAddress: m.EmailAddress, Status: m.Status, Name: m.Name,
		IsBreakglass: m.IsBreakglass, MemberPasswordID: m.MemberPasswordID, EmailAddressVerified: m.EmailAddressVerified,
		MFAPhoneNumberVerified: m.MFAPhoneNumberVerified, TOTPRegistrationID: m.TOTPRegistrationID, IsLocked: m.IsLocked,
		MFAEnrolled: m.MFAEnrolled, MFAPhoneNumber: m.MFAPhoneNumber, DefaultMFAMethod: m.DefaultMFAMethod,
		TrustedMetadata: state.DeepCopyJSON(m.TrustedMetadata), UntrustedMetadata: state.DeepCopyJSON(m.UntrustedMetadata),
		CreatedAt: cloneTime(m.CreatedAt), UpdatedAt: cloneTime(m.UpdatedAt), ExternalID: m.ExternalID,
		LockCreatedAt: cloneTime(m.LockCreatedAt), LockExpiresAt: cloneTime(m.LockExpiresAt),
	}
	sso := sized(&rec.SSORegistrations, m.SSORegistrations)
	for i, s := range m.SSORegistrations {
		sso[i] = ssoRegistrationRecordV2{s.ConnectionID, s.ExternalID, s.RegistrationID, state.DeepCopyJSON(s.SSOAttributes)}
	}
	oauth := sized(&rec.OAuthRegistrations, m.OAuthRegistrations)
	for i, o := range m.OAuthRegistrations {
		oauth[i] = oauthRegistrationRecordV2{o.ProviderType, o.ProviderSubject, o.MemberOAuthRegistrationID, o.ProfilePictureURL, o.Locale}
	}
	retired := sized(&rec.RetiredEmailAddresses, m.RetiredEmailAddresses)
	for i, e := range m.RetiredEmailAddresses {
		retired[i] = retiredEmailRecordV2{e.EmailID, e.EmailAddress}
	}
	if s := m.SCIMRegistration; s != nil {
		if s.SCIMAttributes != nil {
			return rec, fmt.Errorf("member %s: scim_registration.scim_attributes cannot be persisted (no record type stores them)", m.MemberID)
		}
		rec.SCIMRegistration = &scimRegistrationRecordV2{s.ConnectionID, s.RegistrationID, s.ExternalID}
	}
	return rec, nil
}

// toMember fills a state member from its record.
func (rec *memberRecordV2) toMember(r *state.MemberRecord) {
	m := &r.Member
	m.OrganizationID, m.MemberID, m.EmailAddress, m.Status, m.Name = rec.OrganizationID, rec.MemberID, rec.EmailAddress, rec.Status, rec.Name
	m.IsBreakglass, m.MemberPasswordID, m.EmailAddressVerified = rec.IsBreakglass, rec.MemberPasswordID, rec.EmailAddressVerified
	m.MFAPhoneNumberVerified, m.TOTPRegistrationID, m.IsLocked = rec.MFAPhoneNumberVerified, rec.TOTPRegistrationID, rec.IsLocked
	m.MFAEnrolled, m.MFAPhoneNumber, m.DefaultMFAMethod = rec.MFAEnrolled, rec.MFAPhoneNumber, rec.DefaultMFAMethod
	m.TrustedMetadata, m.UntrustedMetadata = state.DeepCopyJSON(rec.TrustedMetadata), state.DeepCopyJSON(rec.UntrustedMetadata)
	m.CreatedAt, m.UpdatedAt, m.ExternalID = cloneTime(rec.CreatedAt), cloneTime(rec.UpdatedAt), rec.ExternalID
	m.LockCreatedAt, m.LockExpiresAt = cloneTime(rec.LockCreatedAt), cloneTime(rec.LockExpiresAt)
	sso := sized(&m.SSORegistrations, rec.SSORegistrations)
	for i, s := range rec.SSORegistrations {
		sso[i].ConnectionID, sso[i].ExternalID, sso[i].RegistrationID = s.ConnectionID, s.ExternalID, s.RegistrationID
		sso[i].SSOAttributes = state.DeepCopyJSON(s.SSOAttributes)
	}
	oauth := sized(&m.OAuthRegistrations, rec.OAuthRegistrations)
	for i, o := range rec.OAuthRegistrations {
		oauth[i].ProviderType, oauth[i].ProviderSubject, oauth[i].MemberOAuthRegistrationID = o.ProviderType, o.ProviderSubject, o.MemberOAuthRegistrationID
		oauth[i].ProfilePictureURL, oauth[i].Locale = o.ProfilePictureURL, o.Locale
	}
	retired := sized(&m.RetiredEmailAddresses, rec.RetiredEmailAddresses)
	for i, e := range rec.RetiredEmailAddresses {
		retired[i].EmailID, retired[i].EmailAddress = e.EmailID, e.EmailAddress
	}
	if m.RetiredEmailAddresses == nil {
		sized(&m.RetiredEmailAddresses, []retiredEmailRecordV2{})
	}
	m.SCIMRegistration = nil
	if s := rec.SCIMRegistration; s != nil {
		reg := alloc(&m.SCIMRegistration)
		reg.ConnectionID, reg.RegistrationID, reg.ExternalID = s.ConnectionID, s.RegistrationID, s.ExternalID
	}
}

// loadMembers rebuilds the members and their per-organization indexes with
// InsertMember, in creation order. Organizations are loaded first.
func loadMembers(dst *state.Project, raw json.RawMessage) error {
	var list []memberEntryV2
	if err := wire.Decode(raw, &list, true, false); err != nil {
		return SnapErr("members", "%v", err)
	}
	sortBySeq(list, func(m memberEntryV2) uint64 { return m.Seq })
	for i, s := range list {
		m := &s.Member
		at := func(f string) string { return "members[" + itoa(i) + "]." + f }
		switch {
		case m.MemberID == "":
			return SnapErr(at("member.member_id"), "is required")
		case dst.Members[m.MemberID] != nil:
			return SnapErr(at("member.member_id"), "duplicates %q", m.MemberID)
		case dst.Orgs[m.OrganizationID] == nil:
			return SnapErr(at("member.organization_id"), "names no organization of the snapshot (%q)", m.OrganizationID)
		case m.EmailAddress == "":
			return SnapErr(at("member.email_address"), "is required")
		case s.Seq == 0:
			return SnapErr(at("seq"), "must be positive")
		}
		switch m.Status {
		case memberActive, memberPending, memberInvited, memberDeleted:
		default:
			return SnapErr(at("member.status"), "must be active, pending, invited or deleted, not %q", m.Status)
		}
		r := &state.MemberRecord{Seq: s.Seq, EmailID: s.EmailID, ExplicitRoles: slices.Clone(s.ExplicitRoles)}
		m.toMember(r)
		if u := s.EmailUpdate; u != nil {
			r.EmailUpdate = &state.PendingEmailUpdate{EmailAddress: u.EmailAddress, DeliveryMethod: u.DeliveryMethod, TokenHash: u.TokenHash, LoginRedirectURL: u.LoginRedirectURL, LoginTemplateID: u.LoginTemplateID, Locale: u.Locale, CreatedAt: u.CreatedAt, ExpiresAt: u.ExpiresAt}
		}
		if m.Status != memberDeleted {
			set := dst.MemberSet(m.OrganizationID)
			key := state.EmailKey(m.EmailAddress)
			if set.EmailHolder(key, nil) != nil {
				return SnapErr(at("member.email_address"), "%q is already used in organization %q", m.EmailAddress, m.OrganizationID)
			}
			for _, re := range m.RetiredEmailAddresses {
				if set.EmailHolder(state.EmailKey(re.EmailAddress), nil) != nil {
					return SnapErr(at("member.retired_email_addresses"), "%q is already used in organization %q", re.EmailAddress, m.OrganizationID)
				}
			}
			if m.ExternalID != "" && set.ByExtID[m.ExternalID] != nil {
				return SnapErr(at("member.external_id"), "%q is already used in organization %q", m.ExternalID, m.OrganizationID)
			}
		}
		dst.InsertMember(r)
		dst.Seq = max(dst.Seq, s.Seq)
	}
	return nil
}
