package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"golang.org/x/oauth2"
)

// Limits of the relying party's exchange with an OIDC provider.
const (
	oidcTimeout    = 10 * time.Second
	oidcStateBytes = 24
)

// oauthConfig is the relying party's OAuth 2.0 client for c.
func oauthConfig(c *state.SSOConnection) *oauth2.Config {
	scopes := strings.Fields(c.CustomScopes)
	if len(scopes) == 0 {
		scopes = strings.Fields(flows.DefaultOIDCScopes)
	}
	if !strings.Contains(" "+strings.Join(scopes, " ")+" ", " openid ") {
		scopes = append([]string{"openid"}, scopes...)
	}
	return &oauth2.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: flows.SSOCallbackURL(c), Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: c.AuthorizationURL, TokenURL: c.TokenURL}}
}

// randomString is a URL-safe random value for state and nonce.
func randomString() string {
	b := make([]byte, oidcStateBytes)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// StartOIDC records an SP-initiated OIDC login through c, on behalf of
// login (c itself or an external connection to it), and returns the
// authorization URL: state, nonce and an S256 PKCE challenge of a verifier
// only the mock knows. Callers hold p.Mu for writing.
func StartOIDC(p *state.Project, now time.Time, login, c *state.SSOConnection, loginURL, signupURL, pkceChallenge string) (string, *state.SSORequest) {
	p.PruneSSO(now)
	req := &state.SSORequest{ID: randomString(), ConnectionID: c.ID, LoginRedirectURL: loginURL, SignupRedirectURL: signupURL,
		PKCEChallenge: pkceChallenge, Nonce: randomString(), CodeVerifier: oauth2.GenerateVerifier(), ExpiresAt: now.Add(flows.SSORequestTTL)}
	if login.ID != c.ID {
		req.LoginConnectionID = login.ID
	}
	p.SSO.Requests[req.ID] = req
	return oauthConfig(c).AuthCodeURL(req.ID, oidc.Nonce(req.Nonce), oauth2.S256ChallengeOption(req.CodeVerifier)), req
}

// SSOLoginResult is a finished SSO login: the SSO token and the redirect
// URL that carries it.
type SSOLoginResult struct {
	Token       string
	RedirectURL string
}

// FinishOIDC completes an OIDC login at the callback: it takes the login
// the state names (single use), redeems the code at the provider's token
// endpoint with the PKCE verifier, verifies the ID token with go-oidc
// against the provider's JWKS (signature, issuer, audience, expiry on the
// project clock) and the nonce, reads the userinfo endpoint (same
// subject), maps the claims through attribute_mapping and mints the SSO
// token. It holds the project lock only around state changes, never
// during the HTTP exchange. Callers hold no lock.
func FinishOIDC(ctx context.Context, p *state.Project, connID, stateParam, code string) (*SSOLoginResult, *apierr.Error) {
	if stateParam == "" {
		return nil, apierr.BadRequest("missing_oidc_state_param", "The OIDC callback carries no state parameter.")
	}
	p.Mu.Lock()
	now := p.Clock.Now()
	req := p.SSO.Requests[stateParam]
	var c *state.SSOConnection
	if req != nil {
		delete(p.SSO.Requests, stateParam) // single use, whatever happens next
		c = p.SSO.Conns[req.ConnectionID]
	}
	if req == nil || req.ConnectionID != connID || c == nil || !now.Before(req.ExpiresAt) {
		p.Mu.Unlock()
		return nil, apierr.BadRequest("oidc_invalid_callback_request", "The OIDC callback's state names no login this connection started, or one that expired or was used.")
	}
	c = state.CloneSSOConnection(c)
	p.Mu.Unlock()
	if code == "" {
		return nil, apierr.BadRequest("oidc_invalid_callback_request", "The OIDC callback carries no authorization code.")
	}
	id, aerr := oidcIdentity(ctx, p, c, req, code)
	if aerr != nil {
		return nil, aerr
	}
	p.Mu.Lock()
	defer p.Mu.Unlock()
	if p.SSO.Conns[c.ID] == nil {
		return nil, apierr.NotFound("sso_connection_not_found", "Connection %q was deleted during the login.", c.ID)
	}
	if req.LoginConnectionID != "" {
		if p.SSO.Conns[req.LoginConnectionID] == nil {
			return nil, apierr.NotFound("sso_connection_not_found", "Connection %q was deleted during the login.", req.LoginConnectionID)
		}
		id.ConnectionID = req.LoginConnectionID
	}
	now = p.Clock.Now()
	token, signup := flows.MintSSOToken(p, now, *id, req.PKCEChallenge)
	target := req.LoginRedirectURL
	if signup {
		target = req.SignupRedirectURL
	}
	return &SSOLoginResult{Token: token, RedirectURL: WithSSOToken(target, token)}, nil
}

// oidcIdentity runs the token exchange, ID-token verification and
// userinfo call for a login through c.
func oidcIdentity(ctx context.Context, p *state.Project, c *state.SSOConnection, req *state.SSORequest, code string) (*flows.SSOIdentity, *apierr.Error) {
	prefix := ""
	if c.Builtin != nil {
		prefix = flows.BuiltinIdPURL(c) + "/"
	}
	client := newOutboundClient(ctx, oidcTimeout, prefix)
	ctx = oidc.ClientContext(context.WithValue(ctx, oauth2.HTTPClient, client), client)
	tok, err := oauthConfig(c).Exchange(ctx, code, oauth2.VerifierOption(req.CodeVerifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return nil, apierr.BadRequest("oidc_auth_code_error", "The provider refused the authorization code (%s).", apierr.Excerpt(re.ErrorCode, 60))
		}
		return nil, apierr.BadRequest("oidc_auth_code_error", "The provider's token endpoint could not be reached.")
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, apierr.BadRequest("oidc_invalid_callback_request", "The provider's token response has no id_token.")
	}
	verifier := oidc.NewVerifier(c.Issuer, oidc.NewRemoteKeySet(ctx, c.JWKSURL), &oidc.Config{ClientID: c.ClientID, Now: p.Clock.Now})
	idt, err := verifier.Verify(ctx, raw)
	if err != nil {
		var expired *oidc.TokenExpiredError
		if errors.As(err, &expired) {
			return nil, apierr.BadRequest("expired_oidc_response", "The ID token expired at %s.", expired.Expiry.UTC().Format(time.RFC3339))
		}
		return nil, apierr.BadRequest("oidc_invalid_callback_request", "The ID token does not verify: %s.", apierr.Excerpt(err.Error(), 160))
	}
	if idt.Nonce != req.Nonce {
		return nil, apierr.BadRequest("oidc_invalid_callback_request", "The ID token's nonce does not match the login's.")
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return nil, apierr.BadRequest("oidc_invalid_callback_request", "The ID token's claims are not a JSON object.")
	}
	if idt.Subject == "" {
		return nil, apierr.BadRequest("oidc_response_subject_missing", "The ID token has no subject.")
	}
	if c.UserinfoURL != "" {
		prov := (&oidc.ProviderConfig{IssuerURL: c.Issuer, AuthURL: c.AuthorizationURL, TokenURL: c.TokenURL, UserInfoURL: c.UserinfoURL,
			JWKSURL: c.JWKSURL}).NewProvider(ctx)
		ui, err := prov.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return nil, apierr.BadRequest("oidc_invalid_userinfo", "The provider's userinfo endpoint failed (%s).", apierr.Excerpt(err.Error(), 120))
		}
		if ui.Subject != idt.Subject {
			return nil, apierr.BadRequest("oidc_response_subject_mismatch", "The userinfo subject differs from the ID token's.")
		}
		extra := map[string]any{}
		if err := ui.Claims(&extra); err == nil {
			for k, v := range extra {
				if _, ok := claims[k]; !ok {
					claims[k] = v
				}
			}
		}
	}
	return OIDCClaimsIdentity(c, idt.Subject, claims)
}

// OIDCClaimsIdentity maps verified claims through c's attribute_mapping
// (defaults: email, name or given_name + family_name, groups).
func OIDCClaimsIdentity(c *state.SSOConnection, subject string, claims map[string]any) (*flows.SSOIdentity, *apierr.Error) {
	claimName := func(key, def string) string {
		if s, _ := c.AttributeMapping[key].(string); s != "" {
			return s
		}
		return def
	}
	str := func(key, def string) string {
		s, _ := claims[claimName(key, def)].(string)
		return strings.TrimSpace(s)
	}
	email := str("email", "email")
	if email == "" || flows.CheckEmail("email", email) != nil {
		return nil, apierr.BadRequest("oidc_response_email_missing", "The provider asserted no valid email address.")
	}
	if v, ok := claims["email_verified"].(bool); ok && !v {
		return nil, apierr.BadRequest("oidc_response_unverified_email", "The provider reports the email address as unverified.")
	}
	name := str("full_name", "name")
	if name == "" {
		name = strings.TrimSpace(str("first_name", "given_name") + " " + str("last_name", "family_name"))
	}
	var groups []string
	switch g := claims[claimName("groups", "groups")].(type) {
	case string:
		groups = []string{g}
	case []any:
		for _, v := range g {
			if s, ok := v.(string); ok {
				groups = append(groups, s)
			}
		}
	}
	attrs := map[string]any{}
	for key := range c.AttributeMapping {
		switch key {
		case "email", "full_name", "first_name", "last_name", "groups":
			continue
		}
		if v, ok := claims[claimName(key, key)]; ok {
			attrs[key] = v
		}
	}
	return &flows.SSOIdentity{ConnectionID: c.ID, ExternalID: subject, Email: email, Name: name, Groups: groups, Attributes: attrs}, nil
}
