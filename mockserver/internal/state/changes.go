package state

import "sync"

// changeLog names the members and organizations changed since the store
// last took them, so a store can write only those records instead of
// rendering every one. Every change to a member or organization goes
// through InsertMember, ReplaceMember, RemoveOrgMembers, PutOrg or
// RemoveOrg (or marks the organization itself), which record it here.
type changeLog struct {
	mu      sync.Mutex
	members map[string]struct{}
	orgs    map[string]struct{}
}

// Changes are the members and organizations changed (created, replaced or
// removed) since the last TakeChanges.
type Changes struct {
	Members []string
	Orgs    []string
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

// TakeChanges returns and forgets the members and organizations changed
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
	c.members, c.orgs = nil, nil
	return out
}
