package state

import "sync"

// changeLog names the members, organizations and member sessions changed
// since the store last took them, so a store can write only those records
// instead of rendering every one. Every change to a member or organization
// goes through InsertMember, ReplaceMember, RemoveOrgMembers, PutOrg or
// RemoveOrg (or marks the organization itself), which record it here; a
// member session is marked by IssueSession and DropSession, and by the
// code that extends one in place (MarkSession).
type changeLog struct {
	mu       sync.Mutex
	members  map[string]struct{}
	orgs     map[string]struct{}
	sessions map[string]struct{}
}

// Changes are the members, organizations and member sessions changed
// (created, replaced or removed) since the last TakeChanges.
type Changes struct {
	Members  []string
	Orgs     []string
	Sessions []string
}

func (c *changeLog) add(set *map[string]struct{}, id string) {
	c.mu.Lock()
	if *set == nil {
		*set = map[string]struct{}{}
	}
	(*set)[id] = struct{}{}
	c.mu.Unlock()
}

// markMember records that a member changed.
func (p *Project) markMember(id string) { p.changes.add(&p.changes.members, id) }

// MarkOrg records that an organization changed. Code that changes an
// OrgRecord in place (rather than through PutOrg) calls it.
func (p *Project) MarkOrg(id string) { p.changes.add(&p.changes.orgs, id) }

// MarkSession records that a member session changed. Code that changes a
// SessionRecord in place (extending it, adding factors, merging claims)
// calls it; IssueSession and DropSession mark the session themselves.
func (p *Project) MarkSession(id string) { p.changes.add(&p.changes.sessions, id) }

// TakeChanges returns and forgets the members, organizations and sessions changed
// since the last call. The store calls it, one save of the project at a
// time, with p.Mu held.
func (p *Project) TakeChanges() Changes {
	c := &p.changes
	c.mu.Lock()
	defer c.mu.Unlock()
	var out Changes
	for id := range c.members {
		out.Members = append(out.Members, id)
	}
	for id := range c.orgs {
		out.Orgs = append(out.Orgs, id)
	}
	for id := range c.sessions {
		out.Sessions = append(out.Sessions, id)
	}
	c.members, c.orgs, c.sessions = nil, nil, nil
	return out
}
