package api

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// memberResp builds the answer of the endpoints that return one member.
// Callers hold p.mu.
func memberResp(p *state.Project, rc *httpkit.Call, r *state.MemberRecord) *organizations.MemberResponse {
	return &organizations.MemberResponse{
		MemberID:     r.Member.MemberID,
		Member:       p.MemberView(r),
		Organization: p.OrgView(p.Orgs[r.Member.OrganizationID]),
	}
}

// orgAndMember resolves the {organization_id} and {member_id} path
// parameters. Callers hold p.mu.
func orgAndMember(p *state.Project, rc *httpkit.Call) (*state.OrgRecord, *state.MemberRecord, *apierr.Error) {
	org, err := p.FindOrg(rc.Param("organization_id"))
	if err != nil {
		return nil, nil, err
	}
	r, err := p.FindMember(org, rc.Param("member_id"))
	if err != nil {
		return nil, nil, err
	}
	return org, r, nil
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

func handleMemberCreate(rc *httpkit.Call) (any, error) {
	var b memberCreateBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.EmailAddress)
	if email == "" {
		return nil, apierr.BadRequest("invalid_email", "email_address is required.")
	}
	if err := flows.CheckEmail("email_address", email); err != nil {
		return nil, err
	}
	trusted, untrusted, aerr := flows.NewMemberProfile{
		Name: b.Name, TrustedMetadata: b.TrustedMetadata, UntrustedMetadata: b.UntrustedMetadata,
		MFAPhoneNumber: b.MFAPhoneNumber, ExternalID: b.ExternalID,
	}.Check()
	if aerr != nil {
		return nil, aerr
	}
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if rc.Actor().AsMember() && len(bytes.TrimSpace(b.TrustedMetadata)) > 0 && string(bytes.TrimSpace(b.TrustedMetadata)) != "null" {
			return nil, apierr.BadRequest("cannot_update_trusted_metadata", "trusted_metadata cannot be written by a call made as a member.")
		}
		if aerr := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, "", flows.MemberRouteChecks[rc.Action()]...); aerr != nil {
			return nil, aerr
		}
		roles, aerr := flows.CheckRoles(p, org, b.Roles)
		if aerr != nil {
			return nil, aerr
		}
		set := p.MemberSet(org.Org.OrganizationID)
		if set.EmailHolder(state.EmailKey(email), nil) != nil {
			return nil, apierr.BadRequest("duplicate_member_email", "A member of this organization already uses (or used) the email address %q.", email)
		}
		if b.ExternalID != "" && set.ByExtID[b.ExternalID] != nil {
			return nil, apierr.BadRequest("duplicate_member_external_id", "The external_id %q is already used by another member of this organization.", b.ExternalID)
		}
		status := organizations.StatusActive
		if b.CreateMemberAsPending {
			status = organizations.StatusPending
		}
		now := rc.Now
		r := &state.MemberRecord{
			Member: organizations.Member{
				OrganizationID:        org.Org.OrganizationID,
				MemberID:              ids.NewID("member", p.Env),
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
				UpdatedAt:             state.CloneTime(&now),
			},
			Seq:           p.NextSeq(),
			EmailID:       ids.NewID("email", p.Env),
			ExplicitRoles: roles,
		}
		p.InsertMember(r)
		return memberResp(p, rc, r), nil
	})
}

func handleMemberGet(rc *httpkit.Call) (any, error) {
	id, email := rc.Query("member_id"), rc.Query("email_address")
	if (id == "") == (email == "") {
		return nil, apierr.BadRequest("invalid_member_get_fields", "Pass exactly one of member_id and email_address.")
	}
	return rc.ReadOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if id != "" {
			r, err := p.FindMember(org, id)
			if err != nil {
				return nil, err
			}
			return memberResp(p, rc, r), nil
		}
		if s := p.OrgMembers[org.Org.OrganizationID]; s != nil {
			if r := s.ByEmail[state.EmailKey(email)]; r != nil {
				return memberResp(p, rc, r), nil
			}
		}
		return nil, apierr.NotFound("member_not_found", "No member of organization %s has the email address %q.", org.Org.OrganizationID, email)
	})
}

func handleMemberDangerouslyGet(rc *httpkit.Call) (any, error) {
	includeDeleted := false
	switch v := rc.Query("include_deleted"); v {
	case "", "false":
	case "true":
		includeDeleted = true
	default:
		return nil, apierr.BadRequest("invalid_request_value", "include_deleted must be true or false, not %q.", v)
	}
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	id := rc.Param("member_id")
	r := p.Members[id]
	if r == nil || (r.Member.Status == organizations.StatusDeleted && !includeDeleted) {
		return nil, apierr.NotFound("member_not_found", "Member %q was not found.", id)
	}
	return memberResp(p, rc, r), nil
}

func handleMemberDelete(rc *httpkit.Call) (any, error) {
	return changeMember(rc, func(_ *state.OrgRecord, _, next *state.MemberRecord) *apierr.Error {
		next.Member.Status = organizations.StatusDeleted
		next.EmailUpdate = nil
		return nil
	}, func(p *state.Project, r *state.MemberRecord) any {
		p.RevokeMemberSessions(r.Member.MemberID)
		return &organizations.MembersDeleteResponse{MemberID: r.Member.MemberID}
	})
}

func handleMemberReactivate(rc *httpkit.Call) (any, error) {
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		id := rc.Param("member_id")
		r := p.Members[id]
		if r == nil || r.Member.OrganizationID != org.Org.OrganizationID {
			return nil, apierr.NotFound("member_not_found", "Member %q was not found in organization %s.", id, org.Org.OrganizationID)
		}
		if err := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, r.Member.MemberID, flows.MemberRouteChecks[rc.Action()]...); err != nil {
			return nil, err
		}
		if r.Member.Status != organizations.StatusDeleted {
			return nil, apierr.NotFound("no_deleted_member_found_for_reactivation", "Member %q is not deleted, so there is nothing to reactivate.", id)
		}
		if !r.Member.EmailAddressVerified {
			return nil, apierr.BadRequest("email_unverified_for_reactivation", "Member %q has no verified email address and cannot be reactivated.", id)
		}
		set := p.MemberSet(org.Org.OrganizationID)
		if set.EmailHolder(r.EmailLower, r) != nil {
			return nil, apierr.BadRequest("reactivation_email_belongs_to_another_member", "The email address %q now belongs to another member of the organization.", r.Member.EmailAddress)
		}
		next := state.CloneRecord(r)
		if next.Member.ExternalID != "" && set.ByExtID[next.Member.ExternalID] != nil {
			return nil, apierr.BadRequest("duplicate_member_external_id", "The external_id %q is now used by another member of this organization.", next.Member.ExternalID)
		}
		// Retired addresses that another member took while this one was deleted
		// stay with that member.
		next.Member.RetiredEmailAddresses = slices.DeleteFunc(next.Member.RetiredEmailAddresses, func(e organizations.RetiredEmail) bool {
			return set.EmailHolder(state.EmailKey(e.EmailAddress), r) != nil
		})
		next.Member.Status = organizations.StatusActive
		now := rc.Now
		next.Member.UpdatedAt = &now
		p.ReplaceMember(r, next)
		return memberResp(p, rc, r), nil
	})
}

func handleMemberUpdate(rc *httpkit.Call) (any, error) {
	var b flows.MemberUpdateBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	org, r, aerr := orgAndMember(p, rc)
	if aerr != nil {
		return nil, aerr
	}
	if err := flows.AuthorizeMemberUpdate(p, rc.Actor(), org, r, &b); err != nil {
		return nil, err
	}
	next := state.CloneRecord(r)
	if err := flows.ApplyMemberUpdate(p, org, r, next, &b); err != nil {
		return nil, err
	}
	now := rc.Now
	next.Member.UpdatedAt = &now
	p.ReplaceMember(r, next)
	return memberResp(p, rc, r), nil
}
