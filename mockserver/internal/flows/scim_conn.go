package flows

import (
	"slices"
	"strconv"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/scim"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SCIMIdentityProviders are the identity_provider values a SCIM connection
// may name.
var SCIMIdentityProviders = []string{
	scim.IdentityProviderGeneric, scim.IdentityProviderOkta, scim.IdentityProviderMicrosoftEntra, scim.IdentityProviderCyberArk,
	scim.IdentityProviderJumpCloud, scim.IdentityProviderOneLogin, scim.IdentityProviderPingFederate, scim.IdentityProviderRippling,
}

// MaxSCIMGroupsPage is the largest (and default) page of Get Groups.
const MaxSCIMGroupsPage = 1000

// CheckSCIMIdP validates an identity_provider value.
func CheckSCIMIdP(idp string) *apierr.Error {
	if !slices.Contains(SCIMIdentityProviders, idp) {
		return apierr.BadRequest("invalid_scim_idp", "identity_provider must be one of %v, not %q.", SCIMIdentityProviders, apierr.Excerpt(idp, 64))
	}
	return nil
}

// NewSCIMToken returns a fresh bearer token and its hash.
func NewSCIMToken() (token, hash string) {
	token = ids.NewToken()
	return token, ids.HashToken(token)
}

// lastFour returns the last four characters of a token.
func lastFour(token string) string {
	if len(token) <= 4 {
		return token
	}
	return token[len(token)-4:]
}

// CreateSCIMConn creates the organization's SCIM connection and returns it
// with its bearer token, shown only this once. Callers hold p.Mu for
// writing.
func CreateSCIMConn(p *state.Project, org *state.OrgRecord, displayName, idp string, now time.Time) (*state.SCIMConnRecord, string, *apierr.Error) {
	if idp == "" {
		idp = scim.IdentityProviderGeneric
	}
	if err := CheckSCIMIdP(idp); err != nil {
		return nil, "", err
	}
	if p.SCIMConnOf(org.Org.OrganizationID) != nil {
		return nil, "", apierr.BadRequest("active_scim_connection_exists", "Organization %s already has an active SCIM connection.", org.Org.OrganizationID)
	}
	token, hash := NewSCIMToken()
	c := &state.SCIMConnRecord{
		OrganizationID: org.Org.OrganizationID, ConnectionID: ids.NewID("scim-connection", p.Env),
		DisplayName: displayName, IdentityProvider: idp, Status: state.SCIMStatusActive, CreatedAt: now,
		TokenHash: hash, TokenLastFour: lastFour(token), RoleAssignments: []state.SCIMRoleAssignment{},
	}
	p.PutSCIMConn(c)
	syncActiveSCIM(p, org, now)
	return c, token, nil
}

// FindSCIMConn returns the organization's connection connID names, or
// no_active_scim_connection. Callers hold p.Mu.
func FindSCIMConn(p *state.Project, org *state.OrgRecord, connID string) (*state.SCIMConnRecord, *apierr.Error) {
	c := p.SCIMConnOf(org.Org.OrganizationID)
	if c == nil || c.ConnectionID != connID {
		return nil, apierr.NotFound("no_active_scim_connection", "Organization %s has no active SCIM connection %q.", org.Org.OrganizationID, apierr.Excerpt(connID, 80))
	}
	return c, nil
}

// SCIMConnUpdate is the body of Update SCIM Connection; nil fields are
// left unchanged.
type SCIMConnUpdate struct {
	DisplayName      *string                                   `json:"display_name"`
	IdentityProvider *string                                   `json:"identity_provider"`
	RoleAssignments  *[]*scim.SCIMGroupImplicitRoleAssignments `json:"scim_group_implicit_role_assignments"`
}

// UpdateSCIMConn validates u and applies it to c. Callers hold p.Mu for
// writing.
func UpdateSCIMConn(p *state.Project, org *state.OrgRecord, c *state.SCIMConnRecord, u *SCIMConnUpdate, now time.Time) *apierr.Error {
	if u.IdentityProvider != nil {
		if err := CheckSCIMIdP(*u.IdentityProvider); err != nil {
			return err
		}
	}
	var assignments []state.SCIMRoleAssignment
	if u.RoleAssignments != nil {
		assignments = []state.SCIMRoleAssignment{}
		for _, a := range *u.RoleAssignments {
			if a == nil || a.GroupID == "" {
				return apierr.BadRequest("scim_group_role_assignment_does_not_contain_group_id", "Every scim_group_implicit_role_assignments entry needs a group_id.")
			}
			if c.Groups[a.GroupID] == nil {
				return apierr.BadRequest("scim_group_role_assignment_group_does_not_exist", "The SCIM connection has no group %q.", apierr.Excerpt(a.GroupID, 80))
			}
			if a.RoleID == "" {
				return apierr.BadRequest("invalid_rbac_role_id", "Every scim_group_implicit_role_assignments entry needs a role_id.")
			}
			if _, err := CheckRoles(p, org, []string{a.RoleID}); err != nil {
				return err
			}
			na := state.SCIMRoleAssignment{GroupID: a.GroupID, RoleID: a.RoleID}
			if !slices.Contains(assignments, na) {
				assignments = append(assignments, na)
			}
		}
	}
	if u.DisplayName != nil {
		c.DisplayName = *u.DisplayName
	}
	if u.IdentityProvider != nil {
		c.IdentityProvider = *u.IdentityProvider
	}
	if assignments != nil {
		c.RoleAssignments = assignments
	}
	syncActiveSCIM(p, org, now)
	return nil
}

// DeleteSCIMConn removes the connection. The members it provisioned stay,
// with their scim_registration; their group roles go with the connection.
// Callers hold p.Mu for writing.
func DeleteSCIMConn(p *state.Project, org *state.OrgRecord, c *state.SCIMConnRecord, now time.Time) {
	p.DropSCIMConn(c)
	syncActiveSCIM(p, org, now)
}

// RotateSCIMStart issues the connection's next bearer token and returns
// it; until the rotation completes or is cancelled both tokens work. A
// rotation already in progress is replaced. Callers hold p.Mu for writing.
func RotateSCIMStart(c *state.SCIMConnRecord) string {
	token, hash := NewSCIMToken()
	c.NextTokenHash, c.NextTokenLastFour = hash, lastFour(token)
	return token
}

// RotateSCIMComplete makes the next token the only one. Callers hold p.Mu
// for writing.
func RotateSCIMComplete(p *state.Project, org *state.OrgRecord, c *state.SCIMConnRecord, now time.Time) *apierr.Error {
	if c.NextTokenHash == "" {
		return apierr.BadRequest("scim_connection_not_rotating_token", "SCIM connection %s has no bearer token rotation in progress.", c.ConnectionID)
	}
	c.TokenHash, c.TokenLastFour = c.NextTokenHash, c.NextTokenLastFour
	c.NextTokenHash, c.NextTokenLastFour = "", ""
	syncActiveSCIM(p, org, now)
	return nil
}

// RotateSCIMCancel discards the next token. Callers hold p.Mu for writing.
func RotateSCIMCancel(c *state.SCIMConnRecord) *apierr.Error {
	if c.NextTokenHash == "" {
		return apierr.BadRequest("scim_connection_not_rotating_token", "SCIM connection %s has no bearer token rotation in progress.", c.ConnectionID)
	}
	c.NextTokenHash, c.NextTokenLastFour = "", ""
	return nil
}

// syncActiveSCIM sets the organization's scim_active_connection from its
// connection. Callers hold p.Mu for writing.
func syncActiveSCIM(p *state.Project, org *state.OrgRecord, now time.Time) {
	o := state.CloneOrg(org.Org)
	o.SCIMActiveConnection = nil
	if c := p.SCIMConnOf(o.OrganizationID); c != nil {
		o.SCIMActiveConnection = c.ActiveSummary()
	}
	o.UpdatedAt = &now
	p.PutOrg(o, org.Seq)
}

// SCIMConnView is the API view of a connection; baseURL is the mock's
// SCIM endpoint for it.
func SCIMConnView(c *state.SCIMConnRecord, baseURL string) scim.SCIMConnection {
	return scim.SCIMConnection{
		OrganizationID: c.OrganizationID, ConnectionID: c.ConnectionID, Status: c.Status, DisplayName: c.DisplayName,
		IdentityProvider: c.IdentityProvider, BaseURL: baseURL, BearerTokenLastFour: c.TokenLastFour,
		SCIMGroupImplicitRoleAssignments: roleAssignmentsView(c), NextBearerTokenLastFour: c.NextTokenLastFour,
	}
}

// roleAssignmentsView lists the connection's group role assignments with
// the names of their groups.
func roleAssignmentsView(c *state.SCIMConnRecord) []scim.SCIMGroupImplicitRoleAssignments {
	out := make([]scim.SCIMGroupImplicitRoleAssignments, 0, len(c.RoleAssignments))
	for _, a := range c.RoleAssignments {
		name := ""
		if g := c.Groups[a.GroupID]; g != nil {
			name = g.DisplayName
		}
		out = append(out, scim.SCIMGroupImplicitRoleAssignments{RoleID: a.RoleID, GroupID: a.GroupID, GroupName: name})
	}
	return out
}

// SCIMGroupsPage returns one page of the connection's groups, in creation
// order. The cursor is the position after the last group returned.
func SCIMGroupsPage(c *state.SCIMConnRecord, cursor, limit string) ([]scim.SCIMGroup, string, *apierr.Error) {
	n := MaxSCIMGroupsPage
	if limit != "" {
		v, err := strconv.Atoi(limit)
		if err != nil || v < 1 || v > MaxSCIMGroupsPage {
			return nil, "", apierr.BadRequest("invalid_request_value", "limit must be an integer from 1 to %d.", MaxSCIMGroupsPage)
		}
		n = v
	}
	start := 0
	if cursor != "" {
		v, err := strconv.Atoi(cursor)
		if err != nil || v < 0 {
			return nil, "", apierr.BadRequest("invalid_request_value", "cursor is not a cursor this endpoint returned.")
		}
		start = v
	}
	all := c.SortedGroups()
	out := []scim.SCIMGroup{}
	for i := start; i < len(all) && len(out) < n; i++ {
		g := all[i]
		out = append(out, scim.SCIMGroup{GroupID: g.ID, GroupName: g.DisplayName, OrganizationID: c.OrganizationID, ConnectionID: c.ConnectionID})
	}
	next := ""
	if start+len(out) < len(all) {
		next = strconv.Itoa(start + len(out))
	}
	return out, next, nil
}

// scimMemberStub returns a new, active member of org for a SCIM user.
func scimMemberStub(p *state.Project, orgID, email string, now time.Time) organizations.Member {
	return organizations.Member{
		OrganizationID:        orgID,
		MemberID:              ids.NewID("member", p.Env),
		EmailAddress:          email,
		Status:                organizations.StatusActive,
		SSORegistrations:      []organizations.SSORegistration{},
		OAuthRegistrations:    []organizations.OAuthRegistration{},
		RetiredEmailAddresses: []organizations.RetiredEmail{},
		TrustedMetadata:       map[string]any{},
		UntrustedMetadata:     map[string]any{},
		CreatedAt:             &now,
		UpdatedAt:             state.CloneTime(&now),
	}
}
