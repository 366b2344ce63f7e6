package scim

import (
	"net/http"

	escim "github.com/elimity-com/scim"
	"github.com/elimity-com/scim/optional"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// groups serves /Groups for one target.
type groups struct{ t Target }

// groupResource is the SCIM view of a stored group. Callers hold p.Mu.
func groupResource(c *state.SCIMConnRecord, g *state.SCIMGroupRecord) escim.Resource {
	members := []any{}
	for _, id := range g.Members {
		m := map[string]any{"value": id}
		if u := c.Users[id]; u != nil {
			m["display"] = u.UserName
		}
		members = append(members, m)
	}
	res := escim.Resource{ID: g.ID, Attributes: escim.ResourceAttributes{"displayName": g.DisplayName, "members": members},
		Meta: escim.Meta{Created: &g.Created, LastModified: &g.Modified}}
	if g.ExternalID != "" {
		res.ExternalID = optional.NewString(g.ExternalID)
	}
	return res
}

func (h groups) Create(_ *http.Request, attrs escim.ResourceAttributes) (res escim.Resource, err error) {
	err = h.t.with(true, func(c *state.SCIMConnRecord) error {
		g, serr := flows.SCIMCreateGroup(h.t.Project, c, attrs, h.t.Now)
		if serr != nil {
			return toScimError(serr)
		}
		res = groupResource(c, g)
		return nil
	})
	return res, err
}

// group runs fn with group id under the target's lock.
func (h groups) group(write bool, id string, fn func(c *state.SCIMConnRecord, g *state.SCIMGroupRecord) error) error {
	return h.t.with(write, func(c *state.SCIMConnRecord) error {
		g := c.Groups[id]
		if g == nil {
			return toScimError(flows.SCIMNotFound("Group", id))
		}
		return fn(c, g)
	})
}

func (h groups) Get(_ *http.Request, id string) (res escim.Resource, err error) {
	err = h.group(false, id, func(c *state.SCIMConnRecord, g *state.SCIMGroupRecord) error {
		res = groupResource(c, g)
		return nil
	})
	return res, err
}

func (h groups) GetAll(_ *http.Request, params escim.ListRequestParams) (out escim.Page, err error) {
	err = h.t.with(false, func(c *state.SCIMConnRecord) error {
		var all []escim.Resource
		for _, g := range c.SortedGroups() {
			all = append(all, groupResource(c, g))
		}
		out = page(all, params)
		return nil
	})
	return out, err
}

func (h groups) Replace(_ *http.Request, id string, attrs escim.ResourceAttributes) (res escim.Resource, err error) {
	err = h.group(true, id, func(c *state.SCIMConnRecord, g *state.SCIMGroupRecord) error {
		if serr := flows.SCIMReplaceGroup(c, g, attrs, h.t.Now); serr != nil {
			return toScimError(serr)
		}
		res = groupResource(c, g)
		return nil
	})
	return res, err
}

func (h groups) Delete(_ *http.Request, id string) error {
	return h.group(true, id, func(c *state.SCIMConnRecord, g *state.SCIMGroupRecord) error {
		flows.SCIMDeleteGroup(c, g)
		return nil
	})
}

func (h groups) Patch(_ *http.Request, id string, ops []escim.PatchOperation) (res escim.Resource, err error) {
	err = h.group(true, id, func(c *state.SCIMConnRecord, g *state.SCIMGroupRecord) error {
		attrs := map[string]any(groupResource(c, g).Attributes)
		if g.ExternalID != "" {
			attrs["externalId"] = g.ExternalID
		}
		if err := ApplyPatch(attrs, ops); err != nil {
			return asScimErr(err)
		}
		if serr := flows.SCIMReplaceGroup(c, g, attrs, h.t.Now); serr != nil {
			return toScimError(serr)
		}
		res = groupResource(c, g)
		return nil
	})
	return res, err
}
