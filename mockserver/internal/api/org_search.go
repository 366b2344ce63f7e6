package api

import (
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
	cs, err := search.CompileCountedSearch(&b, search.OrganizationVocabulary, p.OrgSearchFilters(), p.OrgSearchNarrowers(), p.OrgSearchCounters())
	if err != nil {
		return nil, err
	}
	var all []*state.OrgRecord
	if !cs.Narrowed {
		all = p.OrgsBySeq()
	}
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
