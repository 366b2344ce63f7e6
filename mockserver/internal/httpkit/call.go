package httpkit

import (
	"errors"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// Call is what a handler knows about its request: the HTTP request, the
// project its credentials name (nil on public routes), the route's facts,
// the path parameters, the body, and the project's time of the call.
type Call struct {
	Request   *http.Request
	Project   *state.Project
	Route     *Route
	RequestID string
	Params    map[string]string
	Now       time.Time
	Body      []byte

	// Persisted is set by handlers that wrote the data directory
	// themselves; PersistID by handlers whose changed project is not
	// Project.
	Persisted bool
	PersistID string

	// Outbound is the client for the mock's own outbound requests (see
	// OutboundPolicy); nil means loopback only.
	Outbound *http.Client
}

// Param returns a path parameter.
func (rc *Call) Param(name string) string { return rc.Params[name] }

// Query returns a query-string parameter.
func (rc *Call) Query(name string) string { return rc.Request.URL.Query().Get(name) }

// Action is the route's event-log action name.
func (rc *Call) Action() string { return rc.Route.Action }

// Actor returns who the call runs as: the member-session headers it carried.
func (rc *Call) Actor() flows.Actor {
	h := rc.Request.Header
	return flows.Actor{SessionToken: h.Get(flows.HeaderMemberSession), SessionJWT: h.Get(flows.HeaderMemberSessionJWT), Now: rc.Now}
}

// Decode reads the JSON body into v: an empty body decodes as {}, and on a
// route with StrictBody a field v does not have is refused. Malformed JSON
// and values of the wrong type are 400 errors that name the problem.
func (rc *Call) Decode(v any) error {
	return DecodeBody(rc.Body, v, rc.Route != nil && rc.Route.StrictBody)
}

// DecodeBody decodes a request body as Call.Decode does; strict refuses
// unknown fields.
func DecodeBody(body []byte, v any, strict bool) error {
	err := wire.Decode(body, v, strict, true)
	if err == nil {
		return nil
	}
	var typeErr *wire.TypeError
	var unknown *wire.UnknownFieldError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return apierr.BadRequest("invalid_request_value", "The value of %s must be of type %s, not %s.", typeErr.Field, typeErr.Want, typeErr.Got)
	case errors.As(err, &typeErr):
		return apierr.BadRequest("invalid_request_value", "The request body must be a JSON object.")
	case errors.As(err, &unknown):
		return apierr.BadRequest("invalid_request_value", "The request body has an unknown field %s.", apierr.Excerpt(unknown.Name, 80))
	case errors.Is(err, wire.ErrTrailing):
		return apierr.BadRequest("bad_request", "The request body must hold exactly one JSON object.")
	}
	return apierr.BadRequest("bad_request", "The request body is not valid JSON.")
}

// ReadOrg runs read under a read lock of the call's project with the
// organization orgID names; an unknown organization is its 404.
func (rc *Call) ReadOrg(orgID string, read func(p *state.Project, org *state.OrgRecord) (any, error)) (any, error) {
	rc.Project.Mu.RLock()
	defer rc.Project.Mu.RUnlock()
	return rc.withOrg(orgID, read)
}

// WriteOrg runs write under the write lock of the call's project with the
// organization orgID names; an unknown organization is its 404.
func (rc *Call) WriteOrg(orgID string, write func(p *state.Project, org *state.OrgRecord) (any, error)) (any, error) {
	rc.Project.Mu.Lock()
	defer rc.Project.Mu.Unlock()
	return rc.withOrg(orgID, write)
}

// withOrg runs fn with the organization orgID names. Callers hold
// Project.Mu.
func (rc *Call) withOrg(orgID string, fn func(p *state.Project, org *state.OrgRecord) (any, error)) (any, error) {
	org, err := rc.Project.FindOrg(orgID)
	if err != nil {
		return nil, err
	}
	return fn(rc.Project, org)
}
