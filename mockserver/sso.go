package mockserver

import (
	"net/http"
	"net/url"
	"testing"
)

// SSOLoginParams describe a user signing in at the built-in identity
// provider: POST /mock/sso/login.
type SSOLoginParams struct {
	ConnectionID      string            `json:"connection_id"`
	Email             string            `json:"email"`
	Name              string            `json:"name,omitempty"`
	Groups            []string          `json:"groups,omitempty"`
	Attributes        map[string]string `json:"attributes,omitempty"`
	LoginRedirectURL  string            `json:"login_redirect_url,omitempty"`
	SignupRedirectURL string            `json:"signup_redirect_url,omitempty"`
	PKCECodeChallenge string            `json:"pkce_code_challenge,omitempty"`
}

// SSOLogin is the result of a headless SSO login: the token for
// client.SSO.Authenticate and the URL a browser would be redirected to.
type SSOLogin struct {
	Token       string `json:"token"`
	RedirectURL string `json:"redirect_url"`
}

// UseBuiltinIdP points a SAML or OIDC connection at the project's
// built-in identity provider (PUT /mock/sso/{connection_id}/builtin_idp);
// the connection becomes active with the attribute mapping email, name and
// groups.
func (ts *TestServer) UseBuiltinIdP(tb testing.TB, connectionID string) {
	tb.Helper()
	if err := ts.admin(http.MethodPut, "/mock/sso/"+url.PathEscape(connectionID)+"/builtin_idp", struct{}{}, nil); err != nil {
		tb.Fatalf("stytch-mock: using the built-in IdP: %v", err)
	}
}

// SSOLogin runs a full SP-initiated login through the built-in IdP
// in-process (POST /mock/sso/login) and returns the SSO token: for a SAML
// connection a signed Response validated by the mock's SP, for an OIDC
// connection the authorization-code flow with state, nonce and PKCE and an
// ID token verified against the provider's JWKS. ConnectionID may name an
// external connection to either.
func (ts *TestServer) SSOLogin(tb testing.TB, p SSOLoginParams) SSOLogin {
	tb.Helper()
	var out SSOLogin
	if err := ts.admin(http.MethodPost, "/mock/sso/login", p, &out); err != nil {
		tb.Fatalf("stytch-mock: SSO login: %v", err)
	}
	return out
}
