package state

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/search"
)

// fuzzWorld drives a project through random organization and member
// changes made the way the handlers make them, for the equivalence tests.
type fuzzWorld struct {
	p    *Project
	rng  *rand.Rand
	now  time.Time
	orgs []string // IDs ever created, removed ones included
	n    int
}

// alphabet mixes cases, separators and runes whose lower case has another
// length (İ lower-cases to three bytes), so that byte trigrams of the
// lower-cased text are exercised.
var alphabet = []rune("abcABC-.@éÉİ1")

func (w *fuzzWorld) word(n int) string {
	var b strings.Builder
	for range n {
		b.WriteRune(alphabet[w.rng.IntN(len(alphabet))])
	}
	return b.String()
}

func (w *fuzzWorld) domains() []string {
	out := make([]string, w.rng.IntN(3))
	for i := range out {
		out[i] = w.word(2+w.rng.IntN(5)) + ".com"
	}
	return out
}

func (w *fuzzWorld) step() {
	p := w.p
	switch k := w.rng.IntN(10); {
	case k < 3 || len(p.Orgs) == 0:
		w.n++
		o := NewOrganization(fmt.Sprintf("organization-test-%d", w.n), w.now)
		o.OrganizationName = w.word(1 + w.rng.IntN(10))
		o.OrganizationSlug = fmt.Sprintf("s%d-%s", w.n, w.word(w.rng.IntN(5)))
		o.EmailAllowedDomains = w.domains()
		p.PutOrg(o, p.NextSeq())
		w.orgs = append(w.orgs, o.OrganizationID)
	case k < 5:
		r := w.liveOrg()
		o := CloneOrg(r.Org)
		if w.rng.IntN(2) == 0 {
			o.OrganizationName = w.word(1 + w.rng.IntN(10))
		}
		if w.rng.IntN(2) == 0 {
			o.EmailAllowedDomains = w.domains()
		}
		if w.rng.IntN(3) == 0 {
			o.OrganizationSlug = fmt.Sprintf("u%d-%s", w.rng.IntN(1e6), w.word(3))
		}
		p.PutOrg(o, r.Seq)
	case k < 6 && len(p.Orgs) > 1:
		p.RemoveOrg(w.liveOrg().Org.OrganizationID)
	case k < 8:
		org := w.liveOrg()
		w.n++
		r := &MemberRecord{Member: organizations.Member{
			OrganizationID: org.Org.OrganizationID, MemberID: fmt.Sprintf("member-%d", w.n),
			EmailAddress: fmt.Sprintf("%s%d@%s", w.word(1+w.rng.IntN(6)), w.n, w.word(3)),
			Status:       w.status(), MFAPhoneNumber: w.phone(),
		}, Seq: p.NextSeq()}
		p.InsertMember(r)
	default:
		set := p.OrgMembers[w.liveOrg().Org.OrganizationID]
		if set == nil || len(set.Order) == 0 {
			return
		}
		r := set.Order[w.rng.IntN(len(set.Order))]
		next := CloneRecord(r)
		if w.rng.IntN(2) == 0 {
			next.Member.EmailAddress = fmt.Sprintf(" %s%d@%s ", w.word(1+w.rng.IntN(6)), w.rng.IntN(1e6), w.word(3))
		}
		if w.rng.IntN(2) == 0 {
			next.Member.MFAPhoneNumber = w.phone()
		}
		if w.rng.IntN(2) == 0 {
			next.Member.Status = w.status()
		}
		p.ReplaceMember(r, next)
	}
}

func (w *fuzzWorld) status() string {
	return memberStatuses[w.rng.IntN(len(memberStatuses))]
}

func (w *fuzzWorld) phone() string {
	if w.rng.IntN(3) == 0 {
		return ""
	}
	return fmt.Sprintf("+1%d%s", w.rng.IntN(1e6), w.word(w.rng.IntN(2)))
}

func (w *fuzzWorld) liveOrg() *OrgRecord {
	for {
		if r := w.p.Orgs[w.orgs[w.rng.IntN(len(w.orgs))]]; r != nil {
			return r
		}
	}
}

// needle is a fuzzy filter value: often a piece of a stored text in
// another case, sometimes random.
func (w *fuzzWorld) needle(texts []string) string {
	if len(texts) > 0 && w.rng.IntN(4) != 0 {
		rs := []rune(texts[w.rng.IntN(len(texts))])
		if len(rs) >= 3 {
			i := w.rng.IntN(len(rs) - 2)
			s := string(rs[i : i+3+w.rng.IntN(len(rs)-i-2)])
			if w.rng.IntN(2) == 0 {
				s = strings.ToUpper(s)
			}
			return s
		}
	}
	return w.word(3 + w.rng.IntN(3))
}

// memberEmails returns the emails of r's members as stored (some with
// spaces around them), sometimes with the spaces cut: needles drawn from
// them test the member_email_fuzzy filter of organization search.
func memberEmails(p *Project, r *OrgRecord) []string {
	var out []string
	for _, m := range p.MembersOf(r.Org.OrganizationID) {
		out = append(out, m.Member.EmailAddress, " "+m.EmailLower)
	}
	return out
}

// query builds a random search body over the filters in operands.
func (w *fuzzWorld) query(operands []map[string]any, cursor string) *search.SearchBody {
	op := "AND"
	if w.rng.IntN(3) == 0 {
		op = "or"
	}
	q, _ := json.Marshal(map[string]any{"operator": op, "operands": operands})
	return &search.SearchBody{Query: q, Limit: json.Number(fmt.Sprint(w.rng.IntN(6))), Cursor: cursor}
}

type result[T any] struct {
	page  []T
	total int
	next  string
}

// orgSearchScan is Search Organizations as it ran before the indexes: no
// narrowers, every organization sorted by seq.
func orgSearchScan(p *Project, b *search.SearchBody) result[*OrgRecord] {
	cs, err := search.CompileSearch(b, search.OrganizationVocabulary, p.OrgSearchFilters())
	if err != nil {
		panic(err)
	}
	all := make([]*OrgRecord, 0, len(p.Orgs))
	for _, r := range p.Orgs {
		all = append(all, r)
	}
	slices.SortFunc(all, func(a, b *OrgRecord) int { return search.CompareSeq(a.Seq, b.Seq) })
	page, total, next := cs.Page(all, func(r *OrgRecord) uint64 { return r.Seq })
	return result[*OrgRecord]{page, total, next}
}

// orgSearchIndexed is Search Organizations as api.handleOrgSearch runs it.
func orgSearchIndexed(p *Project, b *search.SearchBody) result[*OrgRecord] {
	cs, err := search.CompileCountedSearch(b, search.OrganizationVocabulary, p.OrgSearchFilters(), p.OrgSearchNarrowers(), p.OrgSearchCounters())
	if err != nil {
		panic(err)
	}
	var all []*OrgRecord
	if !cs.Narrowed {
		all = p.OrgsBySeq()
	}
	page, total, next := cs.Page(all, func(r *OrgRecord) uint64 { return r.Seq })
	return result[*OrgRecord]{page, total, next}
}

// memberSearch is Search Members as api.handleMemberSearch runs it, with
// the narrowers when indexed and without them otherwise.
func memberSearch(p *Project, b *search.SearchBody, orgIDs []string, indexed bool) result[MemberRef] {
	wantDeleted := false
	var narrowers map[string]search.NarrowFunc[MemberRef]
	if indexed {
		narrowers = p.MemberSearchNarrowers(orgIDs)
	}
	cs, err := search.CompileIndexedSearch(b, search.MemberVocabulary, p.MemberSearchFilters(&wantDeleted), narrowers)
	if err != nil {
		panic(err)
	}
	if wantDeleted {
		cs.Narrowed, cs.Candidates = false, nil
	} else {
		match := cs.Match
		cs.Match = func(ref MemberRef) bool { return !ref.Deleted && match(ref) }
	}
	var items []MemberRef
	if !cs.Narrowed {
		for _, id := range orgIDs {
			if s := p.OrgMembers[id]; s != nil {
				items = append(items, s.Refs...)
			}
		}
		slices.SortFunc(items, func(a, b MemberRef) int { return search.CompareSeq(a.Seq, b.Seq) })
	}
	page, total, next := cs.Page(items, func(ref MemberRef) uint64 { return ref.Seq })
	return result[MemberRef]{page, total, next}
}

func sameResult[T comparable](a, b result[T]) bool {
	return slices.Equal(a.page, b.page) && a.total == b.total && a.next == b.next
}

// TestFuzzySearchMatchesScan checks, over random changes and random
// searches, that the indexed searches return exactly what the linear scan
// returns: the same page in the same order, the same total and the same
// cursor, also when following that cursor.
func TestFuzzySearchMatchesScan(t *testing.T) {
	for seed := range uint64(4) {
		w := &fuzzWorld{p: NewProject("project-test-x", "test", "secret"), rng: rand.New(rand.NewPCG(seed, 17)), now: time.Now()}
		// Half the seeds narrow whenever an index applies, the others only
		// when it pays, as the mock does.
		w.p.fuzzy.alwaysNarrow = seed%2 == 0
		narrowed, counted, membersNarrowed := 0, 0, 0
		for step := range 1500 {
			w.step()
			if step%100 == 0 {
				checkIndexExact(t, w)
			}
			if step%10 != 0 || len(w.p.Orgs) == 0 {
				continue
			}
			p := w.p
			for range 8 {
				r := w.liveOrg()
				filters := []map[string]any{
					{"filter_name": "organization_name_fuzzy", "filter_value": w.needle([]string{r.Org.OrganizationName})},
					{"filter_name": "organization_slug_fuzzy", "filter_value": w.needle([]string{r.Org.OrganizationSlug})},
					{"filter_name": "allowed_domain_fuzzy", "filter_value": w.needle(r.Org.EmailAllowedDomains)},
					{"filter_name": "organization_ids", "filter_value": []string{r.Org.OrganizationID, w.orgs[w.rng.IntN(len(w.orgs))]}},
					{"filter_name": "organization_slugs", "filter_value": []string{strings.ToUpper(r.Org.OrganizationSlug)}},
					{"filter_name": "member_email_fuzzy", "filter_value": w.needle(memberEmails(p, r))},
				}
				w.rng.Shuffle(len(filters), func(i, j int) { filters[i], filters[j] = filters[j], filters[i] })
				operands := filters[:1+w.rng.IntN(2)]
				switch w.rng.IntN(8) {
				case 0: // a needle of one trigram, common in slugs: counted from its posting list
					operands = []map[string]any{{"filter_name": "organization_slug_fuzzy", "filter_value": fmt.Sprintf("S%d", 10+w.rng.IntN(90))}}
				case 1: // a longer needle in most domains: counted by verifying each candidate
					operands = []map[string]any{{"filter_name": "allowed_domain_fuzzy", "filter_value": ".COM"}}
				case 2: // no filter at all
					operands = nil
				}
				cursor := ""
				for range 4 {
					b := w.query(operands, cursor)
					want, got := orgSearchScan(p, b), orgSearchIndexed(p, b)
					if !sameResult(want, got) {
						t.Fatalf("seed %d step %d: organization search %s cursor %q: indexed %d/%q %v, scan %d/%q %v", seed, step, b.Query, cursor, got.total, got.next, got.page, want.total, want.next, want.page)
					}
					if cs, _ := search.CompileIndexedSearch(b, search.OrganizationVocabulary, p.OrgSearchFilters(), p.OrgSearchNarrowers()); cs.Narrowed {
						narrowed++
					} else if len(operands) == 1 && p.OrgSearchCounters()[operands[0]["filter_name"].(string)] != nil {
						counted++
					}
					if cursor = want.next; cursor == "" {
						break
					}
				}

				orgIDs := []string{r.Org.OrganizationID}
				if other := w.liveOrg().Org.OrganizationID; w.rng.IntN(3) == 0 && other != orgIDs[0] {
					orgIDs = append(orgIDs, other) // the handler removes repeated organizations
				}
				var emails, phones []string
				for _, m := range p.MembersOf(r.Org.OrganizationID) {
					emails, phones = append(emails, m.Member.EmailAddress), append(phones, m.Member.MFAPhoneNumber)
				}
				filters = []map[string]any{
					{"filter_name": "member_email_fuzzy", "filter_value": w.needle(emails)},
					{"filter_name": "member_mfa_phone_number_fuzzy", "filter_value": w.needle(phones)},
					{"filter_name": "statuses", "filter_value": []string{w.status()}},
				}
				w.rng.Shuffle(len(filters), func(i, j int) { filters[i], filters[j] = filters[j], filters[i] })
				operands = filters[:1+w.rng.IntN(2)]
				cursor = ""
				for range 4 {
					b := w.query(operands, cursor)
					want, got := memberSearch(p, b, orgIDs, false), memberSearch(p, b, orgIDs, true)
					wantDeleted := false
					if cs, _ := search.CompileIndexedSearch(b, search.MemberVocabulary, p.MemberSearchFilters(&wantDeleted), p.MemberSearchNarrowers(orgIDs)); cs.Narrowed && !wantDeleted {
						membersNarrowed++
					}
					if !sameResult(want, got) {
						t.Fatalf("seed %d step %d: member search %s in %v cursor %q: indexed %d/%q %v, scan %d/%q %v", seed, step, b.Query, orgIDs, cursor, got.total, got.next, got.page, want.total, want.next, want.page)
					}
					if cursor = want.next; cursor == "" {
						break
					}
				}
			}
		}
		checkIndexExact(t, w)
		if narrowed == 0 || membersNarrowed == 0 || (counted == 0 && !w.p.fuzzy.alwaysNarrow) {
			t.Fatalf("seed %d: %d organization and %d member searches were narrowed by an index, %d organization searches counted", seed, narrowed, membersNarrowed, counted)
		}
		t.Logf("seed %d: %d organization and %d member searches narrowed, %d organization searches counted", seed, narrowed, membersNarrowed, counted)
	}
}

// TestFuzzyIndexConcurrent runs indexed searches under the read lock while
// writers change organizations and members under the write lock; run it
// with -race.
func TestFuzzyIndexConcurrent(t *testing.T) {
	w := &fuzzWorld{p: NewProject("project-test-x", "test", "secret"), rng: rand.New(rand.NewPCG(3, 4)), now: time.Now()}
	for range 300 {
		w.step()
	}
	p := w.p
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				if g == 0 {
					p.Mu.Lock()
					w.step()
					p.Mu.Unlock()
					continue
				}
				q, _ := json.Marshal(map[string]any{"operator": "AND", "operands": []map[string]any{{"filter_name": "organization_name_fuzzy", "filter_value": string(alphabet[i%len(alphabet)]) + "ab"}}})
				p.Mu.RLock()
				orgSearchIndexed(p, &search.SearchBody{Query: q})
				ids := make([]string, 0, 2)
				for id := range p.OrgMembers {
					if ids = append(ids, id); len(ids) == 2 {
						break
					}
				}
				q, _ = json.Marshal(map[string]any{"operator": "AND", "operands": []map[string]any{{"filter_name": "member_email_fuzzy", "filter_value": "a1@"}}})
				memberSearch(p, &search.SearchBody{Query: q}, ids, true)
				p.Mu.RUnlock()
			}
		}()
	}
	wg.Wait()
}

// checkIndexExact checks that the substring indexes hold exactly the live
// texts, no stale entry included: a needle of one trigram finds exactly the
// items whose text contains it.
func checkIndexExact(t *testing.T, w *fuzzWorld) {
	t.Helper()
	x := &w.p.fuzzy
	var orgTrigrams, memberTrigrams []string
	for _, r := range x.orgSlots {
		if r != nil {
			name, slug, domains := orgTexts(r)
			orgTrigrams = append(orgTrigrams, trigramsOf(slices.Concat(name, slug, domains))...)
		}
	}
	for _, r := range x.memberSlots {
		if r != nil {
			email, phone := memberTexts(r)
			memberTrigrams = append(memberTrigrams, trigramsOf(slices.Concat(email, phone))...)
		}
	}
	check := func(idx *search.SubstringIndex, field byte, g string, want func(slot uint32) bool, slots int) {
		ids, _, _ := idx.Lookup(field, g)
		got := slices.Collect(ids)
		for slot := range uint32(slots) {
			if want(slot) != slices.Contains(got, slot) {
				t.Fatalf("field %d, trigram %q: index has %v, slot %d should be in it: %v", field, g, got, slot, want(slot))
			}
		}
	}
	contains := func(texts []string, g string) bool {
		return slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, g) })
	}
	for range 40 {
		if len(orgTrigrams) > 0 {
			g := orgTrigrams[w.rng.IntN(len(orgTrigrams))]
			for field := fieldOrgName; field <= fieldOrgDomain; field++ {
				check(&x.orgs, field, g, func(slot uint32) bool {
					r := x.orgSlots[slot]
					if r == nil {
						return false
					}
					name, slug, domains := orgTexts(r)
					return contains([][]string{name, slug, domains}[field-fieldOrgName], g)
				}, len(x.orgSlots))
			}
		}
		if len(memberTrigrams) > 0 {
			g := memberTrigrams[w.rng.IntN(len(memberTrigrams))]
			for field := fieldMemberEmail; field <= fieldMemberPhone; field++ {
				check(&x.members, field, g, func(slot uint32) bool {
					r := x.memberSlots[slot]
					if r == nil {
						return false
					}
					email, phone := memberTexts(r)
					return contains([][]string{email, phone}[field-fieldMemberEmail], g)
				}, len(x.memberSlots))
			}
		}
	}
	for slot, r := range x.orgSlots {
		var name, slug string
		if r != nil {
			name, slug = r.nameLower, r.slugLower
		}
		if got := x.orgNames.Text(uint32(slot)); got != name {
			t.Fatalf("orgNames[%d] is %q, want %q", slot, got, name)
		}
		if got := x.orgSlugs.Text(uint32(slot)); got != slug {
			t.Fatalf("orgSlugs[%d] is %q, want %q", slot, got, slug)
		}
	}
	for i, r := range x.ordered {
		if w.p.Orgs[r.Org.OrganizationID] != r || (i > 0 && x.ordered[i-1].Seq >= r.Seq) {
			t.Fatalf("ordered[%d] is %s seq %d: stale or out of order", i, r.Org.OrganizationID, r.Seq)
		}
	}
	if len(x.ordered) != len(w.p.Orgs) {
		t.Fatalf("ordered holds %d organizations, the project %d", len(x.ordered), len(w.p.Orgs))
	}
}

// trigramsOf returns every 3-byte piece of texts.
func trigramsOf(texts []string) []string {
	var out []string
	for _, s := range texts {
		for i := 0; i+3 <= len(s); i++ {
			out = append(out, s[i:i+3])
		}
	}
	return out
}
