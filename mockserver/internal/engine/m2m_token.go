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

// handleM2MToken is the OAuth2 token endpoint of a project. The
// client-credentials grant is M2M's, authenticated by the M2M client's ID
// and secret in the body (form-encoded or JSON), not by the project's
// credentials; the authorization_code and refresh_token grants are the
// connected apps' (handleAppToken). Its errors have the OAuth2 shape.
func (e *Engine) handleM2MToken(rc *httpkit.Call) (any, error) {
	p := e.Project(rc.Param("project_id"))
	if p == nil {
		return nil, apierr.OAuth2(401, "invalid_client", "Client authentication failed: unknown project.")
	}
	req, err := decodeTokenRequest(rc)
	if err != nil {
		return nil, err
	}
	if req.GrantType == "authorization_code" || req.GrantType == "refresh_token" {
		return handleAppToken(rc, p, req)
	}
	now := p.Clock.Now()
	p.Mu.RLock()
	clientID, scope, gerr := flows.M2MGrant(p, &req.M2MTokenRequest)
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
func decodeTokenRequest(rc *httpkit.Call) (*flows.TokenRequest, error) {
	var req flows.TokenRequest
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
	}{{"grant_type", &req.GrantType}, {"client_id", &req.ClientID}, {"client_secret", &req.ClientSecret}, {"scope", &req.Scope},
		{"code", &req.Code}, {"redirect_uri", &req.RedirectURI}, {"code_verifier", &req.CodeVerifier}, {"refresh_token", &req.RefreshToken},
		{"token", &req.Token}, {"token_type_hint", &req.TokenTypeHint}} {
		if vs := form[f.name]; len(vs) > 1 {
			return nil, apierr.OAuth2(400, "invalid_request", "The parameter %s is given more than once.", f.name)
		} else if len(vs) == 1 {
			*f.dst = vs[0]
		}
	}
	return &req, nil
}

// basicClient takes a connected app's credentials from HTTP Basic
// authentication (client_secret_basic, RFC 6749 §2.3.1: both parts
// form-encoded) when the body names no client. The M2M grant reads the body
// only, as before. A body that names one wins:
// the SDK's introspection call carries the project's Basic credentials and
// the app's in the body.
func basicClient(rc *httpkit.Call, req *flows.TokenRequest) error {
	user, pass, ok := rc.Request.BasicAuth()
	if !ok || req.ClientID != "" {
		return nil
	}
	id, err1 := url.QueryUnescape(user)
	secret, err2 := url.QueryUnescape(pass)
	if err1 != nil || err2 != nil {
		return apierr.OAuth2(401, "invalid_client", "The Basic credentials are not form-encoded.")
	}
	req.ClientID, req.ClientSecret = id, secret
	return nil
}
