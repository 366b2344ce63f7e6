package engine

import (
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

type jwksResponse struct {
	Keys       []sessions.JWK `json:"keys"`
	RequestID  string         `json:"request_id"`
	StatusCode int            `json:"status_code"`
}

// handleJWKS serves a project's public keys. Like Stytch's, it needs no
// credentials: the project is named in the path.
func (e *Engine) handleJWKS(rc *httpkit.Call) (any, error) {
	p := e.Project(rc.Param("project_id"))
	if p == nil {
		return nil, apierr.NotFound("project_not_found", "Project %q was not found.", rc.Param("project_id"))
	}
	if aerr := verticalError(rc.Route, p); aerr != nil {
		return nil, aerr
	}
	keys, err := p.Keys.Published(p.Clock.Now())
	if err != nil {
		return nil, err
	}
	return &jwksResponse{Keys: keys}, nil
}
