package engine

import (
	"net/http"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/admin"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// Admin routes live under /mock/, which no Stytch API path uses. Routes that
// act on a project take the project's basic auth, like the API.
func (e *Engine) adminRoutes() []*httpkit.Route {
	return []*httpkit.Route{
		{Method: http.MethodPost, Pattern: "/mock/projects", Action: "MockCreateProject", Handler: e.handleCreateProject, Public: true},
		{Method: http.MethodPost, Pattern: "/mock/clock", Action: "MockAdvanceClock", Handler: admin.HandleAdvanceClock},
		{Method: http.MethodPut, Pattern: "/mock/sso/{connection_id}/builtin_idp", Action: "MockSSOBuiltinIdP", Handler: admin.HandleBuiltinIdP},
		{Method: http.MethodPost, Pattern: "/mock/sso/login", Action: "MockSSOLogin", Handler: e.withLoopback(admin.HandleSSOLogin)},
		{Method: http.MethodGet, Pattern: "/mock/clock", Action: "MockGetClock", Handler: admin.HandleGetClock},
		{Method: http.MethodGet, Pattern: "/mock/redirect_urls", Action: "MockGetRedirectURLs", Handler: admin.HandleGetRedirectURLs},
		{Method: http.MethodPut, Pattern: "/mock/redirect_urls", Action: "MockSetRedirectURLs", Handler: admin.HandleSetRedirectURLs},
		{Method: http.MethodGet, Pattern: "/mock/outbox", Action: "MockGetOutbox", Handler: admin.HandleGetOutbox},
		{Method: http.MethodDelete, Pattern: "/mock/outbox", Action: "MockClearOutbox", Handler: admin.HandleClearOutbox},
		// POST /mock/sessions {organization_id, member_id, session_duration_minutes?, session_custom_claims?}
		// is a test fixture: it logs an existing active member in (as by an
		// email magic link) and answers {member_session, session_token, session_jwt}.
		{Method: http.MethodPost, Pattern: "/mock/sessions", Action: "MockCreateSession", Handler: admin.HandleSessionFixture},
		// POST /mock/keys/rotate makes a fresh key sign new session JWTs; the
		// old key stays in the JWKS until the JWTs it signed have expired.
		{Method: http.MethodPost, Pattern: "/mock/keys/rotate", Action: "MockRotateKeys", Handler: admin.HandleRotateKeys},
		// PUT /mock/rbac/policy {roles, resources, scopes} sets the project's
		// RBAC policy, which Stytch edits in its dashboard.
		{Method: http.MethodPut, Pattern: "/mock/rbac/policy", Action: "MockSetRBACPolicy", Handler: admin.HandleSetProjectPolicy},
		// Session sources Stytch configures in its dashboard:
		// PUT /mock/trusted_auth_token_profiles {profiles: [...]} for
		// sessions/attest and PUT /mock/session_migration {userinfo_url}
		// for sessions/migrate (session_sources.go).
		{Method: http.MethodGet, Pattern: "/mock/trusted_auth_token_profiles", Action: "MockGetTrustedAuthTokenProfiles", Handler: admin.HandleGetTrustedProfiles},
		{Method: http.MethodPut, Pattern: "/mock/trusted_auth_token_profiles", Action: "MockSetTrustedAuthTokenProfiles", Handler: admin.HandleSetTrustedProfiles},
		{Method: http.MethodGet, Pattern: "/mock/session_migration", Action: "MockGetSessionMigration", Handler: admin.HandleGetSessionMigration},
		{Method: http.MethodPut, Pattern: "/mock/session_migration", Action: "MockSetSessionMigration", Handler: admin.HandleSetSessionMigration},
		// POST /mock/connected_apps/access_tokens {organization_id, member_id,
		// scopes?, first_party?, client_id?} is a test fixture standing in for
		// the IdP endpoints: it mints a connected-app access token for an
		// active member, for sessions/exchange_access_token (access_tokens.go).
		{Method: http.MethodPost, Pattern: "/mock/connected_apps/access_tokens", Action: "MockCreateAccessToken", Handler: admin.HandleAccessTokenFixture},
		// GET and PUT /mock/password_policy read and replace the project's
		// password settings (strength policy, breach detection, cross-org
		// passwords, lock threshold, bcrypt cost); see passwordPolicy.
		{Method: http.MethodGet, Pattern: "/mock/password_policy", Action: "MockGetPasswordPolicy", Handler: admin.HandleGetPasswordPolicy},
		{Method: http.MethodPut, Pattern: "/mock/password_policy", Action: "MockSetPasswordPolicy", Handler: admin.HandleSetPasswordPolicy},
		{Method: http.MethodGet, Pattern: "/mock/events", Action: "MockListEvents", Handler: admin.HandleListEvents},
		{Method: http.MethodGet, Pattern: "/mock/ip_allowlist", Action: "MockGetIPAllowlist", Handler: admin.HandleGetIPAllowlist},
		{Method: http.MethodPut, Pattern: "/mock/ip_allowlist", Action: "MockSetIPAllowlist", Handler: admin.HandleSetIPAllowlist},
		{Method: http.MethodPost, Pattern: "/mock/faults", Action: "MockAddFault", Handler: admin.HandleAddFault},
		{Method: http.MethodGet, Pattern: "/mock/faults", Action: "MockListFaults", Handler: admin.HandleListFaults},
		{Method: http.MethodDelete, Pattern: "/mock/faults", Action: "MockClearFaults", Handler: admin.HandleClearFaults},
		{Method: http.MethodDelete, Pattern: "/mock/faults/{fault_id}", Action: "MockDeleteFault", Handler: admin.HandleDeleteFault},
	}
}

type createProjectResponse struct {
	httpkit.Ack
	Credentials
}

func (e *Engine) handleCreateProject(rc *httpkit.Call) (any, error) {
	var b struct {
		Environment string `json:"environment"`
		ProjectID   string `json:"project_id"`
		Secret      string `json:"secret"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	env := strings.ToLower(b.Environment)
	if env == "" {
		env = "test"
	}
	if env != "test" && env != "live" {
		return nil, apierr.BadRequest("invalid_request_value", "environment must be \"test\" or \"live\", not %q.", b.Environment)
	}
	if b.ProjectID != "" && !strings.HasPrefix(b.ProjectID, "project-"+env+"-") {
		return nil, apierr.BadRequest("invalid_request_value", "project_id must start with %q.", "project-"+env+"-")
	}
	creds, err := e.CreateProject(env, b.ProjectID, b.Secret)
	rc.Persisted = true // CreateProject wrote the data directory
	if err != nil {
		return nil, apierr.BadRequest("invalid_request_value", "%s", err.Error())
	}
	return &createProjectResponse{httpkit.Ack{}, creds}, nil
}
