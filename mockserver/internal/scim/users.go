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

// userAttrs is the library's attribute map as flows takes it.
func userAttrs(attrs escim.ResourceAttributes) map[string]any {
	return map[string]any(attrs)
}

func (h users) Create(_ *http.Request, attrs escim.ResourceAttributes) (res escim.Resource, err error) {
	err = h.t.with(true, func(c *state.SCIMConnRecord) error {
		u, serr := flows.SCIMCreateUser(h.t.Project, c, userAttrs(attrs), h.t.Now)
		if serr != nil {
			return toScimError(serr)
		}
		res = userResource(c, u)
		return nil
	})
	return res, err
}

// user runs fn with user id under the target's lock.
func (h users) user(write bool, id string, fn func(c *state.SCIMConnRecord, u *state.SCIMUserRecord) error) error {
	return h.t.with(write, func(c *state.SCIMConnRecord) error {
		u := c.Users[id]
		if u == nil {
			return toScimError(flows.SCIMNotFound("User", id))
		}
		return fn(c, u)
	})
}

func (h users) Get(_ *http.Request, id string) (res escim.Resource, err error) {
	err = h.user(false, id, func(c *state.SCIMConnRecord, u *state.SCIMUserRecord) error {
		res = userResource(c, u)
		return nil
	})
	return res, err
}

func (h users) GetAll(_ *http.Request, params escim.ListRequestParams) (out escim.Page, err error) {
	err = h.t.with(false, func(c *state.SCIMConnRecord) error {
		var all []escim.Resource
		for _, u := range c.SortedUsers() {
			all = append(all, userResource(c, u))
		}
		out = page(all, params)
		return nil
	})
	return out, err
}

func (h users) Replace(_ *http.Request, id string, attrs escim.ResourceAttributes) (res escim.Resource, err error) {
	err = h.user(true, id, func(c *state.SCIMConnRecord, u *state.SCIMUserRecord) error {
		if serr := flows.SCIMReplaceUser(h.t.Project, c, u, userAttrs(attrs), h.t.Now); serr != nil {
			return toScimError(serr)
		}
		res = userResource(c, u)
		return nil
	})
	return res, err
}

func (h users) Delete(_ *http.Request, id string) error {
	return h.user(true, id, func(c *state.SCIMConnRecord, u *state.SCIMUserRecord) error {
		flows.SCIMDeleteUser(h.t.Project, c, u, h.t.Now)
		return nil
	})
}

func (h users) Patch(_ *http.Request, id string, ops []escim.PatchOperation) (res escim.Resource, err error) {
	err = h.user(true, id, func(c *state.SCIMConnRecord, u *state.SCIMUserRecord) error {
		attrs := userResource(c, u).Attributes
		delete(attrs, "groups")
		if u.ExternalID != "" {
			attrs["externalId"] = u.ExternalID
		}
		if err := ApplyPatch(attrs, ops); err != nil {
			return asScimErr(err)
		}
		if serr := flows.SCIMReplaceUser(h.t.Project, c, u, attrs, h.t.Now); serr != nil {
			return toScimError(serr)
		}
		res = userResource(c, u)
		return nil
	})
	return res, err
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
