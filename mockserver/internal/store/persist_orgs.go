package store

import (
	"encoding/json"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// orgSnapshot is one organization in the "organizations" section.
type orgSnapshot struct {
	Seq          uint64                     `json:"seq"`
	Organization organizations.Organization `json:"organization"`
}

// saveOrgs lists the organizations in creation order. Callers hold p.mu.
func saveOrgs(p *state.Project, _ SnapshotOptions) (any, error) {
	out := make([]orgSnapshot, 0, len(p.Orgs))
	for _, r := range p.Orgs {
		out = append(out, orgSnapshot{Seq: r.Seq, Organization: state.CloneOrg(r.Org)})
	}
	sortBySeq(out, func(o orgSnapshot) uint64 { return o.Seq })
	return out, nil
}

// loadOrgs rebuilds the organizations and their indexes with putOrg.
func loadOrgs(dst *state.Project, raw json.RawMessage) error {
	var list []orgSnapshot
	if err := wire.Decode(raw, &list, true, false); err != nil {
		return SnapErr("organizations", "%v", err)
	}
	for i, s := range list {
		o := s.Organization
		at := func(f string) string { return "organizations[" + itoa(i) + "]." + f }
		if o.OrganizationID == "" {
			return SnapErr(at("organization.organization_id"), "is required")
		}
		if dst.Orgs[o.OrganizationID] != nil {
			return SnapErr(at("organization.organization_id"), "duplicates %q", o.OrganizationID)
		}
		if o.OrganizationSlug == "" {
			return SnapErr(at("organization.organization_slug"), "is required")
		}
		if _, dup := dst.OrgSlugs[strings.ToLower(o.OrganizationSlug)]; dup {
			return SnapErr(at("organization.organization_slug"), "%q is used by another organization", o.OrganizationSlug)
		}
		if _, dup := dst.OrgExtIDs[o.OrganizationExternalID]; dup && o.OrganizationExternalID != "" {
			return SnapErr(at("organization.organization_external_id"), "%q is used by another organization", o.OrganizationExternalID)
		}
		if s.Seq == 0 {
			return SnapErr(at("seq"), "must be positive")
		}
		dst.PutOrg(state.CloneOrg(o), s.Seq)
		dst.Seq = max(dst.Seq, s.Seq)
	}
	return nil
}
