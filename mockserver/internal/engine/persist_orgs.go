package engine

import (
	"encoding/json"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// orgSnapshot is one organization in the "organizations" section.
type orgSnapshot struct {
	Seq          uint64                     `json:"seq"`
	Organization organizations.Organization `json:"organization"`
}

func init() {
	registerSnapshotSection(snapshotSection{name: "organizations", order: 10, save: saveOrgs, load: loadOrgs})
}

// saveOrgs lists the organizations in creation order. Callers hold p.mu.
func saveOrgs(p *project, _ snapshotOptions) (any, error) {
	out := make([]orgSnapshot, 0, len(p.orgs))
	for _, r := range p.orgs {
		out = append(out, orgSnapshot{Seq: r.seq, Organization: cloneOrg(r.o)})
	}
	sortBySeq(out, func(o orgSnapshot) uint64 { return o.Seq })
	return out, nil
}

// loadOrgs rebuilds the organizations and their indexes with putOrg.
func loadOrgs(dst *project, raw json.RawMessage) error {
	var list []orgSnapshot
	if err := decodeStrict(raw, &list); err != nil {
		return snapErr("organizations", "%v", err)
	}
	for i, s := range list {
		o := s.Organization
		at := func(f string) string { return "organizations[" + itoa(i) + "]." + f }
		if o.OrganizationID == "" {
			return snapErr(at("organization.organization_id"), "is required")
		}
		if dst.orgs[o.OrganizationID] != nil {
			return snapErr(at("organization.organization_id"), "duplicates %q", o.OrganizationID)
		}
		if o.OrganizationSlug == "" {
			return snapErr(at("organization.organization_slug"), "is required")
		}
		if _, dup := dst.orgSlugs[strings.ToLower(o.OrganizationSlug)]; dup {
			return snapErr(at("organization.organization_slug"), "%q is used by another organization", o.OrganizationSlug)
		}
		if _, dup := dst.orgExtIDs[o.OrganizationExternalID]; dup && o.OrganizationExternalID != "" {
			return snapErr(at("organization.organization_external_id"), "%q is used by another organization", o.OrganizationExternalID)
		}
		if s.Seq == 0 {
			return snapErr(at("seq"), "must be positive")
		}
		dst.putOrg(cloneOrg(o), s.Seq)
		dst.seq = max(dst.seq, s.Seq)
	}
	return nil
}
