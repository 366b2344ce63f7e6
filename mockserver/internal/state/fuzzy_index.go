package state

import (
	"slices"
	"strings"
	"unicode"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/search"
)

// Fields of the substring indexes: each is the exact text that a fuzzy
// filter's predicate tests, so the index can only narrow, never change, what
// the filter matches.
const (
	fieldOrgName   byte = iota + 1 // strings.ToLower(organization_name)
	fieldOrgSlug                   // strings.ToLower(organization_slug)
	fieldOrgDomain                 // each normalised email_allowed_domain
)

const (
	fieldMemberEmail byte = iota + 1 // MemberRecord.EmailLower
	fieldMemberPhone                 // mfa_phone_number as stored
)

// fuzzyIndex holds what the fuzzy search filters need to avoid scanning a
// project: substring indexes over organizations and members, the records
// behind their IDs, and the live organizations in creation order. PutOrg,
// RemoveOrg, InsertMember, ReplaceMember and RemoveOrgMembers keep it in
// step with the records, under p.Mu.
type fuzzyIndex struct {
	orgs     search.SubstringIndex
	orgSlots []*OrgRecord // by OrgRecord.slot; nil once removed
	ordered  []*OrgRecord // live organizations by ascending Seq
	// orgNames and orgSlugs hold, by slot, what fieldOrgName and
	// fieldOrgSlug index, packed, for counting the matches of a fuzzy
	// filter that matches too many organizations to narrow a search.
	orgNames, orgSlugs search.TextColumn

	members     search.SubstringIndex
	memberSlots []*MemberRecord // by MemberRecord.slot; nil once removed

	// alwaysNarrow makes the narrowers narrow however many candidates
	// they find, so that tests reach the narrowed path on small projects.
	alwaysNarrow bool
}

// orgTexts returns what fieldOrgName, fieldOrgSlug and fieldOrgDomain hold
// for r (nothing for nil).
func orgTexts(r *OrgRecord) (name, slug, domains []string) {
	if r == nil {
		return nil, nil, nil
	}
	return []string{r.nameLower}, []string{r.slugLower}, r.Org.EmailAllowedDomains
}

// putOrg indexes rec, which replaces old (nil for a new organization).
func (x *fuzzyIndex) putOrg(old, rec *OrgRecord) {
	if old == nil {
		rec.slot = uint32(len(x.orgSlots))
		x.orgSlots = append(x.orgSlots, rec)
	} else {
		rec.slot = old.slot
		x.orgSlots[rec.slot] = rec
	}
	x.reindexOrg(rec.slot, old, rec)
	if i := x.orderedIndex(old); i >= 0 && old.Seq == rec.Seq {
		x.ordered[i] = rec
		return
	} else if i >= 0 {
		x.ordered = slices.Delete(x.ordered, i, i+1)
	}
	if n := len(x.ordered); n == 0 || x.ordered[n-1].Seq < rec.Seq {
		x.ordered = append(x.ordered, rec)
		return
	}
	i, _ := slices.BinarySearchFunc(x.ordered, rec.Seq, func(r *OrgRecord, seq uint64) int { return search.CompareSeq(r.Seq, seq) })
	x.ordered = slices.Insert(x.ordered, i, rec)
}

// removeOrg drops r from the index.
func (x *fuzzyIndex) removeOrg(r *OrgRecord) {
	x.reindexOrg(r.slot, r, nil)
	x.orgSlots[r.slot] = nil
	if i := x.orderedIndex(r); i >= 0 {
		x.ordered = slices.Delete(x.ordered, i, i+1)
	}
}

// reindexOrg moves the texts of organization slot from old to next.
func (x *fuzzyIndex) reindexOrg(slot uint32, old, next *OrgRecord) {
	oName, oSlug, oDomains := orgTexts(old)
	nName, nSlug, nDomains := orgTexts(next)
	x.orgs.Replace(fieldOrgName, slot, oName, nName)
	x.orgs.Replace(fieldOrgSlug, slot, oSlug, nSlug)
	x.orgs.Replace(fieldOrgDomain, slot, oDomains, nDomains)
	var name, slug string
	if next != nil {
		name, slug = next.nameLower, next.slugLower
	}
	x.orgNames.Set(slot, name)
	x.orgSlugs.Set(slot, slug)
}

// orderedIndex returns the position of r in ordered, or -1.
func (x *fuzzyIndex) orderedIndex(r *OrgRecord) int {
	if r == nil {
		return -1
	}
	i, _ := slices.BinarySearchFunc(x.ordered, r.Seq, func(o *OrgRecord, seq uint64) int { return search.CompareSeq(o.Seq, seq) })
	for ; i < len(x.ordered) && x.ordered[i].Seq == r.Seq; i++ {
		if x.ordered[i] == r {
			return i
		}
	}
	return -1
}

// narrowRatio is how much smaller than the items a search would scan the
// index's candidates must be for narrowing to pay: turning a candidate into
// an item and sorting it costs several times testing an item in a scan.
const narrowRatio = 8

// lookupOrgs returns the organizations whose field may contain needle; ok
// is false when the index cannot narrow the search usefully.
func (x *fuzzyIndex) lookupOrgs(field byte, needle string) (out []*OrgRecord, ok bool) {
	ids, n, ok := x.orgs.Lookup(field, needle)
	if !ok || (n*narrowRatio > len(x.ordered) && !x.alwaysNarrow) {
		return nil, false
	}
	out = make([]*OrgRecord, 0, n)
	for id := range ids {
		if r := x.orgSlots[id]; r != nil {
			out = append(out, r)
		}
	}
	return out, true
}

// countOrgs returns how many organizations' field contains needle, which
// is how many a fuzzy filter with needle matches; ok is false when the
// index cannot count it.
func (x *fuzzyIndex) countOrgs(field byte, needle string) (n int, ok bool) {
	b := []byte(needle)
	verify := func(ids []uint32) int { return x.orgNames.CountContaining(ids, b) }
	switch field {
	case fieldOrgSlug:
		verify = func(ids []uint32) int { return x.orgSlugs.CountContaining(ids, b) }
	case fieldOrgDomain:
		verify = func(ids []uint32) (n int) {
			for _, id := range ids {
				if r := x.orgSlots[id]; r != nil && domainContains(r, needle) {
					n++
				}
			}
			return n
		}
	}
	return x.orgs.Count(field, needle, verify)
}

// memberTexts returns what fieldMemberEmail and fieldMemberPhone hold for
// r: nothing for a deleted member, whom the member indexes leave out.
func memberTexts(r *MemberRecord) (email, phone []string) {
	if r.Member.Status == organizations.StatusDeleted {
		return nil, nil
	}
	if r.Member.MFAPhoneNumber != "" {
		phone = []string{r.Member.MFAPhoneNumber}
	}
	return []string{r.EmailLower}, phone
}

// insertMember gives r its slot and indexes it.
func (x *fuzzyIndex) insertMember(r *MemberRecord) {
	r.slot = uint32(len(x.memberSlots))
	x.memberSlots = append(x.memberSlots, r)
	email, phone := memberTexts(r)
	x.members.Replace(fieldMemberEmail, r.slot, nil, email)
	x.members.Replace(fieldMemberPhone, r.slot, nil, phone)
}

// reindexMember moves the texts of member slot from (oldEmail, oldPhone),
// what memberTexts returned before the change, to what r holds now; a nil
// r removes the member.
func (x *fuzzyIndex) reindexMember(slot uint32, oldEmail, oldPhone []string, r *MemberRecord) {
	var email, phone []string
	if r != nil {
		email, phone = memberTexts(r)
	}
	x.members.Replace(fieldMemberEmail, slot, oldEmail, email)
	x.members.Replace(fieldMemberPhone, slot, oldPhone, phone)
	if r == nil {
		x.memberSlots[slot] = nil
	}
}

// lookupMembers returns the members of sets, not deleted, whose field may
// contain needle, as search refs; ok is false when the index cannot narrow
// the search usefully.
func (x *fuzzyIndex) lookupMembers(sets map[*OrgMemberSet]bool, setOf func(*MemberRecord) *OrgMemberSet, field byte, needle string) (out []MemberRef, ok bool) {
	ids, n, ok := x.members.Lookup(field, needle)
	scanned := 0
	for s := range sets {
		scanned += len(s.Refs)
	}
	if !ok || (n*narrowRatio > scanned && !x.alwaysNarrow) {
		return nil, false
	}
	for id := range ids {
		if r := x.memberSlots[id]; r != nil {
			if s := setOf(r); sets[s] {
				out = append(out, s.Refs[r.pos])
			}
		}
	}
	return out, true
}

// lookupMemberOrgs returns the organizations with a member, not deleted,
// whose email may contain needle, for the member_email_fuzzy filter of
// organization search; ok is false when the index cannot narrow the search
// usefully. That filter tests the email as stored, lower-cased, where the
// member index holds it trimmed too (EmailKey): a needle with no white
// space that the stored email contains lies inside the trimmed part, so
// the index finds it, but a needle with white space may match the spaces
// the index dropped, and is left to the scan.
func (x *fuzzyIndex) lookupMemberOrgs(orgs map[string]*OrgRecord, needle string) (out []*OrgRecord, ok bool) {
	if strings.ContainsFunc(needle, unicode.IsSpace) {
		return nil, false
	}
	ids, _, ok := x.members.Lookup(fieldMemberEmail, needle)
	if !ok {
		return nil, false
	}
	seen := map[*OrgRecord]bool{}
	for id := range ids {
		r := x.memberSlots[id]
		if r == nil {
			continue
		}
		if o := orgs[r.Member.OrganizationID]; o != nil && !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	if len(out)*narrowRatio > len(x.ordered) && !x.alwaysNarrow {
		return nil, false
	}
	return out, true
}

// OrgsBySeq returns the project's organizations in creation order. The
// slice belongs to the project: callers hold p.Mu and must not change it.
func (p *Project) OrgsBySeq() []*OrgRecord { return p.fuzzy.ordered }

// OrgSearchCounters count the matches of the fuzzy name, slug and allowed
// domain filters among all the project's organizations through the
// substring index, so that a search of one of them that matches too many
// organizations to be narrowed need not test every organization. Callers
// hold p.Mu.
func (p *Project) OrgSearchCounters() map[string]search.CountFunc {
	count := func(field byte) search.CountFunc {
		return func(v any) (int, bool) { return p.fuzzy.countOrgs(field, search.Fuzzy(v)) }
	}
	return map[string]search.CountFunc{
		"organization_name_fuzzy": count(fieldOrgName),
		"organization_slug_fuzzy": count(fieldOrgSlug),
		"allowed_domain_fuzzy":    count(fieldOrgDomain),
	}
}

// OrgSearchNarrowers find the candidates of the organization filters that
// have an index: exact IDs and slugs through the project's maps, fuzzy
// name, slug and allowed domain through the substring index of
// organizations, fuzzy member email through that of members. Callers hold
// p.Mu.
func (p *Project) OrgSearchNarrowers() map[string]search.NarrowFunc[*OrgRecord] {
	fuzzy := func(field byte) search.NarrowFunc[*OrgRecord] {
		return func(v any) ([]*OrgRecord, bool) { return p.fuzzy.lookupOrgs(field, search.Fuzzy(v)) }
	}
	return map[string]search.NarrowFunc[*OrgRecord]{
		"organization_ids": func(v any) ([]*OrgRecord, bool) {
			var out []*OrgRecord
			for _, id := range v.([]string) {
				if r := p.Orgs[id]; r != nil {
					out = append(out, r)
				}
			}
			return out, true
		},
		"organization_slugs": func(v any) ([]*OrgRecord, bool) {
			var out []*OrgRecord
			for _, slug := range v.([]string) {
				if id, ok := p.OrgSlugs[strings.ToLower(slug)]; ok {
					out = append(out, p.Orgs[id])
				}
			}
			return out, true
		},
		"organization_name_fuzzy": fuzzy(fieldOrgName),
		"organization_slug_fuzzy": fuzzy(fieldOrgSlug),
		"allowed_domain_fuzzy":    fuzzy(fieldOrgDomain),
		"member_email_fuzzy": func(v any) ([]*OrgRecord, bool) {
			return p.fuzzy.lookupMemberOrgs(p.Orgs, search.Fuzzy(v))
		},
	}
}
