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

func (h groups) Create(_ *http.Request, attrs escim.ResourceAttributes) (escim.Resource, error) {
	p := h.t.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, err := h.t.conn()
	if err != nil {
		return escim.Resource{}, err
	}
	g, serr := flows.SCIMCreateGroup(p, c, attrs, h.t.Now)
	if serr != nil {
		return escim.Resource{}, toScimError(serr)
	}
	return groupResource(c, g), nil
}

func (h groups) Get(_ *http.Request, id string) (escim.Resource, error) {
	p := h.t.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	c, err := h.t.conn()
	if err != nil {
		return escim.Resource{}, err
	}
	g := c.Groups[id]
	if g == nil {
		return escim.Resource{}, toScimError(flows.SCIMNotFound("Group", id))
	}
	return groupResource(c, g), nil
}

func (h groups) GetAll(_ *http.Request, params escim.ListRequestParams) (escim.Page, error) {
	p := h.t.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	c, err := h.t.conn()
	if err != nil {
		return escim.Page{}, err
	}
	var all []escim.Resource
	for _, g := range c.SortedGroups() {
		all = append(all, groupResource(c, g))
	}
	return page(all, params), nil
}

func (h groups) Replace(_ *http.Request, id string, attrs escim.ResourceAttributes) (escim.Resource, error) {
	p := h.t.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, err := h.t.conn()
	if err != nil {
		return escim.Resource{}, err
	}
	g := c.Groups[id]
	if g == nil {
		return escim.Resource{}, toScimError(flows.SCIMNotFound("Group", id))
	}
	if serr := flows.SCIMReplaceGroup(c, g, attrs, h.t.Now); serr != nil {
		return escim.Resource{}, toScimError(serr)
	}
	return groupResource(c, g), nil
}

func (h groups) Delete(_ *http.Request, id string) error {
	p := h.t.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, err := h.t.conn()
	if err != nil {
		return err
	}
	g := c.Groups[id]
	if g == nil {
		return toScimError(flows.SCIMNotFound("Group", id))
	}
	flows.SCIMDeleteGroup(c, g)
	return nil
}

func (h groups) Patch(_ *http.Request, id string, ops []escim.PatchOperation) (escim.Resource, error) {
	p := h.t.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, err := h.t.conn()
	if err != nil {
		return escim.Resource{}, err
	}
	g := c.Groups[id]
	if g == nil {
		return escim.Resource{}, toScimError(flows.SCIMNotFound("Group", id))
	}
	cur := groupResource(c, g)
	attrs := map[string]any(cur.Attributes)
	if g.ExternalID != "" {
		attrs["externalId"] = g.ExternalID
	}
	if err := ApplyPatch(attrs, ops); err != nil {
		return escim.Resource{}, asScimErr(err)
	}
	if serr := flows.SCIMReplaceGroup(c, g, attrs, h.t.Now); serr != nil {
		return escim.Resource{}, toScimError(serr)
	}
	return groupResource(c, g), nil
}
