package state

import (
	"crypto/subtle"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// SCIMState holds the project's SCIM connections, by connection ID, with
// the users and groups each one provisioned. Maps are created on first use;
// callers hold p.Mu.
type SCIMState struct {
	Conns map[string]*SCIMConnRecord
	// ByOrg maps an organization ID to its connection's ID.
	ByOrg map[string]string
}

// SCIMConnRecord is a SCIM connection as the mock stores it. Bearer tokens
// are kept only as hashes, with their last four characters for display.
type SCIMConnRecord struct {
	OrganizationID   string
	ConnectionID     string
	DisplayName      string
	IdentityProvider string
	Status           string
	CreatedAt        time.Time

	TokenHash     string
	TokenLastFour string
	// NextTokenHash is set while a rotation is in progress: then both
	// tokens authenticate.
	NextTokenHash     string
	NextTokenLastFour string

	RoleAssignments []SCIMRoleAssignment
	Users           map[string]*SCIMUserRecord  // by SCIM id
	Groups          map[string]*SCIMGroupRecord // by SCIM id
	// Seq orders users and groups by creation.
	Seq uint64
}

// SCIMRoleAssignment grants RoleID to the members of group GroupID.
type SCIMRoleAssignment struct {
	GroupID string
	RoleID  string
}

// SCIMUserRecord is a user the identity provider provisioned. Its SCIM id
// is the ID of the member it became; Attributes is the SCIM resource as
// last written (without id, schemas and meta).
type SCIMUserRecord struct {
	ID             string
	RegistrationID string
	ExternalID     string
	UserName       string
	Active         bool
	Attributes     map[string]any
	Created        time.Time
	Modified       time.Time
	Seq            uint64
}

// SCIMGroupRecord is a group the identity provider pushed. Members are SCIM
// user ids, in the order they were added.
type SCIMGroupRecord struct {
	ID          string
	DisplayName string
	ExternalID  string
	Members     []string
	Created     time.Time
	Modified    time.Time
	Seq         uint64
}

// SCIM connection statuses.
const (
	SCIMStatusActive = "active"
)

// SCIMRoleSource is the role source type of roles granted by SCIM groups.
const SCIMRoleSource = "scim_connection_group"

// SCIMConnOf returns the organization's SCIM connection, or nil.
func (p *Project) SCIMConnOf(orgID string) *SCIMConnRecord {
	if id, ok := p.SCIM.ByOrg[orgID]; ok {
		return p.SCIM.Conns[id]
	}
	return nil
}

// PutSCIMConn stores a connection and indexes it by organization. Callers
// hold p.Mu for writing.
func (p *Project) PutSCIMConn(c *SCIMConnRecord) {
	if p.SCIM.Conns == nil {
		p.SCIM.Conns = map[string]*SCIMConnRecord{}
		p.SCIM.ByOrg = map[string]string{}
	}
	if c.Users == nil {
		c.Users = map[string]*SCIMUserRecord{}
	}
	if c.Groups == nil {
		c.Groups = map[string]*SCIMGroupRecord{}
	}
	p.SCIM.Conns[c.ConnectionID] = c
	p.SCIM.ByOrg[c.OrganizationID] = c.ConnectionID
}

// DropSCIMConn removes a connection. Callers hold p.Mu for writing.
func (p *Project) DropSCIMConn(c *SCIMConnRecord) {
	delete(p.SCIM.Conns, c.ConnectionID)
	if p.SCIM.ByOrg[c.OrganizationID] == c.ConnectionID {
		delete(p.SCIM.ByOrg, c.OrganizationID)
	}
}

// CheckToken reports whether token is the connection's bearer token or,
// during a rotation, its next one. Hashes are compared in constant time.
func (c *SCIMConnRecord) CheckToken(token string) bool {
	h := []byte(ids.HashToken(token))
	ok := subtle.ConstantTimeCompare(h, []byte(c.TokenHash)) == 1
	if c.NextTokenHash != "" && subtle.ConstantTimeCompare(h, []byte(c.NextTokenHash)) == 1 {
		ok = true
	}
	return ok
}

// NextSeq returns the connection's next creation sequence number.
func (c *SCIMConnRecord) NextSeq() uint64 {
	c.Seq++
	return c.Seq
}

// UserByMember returns the SCIM user of a member, or nil.
func (c *SCIMConnRecord) UserByMember(memberID string) *SCIMUserRecord {
	return c.Users[memberID]
}

// GroupsOf returns the groups user id belongs to, in creation order.
func (c *SCIMConnRecord) GroupsOf(id string) []*SCIMGroupRecord {
	var out []*SCIMGroupRecord
	for _, g := range c.Groups {
		if slices.Contains(g.Members, id) {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b *SCIMGroupRecord) int { return int(a.Seq) - int(b.Seq) })
	return out
}

// SortedGroups returns the connection's groups in creation order.
func (c *SCIMConnRecord) SortedGroups() []*SCIMGroupRecord {
	out := make([]*SCIMGroupRecord, 0, len(c.Groups))
	for _, g := range c.Groups {
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b *SCIMGroupRecord) int { return int(a.Seq) - int(b.Seq) })
	return out
}

// SortedUsers returns the connection's users in creation order.
func (c *SCIMConnRecord) SortedUsers() []*SCIMUserRecord {
	out := make([]*SCIMUserRecord, 0, len(c.Users))
	for _, u := range c.Users {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b *SCIMUserRecord) int { return int(a.Seq) - int(b.Seq) })
	return out
}

// ActiveSummary is the organization's scim_active_connection view of c.
func (c *SCIMConnRecord) ActiveSummary() *organizations.ActiveSCIMConnection {
	return &organizations.ActiveSCIMConnection{ConnectionID: c.ConnectionID, DisplayName: c.DisplayName, BearerTokenLastFour: c.TokenLastFour}
}

// scimGroupRoles adds the roles r's SCIM groups grant to sources. Callers
// hold p.Mu.
func (p *Project) scimGroupRoles(r *MemberRecord, sources map[string][]organizations.MemberRoleSource) {
	reg := r.Member.SCIMRegistration
	if reg == nil {
		return
	}
	c := p.SCIM.Conns[reg.ConnectionID]
	if c == nil || len(c.RoleAssignments) == 0 {
		return
	}
	u := c.Users[r.Member.MemberID]
	if u == nil {
		return
	}
	for _, g := range c.GroupsOf(u.ID) {
		for _, a := range c.RoleAssignments {
			if a.GroupID == g.ID {
				sources[a.RoleID] = append(sources[a.RoleID], organizations.MemberRoleSource{Type: SCIMRoleSource,
					Details: map[string]any{"connection_id": c.ConnectionID, "group_id": g.ID}})
			}
		}
	}
}
