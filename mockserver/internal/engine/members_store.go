package engine

import (
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// memberRecord is a member as the mock stores it: the API view plus what the
// mock needs to index it. The record is the only source of truth; the
// indexes of orgMemberSet point at records and are rebuilt from them on
// every change (unindex, change, index).
type memberRecord struct {
	// m is the stored member. Roles and IsAdmin are not stored: memberView
	// derives them from explicitRoles and the organization's settings.
	m   organizations.Member
	seq uint64
	// pos is the member's position in its organization's order and refs.
	pos int
	// emailLower is m.EmailAddress lower-cased, kept for fast comparisons.
	emailLower string
	// emailID identifies the current email address; it becomes the email_id
	// of the address once it is retired.
	emailID string
	// explicitRoles are the roles assigned directly (never stytch_member).
	explicitRoles []string
	// emailUpdate is the email change started by Start Email Update and not
	// completed yet, or nil.
	emailUpdate *pendingEmailUpdate
}

// pendingEmailUpdate is an email change waiting for its magic link or OTP.
// Only the hash of the token is kept; the outbox (when the mock has one)
// receives the token itself when the update starts.
type pendingEmailUpdate struct {
	EmailAddress     string
	DeliveryMethod   string
	TokenHash        string
	LoginRedirectURL string
	LoginTemplateID  string
	Locale           string
	CreatedAt        time.Time
	ExpiresAt        time.Time
}

// orgMemberSet holds the members of one organization: every record in
// creation order (deleted ones included, append-only so it stays sorted by
// seq) and indexes over the members that are not deleted.
type orgMemberSet struct {
	order []*memberRecord
	// refs is parallel to order: a compact copy of what the hot search
	// filters read, so that scanning 100,000 members stays in cache-friendly
	// memory. index and unindex keep it in step with the records.
	refs    []memberRef
	byEmail map[string]*memberRecord // lower-cased primary email -> member
	retired map[string]*memberRecord // lower-cased retired email -> member that retired it
	byExtID map[string]*memberRecord // external id -> member
}

// memberRef is what a member search scans: the record and, inline, the
// fields the common filters test.
type memberRef struct {
	r          *memberRecord
	seq        uint64
	emailLower string
	deleted    bool
}

func newOrgMemberSet() *orgMemberSet {
	return &orgMemberSet{byEmail: map[string]*memberRecord{}, retired: map[string]*memberRecord{}, byExtID: map[string]*memberRecord{}}
}

// emailKey is how member emails are compared: case-insensitively.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// membersOf returns the members of an organization, deleted ones included,
// in creation order. Callers hold p.mu.
func (p *project) membersOf(orgID string) []*memberRecord {
	if s := p.orgMembers[orgID]; s != nil {
		return s.order
	}
	return nil
}

// memberSet returns the member set of an organization, creating it.
// Callers hold p.mu for writing.
func (p *project) memberSet(orgID string) *orgMemberSet {
	s := p.orgMembers[orgID]
	if s == nil {
		s = newOrgMemberSet()
		p.orgMembers[orgID] = s
	}
	return s
}

// removeOrgMembers drops every member of an organization. Callers hold p.mu.
func (p *project) removeOrgMembers(orgID string) {
	for _, r := range p.membersOf(orgID) {
		delete(p.members, r.m.MemberID)
	}
	delete(p.orgMembers, orgID)
}

// index adds a member to its organization's indexes. Deleted members hold
// nothing: their primary, retired emails and external ID are free.
func (s *orgMemberSet) index(r *memberRecord) {
	s.refs[r.pos] = memberRef{r: r, seq: r.seq, emailLower: r.emailLower, deleted: r.m.Status == organizations.StatusDeleted}
	if r.m.Status == organizations.StatusDeleted {
		return
	}
	s.byEmail[r.emailLower] = r
	for _, e := range r.m.RetiredEmailAddresses {
		s.retired[emailKey(e.EmailAddress)] = r
	}
	if r.m.ExternalID != "" {
		s.byExtID[r.m.ExternalID] = r
	}
}

// unindex removes what index added for r.
func (s *orgMemberSet) unindex(r *memberRecord) {
	if s.byEmail[r.emailLower] == r {
		delete(s.byEmail, r.emailLower)
	}
	for _, e := range r.m.RetiredEmailAddresses {
		if k := emailKey(e.EmailAddress); s.retired[k] == r {
			delete(s.retired, k)
		}
	}
	if r.m.ExternalID != "" && s.byExtID[r.m.ExternalID] == r {
		delete(s.byExtID, r.m.ExternalID)
	}
}

// emailHolder returns the member other than self that uses email (lower
// case) as its primary or retired address, or nil.
func (s *orgMemberSet) emailHolder(key string, self *memberRecord) *memberRecord {
	if r := s.byEmail[key]; r != nil && r != self {
		return r
	}
	if r := s.retired[key]; r != nil && r != self {
		return r
	}
	return nil
}

// replace stores next as the new state of r, keeping the indexes in step.
// Callers hold p.mu for writing and have validated next.
func (p *project) replaceMember(r *memberRecord, next *memberRecord) {
	s := p.memberSet(r.m.OrganizationID)
	s.unindex(r)
	*r = *next
	r.emailLower = emailKey(r.m.EmailAddress)
	s.index(r)
}

// insertMember stores a new member. Callers hold p.mu for writing and have
// validated it.
func (p *project) insertMember(r *memberRecord) {
	r.emailLower = emailKey(r.m.EmailAddress)
	s := p.memberSet(r.m.OrganizationID)
	r.pos = len(s.order)
	s.order = append(s.order, r)
	s.refs = append(s.refs, memberRef{})
	s.index(r)
	p.members[r.m.MemberID] = r
}

// cloneRecord deep-copies a record, for validate-then-apply changes.
func cloneRecord(r *memberRecord) *memberRecord {
	c := *r
	c.m = cloneMember(r.m)
	c.explicitRoles = slices.Clone(r.explicitRoles)
	if r.emailUpdate != nil {
		u := *r.emailUpdate
		c.emailUpdate = &u
	}
	return &c
}

// cloneMember deep-copies a member, so that a response never shares memory
// with the store.
func cloneMember(m organizations.Member) organizations.Member {
	c := m
	c.SSORegistrations = slices.Clone(m.SSORegistrations)
	for i := range c.SSORegistrations {
		c.SSORegistrations[i].SSOAttributes = deepCopyJSON(m.SSORegistrations[i].SSOAttributes)
	}
	c.OAuthRegistrations = slices.Clone(m.OAuthRegistrations)
	c.RetiredEmailAddresses = slices.Clone(m.RetiredEmailAddresses)
	c.Roles = slices.Clone(m.Roles)
	for i := range c.Roles {
		c.Roles[i].Sources = slices.Clone(m.Roles[i].Sources)
		for j := range c.Roles[i].Sources {
			c.Roles[i].Sources[j].Details = deepCopyJSON(m.Roles[i].Sources[j].Details)
		}
	}
	c.TrustedMetadata = deepCopyJSON(m.TrustedMetadata)
	c.UntrustedMetadata = deepCopyJSON(m.UntrustedMetadata)
	c.CreatedAt = cloneTime(m.CreatedAt)
	c.UpdatedAt = cloneTime(m.UpdatedAt)
	c.LockCreatedAt = cloneTime(m.LockCreatedAt)
	c.LockExpiresAt = cloneTime(m.LockExpiresAt)
	if m.SCIMRegistration != nil {
		s := *m.SCIMRegistration
		if s.SCIMAttributes != nil {
			a := *s.SCIMAttributes
			s.SCIMAttributes = &a
		}
		c.SCIMRegistration = &s
	}
	return c
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

// Role source types of MemberRoleSource.
const (
	roleSourceDirect = "direct_assignment"
	roleSourceEmail  = "email_assignment"
)

// emailDomain returns the lower-cased domain of an email address.
func emailDomain(emailLower string) string {
	if i := strings.LastIndexByte(emailLower, '@'); i >= 0 {
		return emailLower[i+1:]
	}
	return ""
}

// memberRoles computes every role a member holds with all its sources:
// stytch_member first, then the other roles by role ID. Callers hold p.mu.
func (p *project) memberRoles(r *memberRecord) []organizations.MemberRole {
	sources := map[string][]organizations.MemberRoleSource{}
	sources[roleMember] = []organizations.MemberRoleSource{{Type: roleSourceDirect}}
	for _, id := range r.explicitRoles {
		sources[id] = append(sources[id], organizations.MemberRoleSource{Type: roleSourceDirect})
	}
	if o := p.orgs[r.m.OrganizationID]; o != nil {
		domain := emailDomain(r.emailLower)
		for _, a := range o.o.RBACEmailImplicitRoleAssignments {
			if strings.EqualFold(a.Domain, domain) {
				sources[a.RoleID] = append(sources[a.RoleID], organizations.MemberRoleSource{Type: roleSourceEmail, Details: map[string]any{"email_domain": domain}})
			}
		}
	}
	ids := make([]string, 0, len(sources))
	for id := range sources {
		if id != roleMember {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	out := make([]organizations.MemberRole, 0, len(sources))
	out = append(out, organizations.MemberRole{RoleID: roleMember, Sources: sources[roleMember]})
	for _, id := range ids {
		out = append(out, organizations.MemberRole{RoleID: id, Sources: sources[id]})
	}
	return out
}

// hasRole reports whether the member holds role, from any source, without
// building the whole role list. Callers hold p.mu.
func (p *project) hasRole(r *memberRecord, role string) bool {
	if role == roleMember || slices.Contains(r.explicitRoles, role) {
		return true
	}
	if o := p.orgs[r.m.OrganizationID]; o != nil && len(o.o.RBACEmailImplicitRoleAssignments) > 0 {
		domain := emailDomain(r.emailLower)
		for _, a := range o.o.RBACEmailImplicitRoleAssignments {
			if a.RoleID == role && strings.EqualFold(a.Domain, domain) {
				return true
			}
		}
	}
	return false
}

// memberView is the member as the API returns it: a deep copy with the
// derived roles and is_admin. Callers hold p.mu.
func (p *project) memberView(r *memberRecord) organizations.Member {
	m := cloneMember(r.m)
	lockView(&m, p.clock.Now())
	m.Roles = p.memberRoles(r)
	m.IsAdmin = false
	for _, role := range m.Roles {
		if role.RoleID == roleAdmin {
			m.IsAdmin = true
		}
	}
	return m
}
