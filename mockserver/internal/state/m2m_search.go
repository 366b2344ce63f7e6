package state

import (
	"slices"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/search"
)

// M2MSearchFilters are the filters of M2M client search, each taking a list
// of strings any of which matches: client_id, client_name (exact) and
// scopes (the client has one of them).
func M2MSearchFilters() map[string]search.FilterDef[*M2MClientRecord] {
	anyOf := func(field func(*M2MClientRecord) string) search.FilterDef[*M2MClientRecord] {
		return search.FilterDef[*M2MClientRecord]{Kind: search.KindStrings, Match: func(v any) (func(*M2MClientRecord) bool, *apierr.Error) {
			set := search.AnyOf(v, false)
			return func(r *M2MClientRecord) bool { return set[field(r)] }, nil
		}}
	}
	return map[string]search.FilterDef[*M2MClientRecord]{
		"client_id":   anyOf(func(r *M2MClientRecord) string { return r.ClientID }),
		"client_name": anyOf(func(r *M2MClientRecord) string { return r.Name }),
		"scopes": {Kind: search.KindStrings, Match: func(v any) (func(*M2MClientRecord) bool, *apierr.Error) {
			set := search.AnyOf(v, false)
			return func(r *M2MClientRecord) bool {
				return slices.ContainsFunc(r.Scopes, func(s string) bool { return set[s] })
			}, nil
		}},
	}
}
