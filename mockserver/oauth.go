package mockserver

import (
	"encoding/json"
	"net/http"
	"testing"
)

// OAuthLoginParams are the body of POST /mock/oauth/login: a sign-in at one
// of the built-in OAuth providers, as the provider's page would report it.
type OAuthLoginParams struct {
	// Provider is google, microsoft, github, hubspot or slack.
	Provider string `json:"provider"`
	// Email and Name are who signed in.
	Email string `json:"email"`
	Name  string `json:"name,omitempty"`
	// TenantID is the provider's tenant: Google hosted domain (which makes
	// Google vouch for the email address), Microsoft tenant, Slack
	// workspace, HubSpot hub or GitHub organization.
	TenantID string `json:"tenant_id,omitempty"`
	// OrganizationID (ID or slug) starts an organization login; Discovery a
	// discovery login. Give exactly one.
	OrganizationID string `json:"organization_id,omitempty"`
	Discovery      bool   `json:"discovery,omitempty"`
	// PKCECodeChallenge, when set, must be answered by the verifier on
	// authenticate.
	PKCECodeChallenge string `json:"pkce_code_challenge,omitempty"`
	// Redirect URLs of the start call; empty means the project's defaults.
	LoginRedirectURL     string   `json:"login_redirect_url,omitempty"`
	SignupRedirectURL    string   `json:"signup_redirect_url,omitempty"`
	DiscoveryRedirectURL string   `json:"discovery_redirect_url,omitempty"`
	CustomScopes         []string `json:"custom_scopes,omitempty"`
}

// OAuthLoginResult is the answer of an OAuth sign-in: the token for
// OAuth.Authenticate (or OAuth.Discovery.Authenticate) and the URL the
// browser would be redirected to.
type OAuthLoginResult struct {
	Token       string `json:"token"`
	RedirectURL string `json:"redirect_url"`
}

// OAuthLogin signs someone in at a built-in OAuth provider of the project,
// headlessly (what POST /mock/oauth/login does), and returns the OAuth
// token the redirect would carry.
func (s *Server) OAuthLogin(projectID string, p OAuthLoginParams) (OAuthLoginResult, error) {
	var out OAuthLoginResult
	return out, s.callAdmin(projectID, http.MethodPost, "/mock/oauth/login", p, &out)
}

// OAuthLogin is Server.OAuthLogin through the HTTP route for the test's
// project; it fails the test on an error.
func (ts *TestServer) OAuthLogin(tb testing.TB, p OAuthLoginParams) OAuthLoginResult {
	tb.Helper()
	var out OAuthLoginResult
	if err := ts.admin(http.MethodPost, "/mock/oauth/login", p, &out); err != nil {
		tb.Fatalf("mockserver: OAuthLogin: %v", err)
	}
	return out
}

// callAdmin runs an admin route in process and decodes its answer.
func (s *Server) callAdmin(projectID, method, path string, body, out any) error {
	raw, err := s.engine.CallAdmin(projectID, method, path, body)
	if err != nil {
		return wrap(err)
	}
	return wrap(json.Unmarshal(raw, out))
}

// ImpersonateParams are the body of POST /mock/impersonation: who
// impersonates which member, as Stytch's dashboard records it.
type ImpersonateParams struct {
	OrganizationID           string `json:"organization_id"`
	MemberID                 string `json:"member_id"`
	ImpersonatorEmailAddress string `json:"impersonator_email_address"`
	// ImpersonatorID defaults to a fresh workspace-member-test-<uuid>.
	ImpersonatorID string `json:"impersonator_id,omitempty"`
	Reason         string `json:"reason,omitempty"`
}

// Impersonate mints an impersonation token for an active member (single
// use, 5 minutes), as Stytch's dashboard does; Impersonation.Authenticate
// turns it into a session.
func (s *Server) Impersonate(projectID string, p ImpersonateParams) (string, error) {
	var out struct {
		ImpersonationToken string `json:"impersonation_token"`
	}
	err := s.callAdmin(projectID, http.MethodPost, "/mock/impersonation", p, &out)
	return out.ImpersonationToken, err
}

// Impersonate is Server.Impersonate through the HTTP route for the test's
// project; it fails the test on an error.
func (ts *TestServer) Impersonate(tb testing.TB, p ImpersonateParams) string {
	tb.Helper()
	var out struct {
		ImpersonationToken string `json:"impersonation_token"`
	}
	if err := ts.admin(http.MethodPost, "/mock/impersonation", p, &out); err != nil {
		tb.Fatalf("mockserver: Impersonate: %v", err)
	}
	return out.ImpersonationToken
}
