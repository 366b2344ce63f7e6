package api

import (
	"slices"

	"github.com/stytchkit/stytch-go/b2b/organizations"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/search"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// memberSearchBody is the body of Search Members.
type memberSearchBody struct {
	search.SearchBody
	OrganizationIDs []string `json:"organization_ids"`
}

func handleMemberSearch(rc *httpkit.Call) (any, error) {
	var b memberSearchBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if len(b.OrganizationIDs) == 0 {
		return nil, apierr.BadRequest("member_search_organization_ids_empty", "organization_ids must name at least one organization.")
	}
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	var orgIDs []string
	for _, ref := range b.OrganizationIDs {
		org, err := p.FindOrg(ref)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(orgIDs, org.Org.OrganizationID) {
			orgIDs = append(orgIDs, org.Org.OrganizationID)
		}
	}
	if rc.Actor().AsMember() {
		// A member may search only their own organization.
		for _, id := range orgIDs {
			if err := flows.AuthorizeHeader(p, rc.Actor(), id, "", flows.MemberRouteChecks[rc.Action()]...); err != nil {
				return nil, err
			}
		}
	}
	wantDeleted := false
	cs, err := search.CompileIndexedSearch(&b.SearchBody, search.MemberVocabulary, p.MemberSearchFilters(&wantDeleted), p.MemberSearchNarrowers(orgIDs))
	if err != nil {
		return nil, err
	}
	if wantDeleted {
		// The indexes hold members that are not deleted only.
		cs.Narrowed, cs.Candidates = false, nil
	} else {
		match := cs.Match
		cs.Match = func(ref state.MemberRef) bool { return !ref.Deleted && match(ref) }
	}
	// Each organization's members are already in creation order; several
	// organizations are merged by creation sequence.
	var items []state.MemberRef
	if !cs.Narrowed {
		if len(orgIDs) == 1 {
			if s := p.OrgMembers[orgIDs[0]]; s != nil {
				items = s.Refs
			}
		} else {
			for _, id := range orgIDs {
				if s := p.OrgMembers[id]; s != nil {
					items = append(items, s.Refs...)
				}
			}
			slices.SortFunc(items, func(a, b state.MemberRef) int { return search.CompareSeq(a.Seq, b.Seq) })
		}
	}
	page, total, next := cs.Page(items, func(ref state.MemberRef) uint64 { return ref.Seq })
	out := make([]organizations.Member, len(page))
	orgs := map[string]organizations.Organization{}
	for i, ref := range page {
		r := ref.Request
		out[i] = p.MemberView(r)
		if _, ok := orgs[r.Member.OrganizationID]; !ok {
			orgs[r.Member.OrganizationID] = p.OrgView(p.Orgs[r.Member.OrganizationID])
		}
	}
	return &organizations.MembersSearchResponse{
		Members:         out,
		Organizations:   orgs,
		ResultsMetadata: organizations.ResultsMetadata{Total: int32(total), NextCursor: next},
	}, nil
}
