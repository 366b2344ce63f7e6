package idp

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Lifetimes of what the built-in OIDC provider issues.
const (
	codeTTL  = time.Minute
	tokenTTL = time.Hour
	// maxParam bounds every authorization-request parameter.
	maxParam = 2048
)

// Endpoints are the URLs of the built-in OIDC provider of a connection.
type Endpoints struct {
	Issuer, Authorization, Token, Userinfo, JWKS, Discovery string
}

// OIDCEndpoints returns the built-in provider's URLs for c: the issuer is
// {base}/mock/idp/{connection_id}.
func OIDCEndpoints(c *state.SSOConnection) Endpoints {
	iss := flows.BuiltinIdPURL(c)
	return Endpoints{Issuer: iss, Authorization: iss + "/authorize", Token: iss + "/token", Userinfo: iss + "/userinfo",
		JWKS: iss + "/jwks", Discovery: iss + "/.well-known/openid-configuration"}
}

// Discovery is the provider's OpenID Connect discovery document.
func Discovery(c *state.SSOConnection) map[string]any {
	e := OIDCEndpoints(c)
	return map[string]any{
		"issuer": e.Issuer, "authorization_endpoint": e.Authorization, "token_endpoint": e.Token,
		"userinfo_endpoint": e.Userinfo, "jwks_uri": e.JWKS,
		"response_types_supported":              []string{"code"},
		"grant_types_supported":                 []string{"authorization_code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "email", "profile", "groups"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"code_challenge_methods_supported":      []string{"S256"},
		"claims_supported":                      []string{"sub", "iss", "aud", "exp", "iat", "nonce", "email", "email_verified", "name", "groups"},
	}
}

// KeyID names the built-in IdP's key of a connection.
func KeyID(keyPEM string) (string, error) {
	k, err := flows.ParseRSAKeyPEM(keyPEM)
	if err != nil {
		return "", fmt.Errorf("idp key: %w", err)
	}
	sum := sha256.Sum256(k.N.Bytes())
	return hex.EncodeToString(sum[:8]), nil
}

// JWKS is the provider's public key set.
func JWKS(c *state.SSOConnection) (jose.JSONWebKeySet, error) {
	k, err := flows.ParseRSAKeyPEM(c.Builtin.KeyPEM)
	if err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("idp key: %w", err)
	}
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &k.PublicKey, KeyID: c.Builtin.KeyID, Algorithm: "RS256", Use: "sig"}}}, nil
}

// User is who signs in at the built-in IdP.
type User struct {
	Email      string
	Name       string
	Groups     []string
	Attributes map[string]string
}

// Subject is the stable, opaque subject the provider asserts for an email
// address at a connection.
func Subject(c *state.SSOConnection, email string) string {
	sum := sha256.Sum256([]byte(c.ID + "\x00" + strings.ToLower(email)))
	return "user-" + hex.EncodeToString(sum[:12])
}

// AuthorizeRequest is an OIDC authorization request.
type AuthorizeRequest struct {
	ClientID, RedirectURI, ResponseType, Scope, State, Nonce, CodeChallenge, CodeChallengeMethod string
}

// AuthorizeFromValues reads an authorization request from a query or form.
func AuthorizeFromValues(v url.Values) AuthorizeRequest {
	return AuthorizeRequest{ClientID: v.Get("client_id"), RedirectURI: v.Get("redirect_uri"), ResponseType: v.Get("response_type"),
		Scope: v.Get("scope"), State: v.Get("state"), Nonce: v.Get("nonce"), CodeChallenge: v.Get("code_challenge"),
		CodeChallengeMethod: v.Get("code_challenge_method")}
}

// Values renders r as the parameters it was read from.
func (r AuthorizeRequest) Values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"client_id": r.ClientID, "redirect_uri": r.RedirectURI, "response_type": r.ResponseType,
		"scope": r.Scope, "state": r.State, "nonce": r.Nonce, "code_challenge": r.CodeChallenge, "code_challenge_method": r.CodeChallengeMethod} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// CheckAuthorize validates an authorization request for c. Its errors are
// shown to the user, never sent to an unchecked redirect_uri.
func CheckAuthorize(c *state.SSOConnection, r AuthorizeRequest) *apierr.Error {
	for _, s := range []string{r.ClientID, r.RedirectURI, r.ResponseType, r.Scope, r.State, r.Nonce, r.CodeChallenge, r.CodeChallengeMethod} {
		if len(s) > maxParam {
			return apierr.BadRequest("bad_request", "An authorization request parameter is longer than %d characters.", maxParam)
		}
	}
	switch {
	case subtle.ConstantTimeCompare([]byte(r.ClientID), []byte(c.ClientID)) != 1:
		return apierr.BadRequest("bad_request", "client_id is not the client of this built-in OIDC provider.")
	case r.RedirectURI != flows.SSOCallbackURL(c):
		return apierr.BadRequest("bad_request", "redirect_uri is not the connection's redirect URL %s.", flows.SSOCallbackURL(c))
	case r.ResponseType != "code":
		return apierr.BadRequest("bad_request", "response_type must be code: the provider supports the authorization-code flow only.")
	case !slices.Contains(strings.Fields(r.Scope), "openid"):
		return apierr.BadRequest("bad_request", "scope must include openid.")
	case r.CodeChallenge != "" && r.CodeChallengeMethod != "S256":
		return apierr.BadRequest("bad_request", "code_challenge_method must be S256.")
	}
	return nil
}

// IssueCode issues a single-use authorization code for u. Callers hold
// p.Mu for writing.
func IssueCode(p *state.Project, now time.Time, c *state.SSOConnection, r AuthorizeRequest, u User) (string, *apierr.Error) {
	if err := CheckAuthorize(c, r); err != nil {
		return "", err
	}
	if err := flows.CheckEmail("email", u.Email); err != nil {
		return "", err
	}
	p.PruneSSO(now)
	code := ids.NewToken()
	p.SSO.IdPCodes[ids.HashToken(code)] = &state.SSOIdPCode{
		CodeHash: ids.HashToken(code), ConnectionID: c.ID, RedirectURI: r.RedirectURI, Nonce: r.Nonce,
		CodeChallenge: r.CodeChallenge, Scope: r.Scope, Subject: Subject(c, u.Email), Email: u.Email, Name: u.Name,
		Groups: slices.Clone(u.Groups), Attributes: cloneAttrs(u.Attributes), ExpiresAt: now.Add(codeTTL),
	}
	return code, nil
}

// tokenError is an OAuth 2.0 token-endpoint error (RFC 6749 §5.2).
func tokenError(status int, code, format string, args ...any) *apierr.OAuth2Error {
	return apierr.OAuth2(status, code, format, args...)
}

// Exchange redeems an authorization code at the token endpoint: client
// authentication (client_secret_basic or client_secret_post, compared in
// constant time), the code's expiry on the project clock, its redirect
// URI and PKCE verifier. It answers an access token and an RS256 ID token
// with the nonce of the authorization request. Callers hold p.Mu for
// writing.
func Exchange(p *state.Project, now time.Time, c *state.SSOConnection, form url.Values, basicID, basicSecret string) (map[string]any, *apierr.OAuth2Error) {
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if basicID != "" {
		// RFC 6749 §2.3.1: the credentials are form-encoded before basic auth.
		id, _ = url.QueryUnescape(basicID)
		secret, _ = url.QueryUnescape(basicSecret)
	}
	if subtle.ConstantTimeCompare([]byte(id), []byte(c.ClientID)) != 1 || subtle.ConstantTimeCompare([]byte(secret), []byte(c.ClientSecret)) != 1 {
		return nil, tokenError(401, "invalid_client", "Client authentication failed.")
	}
	if form.Get("grant_type") != "authorization_code" {
		return nil, tokenError(400, "unsupported_grant_type", "grant_type must be authorization_code.")
	}
	h := ids.HashToken(form.Get("code"))
	code := p.SSO.IdPCodes[h]
	if code == nil || code.ConnectionID != c.ID || !now.Before(code.ExpiresAt) {
		return nil, tokenError(400, "invalid_grant", "The authorization code is unknown, used or expired.")
	}
	// The code is spent whatever happens next (RFC 6749 §4.1.2).
	delete(p.SSO.IdPCodes, h)
	if form.Get("redirect_uri") != code.RedirectURI {
		return nil, tokenError(400, "invalid_grant", "redirect_uri does not match the authorization request.")
	}
	if code.CodeChallenge != "" {
		sum := sha256.Sum256([]byte(form.Get("code_verifier")))
		got := base64.RawURLEncoding.EncodeToString(sum[:])
		if subtle.ConstantTimeCompare([]byte(got), []byte(code.CodeChallenge)) != 1 {
			return nil, tokenError(400, "invalid_grant", "The PKCE code_verifier does not match the code_challenge.")
		}
	}
	key, err := flows.ParseRSAKeyPEM(c.Builtin.KeyPEM)
	if err != nil {
		return nil, tokenError(500, "server_error", "The provider's key is unusable.")
	}
	e := OIDCEndpoints(c)
	claims := jwt.MapClaims{
		"iss": e.Issuer, "sub": code.Subject, "aud": c.ClientID, "iat": now.Unix(), "exp": now.Add(tokenTTL).Unix(),
		"auth_time": now.Unix(), "email": code.Email, "email_verified": true,
	}
	if code.Nonce != "" {
		claims["nonce"] = code.Nonce
	}
	if code.Name != "" {
		claims["name"] = code.Name
	}
	if len(code.Groups) > 0 {
		claims["groups"] = code.Groups
	}
	for k, v := range code.Attributes {
		if _, taken := claims[k]; !taken {
			claims[k] = v
		}
	}
	idTok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	idTok.Header["kid"] = c.Builtin.KeyID
	idToken, err := idTok.SignedString(key)
	if err != nil {
		return nil, tokenError(500, "server_error", "The provider could not sign the ID token.")
	}
	at := jwt.MapClaims{}
	for k, v := range claims {
		at[k] = v
	}
	delete(at, "nonce")
	at["aud"], at["scope"], at["jti"] = e.Userinfo, code.Scope, ids.NewToken()
	atTok := jwt.NewWithClaims(jwt.SigningMethodRS256, at)
	atTok.Header["kid"], atTok.Header["typ"] = c.Builtin.KeyID, "at+jwt"
	access, err := atTok.SignedString(key)
	if err != nil {
		return nil, tokenError(500, "server_error", "The provider could not sign the access token.")
	}
	return map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": int(tokenTTL.Seconds()),
		"id_token": idToken, "scope": code.Scope}, nil
}

// UserInfo answers the userinfo endpoint for a bearer access token the
// provider issued, checked on the project clock.
func UserInfo(c *state.SSOConnection, now time.Time, bearer string) (map[string]any, *apierr.OAuth2Error) {
	key, err := flows.ParseRSAKeyPEM(c.Builtin.KeyPEM)
	if err != nil {
		return nil, tokenError(500, "server_error", "The provider's key is unusable.")
	}
	e := OIDCEndpoints(c)
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(bearer, claims, func(*jwt.Token) (any, error) { return &key.PublicKey, nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(e.Issuer), jwt.WithAudience(e.Userinfo),
		jwt.WithTimeFunc(func() time.Time { return now }), jwt.WithExpirationRequired())
	if err != nil {
		return nil, tokenError(401, "invalid_token", "The access token is not valid.")
	}
	out := map[string]any{}
	for k, v := range claims {
		switch k {
		case "iss", "aud", "exp", "iat", "auth_time", "scope", "jti":
			continue
		}
		out[k] = v
	}
	return out, nil
}
