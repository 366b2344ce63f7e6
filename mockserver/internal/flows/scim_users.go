package flows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SCIMError is an error of the SCIM 2.0 service (RFC 7644 §3.12): an HTTP
// status, an optional scimType and a detail for people. It is not a Stytch
// API error and never reaches a /v1/b2b route's JSON error body.
type SCIMError struct {
	Status   int
	ScimType string
	Detail   string
}

// Error renders the error for logs.
func (e *SCIMError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.ScimType, e.Detail) }

// SCIM error constructors.
func scimInvalidValue(format string, args ...any) *SCIMError {
	return &SCIMError{Status: 400, ScimType: "invalidValue", Detail: fmt.Sprintf(format, args...)}
}

func scimUniqueness(format string, args ...any) *SCIMError {
	return &SCIMError{Status: 409, ScimType: "uniqueness", Detail: fmt.Sprintf(format, args...)}
}

// SCIMNotFound is the 404 of an unknown resource.
func SCIMNotFound(kind, id string) *SCIMError {
	if len(id) > 80 {
		id = id[:80] + "…"
	}
	return &SCIMError{Status: 404, Detail: fmt.Sprintf("%s %q not found.", kind, id)}
}

// scimUserFields are what a SCIM user's attributes say about the member.
type scimUserFields struct {
	userName   string
	externalID string
	active     bool
	email      string
	name       string
}

// readSCIMUser derives the member's fields from SCIM user attributes.
func readSCIMUser(attrs map[string]any) (scimUserFields, *SCIMError) {
	f := scimUserFields{userName: strings.TrimSpace(state.AttrString(attrs, "userName")), externalID: state.AttrString(attrs, "externalId"), active: true}
	if f.userName == "" {
		return f, scimInvalidValue("userName is required.")
	}
	if v, ok := attrs["active"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return f, scimInvalidValue("active must be a boolean.")
		}
		f.active = b
	}
	switch {
	case CheckEmail("userName", f.userName) == nil:
		f.email = f.userName
	default:
		emails := state.AttrList(attrs, "emails")
		for _, e := range emails {
			if state.AttrBool(e, "primary") {
				f.email = state.AttrString(e, "value")
				break
			}
		}
		if f.email == "" {
			for _, e := range emails {
				if strings.EqualFold(state.AttrString(e, "type"), "work") {
					f.email = state.AttrString(e, "value")
					break
				}
			}
		}
		if f.email == "" && len(emails) > 0 {
			f.email = state.AttrString(emails[0], "value")
		}
	}
	f.email = strings.TrimSpace(f.email)
	if f.email == "" {
		return f, scimInvalidValue("The user needs an email address: a userName that is one, or an entry in emails.")
	}
	if err := CheckEmail("email", f.email); err != nil {
		return f, scimInvalidValue("%s", err.Message)
	}
	if n := state.AttrMap(attrs, "name"); n != nil {
		f.name = strings.TrimSpace(state.AttrString(n, "formatted"))
		if f.name == "" {
			f.name = strings.TrimSpace(strings.Join(slices.DeleteFunc([]string{state.AttrString(n, "givenName"), state.AttrString(n, "familyName")}, func(s string) bool { return s == "" }), " "))
		}
	}
	if f.name == "" {
		f.name = strings.TrimSpace(state.AttrString(attrs, "displayName"))
	}
	if CheckMemberName(f.name) != nil {
		f.name = ""
	}
	return f, nil
}

// userNameTaken reports another user of the connection with userName,
// compared case-insensitively (RFC 7643 §4.1.1: caseExact false).
func userNameTaken(c *state.SCIMConnRecord, userName string, self *state.SCIMUserRecord) bool {
	for _, u := range c.Users {
		if u != self && strings.EqualFold(u.UserName, userName) {
			return true
		}
	}
	return false
}

// SCIMCreateUser provisions a user: a new active member of the connection's
// organization, or the existing member with the same email, which the
// connection then manages. Callers hold p.Mu for writing.
func SCIMCreateUser(p *state.Project, c *state.SCIMConnRecord, attrs map[string]any, now time.Time) (*state.SCIMUserRecord, *SCIMError) {
	f, err := readSCIMUser(attrs)
	if err != nil {
		return nil, err
	}
	if userNameTaken(c, f.userName, nil) {
		return nil, scimUniqueness("A user with userName %q already exists.", f.userName)
	}
	set := p.MemberSet(c.OrganizationID)
	key := state.EmailKey(f.email)
	existing := set.ByEmail[key]
	if existing != nil && existing.Member.SCIMRegistration != nil && c.Users[existing.Member.MemberID] != nil {
		return nil, scimUniqueness("The email address %q belongs to another SCIM user.", f.email)
	}
	if existing == nil && (set.EmailHolder(key, nil) != nil || EmailUpdateHolder(p, set, key, nil) != nil) {
		return nil, scimUniqueness("A member of the organization used the email address %q.", f.email)
	}
	reg := &organizations.SCIMRegistration{ConnectionID: c.ConnectionID, RegistrationID: ids.NewID("scim-registration", p.Env), ExternalID: f.externalID}
	var r *state.MemberRecord
	if existing != nil {
		next := state.CloneRecord(existing)
		next.Member.SCIMRegistration = reg
		if f.name != "" {
			next.Member.Name = f.name
		}
		if !f.active {
			next.Member.Status = organizations.StatusDeleted
			p.RevokeMemberSessions(existing.Member.MemberID)
		}
		next.Member.UpdatedAt = &now
		p.ReplaceMember(existing, next)
		r = existing
	} else {
		m := scimMemberStub(p, c.OrganizationID, f.email, now)
		m.Name = f.name
		m.SCIMRegistration = reg
		if !f.active {
			m.Status = organizations.StatusDeleted
		}
		r = &state.MemberRecord{Member: m, Seq: p.NextSeq(), EmailID: ids.NewID("email", p.Env)}
		p.InsertMember(r)
	}
	u := &state.SCIMUserRecord{ID: r.Member.MemberID, RegistrationID: reg.RegistrationID, ExternalID: f.externalID, UserName: f.userName,
		Active: f.active, Attributes: stripCommon(attrs), Created: now, Modified: now, Seq: c.NextSeq()}
	c.Users[u.ID] = u
	return u, nil
}

// SCIMReplaceUser replaces a user's attributes (PUT, or the result of a
// PATCH) and carries the change to the member: email, name, and the active
// flag (false deletes the member and revokes its sessions; true brings it
// back). Callers hold p.Mu for writing.
func SCIMReplaceUser(p *state.Project, c *state.SCIMConnRecord, u *state.SCIMUserRecord, attrs map[string]any, now time.Time) *SCIMError {
	f, err := readSCIMUser(attrs)
	if err != nil {
		return err
	}
	if userNameTaken(c, f.userName, u) {
		return scimUniqueness("A user with userName %q already exists.", f.userName)
	}
	r := p.Members[u.ID]
	if r == nil {
		return SCIMNotFound("User", u.ID)
	}
	set := p.MemberSet(c.OrganizationID)
	next := state.CloneRecord(r)
	if state.EmailKey(f.email) != r.EmailLower {
		if aerr := ChangeEmail(p, set, r, next, f.email, false); aerr != nil {
			if aerr.Type == "duplicate_member_email" {
				return scimUniqueness("A member of the organization uses (or used) the email address %q.", f.email)
			}
			return scimInvalidValue("%s", aerr.Message)
		}
	}
	if f.name != "" {
		next.Member.Name = f.name
	}
	revoke := false
	switch {
	case !f.active && r.Member.Status != organizations.StatusDeleted:
		next.Member.Status = organizations.StatusDeleted
		next.EmailUpdate = nil
		revoke = true
	case f.active && r.Member.Status == organizations.StatusDeleted:
		// Reactivation: the address must still be free. ChangeEmail
		// checked a new address; check the kept one.
		if set.EmailHolder(state.EmailKey(next.Member.EmailAddress), r) != nil {
			return scimUniqueness("The email address %q now belongs to another member of the organization.", next.Member.EmailAddress)
		}
		next.Member.Status = organizations.StatusActive
	}
	if next.Member.SCIMRegistration != nil {
		reg := *next.Member.SCIMRegistration
		reg.ExternalID = f.externalID
		next.Member.SCIMRegistration = &reg
	}
	next.Member.UpdatedAt = &now
	p.ReplaceMember(r, next)
	if revoke {
		p.RevokeMemberSessions(r.Member.MemberID)
	}
	u.UserName, u.ExternalID, u.Active = f.userName, f.externalID, f.active
	u.Attributes = stripCommon(attrs)
	u.Modified = now
	return nil
}

// SCIMDeleteUser deprovisions a user: the member is deleted and its
// sessions revoked, and the user leaves its groups. Callers hold p.Mu for
// writing.
func SCIMDeleteUser(p *state.Project, c *state.SCIMConnRecord, u *state.SCIMUserRecord, now time.Time) {
	if r := p.Members[u.ID]; r != nil && r.Member.Status != organizations.StatusDeleted {
		next := state.CloneRecord(r)
		next.Member.Status = organizations.StatusDeleted
		next.EmailUpdate = nil
		next.Member.UpdatedAt = &now
		p.ReplaceMember(r, next)
		p.RevokeMemberSessions(r.Member.MemberID)
	}
	for _, g := range c.Groups {
		g.Members = slices.DeleteFunc(g.Members, func(id string) bool { return id == u.ID })
	}
	delete(c.Users, u.ID)
}

// readSCIMGroup validates group attributes: a displayName, and members
// that are users of the connection.
func readSCIMGroup(c *state.SCIMConnRecord, attrs map[string]any) (name, extID string, members []string, err *SCIMError) {
	name = strings.TrimSpace(state.AttrString(attrs, "displayName"))
	if name == "" {
		return "", "", nil, scimInvalidValue("displayName is required.")
	}
	members = []string{}
	for _, m := range state.AttrList(attrs, "members") {
		id := state.AttrString(m, "value")
		if c.Users[id] == nil {
			return "", "", nil, scimInvalidValue("members: %q is not a user of this SCIM connection.", trimID(id))
		}
		if !slices.Contains(members, id) {
			members = append(members, id)
		}
	}
	return name, state.AttrString(attrs, "externalId"), members, nil
}

func trimID(id string) string {
	if len(id) > 80 {
		return id[:80] + "…"
	}
	return id
}

// groupNameTaken reports another group of the connection named name.
func groupNameTaken(c *state.SCIMConnRecord, name string, self *state.SCIMGroupRecord) bool {
	for _, g := range c.Groups {
		if g != self && strings.EqualFold(g.DisplayName, name) {
			return true
		}
	}
	return false
}

// SCIMCreateGroup stores a pushed group. Its members gain the roles
// scim_group_implicit_role_assignments grant the group. Callers hold p.Mu
// for writing.
func SCIMCreateGroup(p *state.Project, c *state.SCIMConnRecord, attrs map[string]any, now time.Time) (*state.SCIMGroupRecord, *SCIMError) {
	name, extID, members, err := readSCIMGroup(c, attrs)
	if err != nil {
		return nil, err
	}
	if groupNameTaken(c, name, nil) {
		return nil, scimUniqueness("A group with displayName %q already exists.", name)
	}
	g := &state.SCIMGroupRecord{ID: ids.NewID("scim-group", p.Env), DisplayName: name, ExternalID: extID, Members: members, Created: now, Modified: now, Seq: c.NextSeq()}
	c.Groups[g.ID] = g
	return g, nil
}

// SCIMReplaceGroup replaces a group's name and members. Callers hold p.Mu
// for writing.
func SCIMReplaceGroup(c *state.SCIMConnRecord, g *state.SCIMGroupRecord, attrs map[string]any, now time.Time) *SCIMError {
	name, extID, members, err := readSCIMGroup(c, attrs)
	if err != nil {
		return err
	}
	if groupNameTaken(c, name, g) {
		return scimUniqueness("A group with displayName %q already exists.", name)
	}
	g.DisplayName, g.ExternalID, g.Members, g.Modified = name, extID, members, now
	return nil
}

// SCIMDeleteGroup removes a group and the role assignments that name it;
// its members lose the roles it granted. Callers hold p.Mu for writing.
func SCIMDeleteGroup(c *state.SCIMConnRecord, g *state.SCIMGroupRecord) {
	c.RoleAssignments = slices.DeleteFunc(c.RoleAssignments, func(a state.SCIMRoleAssignment) bool { return a.GroupID == g.ID })
	delete(c.Groups, g.ID)
}

// stripCommon copies attrs without the attributes the service owns.
func stripCommon(attrs map[string]any) map[string]any {
	out := state.DeepCopyJSON(attrs)
	for k := range out {
		switch strings.ToLower(k) {
		case "id", "meta", "schemas":
			delete(out, k)
		}
	}
	return out
}
