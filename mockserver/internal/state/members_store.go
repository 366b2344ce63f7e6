package state

import (
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// MemberRecord is a member as the mock stores it: the API view plus what the
// mock needs to index it. The record is the only source of truth; the
// indexes of orgMemberSet point at records and are rebuilt from them on
// every change (unindex, change, index).
type MemberRecord struct {
	// m is the stored member. Roles and IsAdmin are not stored: memberView
	// derives them from explicitRoles and the organization's settings.
	Member organizations.Member
	Seq    uint64
	// pos is the member's position in its organization's order and refs.
	pos int
	// slot is the member's ID in the project's substring index.
	slot uint32
	// emailLower is m.EmailAddress lower-cased, kept for fast comparisons.
	EmailLower string
	// emailID identifies the current email address; it becomes the email_id
	// of the address once it is retired.
	EmailID string
	// explicitRoles are the roles assigned directly (never stytch_member).
	ExplicitRoles []string
	// emailUpdate is the email change started by Start Email Update and not
	// completed yet, or nil.
	EmailUpdate *PendingEmailUpdate
}

// PendingEmailUpdate is an email change waiting for its magic link or OTP.
// Only the hash of the token is kept; the outbox (when the mock has one)
// receives the token itself when the update starts.
type PendingEmailUpdate struct {
	EmailAddress     string
	DeliveryMethod   string
	TokenHash        string
	LoginRedirectURL string
	LoginTemplateID  string
	Locale           string
	CreatedAt        time.Time
	ExpiresAt        time.Time
}

// OrgMemberSet holds the members of one organization: every record in
// creation order (deleted ones included, append-only so it stays sorted by
// seq) and indexes over the members that are not deleted.
type OrgMemberSet struct {
	Order []*MemberRecord
	// refs is parallel to order: a compact copy of what the hot search
	// filters read, so that scanning 100,000 members stays in cache-friendly
	// memory. index and unindex keep it in step with the records.
	Refs    []MemberRef
	ByEmail map[string]*MemberRecord // lower-cased primary email -> member
	Retired map[string]*MemberRecord // lower-cased retired email -> member that retired it
	ByExtID map[string]*MemberRecord // external id -> member
}

// MemberRef is what a member search scans: the record and, inline, the
// fields the common filters test.
type MemberRef struct {
	Request    *MemberRecord
	Seq        uint64
	emailLower string
	Deleted    bool
}

func newOrgMemberSet() *OrgMemberSet {
	return &OrgMemberSet{ByEmail: map[string]*MemberRecord{}, Retired: map[string]*MemberRecord{}, ByExtID: map[string]*MemberRecord{}}
}

// EmailKey is how member emails are compared: case-insensitively.
func EmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// MembersOf returns the members of an organization, deleted ones included,
// in creation order. Callers hold p.mu.
func (p *Project) MembersOf(orgID string) []*MemberRecord {
	if s := p.OrgMembers[orgID]; s != nil {
		return s.Order
	}
	return nil
}

// MemberSet returns the member set of an organization, creating it.
// Callers hold p.mu for writing.
func (p *Project) MemberSet(orgID string) *OrgMemberSet {
	s := p.OrgMembers[orgID]
	if s == nil {
		s = newOrgMemberSet()
		p.OrgMembers[orgID] = s
	}
	return s
}

// RemoveOrgMembers drops every member of an organization. Callers hold p.mu.
func (p *Project) RemoveOrgMembers(orgID string) {
	for _, r := range p.MembersOf(orgID) {
		delete(p.Members, r.Member.MemberID)
		p.markMember(r.Member.MemberID)
		email, phone := memberTexts(r)
		p.fuzzy.reindexMember(r.slot, email, phone, nil)
	}
	delete(p.OrgMembers, orgID)
}

// index adds a member to its organization's indexes. Deleted members hold
// nothing: their primary, retired emails and external ID are free.
func (s *OrgMemberSet) index(r *MemberRecord) {
	s.Refs[r.pos] = MemberRef{Request: r, Seq: r.Seq, emailLower: r.EmailLower, Deleted: r.Member.Status == organizations.StatusDeleted}
	if r.Member.Status == organizations.StatusDeleted {
		return
	}
	s.ByEmail[r.EmailLower] = r
	for _, e := range r.Member.RetiredEmailAddresses {
		s.Retired[EmailKey(e.EmailAddress)] = r
	}
	if r.Member.ExternalID != "" {
		s.ByExtID[r.Member.ExternalID] = r
	}
}

// unindex removes what index added for r.
func (s *OrgMemberSet) unindex(r *MemberRecord) {
	if s.ByEmail[r.EmailLower] == r {
		delete(s.ByEmail, r.EmailLower)
	}
	for _, e := range r.Member.RetiredEmailAddresses {
		if k := EmailKey(e.EmailAddress); s.Retired[k] == r {
			delete(s.Retired, k)
		}
	}
	if r.Member.ExternalID != "" && s.ByExtID[r.Member.ExternalID] == r {
		delete(s.ByExtID, r.Member.ExternalID)
	}
}

// EmailHolder returns the member other than self that uses email (lower
// case) as its primary or retired address, or nil.
func (s *OrgMemberSet) EmailHolder(key string, self *MemberRecord) *MemberRecord {
	if r := s.ByEmail[key]; r != nil && r != self {
		return r
	}
	if r := s.Retired[key]; r != nil && r != self {
		return r
	}
	return nil
}

// ReplaceMember stores next as the new state of r, keeping the indexes in step.
// Callers hold p.mu for writing and have validated next.
func (p *Project) ReplaceMember(r *MemberRecord, next *MemberRecord) {
	s := p.MemberSet(r.Member.OrganizationID)
	s.unindex(r)
	p.markMember(r.Member.MemberID)
	p.markMember(next.Member.MemberID)
	email, phone := memberTexts(r)
	pos, slot := r.pos, r.slot
	*r = *next
	r.pos, r.slot = pos, slot
	r.EmailLower = EmailKey(r.Member.EmailAddress)
	s.index(r)
	p.fuzzy.reindexMember(slot, email, phone, r)
}

// InsertMember stores a new member. Callers hold p.mu for writing and have
// validated it.
func (p *Project) InsertMember(r *MemberRecord) {
	r.EmailLower = EmailKey(r.Member.EmailAddress)
	s := p.MemberSet(r.Member.OrganizationID)
	r.pos = len(s.Order)
	s.Order = append(s.Order, r)
	s.Refs = append(s.Refs, MemberRef{})
	s.index(r)
	p.Members[r.Member.MemberID] = r
	p.markMember(r.Member.MemberID)
	p.fuzzy.insertMember(r)
}

// CloneRecord deep-copies a record, for validate-then-apply changes.
func CloneRecord(r *MemberRecord) *MemberRecord {
	c := *r
	c.Member = CloneMember(r.Member)
	c.ExplicitRoles = slices.Clone(r.ExplicitRoles)
	if r.EmailUpdate != nil {
		u := *r.EmailUpdate
		c.EmailUpdate = &u
	}
	return &c
}

// CloneMember deep-copies a member, so that a response never shares memory
// with the store.
func CloneMember(m organizations.Member) organizations.Member {
	c := m
	c.SSORegistrations = slices.Clone(m.SSORegistrations)
	for i := range c.SSORegistrations {
		c.SSORegistrations[i].SSOAttributes = DeepCopyJSON(m.SSORegistrations[i].SSOAttributes)
	}
	c.OAuthRegistrations = slices.Clone(m.OAuthRegistrations)
	c.RetiredEmailAddresses = slices.Clone(m.RetiredEmailAddresses)
	c.Roles = slices.Clone(m.Roles)
	for i := range c.Roles {
		c.Roles[i].Sources = slices.Clone(m.Roles[i].Sources)
		for j := range c.Roles[i].Sources {
			c.Roles[i].Sources[j].Details = DeepCopyJSON(m.Roles[i].Sources[j].Details)
		}
	}
	c.TrustedMetadata = DeepCopyJSON(m.TrustedMetadata)
	c.UntrustedMetadata = DeepCopyJSON(m.UntrustedMetadata)
	c.CreatedAt = CloneTime(m.CreatedAt)
	c.UpdatedAt = CloneTime(m.UpdatedAt)
	c.LockCreatedAt = CloneTime(m.LockCreatedAt)
	c.LockExpiresAt = CloneTime(m.LockExpiresAt)
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

// Role source types of MemberRoleSource.
const (
	roleSourceDirect = "direct_assignment"
	roleSourceEmail  = "email_assignment"
)

// EmailDomain returns the lower-cased domain of an email address.
func EmailDomain(emailLower string) string {
	if i := strings.LastIndexByte(emailLower, '@'); i >= 0 {
		return emailLower[i+1:]
	}
	return ""
}

// MemberRoles computes every role a member holds with all its sources:
// stytch_member first, then the other roles by role ID. Callers hold p.mu.
func (p *Project) MemberRoles(r *MemberRecord) []organizations.MemberRole {
	sources := map[string][]organizations.MemberRoleSource{}
	sources[RoleMember] = []organizations.MemberRoleSource{{Type: roleSourceDirect}}
	for _, id := range r.ExplicitRoles {
		sources[id] = append(sources[id], organizations.MemberRoleSource{Type: roleSourceDirect})
	}
	if o := p.Orgs[r.Member.OrganizationID]; o != nil {
		domain := EmailDomain(r.EmailLower)
		for _, a := range o.Org.RBACEmailImplicitRoleAssignments {
			if strings.EqualFold(a.Domain, domain) {
				sources[a.RoleID] = append(sources[a.RoleID], organizations.MemberRoleSource{Type: roleSourceEmail, Details: map[string]any{"email_domain": domain}})
			}
		}
	}
	p.ssoRoleSources(r, sources)
	p.scimGroupRoles(r, sources)
	ids := make([]string, 0, len(sources))
	for id := range sources {
		if id != RoleMember {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	out := make([]organizations.MemberRole, 0, len(sources))
	out = append(out, organizations.MemberRole{RoleID: RoleMember, Sources: sources[RoleMember]})
	for _, id := range ids {
		out = append(out, organizations.MemberRole{RoleID: id, Sources: sources[id]})
	}
	return out
}

// hasRole reports whether the member holds role, from any source, without
// building the whole role list. Callers hold p.mu.
func (p *Project) hasRole(r *MemberRecord, role string) bool {
	if role == RoleMember || slices.Contains(r.ExplicitRoles, role) {
		return true
	}
	if o := p.Orgs[r.Member.OrganizationID]; o != nil && len(o.Org.RBACEmailImplicitRoleAssignments) > 0 {
		domain := EmailDomain(r.EmailLower)
		for _, a := range o.Org.RBACEmailImplicitRoleAssignments {
			if a.RoleID == role && strings.EqualFold(a.Domain, domain) {
				return true
			}
		}
	}
	if len(r.Member.SSORegistrations) > 0 || r.Member.SCIMRegistration != nil {
		sources := map[string][]organizations.MemberRoleSource{}
		p.ssoRoleSources(r, sources)
		p.scimGroupRoles(r, sources)
		return len(sources[role]) > 0
	}
	return false
}

// MemberView is the member as the API returns it: a deep copy with the
// derived roles and is_admin. Callers hold p.mu.
func (p *Project) MemberView(r *MemberRecord) organizations.Member {
	m := CloneMember(r.Member)
	m.TrustedMetadata = objectOrEmpty(m.TrustedMetadata)
	m.UntrustedMetadata = objectOrEmpty(m.UntrustedMetadata)
	lockView(&m, p.Clock.Now())
	m.Roles = p.MemberRoles(r)
	p.scimAttributesView(&m)
	m.IsAdmin = false
	for _, role := range m.Roles {
		if role.RoleID == RoleAdmin {
			m.IsAdmin = true
		}
	}
	return m
}
