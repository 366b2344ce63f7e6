package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// CallAdmin runs one of the project's /mock/ routes in process, as if it
// had come over HTTP with the project's credentials, and returns its JSON
// answer. The Go helpers of the mockserver package use it where they have
// no secret to authenticate with. An *apierr.Error reports the route's
// error.
func (e *Engine) CallAdmin(projectID, method, path string, body any) (json.RawMessage, error) {
	p, err := e.mustProject(projectID)
	if err != nil {
		return nil, err
	}
	route, params, _ := e.admin.Match(method, path)
	if route == nil {
		return nil, fmt.Errorf("no admin route %s %s", method, path)
	}
	b := []byte("{}")
	if body != nil {
		if b, err = json.Marshal(body); err != nil {
			return nil, fmt.Errorf("encoding the body of %s: %w", path, err)
		}
	}
	req, err := http.NewRequest(method, path, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	rc := &httpkit.Call{Request: req, Project: p, Route: route, Params: params, Body: b,
		RequestID: ids.NewID("request-id", p.Env), Now: p.Clock.Now()}
	out, err := route.Handler(rc)
	if err != nil {
		return nil, err
	}
	if perr := e.persistAfter(rc, route); perr != nil {
		return nil, apierr.Internal("The change was made but could not be written to the data directory.")
	}
	return json.Marshal(out)
}
