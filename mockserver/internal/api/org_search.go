package api

import (
	"slices"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/search"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func handleOrgSearch(rc *httpkit.Call) (any, error) {
	var b search.SearchBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	cs, err := search.CompileSearch(&b, search.OrganizationVocabulary, p.OrgSearchFilters())
	if err != nil {
		return nil, err
	}
	all := make([]*state.OrgRecord, 0, len(p.Orgs))
	for _, r := range p.Orgs {
		all = append(all, r)
	}
	slices.SortFunc(all, func(a, b *state.OrgRecord) int { return search.CompareSeq(a.Seq, b.Seq) })
	page, total, next := cs.Page(all, func(r *state.OrgRecord) uint64 { return r.Seq })
	out := make([]organizations.Organization, len(page))
	for i, r := range page {
		out[i] = p.OrgView(r)
	}
	return &organizations.SearchResponse{
		Organizations:   out,
		ResultsMetadata: organizations.ResultsMetadata{Total: int32(total), NextCursor: next},
	}, nil
}
