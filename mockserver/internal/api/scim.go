package api

import (
	"net/http"
	"net/url"

	"github.com/stytchkit/stytch-go/b2b/scim"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SCIMBaseURL is the mock's SCIM 2.0 endpoint of a connection, on the host
// the request came to.
func SCIMBaseURL(r *http.Request, connID string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/v1/b2b/scim/" + url.PathEscape(connID)
}

// scimCheck is the RBAC check of a SCIM connection call made as a member.
func scimCheck(action string) flows.ActionCheck {
	return flows.ActionCheck{Resource: "stytch.scim", Action: action}
}

func handleSCIMConnCreate(rc *httpkit.Call) (any, error) {
	var b struct {
		DisplayName      string  `json:"display_name"`
		IdentityProvider *string `json:"identity_provider"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if err := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, "", scimCheck("create")); err != nil {
			return nil, err
		}
		idp := ""
		if b.IdentityProvider != nil {
			idp = *b.IdentityProvider
		}
		c, token, err := flows.CreateSCIMConn(p, org, b.DisplayName, idp, rc.Now)
		if err != nil {
			return nil, err
		}
		v := flows.SCIMConnView(c, SCIMBaseURL(rc.Request, c.ConnectionID))
		return &scim.ConnectionCreateResponse{Connection: &scim.SCIMConnectionWithToken{
			OrganizationID: v.OrganizationID, ConnectionID: v.ConnectionID, Status: v.Status, DisplayName: v.DisplayName,
			IdentityProvider: v.IdentityProvider, BaseURL: v.BaseURL, BearerToken: token,
			SCIMGroupImplicitRoleAssignments: v.SCIMGroupImplicitRoleAssignments,
		}}, nil
	})
}

func handleSCIMConnGet(rc *httpkit.Call) (any, error) {
	return rc.ReadOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if err := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, "", scimCheck("get")); err != nil {
			return nil, err
		}
		c := p.SCIMConnOf(org.Org.OrganizationID)
		if c == nil {
			_, err := flows.FindSCIMConn(p, org, "")
			return nil, err
		}
		v := flows.SCIMConnView(c, SCIMBaseURL(rc.Request, c.ConnectionID))
		return &scim.ConnectionGetResponse{Connection: &v}, nil
	})
}

// withSCIMConn runs fn under the project's write lock (or read lock when
// write is false) with the connection the path names, after the RBAC
// check of a call made as a member.
func withSCIMConn(rc *httpkit.Call, write bool, action string, fn func(p *state.Project, org *state.OrgRecord, c *state.SCIMConnRecord) (any, error)) (any, error) {
	run := rc.ReadOrg
	if write {
		run = rc.WriteOrg
	}
	return run(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if err := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, "", scimCheck(action)); err != nil {
			return nil, err
		}
		c, err := flows.FindSCIMConn(p, org, rc.Param("connection_id"))
		if err != nil {
			return nil, err
		}
		return fn(p, org, c)
	})
}

func handleSCIMConnUpdate(rc *httpkit.Call) (any, error) {
	var b flows.SCIMConnUpdate
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return withSCIMConn(rc, true, "update", func(p *state.Project, org *state.OrgRecord, c *state.SCIMConnRecord) (any, error) {
		if err := flows.UpdateSCIMConn(p, org, c, &b, rc.Now); err != nil {
			return nil, err
		}
		v := flows.SCIMConnView(c, SCIMBaseURL(rc.Request, c.ConnectionID))
		return &scim.ConnectionUpdateResponse{Connection: &v}, nil
	})
}

func handleSCIMConnDelete(rc *httpkit.Call) (any, error) {
	return withSCIMConn(rc, true, "delete", func(p *state.Project, org *state.OrgRecord, c *state.SCIMConnRecord) (any, error) {
		flows.DeleteSCIMConn(p, org, c, rc.Now)
		return &scim.ConnectionDeleteResponse{ConnectionID: c.ConnectionID}, nil
	})
}

func handleSCIMConnGetGroups(rc *httpkit.Call) (any, error) {
	return withSCIMConn(rc, false, "get", func(p *state.Project, org *state.OrgRecord, c *state.SCIMConnRecord) (any, error) {
		groups, next, err := flows.SCIMGroupsPage(c, rc.Query("cursor"), rc.Query("limit"))
		if err != nil {
			return nil, err
		}
		return &scim.ConnectionGetGroupsResponse{SCIMGroups: groups, NextCursor: next}, nil
	})
}

func handleSCIMRotateStart(rc *httpkit.Call) (any, error) {
	return withSCIMConn(rc, true, "update", func(p *state.Project, org *state.OrgRecord, c *state.SCIMConnRecord) (any, error) {
		token := flows.RotateSCIMStart(c)
		v := flows.SCIMConnView(c, SCIMBaseURL(rc.Request, c.ConnectionID))
		return &scim.ConnectionRotateStartResponse{Connection: &scim.SCIMConnectionWithNextToken{
			OrganizationID: v.OrganizationID, ConnectionID: v.ConnectionID, Status: v.Status, DisplayName: v.DisplayName,
			BaseURL: v.BaseURL, IdentityProvider: v.IdentityProvider, BearerTokenLastFour: v.BearerTokenLastFour,
			NextBearerToken: token, SCIMGroupImplicitRoleAssignments: v.SCIMGroupImplicitRoleAssignments,
		}}, nil
	})
}

func handleSCIMRotateComplete(rc *httpkit.Call) (any, error) {
	return withSCIMConn(rc, true, "update", func(p *state.Project, org *state.OrgRecord, c *state.SCIMConnRecord) (any, error) {
		if err := flows.RotateSCIMComplete(p, org, c, rc.Now); err != nil {
			return nil, err
		}
		v := flows.SCIMConnView(c, SCIMBaseURL(rc.Request, c.ConnectionID))
		return &scim.ConnectionRotateCompleteResponse{Connection: &v}, nil
	})
}

func handleSCIMRotateCancel(rc *httpkit.Call) (any, error) {
	return withSCIMConn(rc, true, "update", func(p *state.Project, org *state.OrgRecord, c *state.SCIMConnRecord) (any, error) {
		if err := flows.RotateSCIMCancel(c); err != nil {
			return nil, err
		}
		v := flows.SCIMConnView(c, SCIMBaseURL(rc.Request, c.ConnectionID))
		return &scim.ConnectionRotateCancelResponse{Connection: &v}, nil
	})
}
