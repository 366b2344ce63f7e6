package api

import (
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Connected apps of organizations and members: the apps registered with
// POST /mock/connected_apps that members have authorized (a consent, or a
// live refresh token of a first-party app), read from the authorization
// server's state.

// orgGrants returns, by app client ID, the organization's members who
// authorized the app and the scopes each granted, members in creation order.
// Callers hold p.Mu.
func orgGrants(p *state.Project, orgID string, now time.Time) map[string][]organizations.OrganizationConnectedAppActiveMember {
	out := map[string][]organizations.OrganizationConnectedAppActiveMember{}
	for _, r := range p.MembersOf(orgID) {
		if r.Member.Status == organizations.StatusDeleted {
			continue
		}
		for clientID, scopes := range p.IDP.GrantedScopes(r.Member.MemberID, now) {
			if p.IDP.Apps[clientID] == nil {
				continue
			}
			out[clientID] = append(out[clientID], organizations.OrganizationConnectedAppActiveMember{MemberID: r.Member.MemberID, GrantedScopes: scopes})
		}
	}
	return out
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func handleOrgConnectedApps(rc *httpkit.Call) (any, error) {
	return rc.ReadOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		res := &organizations.ConnectedAppsResponse{ConnectedApps: []organizations.OrganizationConnectedApp{}}
		for _, id := range sortedKeys(orgGrants(p, org.Org.OrganizationID, rc.Now)) {
			a := p.IDP.Apps[id]
			res.ConnectedApps = append(res.ConnectedApps, organizations.OrganizationConnectedApp{
				ConnectedAppID: a.ClientID, Name: a.Name, Description: a.Description, ClientType: a.ClientType, LogoURL: a.LogoURL,
			})
		}
		return res, nil
	})
}

func handleOrgGetConnectedApp(rc *httpkit.Call) (any, error) {
	return rc.ReadOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		a := p.IDP.Apps[rc.Param("connected_app_id")]
		if a == nil {
			return nil, apierr.NotFound("connected_app_not_found", "Connected app %q was not found.", rc.Param("connected_app_id"))
		}
		members := orgGrants(p, org.Org.OrganizationID, rc.Now)[a.ClientID]
		if members == nil {
			members = []organizations.OrganizationConnectedAppActiveMember{}
		}
		return &organizations.GetConnectedAppResponse{
			ConnectedAppID: a.ClientID, Name: a.Name, Description: a.Description, ClientType: a.ClientType,
			LogoURL: a.LogoURL, ActiveMembers: members,
		}, nil
	})
}

func handleMemberConnectedApps(rc *httpkit.Call) (any, error) {
	p := rc.Project
	return readMember(rc, func(r *state.MemberRecord) (any, *apierr.Error) {
		res := &organizations.MembersGetConnectedAppsResponse{ConnectedApps: []organizations.MemberConnectedApp{}}
		grants := p.IDP.GrantedScopes(r.Member.MemberID, rc.Now)
		for _, id := range sortedKeys(grants) {
			a := p.IDP.Apps[id]
			if a == nil {
				continue
			}
			res.ConnectedApps = append(res.ConnectedApps, organizations.MemberConnectedApp{
				ConnectedAppID: a.ClientID, Name: a.Name, Description: a.Description, ClientType: a.ClientType,
				ScopesGranted: strings.Join(grants[id], " "), LogoURL: a.LogoURL,
			})
		}
		return res, nil
	})
}

// handleMemberRevokeConnectedApp withdraws the member's authorization of an
// app: its consent and the app's refresh tokens for the member, so the next
// authorization asks again and introspection of those tokens answers
// inactive.
func handleMemberRevokeConnectedApp(rc *httpkit.Call) (any, error) {
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	org, r, err := orgAndMember(p, rc)
	if err != nil {
		return nil, err
	}
	if err := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, r.Member.MemberID, flows.MemberRouteChecks[rc.Action()]...); err != nil {
		return nil, err
	}
	id := rc.Param("connected_app_id")
	if _, granted := p.IDP.GrantedScopes(r.Member.MemberID, rc.Now)[id]; !granted || p.IDP.Apps[id] == nil {
		return nil, apierr.NotFound("connected_app_not_found", "Connected app %q was not found for this member.", id)
	}
	p.IDP.Revoke(r.Member.MemberID, id)
	return &organizations.MembersConnectedAppsRevokeResponse{}, nil
}
