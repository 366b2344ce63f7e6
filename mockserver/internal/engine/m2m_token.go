package engine

import (
	"mime"
	"net/url"
	"strings"

	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// handleM2MToken is the OAuth2 token endpoint of a project: the
// client-credentials grant, authenticated by the M2M client's ID and secret
// in the body (form-encoded or JSON), not by the project's credentials. Its
// errors have the OAuth2 shape.
func (e *Engine) handleM2MToken(rc *httpkit.Call) (any, error) {
	p := e.Project(rc.Param("project_id"))
	if p == nil {
		return nil, apierr.OAuth2(401, "invalid_client", "Client authentication failed: unknown project.")
	}
	req, err := decodeTokenRequest(rc)
	if err != nil {
		return nil, err
	}
	now := p.Clock.Now()
	p.Mu.RLock()
	clientID, scope, gerr := flows.M2MGrant(p, req)
	p.Mu.RUnlock()
	if gerr != nil {
		return nil, gerr
	}
	tok, serr := p.SignM2MToken(clientID, scope, now)
	if serr != nil {
		return nil, serr
	}
	return &m2m.TokenResponse{AccessToken: tok, ExpiresIn: int64(state.M2MTokenLifetime.Seconds()), TokenType: "bearer"}, nil
}

// decodeTokenRequest reads a token request as Stytch accepts it: a JSON
// body when the Content-Type says JSON, a form otherwise. A parameter given
// twice in a form is refused (RFC 6749 §3.2).
func decodeTokenRequest(rc *httpkit.Call) (*flows.M2MTokenRequest, error) {
	var req flows.M2MTokenRequest
	mt, _, _ := mime.ParseMediaType(rc.Request.Header.Get("Content-Type"))
	if mt == "application/json" || strings.HasSuffix(mt, "+json") {
		if err := httpkit.DecodeBody(rc.Body, &req, false); err != nil {
			return nil, apierr.OAuth2(400, "invalid_request", "The request body is not a valid JSON token request.")
		}
		return &req, nil
	}
	form, err := url.ParseQuery(string(rc.Body))
	if err != nil {
		return nil, apierr.OAuth2(400, "invalid_request", "The request body is not a valid form.")
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"grant_type", &req.GrantType}, {"client_id", &req.ClientID}, {"client_secret", &req.ClientSecret}, {"scope", &req.Scope}} {
		if vs := form[f.name]; len(vs) > 1 {
			return nil, apierr.OAuth2(400, "invalid_request", "The parameter %s is given more than once.", f.name)
		} else if len(vs) == 1 {
			*f.dst = vs[0]
		}
	}
	return &req, nil
}
