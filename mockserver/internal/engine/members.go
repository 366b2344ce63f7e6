package engine

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

var (
	// e164 is an E.164 phone number: "+", a country code that does not
	// start with 0, and at most 15 digits in all.
	e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	// memberIDPattern is the shape of a member ID the mock generates.
	memberIDPattern = regexp.MustCompile(`^member-(test|live)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// Limits of member fields.
const (
	maxEmailLen      = 254
	maxMemberNameLen = 255
)

// MFA methods a member may have as default_mfa_method.
const (
	mfaSMSOTP = "sms_otp"
	mfaTOTP   = "totp"
)

// checkEmail validates an email address.
func checkEmail(field, email string) *apiError {
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" || len(email) > maxEmailLen || !strings.Contains(emailDomain(strings.ToLower(email)), ".") {
		return badRequest("invalid_email", "%s %q is not a valid email address.", field, email)
	}
	return nil
}

func checkPhone(phone string) *apiError {
	if !e164.MatchString(phone) {
		return badRequest("invalid_phone_number", "mfa_phone_number %q is not an E.164 phone number such as +12025550123.", phone)
	}
	return nil
}

// memberResp builds the answer of the endpoints that return one member.
// Callers hold p.mu.
func (p *project) memberResp(rc *reqCtx, r *memberRecord) *organizations.MemberResponse {
	return &organizations.MemberResponse{
		RequestID:    rc.requestID,
		StatusCode:   http.StatusOK,
		MemberID:     r.m.MemberID,
		Member:       p.memberView(r),
		Organization: p.orgView(p.orgs[r.m.OrganizationID]),
	}
}

// findMember resolves a member of an organization by member ID, then by
// external ID. Deleted members are not found. Callers hold p.mu.
func (p *project) findMember(org *orgRecord, ref string) (*memberRecord, *apiError) {
	if ref == "" {
		return nil, badRequest("invalid_request_value", "member_id is required.")
	}
	if r := p.members[ref]; r != nil && r.m.OrganizationID == org.o.OrganizationID && r.m.Status != organizations.StatusDeleted {
		return r, nil
	}
	if s := p.orgMembers[org.o.OrganizationID]; s != nil {
		if r := s.byExtID[ref]; r != nil {
			return r, nil
		}
	}
	return nil, notFound("member_not_found", "Member %q was not found in organization %s.", ref, org.o.OrganizationID)
}

// orgAndMember resolves the {organization_id} and {member_id} path
// parameters. Callers hold p.mu.
func (p *project) orgAndMember(rc *reqCtx) (*orgRecord, *memberRecord, *apiError) {
	org, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, nil, err
	}
	r, err := p.findMember(org, rc.param("member_id"))
	if err != nil {
		return nil, nil, err
	}
	return org, r, nil
}

// checkRoles validates explicitly assigned roles and returns them without
// duplicates, in the order given.
func (p *project) checkRoles(org *orgRecord, roles []string) ([]string, *apiError) {
	out := make([]string, 0, len(roles))
	for _, id := range roles {
		if id == roleMember {
			return nil, badRequest("cannot_assign_default_rbac_role_id", "%s is held by every member and cannot be assigned or removed explicitly.", roleMember)
		}
		known := p.roles[id] || slices.ContainsFunc(org.o.CustomRoles, func(c organizations.CustomRole) bool { return c.RoleID == id })
		if !known {
			return nil, badRequest("invalid_rbac_role_id", "%q is not a role of this project's RBAC policy.", id)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// memberCreateBody is the body of Create Member.
type memberCreateBody struct {
	EmailAddress          string          `json:"email_address"`
	Name                  string          `json:"name"`
	TrustedMetadata       json.RawMessage `json:"trusted_metadata"`
	UntrustedMetadata     json.RawMessage `json:"untrusted_metadata"`
	CreateMemberAsPending bool            `json:"create_member_as_pending"`
	IsBreakglass          bool            `json:"is_breakglass"`
	MFAPhoneNumber        string          `json:"mfa_phone_number"`
	MFAEnrolled           bool            `json:"mfa_enrolled"`
	Roles                 []string        `json:"roles"`
	ExternalID            string          `json:"external_id"`
}

func handleMemberCreate(rc *reqCtx) (any, error) {
	var b memberCreateBody
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.EmailAddress)
	if email == "" {
		return nil, badRequest("invalid_email", "email_address is required.")
	}
	if err := checkEmail("email_address", email); err != nil {
		return nil, err
	}
	if len([]rune(b.Name)) > maxMemberNameLen {
		return nil, badRequest("invalid_request_value", "name must be at most %d characters.", maxMemberNameLen)
	}
	trusted, aerr := parseMetadata("trusted_metadata", b.TrustedMetadata)
	if aerr != nil {
		return nil, aerr
	}
	untrusted, aerr := parseMetadata("untrusted_metadata", b.UntrustedMetadata)
	if aerr != nil {
		return nil, aerr
	}
	if b.MFAPhoneNumber != "" {
		if err := checkPhone(b.MFAPhoneNumber); err != nil {
			return nil, err
		}
	}
	if b.ExternalID != "" {
		if err := checkExternalID("external_id", b.ExternalID, "invalid_member_external_id"); err != nil {
			return nil, err
		}
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, aerr := p.findOrg(rc.param("organization_id"))
	if aerr != nil {
		return nil, aerr
	}
	if rc.hasMemberSessionHeader() && len(bytes.TrimSpace(b.TrustedMetadata)) > 0 && string(bytes.TrimSpace(b.TrustedMetadata)) != "null" {
		return nil, forbidden("cannot_update_trusted_metadata", "trusted_metadata cannot be written by a call made as a member.")
	}
	if aerr := p.authorizeHeader(rc, org.o.OrganizationID, "", memberRouteChecks[rc.action]...); aerr != nil {
		return nil, aerr
	}
	roles, aerr := p.checkRoles(org, b.Roles)
	if aerr != nil {
		return nil, aerr
	}
	set := p.memberSet(org.o.OrganizationID)
	if set.emailHolder(emailKey(email), nil) != nil {
		return nil, badRequest("duplicate_member_email", "A member of this organization already uses (or used) the email address %q.", email)
	}
	if b.ExternalID != "" && set.byExtID[b.ExternalID] != nil {
		return nil, badRequest("duplicate_member_external_id", "The external_id %q is already used by another member of this organization.", b.ExternalID)
	}
	status := organizations.StatusActive
	if b.CreateMemberAsPending {
		status = organizations.StatusPending
	}
	now := rc.now
	r := &memberRecord{
		m: organizations.Member{
			OrganizationID:        org.o.OrganizationID,
			MemberID:              newID("member", p.env),
			EmailAddress:          email,
			Status:                status,
			Name:                  b.Name,
			SSORegistrations:      []organizations.SSORegistration{},
			IsBreakglass:          b.IsBreakglass,
			OAuthRegistrations:    []organizations.OAuthRegistration{},
			RetiredEmailAddresses: []organizations.RetiredEmail{},
			MFAEnrolled:           b.MFAEnrolled,
			MFAPhoneNumber:        b.MFAPhoneNumber,
			TrustedMetadata:       trusted,
			UntrustedMetadata:     untrusted,
			ExternalID:            b.ExternalID,
			CreatedAt:             &now,
			UpdatedAt:             cloneTime(&now),
		},
		seq:           p.nextSeq(),
		emailID:       newID("email", p.env),
		explicitRoles: roles,
	}
	p.insertMember(r)
	return p.memberResp(rc, r), nil
}

func handleMemberGet(rc *reqCtx) (any, error) {
	id, email := rc.query("member_id"), rc.query("email_address")
	if (id == "") == (email == "") {
		return nil, badRequest("invalid_member_get_fields", "Pass exactly one of member_id and email_address.")
	}
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	org, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, err
	}
	if id != "" {
		r, err := p.findMember(org, id)
		if err != nil {
			return nil, err
		}
		return p.memberResp(rc, r), nil
	}
	if s := p.orgMembers[org.o.OrganizationID]; s != nil {
		if r := s.byEmail[emailKey(email)]; r != nil {
			return p.memberResp(rc, r), nil
		}
	}
	return nil, notFound("member_not_found", "No member of organization %s has the email address %q.", org.o.OrganizationID, email)
}

func handleMemberDangerouslyGet(rc *reqCtx) (any, error) {
	includeDeleted := false
	switch v := rc.query("include_deleted"); v {
	case "", "false":
	case "true":
		includeDeleted = true
	default:
		return nil, badRequest("invalid_request_value", "include_deleted must be true or false, not %q.", v)
	}
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	id := rc.param("member_id")
	r := p.members[id]
	if r == nil || (r.m.Status == organizations.StatusDeleted && !includeDeleted) {
		return nil, notFound("member_not_found", "Member %q was not found.", id)
	}
	return p.memberResp(rc, r), nil
}

func handleMemberDelete(rc *reqCtx) (any, error) {
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
	next.m.Status = organizations.StatusDeleted
	next.emailUpdate = nil
	now := rc.now
	next.m.UpdatedAt = &now
	p.replaceMember(r, next)
	p.revokeMemberSessions(r.m.MemberID)
	return &organizations.MembersDeleteResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID}, nil
}

func handleMemberReactivate(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, err
	}
	id := rc.param("member_id")
	r := p.members[id]
	if r == nil || r.m.OrganizationID != org.o.OrganizationID {
		return nil, notFound("member_not_found", "Member %q was not found in organization %s.", id, org.o.OrganizationID)
	}
	if err := p.authorizeHeader(rc, org.o.OrganizationID, r.m.MemberID, memberRouteChecks[rc.action]...); err != nil {
		return nil, err
	}
	if r.m.Status != organizations.StatusDeleted {
		return nil, notFound("no_deleted_member_found_for_reactivation", "Member %q is not deleted, so there is nothing to reactivate.", id)
	}
	if !r.m.EmailAddressVerified {
		return nil, badRequest("email_unverified_for_reactivation", "Member %q has no verified email address and cannot be reactivated.", id)
	}
	set := p.memberSet(org.o.OrganizationID)
	if set.emailHolder(r.emailLower, r) != nil {
		return nil, badRequest("reactivation_email_belongs_to_another_member", "The email address %q now belongs to another member of the organization.", r.m.EmailAddress)
	}
	next := cloneRecord(r)
	if next.m.ExternalID != "" && set.byExtID[next.m.ExternalID] != nil {
		return nil, badRequest("duplicate_member_external_id", "The external_id %q is now used by another member of this organization.", next.m.ExternalID)
	}
	// Retired addresses that another member took while this one was deleted
	// stay with that member.
	next.m.RetiredEmailAddresses = slices.DeleteFunc(next.m.RetiredEmailAddresses, func(e organizations.RetiredEmail) bool {
		return set.emailHolder(emailKey(e.EmailAddress), r) != nil
	})
	next.m.Status = organizations.StatusActive
	now := rc.now
	next.m.UpdatedAt = &now
	p.replaceMember(r, next)
	return p.memberResp(rc, r), nil
}

// memberUpdateBody is the body of Update Member. Pointers and raw messages
// tell a field that was sent from one that was not.
type memberUpdateBody struct {
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

func handleMemberUpdate(rc *reqCtx) (any, error) {
	var b memberUpdateBody
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, r, aerr := p.orgAndMember(rc)
	if aerr != nil {
		return nil, aerr
	}
	if err := p.authorizeMemberUpdate(rc, org, r, &b); err != nil {
		return nil, err
	}
	next := cloneRecord(r)
	if err := p.applyMemberUpdate(org, r, next, &b); err != nil {
		return nil, err
	}
	now := rc.now
	next.m.UpdatedAt = &now
	p.replaceMember(r, next)
	return p.memberResp(rc, r), nil
}

// applyMemberUpdate validates b and applies it to next, a copy of r.
// Nothing is stored: on error the caller drops next. Callers hold p.mu.
func (p *project) applyMemberUpdate(org *orgRecord, r, next *memberRecord, b *memberUpdateBody) *apiError {
	m := &next.m
	set := p.memberSet(org.o.OrganizationID)
	if b.Name != nil && *b.Name != "" {
		if len([]rune(*b.Name)) > maxMemberNameLen {
			return badRequest("invalid_request_value", "name must be at most %d characters.", maxMemberNameLen)
		}
		m.Name = *b.Name
	}
	if b.TrustedMetadata != nil {
		md, err := parseMetadata("trusted_metadata", b.TrustedMetadata)
		if err != nil {
			return err
		}
		m.TrustedMetadata = md
	}
	if b.UntrustedMetadata != nil {
		md, err := parseMetadata("untrusted_metadata", b.UntrustedMetadata)
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
		roles, err := p.checkRoles(org, *b.Roles)
		if err != nil {
			return err
		}
		next.explicitRoles = roles
	}
	if b.ExternalID != nil && *b.ExternalID != "" && *b.ExternalID != m.ExternalID {
		if err := checkExternalID("external_id", *b.ExternalID, "invalid_member_external_id"); err != nil {
			return err
		}
		if other := set.byExtID[*b.ExternalID]; other != nil && other != r {
			return badRequest("duplicate_member_external_id", "The external_id %q is already used by another member of this organization.", *b.ExternalID)
		}
		m.ExternalID = *b.ExternalID
	}
	if b.MFAPhoneNumber != nil && *b.MFAPhoneNumber != "" && *b.MFAPhoneNumber != m.MFAPhoneNumber {
		if err := checkPhone(*b.MFAPhoneNumber); err != nil {
			return err
		}
		if m.MFAPhoneNumber != "" {
			return badRequest("duplicate_member_phone_number_for_member", "The member already has an MFA phone number; delete it before setting another.")
		}
		m.MFAPhoneNumber = *b.MFAPhoneNumber
		m.MFAPhoneNumberVerified = false
	}
	if b.EmailAddress != nil && *b.EmailAddress != "" && *b.EmailAddress != m.EmailAddress {
		if err := p.changeEmail(set, r, next, strings.TrimSpace(*b.EmailAddress), b.UnlinkEmail); err != nil {
			return err
		}
	}
	if b.DefaultMFAMethod != nil && *b.DefaultMFAMethod != "" {
		switch *b.DefaultMFAMethod {
		case mfaSMSOTP:
			if m.MFAPhoneNumber == "" {
				return badRequest("default_mfa_member_missing_factor", "default_mfa_method sms_otp needs an MFA phone number on the member.")
			}
		case mfaTOTP:
			if m.TOTPRegistrationID == "" {
				return badRequest("default_mfa_member_missing_factor", "default_mfa_method totp needs a TOTP registration on the member.")
			}
		default:
			return badRequest("invalid_request_value", "default_mfa_method must be sms_otp or totp, not %q.", *b.DefaultMFAMethod)
		}
		m.DefaultMFAMethod = *b.DefaultMFAMethod
	}
	return nil
}

// changeEmail gives next a new primary email: the old one is retired (or
// forgotten with unlink), the password is cleared and the new address is
// unverified. A member's own retired address may become primary again.
func (p *project) changeEmail(set *orgMemberSet, r, next *memberRecord, email string, unlink bool) *apiError {
	if err := checkEmail("email_address", email); err != nil {
		return err
	}
	key := emailKey(email)
	if set.emailHolder(key, r) != nil || p.emailUpdateHolder(set, key, r) != nil {
		return badRequest("duplicate_member_email", "A member of this organization already uses (or used) the email address %q.", email)
	}
	m := &next.m
	newEmailID := newID("email", p.env)
	// Reusing one of its own retired addresses takes it out of the retired list.
	m.RetiredEmailAddresses = slices.DeleteFunc(m.RetiredEmailAddresses, func(e organizations.RetiredEmail) bool {
		if emailKey(e.EmailAddress) == key {
			newEmailID = e.EmailID
			return true
		}
		return false
	})
	if !unlink && emailKey(m.EmailAddress) != key {
		m.RetiredEmailAddresses = append(m.RetiredEmailAddresses, organizations.RetiredEmail{EmailID: next.emailID, EmailAddress: m.EmailAddress})
	}
	m.EmailAddress = email
	m.EmailAddressVerified = false
	m.MemberPasswordID = ""
	next.emailID = newEmailID
	next.emailUpdate = nil
	return nil
}

// emailUpdateHolder returns the member other than self whose pending email
// update targets key and has not expired, or nil. Callers hold p.mu.
func (p *project) emailUpdateHolder(set *orgMemberSet, key string, self *memberRecord) *memberRecord {
	now := p.clock.Now()
	for _, o := range set.order {
		if o != self && o.emailUpdate != nil && o.m.Status != organizations.StatusDeleted &&
			emailKey(o.emailUpdate.EmailAddress) == key && now.Before(o.emailUpdate.ExpiresAt) {
			return o
		}
	}
	return nil
}
