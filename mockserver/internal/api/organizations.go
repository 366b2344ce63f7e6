package api

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func handleOrgCreate(rc *httpkit.Call) (any, error) {
	var f flows.OrgFields
	if err := rc.Decode(&f); err != nil {
		return nil, err
	}
	if f.OrganizationName == nil || *f.OrganizationName == "" {
		return nil, apierr.BadRequest("organization_name_missing", "organization_name is required.")
	}
	if f.OrganizationSlug == nil || *f.OrganizationSlug == "" {
		return nil, apierr.BadRequest("invalid_organization_slug", "organization_slug is required.")
	}
	if f.SSODefaultConnectionID != nil && *f.SSODefaultConnectionID != "" {
		return nil, apierr.BadRequest("invalid_sso_default_connection_id", "A new organization has no SSO connections, so it cannot have a default one.")
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	o := state.NewOrganization(ids.NewID("organization", p.Env), rc.Now)
	if !f.HasAuthSettings() {
		o.EmailInvites = organizations.AllAllowed
	}
	if err := f.ApplyChecked(p, &o); err != nil {
		return nil, err
	}
	p.PutOrg(o, p.NextSeq())
	return &organizations.CreateResponse{Organization: p.OrgView(p.Orgs[o.OrganizationID])}, nil
}

func handleOrgGet(rc *httpkit.Call) (any, error) {
	return rc.ReadOrg(rc.Param("organization_id"), func(p *state.Project, r *state.OrgRecord) (any, error) {
		return &organizations.GetResponse{Organization: p.OrgView(r)}, nil
	})
}

func handleOrgUpdate(rc *httpkit.Call) (any, error) {
	var f flows.OrgFields
	if err := rc.Decode(&f); err != nil {
		return nil, err
	}
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, r *state.OrgRecord) (any, error) {
		if rc.Actor().AsMember() && f.TrustedMetadata != nil {
			if err := flows.AuthorizeHeader(p, rc.Actor(), r.Org.OrganizationID, ""); err != nil {
				return nil, err
			}
			return nil, apierr.BadRequest("cannot_update_trusted_metadata", "trusted_metadata cannot be updated by a member; update it without a member session.")
		}
		if err := flows.AuthorizeHeader(p, rc.Actor(), r.Org.OrganizationID, "", flows.OrgUpdateChecks(&f)...); err != nil {
			return nil, err
		}
		o := state.CloneOrg(r.Org)
		if err := f.ApplyChecked(p, &o); err != nil {
			return nil, err
		}
		now := rc.Now
		o.UpdatedAt = &now
		p.PutOrg(o, r.Seq)
		return &organizations.UpdateResponse{Organization: p.OrgView(p.Orgs[o.OrganizationID])}, nil
	})
}

func handleOrgDelete(rc *httpkit.Call) (any, error) {
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, r *state.OrgRecord) (any, error) {
		id := r.Org.OrganizationID
		if err := flows.AuthorizeHeader(p, rc.Actor(), id, "", flows.ActionCheck{Resource: "stytch.organization", Action: "delete"}); err != nil {
			return nil, err
		}
		for _, mr := range p.MembersOf(id) {
			p.RevokeMemberSessions(mr.Member.MemberID)
		}
		p.RemoveOrg(id)
		return &organizations.DeleteResponse{OrganizationID: id}, nil
	})
}

func handleOrgDeleteExternalID(rc *httpkit.Call) (any, error) {
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, r *state.OrgRecord) (any, error) {
		if err := flows.AuthorizeHeader(p, rc.Actor(), r.Org.OrganizationID, ""); err != nil {
			return nil, err
		}
		o := state.CloneOrg(r.Org)
		o.OrganizationExternalID = ""
		now := rc.Now
		o.UpdatedAt = &now
		p.PutOrg(o, r.Seq)
		return &organizations.DeleteExternalIDResponse{Organization: p.OrgView(p.Orgs[o.OrganizationID])}, nil
	})
}

func handleOrgMetrics(rc *httpkit.Call) (any, error) {
	return rc.ReadOrg(rc.Param("organization_id"), func(p *state.Project, r *state.OrgRecord) (any, error) {
		var n uint32
		for _, m := range p.MembersOf(r.Org.OrganizationID) {
			if m.Member.Status != organizations.StatusDeleted {
				n++
			}
		}
		return &organizations.MetricsResponse{MemberCount: n}, nil
	})
}
