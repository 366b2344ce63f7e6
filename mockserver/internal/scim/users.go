package scim

import (
	"net/http"
	"strings"

	escim "github.com/elimity-com/scim"
	"github.com/elimity-com/scim/optional"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// users serves /Users for one target.
type users struct{ t Target }

// userResource is the SCIM view of a stored user: its attributes with the
// service's own (active, userName, groups). Callers hold p.Mu.
func userResource(c *state.SCIMConnRecord, u *state.SCIMUserRecord) escim.Resource {
	attrs := state.DeepCopyJSON(u.Attributes)
	if attrs == nil {
		attrs = map[string]any{}
	}
	for k := range attrs {
		if strings.EqualFold(k, "externalId") || strings.EqualFold(k, "groups") {
			delete(attrs, k)
		}
	}
	attrs["userName"] = u.UserName
	attrs["active"] = u.Active
	gs := []any{}
	for _, g := range c.GroupsOf(u.ID) {
		gs = append(gs, map[string]any{"value": g.ID, "display": g.DisplayName})
	}
	if len(gs) > 0 {
		attrs["groups"] = gs
	}
	res := escim.Resource{ID: u.ID, Attributes: attrs, Meta: escim.Meta{Created: &u.Created, LastModified: &u.Modified}}
	if u.ExternalID != "" {
		res.ExternalID = optional.NewString(u.ExternalID)
	}
	return res
}

// withExternalID returns attrs with the externalId the library passes
// separately put back.
func userAttrs(attrs escim.ResourceAttributes) map[string]any {
	return map[string]any(attrs)
}

func (h users) Create(_ *http.Request, attrs escim.ResourceAttributes) (escim.Resource, error) {
	p := h.t.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, err := h.t.conn()
	if err != nil {
		return escim.Resource{}, err
	}
	u, serr := flows.SCIMCreateUser(p, c, userAttrs(attrs), h.t.Now)
	if serr != nil {
		return escim.Resource{}, toScimError(serr)
	}
	return userResource(c, u), nil
}

func (h users) Get(_ *http.Request, id string) (escim.Resource, error) {
	p := h.t.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	c, err := h.t.conn()
	if err != nil {
		return escim.Resource{}, err
	}
	u := c.Users[id]
	if u == nil {
		return escim.Resource{}, toScimError(flows.SCIMNotFound("User", id))
	}
	return userResource(c, u), nil
}

func (h users) GetAll(_ *http.Request, params escim.ListRequestParams) (escim.Page, error) {
	p := h.t.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	c, err := h.t.conn()
	if err != nil {
		return escim.Page{}, err
	}
	var all []escim.Resource
	for _, u := range c.SortedUsers() {
		all = append(all, userResource(c, u))
	}
	return page(all, params), nil
}

func (h users) Replace(_ *http.Request, id string, attrs escim.ResourceAttributes) (escim.Resource, error) {
	p := h.t.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, err := h.t.conn()
	if err != nil {
		return escim.Resource{}, err
	}
	u := c.Users[id]
	if u == nil {
		return escim.Resource{}, toScimError(flows.SCIMNotFound("User", id))
	}
	if serr := flows.SCIMReplaceUser(p, c, u, userAttrs(attrs), h.t.Now); serr != nil {
		return escim.Resource{}, toScimError(serr)
	}
	return userResource(c, u), nil
}

func (h users) Delete(_ *http.Request, id string) error {
	p := h.t.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, err := h.t.conn()
	if err != nil {
		return err
	}
	u := c.Users[id]
	if u == nil {
		return toScimError(flows.SCIMNotFound("User", id))
	}
	flows.SCIMDeleteUser(p, c, u, h.t.Now)
	return nil
}

func (h users) Patch(_ *http.Request, id string, ops []escim.PatchOperation) (escim.Resource, error) {
	p := h.t.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, err := h.t.conn()
	if err != nil {
		return escim.Resource{}, err
	}
	u := c.Users[id]
	if u == nil {
		return escim.Resource{}, toScimError(flows.SCIMNotFound("User", id))
	}
	cur := userResource(c, u)
	attrs := cur.Attributes
	delete(attrs, "groups")
	if u.ExternalID != "" {
		attrs["externalId"] = u.ExternalID
	}
	if err := ApplyPatch(attrs, ops); err != nil {
		return escim.Resource{}, asScimErr(err)
	}
	if serr := flows.SCIMReplaceUser(p, c, u, attrs, h.t.Now); serr != nil {
		return escim.Resource{}, toScimError(serr)
	}
	return userResource(c, u), nil
}

// page filters resources and returns the page params ask for.
func page(all []escim.Resource, params escim.ListRequestParams) escim.Page {
	matched := []escim.Resource{}
	for _, r := range all {
		if params.FilterValidator != nil {
			m := map[string]any(r.Attributes)
			view := make(map[string]any, len(m)+2)
			for k, v := range m {
				view[k] = v
			}
			view["id"] = r.ID
			if r.ExternalID.Present() {
				view["externalId"] = r.ExternalID.Value()
			}
			if params.FilterValidator.PassesFilter(view) != nil {
				continue
			}
		}
		matched = append(matched, r)
	}
	start := max(params.StartIndex, 1) - 1
	count := min(max(params.Count, 0), MaxResults)
	out := []escim.Resource{}
	for i := start; i < len(matched) && len(out) < count; i++ {
		out = append(out, matched[i])
	}
	return escim.Page{TotalResults: len(matched), Resources: out}
}
