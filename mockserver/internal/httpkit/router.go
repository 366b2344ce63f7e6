package httpkit

import (
	"net/http"
	"net/url"
	"strings"
)

// HandlerFunc serves one endpoint. It returns a pointer to the value to
// send as JSON (its request_id and status_code are stamped by WriteJSON) or
// an error; an *apierr.Error is sent as is, any other error as a 500.
type HandlerFunc func(rc *Call) (any, error)

// Route is one endpoint, with every fact about it.
type Route struct {
	Method  string
	Pattern string // e.g. /v1/b2b/organizations/{organization_id}
	Action  string // event-log action name, e.g. B2BOrganizationsGet
	Handler HandlerFunc
	// Public routes need no project credentials.
	Public bool
	// ReadOnly marks a POST that only reads (a search): it never writes
	// the data directory. GET and HEAD routes are read-only anyway.
	ReadOnly bool
	// StrictBody refuses body fields the handler does not know (the admin
	// routes); API routes ignore them, as Stytch does.
	StrictBody bool
	// MaxBody is the largest body read; 0 means MaxBodyBytes.
	MaxBody int64
	// Vertical, when set, is the only kind of project the route serves
	// (state.VerticalB2B or state.VerticalConsumer); project-level routes
	// leave it empty and serve both.
	Vertical string
}

// Writes reports whether a successful call of the route may change state.
func (r *Route) Writes() bool {
	return r.Method != http.MethodGet && r.Method != http.MethodHead && !r.ReadOnly
}

// Router matches request paths segment by segment. A literal segment beats a
// {param} segment at the same depth, so /members/passwords/{id} and
// /members/{member_id}/totp can coexist (net/http's ServeMux rejects such
// pairs as conflicting).
type Router struct {
	root node
}

type node struct {
	literal map[string]*node
	param   *node
	name    string            // parameter name when this node is a {param}
	routes  map[string]*Route // by method
}

// Add adds a route; adding two routes with the same method and pattern
// panics, since the table is fixed at start-up.
func (rt *Router) Add(r *Route) {
	n := &rt.root
	for _, seg := range splitPath(r.Pattern) {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			name := seg[1 : len(seg)-1]
			if n.param == nil {
				n.param = &node{name: name}
			} else if n.param.name != name {
				panic("router: conflicting parameter names at " + r.Pattern)
			}
			n = n.param
			continue
		}
		if n.literal == nil {
			n.literal = map[string]*node{}
		}
		next := n.literal[seg]
		if next == nil {
			next = &node{}
			n.literal[seg] = next
		}
		n = next
	}
	if n.routes == nil {
		n.routes = map[string]*Route{}
	}
	if _, dup := n.routes[r.Method]; dup {
		panic("router: duplicate route " + r.Method + " " + r.Pattern)
	}
	n.routes[r.Method] = r
}

// Match finds the route for method and the escaped path. A literal segment
// wins over a parameter, unless only the parameter's branch serves the
// method. When the path exists under other methods only, it returns
// pathKnown true and a nil route.
func (rt *Router) Match(method, path string) (r *Route, params map[string]string, pathKnown bool) {
	segs, ok := SplitEscapedPath(path)
	if !ok {
		return nil, nil, false
	}
	if method == http.MethodHead {
		method = http.MethodGet
	}
	n, vals := rt.root.find(segs, method, nil)
	if n == nil {
		any, _ := rt.root.find(segs, "", nil)
		return nil, nil, any != nil
	}
	if len(vals) > 0 {
		params = make(map[string]string, len(vals))
		for _, v := range vals {
			params[v[0]] = v[1]
		}
	}
	return n.routes[method], params, true
}

// find returns the node serving segs for method ("" for any method).
func (n *node) find(segs []string, method string, vals [][2]string) (*node, [][2]string) {
	if len(segs) == 0 {
		if method == "" && len(n.routes) > 0 || n.routes[method] != nil {
			return n, vals
		}
		return nil, nil
	}
	seg := segs[0]
	if next := n.literal[seg]; next != nil {
		if found, v := next.find(segs[1:], method, vals); found != nil {
			return found, v
		}
	}
	if n.param != nil && seg != "" {
		if found, v := n.param.find(segs[1:], method, append(vals, [2]string{n.param.name, seg})); found != nil {
			return found, v
		}
	}
	return nil, nil
}

// splitPath splits a route pattern into segments.
func splitPath(p string) []string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// SplitEscapedPath splits an escaped request path into unescaped segments, so
// that an identifier containing an escaped "/" stays one segment.
func SplitEscapedPath(p string) ([]string, bool) {
	segs := splitPath(p)
	for i, s := range segs {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, false
		}
		segs[i] = u
	}
	return segs, true
}
