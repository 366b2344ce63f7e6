package httpkit

import (
	"net/http"
	"net/url"
	"strings"
)

// handlerFunc serves one API endpoint. It returns the value to send as JSON
// (which must carry request_id and status_code) or an error; an *apiError is
// sent as is, any other error as a 500.
type HandlerFunc func(rc *ReqCtx) (any, error)

// route is one API endpoint.
type Route struct {
	Method  string
	Pattern string // e.g. /v1/b2b/organizations/{organization_id}
	Action  string // event-log action name, e.g. B2BOrganizationsGet
	Handler HandlerFunc
	Public  bool  // true for admin routes that need no project credentials
	MaxBody int64 // largest body read; 0 means MaxBodyBytes
}

// router matches request paths segment by segment. A literal segment beats a
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

// match finds the route for method and the escaped path. A literal segment
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

// splitEscapedPath splits an escaped request path into unescaped segments, so
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
