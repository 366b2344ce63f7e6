package engine

import (
	"net/http"
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/organizations/members"
)

var memberStatuses = []string{organizations.StatusActive, organizations.StatusPending, organizations.StatusInvited, organizations.StatusDeleted}

// memberSearchBody is the body of Search Members.
type memberSearchBody struct {
	searchBody
	OrganizationIDs []string `json:"organization_ids"`
}

// memberSearchFilters are the filters of Search Members. A statuses (or
// status) filter naming "deleted" sets *wantDeleted, which lets deleted
// members through; otherwise they are left out. The predicates run with p.mu
// held.
func (p *project) memberSearchFilters(wantDeleted *bool) map[string]filterDef[*memberRecord] {
	orgSlug := func(r *memberRecord) string {
		if o := p.orgs[r.m.OrganizationID]; o != nil {
			return o.o.OrganizationSlug
		}
		return ""
	}
	statusSet := func(values []string) (map[string]bool, *apiError) {
		set := map[string]bool{}
		for _, s := range values {
			s = strings.ToLower(s)
			if !slices.Contains(memberStatuses, s) {
				return nil, badRequest("search_invalid_status_filter", "%q is not a member status; use active, pending, invited or deleted.", s)
			}
			set[s] = true
		}
		if set[organizations.StatusDeleted] {
			*wantDeleted = true
		}
		return set, nil
	}
	boolField := func(get func(r *memberRecord) bool) filterDef[*memberRecord] {
		return filterDef[*memberRecord]{kindBool, func(v any) (func(*memberRecord) bool, *apiError) {
			want := v.(bool)
			return func(r *memberRecord) bool { return get(r) == want }, nil
		}}
	}
	return map[string]filterDef[*memberRecord]{
		"member_ids": {kindStrings, func(v any) (func(*memberRecord) bool, *apiError) {
			ids := v.([]string)
			internal := 0
			for _, id := range ids {
				if memberIDPattern.MatchString(id) {
					internal++
				}
			}
			switch internal {
			case len(ids):
				set := anyOf(v, false)
				return func(r *memberRecord) bool { return set[r.m.MemberID] }, nil
			case 0:
				set := anyOf(v, false)
				return func(r *memberRecord) bool { return r.m.ExternalID != "" && set[r.m.ExternalID] }, nil
			}
			return nil, badRequest("member_search_cannot_mix_internal_and_external_member_ids", "member_ids must be all member IDs or all external IDs, not a mix.")
		}},
		"member_emails": {kindStrings, func(v any) (func(*memberRecord) bool, *apiError) {
			set := anyOf(v, true)
			return func(r *memberRecord) bool { return set[r.emailLower] }, nil
		}},
		"member_email_fuzzy": {kindFuzzy, func(v any) (func(*memberRecord) bool, *apiError) {
			s := fuzzy(v)
			return func(r *memberRecord) bool { return strings.Contains(r.emailLower, s) }, nil
		}},
		"member_is_breakglass":   boolField(func(r *memberRecord) bool { return r.m.IsBreakglass }),
		"member_password_exists": boolField(func(r *memberRecord) bool { return r.m.MemberPasswordID != "" }),
		"totp_exists":            boolField(func(r *memberRecord) bool { return r.m.TOTPRegistrationID != "" }),
		"statuses": {kindStrings, func(v any) (func(*memberRecord) bool, *apiError) {
			set, err := statusSet(v.([]string))
			if err != nil {
				return nil, err
			}
			return func(r *memberRecord) bool { return set[r.m.Status] }, nil
		}},
		"status": {kindString, func(v any) (func(*memberRecord) bool, *apiError) {
			set, err := statusSet([]string{v.(string)})
			if err != nil {
				return nil, err
			}
			return func(r *memberRecord) bool { return set[r.m.Status] }, nil
		}},
		"member_mfa_phone_numbers": {kindStrings, func(v any) (func(*memberRecord) bool, *apiError) {
			set := anyOf(v, false)
			return func(r *memberRecord) bool { return r.m.MFAPhoneNumber != "" && set[r.m.MFAPhoneNumber] }, nil
		}},
		"member_mfa_phone_number_fuzzy": {kindFuzzy, func(v any) (func(*memberRecord) bool, *apiError) {
			s := fuzzy(v)
			return func(r *memberRecord) bool { return strings.Contains(r.m.MFAPhoneNumber, s) }, nil
		}},
		"member_roles": {kindStrings, func(v any) (func(*memberRecord) bool, *apiError) {
			roles := v.([]string)
			return func(r *memberRecord) bool {
				return slices.ContainsFunc(roles, func(role string) bool { return p.hasRole(r, role) })
			}, nil
		}},
		"oauth_providers": {kindStrings, func(v any) (func(*memberRecord) bool, *apiError) {
			set := anyOf(v, true)
			return func(r *memberRecord) bool {
				return slices.ContainsFunc(r.m.OAuthRegistrations, func(o organizations.OAuthRegistration) bool { return set[strings.ToLower(o.ProviderType)] })
			}, nil
		}},
		"organization_id": {kindString, func(v any) (func(*memberRecord) bool, *apiError) {
			id := v.(string)
			return func(r *memberRecord) bool { return r.m.OrganizationID == id }, nil
		}},
		"organization_slug": {kindString, func(v any) (func(*memberRecord) bool, *apiError) {
			slug := v.(string)
			return func(r *memberRecord) bool { return strings.EqualFold(orgSlug(r), slug) }, nil
		}},
		"organization_slug_fuzzy": {kindFuzzy, func(v any) (func(*memberRecord) bool, *apiError) {
			s := fuzzy(v)
			return func(r *memberRecord) bool { return containsFold(orgSlug(r), s) }, nil
		}},
	}
}

func handleMemberSearch(rc *reqCtx) (any, error) {
	var b memberSearchBody
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if len(b.OrganizationIDs) == 0 {
		return nil, badRequest("member_search_organization_ids_empty", "organization_ids must name at least one organization.")
	}
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	var orgIDs []string
	for _, ref := range b.OrganizationIDs {
		org, err := p.findOrg(ref)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(orgIDs, org.o.OrganizationID) {
			orgIDs = append(orgIDs, org.o.OrganizationID)
		}
	}
	wantDeleted := false
	cs, err := compileSearch(&b.searchBody, "member", p.memberSearchFilters(&wantDeleted))
	if err != nil {
		return nil, err
	}
	if !wantDeleted {
		match := cs.match
		cs.match = func(r *memberRecord) bool { return r.m.Status != organizations.StatusDeleted && match(r) }
	}
	// Each organization's members are already in creation order; several
	// organizations are merged by creation sequence.
	var items []*memberRecord
	if len(orgIDs) == 1 {
		items = p.membersOf(orgIDs[0])
	} else {
		for _, id := range orgIDs {
			items = append(items, p.membersOf(id)...)
		}
		slices.SortFunc(items, func(a, b *memberRecord) int { return int64Cmp(a.seq, b.seq) })
	}
	page, total, next := cs.page(items, func(r *memberRecord) uint64 { return r.seq })
	out := make([]organizations.Member, len(page))
	orgs := map[string]organizations.Organization{}
	for i, r := range page {
		out[i] = p.memberView(r)
		if _, ok := orgs[r.m.OrganizationID]; !ok {
			orgs[r.m.OrganizationID] = p.orgView(p.orgs[r.m.OrganizationID])
		}
	}
	return &members.SearchResponse{
		RequestID:       rc.requestID,
		StatusCode:      http.StatusOK,
		Members:         out,
		Organizations:   orgs,
		ResultsMetadata: organizations.ResultsMetadata{Total: int32(total), NextCursor: next},
	}, nil
}
