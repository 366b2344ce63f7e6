// Package scim is the mock's SCIM 2.0 service (RFC 7643, RFC 7644): the
// endpoint an identity provider (Okta, Microsoft Entra ID, ...) calls at a
// SCIM connection's base_url, /v1/b2b/scim/{connection_id}, authenticated
// by the connection's bearer token.
//
// The protocol (routing, schemas, resource validation, filters, PATCH
// parsing, list responses and the SCIM error format) is
// github.com/elimity-com/scim. This package binds its resource handlers to
// one connection of one project per request, and applies PATCH operations
// to stored attributes; what a change does to members is in flows.
package scim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	escim "github.com/elimity-com/scim"
	scimerr "github.com/elimity-com/scim/errors"
	"github.com/elimity-com/scim/optional"
	"github.com/elimity-com/scim/schema"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// PathPrefix starts every SCIM service path; the connection ID follows.
const PathPrefix = "/v1/b2b/scim/"

// MaxResults is the largest page a list answers with.
const MaxResults = 100

// SplitPath splits an escaped request path of the SCIM service into the
// connection ID and the rest ("/Users/..."). It reports false for paths
// that are not the SCIM service's: the connection API's
// /v1/b2b/scim/{organization_id}/connection... routes among them.
func SplitPath(escaped string) (connID, rest string, ok bool) {
	tail, found := strings.CutPrefix(escaped, PathPrefix)
	if !found {
		return "", "", false
	}
	connID, rest, _ = strings.Cut(tail, "/")
	if connID == "" || rest == "connection" || strings.HasPrefix(rest, "connection/") {
		return "", "", false
	}
	if !strings.HasPrefix(connID, "scim-connection-") {
		return "", "", false
	}
	return connID, "/" + rest, true
}

// Action names a SCIM request in the event log, e.g. SCIMUsersCreate, and
// gives the route pattern it is logged under.
func Action(method, rest string) (action, pattern string) {
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	res := segs[0]
	switch res {
	case "Users", "Groups":
	case "ServiceProviderConfig", "ResourceTypes", "Schemas":
		return "SCIM" + res, PathPrefix + "{connection_id}/" + res
	default:
		return "SCIMUnknown", PathPrefix + "{connection_id}"
	}
	pattern = PathPrefix + "{connection_id}/" + res
	byID := len(segs) > 1
	if byID {
		pattern += "/{id}"
	}
	op := ""
	switch method {
	case http.MethodPost:
		op = "Create"
	case http.MethodGet:
		op = "List"
		if byID {
			op = "Get"
		}
	case http.MethodPut:
		op = "Replace"
	case http.MethodPatch:
		op = "Patch"
	case http.MethodDelete:
		op = "Delete"
	default:
		op = "Other"
	}
	return "SCIM" + res + op, pattern
}

// Writes reports whether a SCIM request may change state.
func Writes(method string) bool {
	return method != http.MethodGet && method != http.MethodHead
}

// Authenticate reports whether the Authorization header carries a bearer
// token of connection connID of p. It takes p.Mu for reading.
func Authenticate(p *state.Project, connID, authorization string) (orgID string, ok bool) {
	scheme, token, found := strings.Cut(authorization, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	c := p.SCIM.Conns[connID]
	if c == nil || !c.CheckToken(strings.TrimSpace(token)) {
		return "", false
	}
	return c.OrganizationID, true
}

// HasConn reports whether p has the connection. It takes p.Mu for reading.
func HasConn(p *state.Project, connID string) bool {
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	return p.SCIM.Conns[connID] != nil
}

// WriteError sends a SCIM error (RFC 7644 §3.12).
func WriteError(w http.ResponseWriter, status int, scimType, detail string) {
	w.Header().Set("Content-Type", "application/scim+json")
	w.WriteHeader(status)
	body, _ := json.Marshal(scimerr.ScimError{Status: status, ScimType: scimerr.ScimType(scimType), Detail: detail})
	_, _ = w.Write(body)
}

// Target is what one request acts on: a connection of a project, at the
// project's time of the call.
type Target struct {
	Project *state.Project
	ConnID  string
	Now     time.Time
	// BaseURL is the connection's base_url, for meta.location.
	BaseURL string
}

// Serve answers one authenticated SCIM request whose path is rest (the
// part after the base URL) and whose body has been read into body.
func Serve(w http.ResponseWriter, r *http.Request, t Target, rest string, body []byte) {
	srv, err := escim.NewServer(&escim.ServerArgs{
		ServiceProviderConfig: &escim.ServiceProviderConfig{
			DocumentationURI: optional.NewString("https://stytch.com/docs/b2b/guides/scim/overview"),
			AuthenticationSchemes: []escim.AuthenticationScheme{{
				Type: escim.AuthenticationTypeOauthBearerToken, Name: "OAuth Bearer Token",
				Description: "The SCIM connection's bearer token, sent as Authorization: Bearer <token>.", Primary: true,
			}},
			MaxResults: MaxResults, SupportFiltering: true, SupportPatch: true,
		},
		ResourceTypes: []escim.ResourceType{
			{
				ID: optional.NewString("User"), Name: "User", Endpoint: "/Users", Description: optional.NewString("User Account"),
				Schema:           schema.CoreUserSchema(),
				SchemaExtensions: []escim.SchemaExtension{{Schema: schema.ExtensionEnterpriseUser()}},
				Handler:          users{t},
			},
			{
				ID: optional.NewString("Group"), Name: "Group", Endpoint: "/Groups", Description: optional.NewString("Group"),
				Schema: schema.CoreGroupSchema(), Handler: groups{t},
			},
		},
	}, escim.WithBaseURL(t.BaseURL))
	if err != nil {
		WriteError(w, http.StatusInternalServerError, "", "The SCIM service could not start.")
		return
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path, r2.URL.RawPath = rest, ""
	if q := r2.URL.Query(); q.Has("filter") {
		q.Set("filter", NormalizeFilter(q.Get("filter")))
		r2.URL.RawQuery = q.Encode()
	}
	r2.Body = io.NopCloser(bytes.NewReader(body))
	srv.ServeHTTP(w, r2)
}

// subAttrFilter matches the non-standard value-path filter some identity
// providers send, attr[valFilter].sub op value.
var subAttrFilter = regexp.MustCompile(`^\s*([A-Za-z][\w:.-]*)\[([^\]]+)\]\.([A-Za-z]\w*)\s+(eq|ne|co|sw|ew|gt|lt|ge|le)\s+(.+?)\s*$`)

// NormalizeFilter rewrites attr[valFilter].sub op value, which identity
// providers send (emails[type eq "work"].value eq "a@b.c") but RFC 7644's
// grammar lacks, into the equivalent attr[valFilter and sub op value].
// Other filters are returned as they are.
func NormalizeFilter(f string) string {
	if len(f) > 4096 {
		return f
	}
	m := subAttrFilter.FindStringSubmatch(f)
	if m == nil {
		return f
	}
	if strings.Contains(strings.ToLower(m[2]), " or ") {
		return f // no sound rewrite without grouping, which the grammar lacks here
	}
	return m[1] + "[" + m[2] + " and " + m[3] + " " + m[4] + " " + m[5] + "]"
}

// toScimError converts a domain error of flows into the library's error.
func toScimError(err *flows.SCIMError) error {
	if err == nil {
		return nil
	}
	return scimerr.ScimError{Status: err.Status, ScimType: scimerr.ScimType(err.ScimType), Detail: err.Detail}
}

// errConnGone is the answer when the connection was deleted after the
// request was authenticated.
var errConnGone = scimerr.ScimError{Status: http.StatusUnauthorized, Detail: "The SCIM connection no longer exists."}

// conn returns the target's connection. Callers hold p.Mu.
func (t Target) conn() (*state.SCIMConnRecord, error) {
	c := t.Project.SCIM.Conns[t.ConnID]
	if c == nil {
		return nil, errConnGone
	}
	return c, nil
}

// with runs fn with the target's connection under the project's lock:
// the write lock when write is set, else the read lock.
func (t Target) with(write bool, fn func(c *state.SCIMConnRecord) error) error {
	p := t.Project
	if write {
		p.Mu.Lock()
		defer p.Mu.Unlock()
	} else {
		p.Mu.RLock()
		defer p.Mu.RUnlock()
	}
	c, err := t.conn()
	if err != nil {
		return err
	}
	return fn(c)
}

// asScimErr turns any error into one the library can send.
func asScimErr(err error) error {
	var se scimerr.ScimError
	if errors.As(err, &se) {
		return se
	}
	return scimerr.ScimError{Status: http.StatusBadRequest, ScimType: scimerr.ScimTypeInvalidValue, Detail: err.Error()}
}
