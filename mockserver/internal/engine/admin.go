package engine

import (
	"errors"
	"net/http"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/admin"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Admin routes live under /mock/, which no Stytch API path uses. Routes that
// act on a project take the project's basic auth, like the API.
func (e *Engine) adminRoutes() []*httpkit.Route {
	return []*httpkit.Route{
		{Method: http.MethodPost, Pattern: "/mock/projects", Action: actionCreateProject, Handler: e.handleCreateProject, Public: true},
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
		// Connected apps of the project's authorization server
		// (admin/connected_apps.go).
		{Method: http.MethodPost, Pattern: "/mock/connected_apps", Action: "MockCreateConnectedApp", Handler: admin.HandleCreateConnectedApp},
		{Method: http.MethodGet, Pattern: "/mock/connected_apps", Action: "MockListConnectedApps", Handler: admin.HandleListConnectedApps},
		{Method: http.MethodPut, Pattern: "/mock/connected_apps/settings", Action: "MockSetConnectedAppSettings", Handler: admin.HandleSetConnectedAppSettings},
		// Consumer fixtures (admin/consumer_fixtures.go): a registered factor
		// for the factor deletions, and a connected-app access token of a
		// user.
		{Method: http.MethodPost, Pattern: "/mock/users/{user_id}/factors", Action: "MockAddUserFactor", Handler: admin.HandleUserFactorFixture},
		{Method: http.MethodPost, Pattern: "/mock/users/{user_id}/access_tokens", Action: "MockCreateUserAccessToken", Handler: admin.HandleUserAccessTokenFixture},
		// GET and PUT /mock/password_policy read and replace the project's
		// password settings (strength policy, breach detection, cross-org
		// passwords, lock threshold, bcrypt cost); see passwordPolicy.
		{Method: http.MethodPost, Pattern: "/mock/oauth/login", Action: "MockOAuthLogin", Handler: admin.HandleOAuthLogin},
		{Method: http.MethodPost, Pattern: "/mock/impersonation", Action: "MockImpersonate", Handler: admin.HandleImpersonate},
		{Method: http.MethodPut, Pattern: "/mock/impersonation/settings", Action: "MockSetImpersonation", Handler: admin.HandleSetImpersonation},
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

// actionCreateProject is the action of POST /mock/projects, which the admin
// token guards when there is one.
const actionCreateProject = "MockCreateProject"

type createProjectResponse struct {
	httpkit.Ack
	Credentials
}

func (e *Engine) handleCreateProject(rc *httpkit.Call) (any, error) {
	var b struct {
		Environment string `json:"environment"`
		Vertical    string `json:"vertical"`
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
	if b.ProjectID != "" {
		if err := ids.CheckProjectID(env, b.ProjectID); err != nil {
			return nil, apierr.BadRequest("invalid_request_value", "%s.", err.Error())
		}
	}
	if b.Secret != "" {
		if err := ids.CheckSecret(env, b.Secret); err != nil {
			return nil, apierr.BadRequest("invalid_request_value", "%s.", err.Error())
		}
	}
	vertical := strings.ToLower(b.Vertical)
	if vertical == "" {
		vertical = state.VerticalB2B
	}
	if vertical != state.VerticalB2B && vertical != state.VerticalConsumer {
		return nil, apierr.BadRequest("invalid_request_value", "vertical must be \"b2b\" or \"consumer\", not %q.", apierr.Excerpt(b.Vertical, 32))
	}
	creds, err := e.CreateVerticalProject(env, vertical, b.ProjectID, b.Secret)
	rc.Persisted = true // CreateProject wrote the data directory
	if errors.Is(err, ErrProjectLimit) {
		return nil, apierr.New(http.StatusForbidden, "project_limit_reached", "%s.", err.Error())
	}
	if err != nil {
		return nil, apierr.BadRequest("invalid_request_value", "%s", err.Error())
	}
	return &createProjectResponse{httpkit.Ack{}, creds}, nil
}
