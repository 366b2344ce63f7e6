package store

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// scimSnapshot is the "scim" section: SCIM connections (bearer tokens as
// hashes only) with the users and groups they provisioned.
type scimSnapshot struct {
	Connections []scimConnRecordV2 `json:"connections"`
}

// scimConnRecordV2 is one SCIM connection.
type scimConnRecordV2 struct {
	OrganizationID    string              `json:"organization_id"`
	ConnectionID      string              `json:"connection_id"`
	DisplayName       string              `json:"display_name"`
	IdentityProvider  string              `json:"identity_provider"`
	Status            string              `json:"status"`
	CreatedAt         time.Time           `json:"created_at"`
	TokenHash         string              `json:"bearer_token_sha256"`
	TokenLastFour     string              `json:"bearer_token_last_four"`
	NextTokenHash     string              `json:"next_bearer_token_sha256,omitempty"`
	NextTokenLastFour string              `json:"next_bearer_token_last_four,omitempty"`
	RoleAssignments   []scimRoleRecordV2  `json:"scim_group_implicit_role_assignments"`
	Users             []scimUserRecordV2  `json:"users"`
	Groups            []scimGroupRecordV2 `json:"groups"`
	Seq               uint64              `json:"seq"`
}

// scimRoleRecordV2 grants a role to a group's members.
type scimRoleRecordV2 struct {
	GroupID string `json:"group_id"`
	RoleID  string `json:"role_id"`
}

// scimUserRecordV2 is a provisioned user; its id is its member's ID.
type scimUserRecordV2 struct {
	ID             string         `json:"id"`
	RegistrationID string         `json:"registration_id"`
	ExternalID     string         `json:"external_id,omitempty"`
	UserName       string         `json:"user_name"`
	Active         bool           `json:"active"`
	Attributes     map[string]any `json:"attributes"`
	Created        time.Time      `json:"created"`
	Modified       time.Time      `json:"modified"`
	Seq            uint64         `json:"seq"`
}

// scimGroupRecordV2 is a pushed group.
type scimGroupRecordV2 struct {
	ID          string    `json:"id"`
	DisplayName string    `json:"display_name"`
	ExternalID  string    `json:"external_id,omitempty"`
	Members     []string  `json:"members"`
	Created     time.Time `json:"created"`
	Modified    time.Time `json:"modified"`
	Seq         uint64    `json:"seq"`
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// saveSCIM renders the connections sorted by ID. Callers hold p.Mu.
func saveSCIM(p *state.Project, _ SnapshotOptions) (any, error) {
	out := scimSnapshot{Connections: []scimConnRecordV2{}}
	ids := make([]string, 0, len(p.SCIM.Conns))
	for id := range p.SCIM.Conns {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := p.SCIM.Conns[id]
		rec := scimConnRecordV2{OrganizationID: c.OrganizationID, ConnectionID: c.ConnectionID, DisplayName: c.DisplayName,
			IdentityProvider: c.IdentityProvider, Status: c.Status, CreatedAt: c.CreatedAt, TokenHash: c.TokenHash, TokenLastFour: c.TokenLastFour,
			NextTokenHash: c.NextTokenHash, NextTokenLastFour: c.NextTokenLastFour, RoleAssignments: []scimRoleRecordV2{},
			Users: []scimUserRecordV2{}, Groups: []scimGroupRecordV2{}, Seq: c.Seq}
		for _, a := range c.RoleAssignments {
			rec.RoleAssignments = append(rec.RoleAssignments, scimRoleRecordV2{a.GroupID, a.RoleID})
		}
		for _, u := range c.SortedUsers() {
			rec.Users = append(rec.Users, scimUserRecordV2{u.ID, u.RegistrationID, u.ExternalID, u.UserName, u.Active, state.DeepCopyJSON(u.Attributes), u.Created, u.Modified, u.Seq})
		}
		for _, g := range c.SortedGroups() {
			rec.Groups = append(rec.Groups, scimGroupRecordV2{g.ID, g.DisplayName, g.ExternalID, slices.Clone(g.Members), g.Created, g.Modified, g.Seq})
		}
		out.Connections = append(out.Connections, rec)
	}
	return out, nil
}

// loadSCIM validates the section against the organizations and members
// already loaded and rebuilds the connections.
func loadSCIM(dst *state.Project, raw json.RawMessage) error {
	var snap scimSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("scim", "%v", err)
	}
	for i, rc := range snap.Connections {
		at := fmt.Sprintf("scim.connections[%d]", i)
		if dst.Orgs[rc.OrganizationID] == nil {
			return SnapErr(at+".organization_id", "no organization %q", rc.OrganizationID)
		}
		if dst.SCIMConnOf(rc.OrganizationID) != nil || dst.SCIM.Conns[rc.ConnectionID] != nil || rc.ConnectionID == "" {
			return SnapErr(at+".connection_id", "a second connection of the organization, or a duplicate or empty id")
		}
		if flows.CheckSCIMIdP(rc.IdentityProvider) != nil || rc.Status != state.SCIMStatusActive {
			return SnapErr(at, "unknown identity_provider or status")
		}
		if !sha256Hex.MatchString(rc.TokenHash) || (rc.NextTokenHash != "" && !sha256Hex.MatchString(rc.NextTokenHash)) {
			return SnapErr(at+".bearer_token_sha256", "not a hex SHA-256")
		}
		c := &state.SCIMConnRecord{OrganizationID: rc.OrganizationID, ConnectionID: rc.ConnectionID, DisplayName: rc.DisplayName,
			IdentityProvider: rc.IdentityProvider, Status: rc.Status, CreatedAt: rc.CreatedAt, TokenHash: rc.TokenHash, TokenLastFour: rc.TokenLastFour,
			NextTokenHash: rc.NextTokenHash, NextTokenLastFour: rc.NextTokenLastFour, RoleAssignments: []state.SCIMRoleAssignment{},
			Users: map[string]*state.SCIMUserRecord{}, Groups: map[string]*state.SCIMGroupRecord{}, Seq: rc.Seq}
		for j, u := range rc.Users {
			m := dst.Members[u.ID]
			if m == nil || m.Member.OrganizationID != rc.OrganizationID || c.Users[u.ID] != nil || u.Seq > rc.Seq {
				return SnapErr(fmt.Sprintf("%s.users[%d].id", at, j), "not a member of the organization, a duplicate, or seq past the connection's")
			}
			c.Users[u.ID] = &state.SCIMUserRecord{ID: u.ID, RegistrationID: u.RegistrationID, ExternalID: u.ExternalID, UserName: u.UserName,
				Active: u.Active, Attributes: u.Attributes, Created: u.Created, Modified: u.Modified, Seq: u.Seq}
		}
		for j, g := range rc.Groups {
			if g.ID == "" || c.Groups[g.ID] != nil || g.Seq > rc.Seq {
				return SnapErr(fmt.Sprintf("%s.groups[%d].id", at, j), "empty or duplicate id, or seq past the connection's")
			}
			for _, id := range g.Members {
				if c.Users[id] == nil {
					return SnapErr(fmt.Sprintf("%s.groups[%d].members", at, j), "%q is not a user of the connection", id)
				}
			}
			c.Groups[g.ID] = &state.SCIMGroupRecord{ID: g.ID, DisplayName: g.DisplayName, ExternalID: g.ExternalID, Members: slices.Clone(g.Members),
				Created: g.Created, Modified: g.Modified, Seq: g.Seq}
		}
		for j, a := range rc.RoleAssignments {
			if _, aerr := flows.CheckRoles(dst, dst.Orgs[rc.OrganizationID], []string{a.RoleID}); c.Groups[a.GroupID] == nil || aerr != nil {
				return SnapErr(fmt.Sprintf("%s.scim_group_implicit_role_assignments[%d]", at, j), "unknown group or role")
			}
			c.RoleAssignments = append(c.RoleAssignments, state.SCIMRoleAssignment{GroupID: a.GroupID, RoleID: a.RoleID})
		}
		dst.PutSCIMConn(c)
	}
	return nil
}
