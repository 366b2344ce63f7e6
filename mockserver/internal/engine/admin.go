package engine

import (
	"net/http"
	"strings"
	"time"
)

// Admin routes live under /mock/, which no Stytch API path uses. Routes that
// act on a project take the project's basic auth, like the API.
func (e *Engine) adminRoutes() []*route {
	return []*route{
		{method: http.MethodPost, pattern: "/mock/projects", action: "MockCreateProject", handler: e.handleCreateProject, public: true},
		{method: http.MethodPost, pattern: "/mock/clock", action: "MockAdvanceClock", handler: handleAdvanceClock},
		{method: http.MethodGet, pattern: "/mock/clock", action: "MockGetClock", handler: handleGetClock},
		{method: http.MethodGet, pattern: "/mock/redirect_urls", action: "MockGetRedirectURLs", handler: handleGetRedirectURLs},
		{method: http.MethodPut, pattern: "/mock/redirect_urls", action: "MockSetRedirectURLs", handler: handleSetRedirectURLs},
		{method: http.MethodGet, pattern: "/mock/outbox", action: "MockGetOutbox", handler: handleGetOutbox},
		{method: http.MethodDelete, pattern: "/mock/outbox", action: "MockClearOutbox", handler: handleClearOutbox},
		// POST /mock/sessions {organization_id, member_id, session_duration_minutes?, session_custom_claims?}
		// is a test fixture: it logs an existing active member in (as by an
		// email magic link) and answers {member_session, session_token, session_jwt}.
		{method: http.MethodPost, pattern: "/mock/sessions", action: "MockCreateSession", handler: handleSessionFixture},
		// POST /mock/keys/rotate makes a fresh key sign new session JWTs; the
		// old key stays in the JWKS until the JWTs it signed have expired.
		{method: http.MethodPost, pattern: "/mock/keys/rotate", action: "MockRotateKeys", handler: handleRotateKeys},
		// PUT /mock/rbac/policy {roles, resources, scopes} sets the project's
		// RBAC policy, which Stytch edits in its dashboard.
		{method: http.MethodPut, pattern: "/mock/rbac/policy", action: "MockSetRBACPolicy", handler: handleSetProjectPolicy},
		// Session sources Stytch configures in its dashboard:
		// PUT /mock/trusted_auth_token_profiles {profiles: [...]} for
		// sessions/attest and PUT /mock/session_migration {userinfo_url}
		// for sessions/migrate (session_sources.go).
		{method: http.MethodGet, pattern: "/mock/trusted_auth_token_profiles", action: "MockGetTrustedAuthTokenProfiles", handler: handleGetTrustedProfiles},
		{method: http.MethodPut, pattern: "/mock/trusted_auth_token_profiles", action: "MockSetTrustedAuthTokenProfiles", handler: handleSetTrustedProfiles},
		{method: http.MethodGet, pattern: "/mock/session_migration", action: "MockGetSessionMigration", handler: handleGetSessionMigration},
		{method: http.MethodPut, pattern: "/mock/session_migration", action: "MockSetSessionMigration", handler: handleSetSessionMigration},
		// POST /mock/connected_apps/access_tokens {organization_id, member_id,
		// scopes?, first_party?, client_id?} is a test fixture standing in for
		// the IdP endpoints: it mints a connected-app access token for an
		// active member, for sessions/exchange_access_token (access_tokens.go).
		{method: http.MethodPost, pattern: "/mock/connected_apps/access_tokens", action: "MockCreateAccessToken", handler: handleAccessTokenFixture},
		// GET and PUT /mock/password_policy read and replace the project's
		// password settings (strength policy, breach detection, cross-org
		// passwords, lock threshold, bcrypt cost); see passwordPolicy.
		{method: http.MethodGet, pattern: "/mock/password_policy", action: "MockGetPasswordPolicy", handler: handleGetPasswordPolicy},
		{method: http.MethodPut, pattern: "/mock/password_policy", action: "MockSetPasswordPolicy", handler: handleSetPasswordPolicy},
		{method: http.MethodGet, pattern: "/mock/events", action: "MockListEvents", handler: handleListEvents},
		{method: http.MethodGet, pattern: "/mock/ip_allowlist", action: "MockGetIPAllowlist", handler: handleGetIPAllowlist},
		{method: http.MethodPut, pattern: "/mock/ip_allowlist", action: "MockSetIPAllowlist", handler: handleSetIPAllowlist},
		{method: http.MethodPost, pattern: "/mock/faults", action: "MockAddFault", handler: handleAddFault},
		{method: http.MethodGet, pattern: "/mock/faults", action: "MockListFaults", handler: handleListFaults},
		{method: http.MethodDelete, pattern: "/mock/faults", action: "MockClearFaults", handler: handleClearFaults},
		{method: http.MethodDelete, pattern: "/mock/faults/{fault_id}", action: "MockDeleteFault", handler: handleDeleteFault},
	}
}

// adminResponse carries request_id and status_code like every API answer.
type adminResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int    `json:"status_code"`
}

type createProjectResponse struct {
	adminResponse
	Credentials
}

func (e *Engine) handleCreateProject(rc *reqCtx) (any, error) {
	var b struct {
		Environment string `json:"environment"`
		ProjectID   string `json:"project_id"`
		Secret      string `json:"secret"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	env := strings.ToLower(b.Environment)
	if env == "" {
		env = "test"
	}
	if env != "test" && env != "live" {
		return nil, badRequest("invalid_request_value", "environment must be \"test\" or \"live\", not %q.", b.Environment)
	}
	if b.ProjectID != "" && !strings.HasPrefix(b.ProjectID, "project-"+env+"-") {
		return nil, badRequest("invalid_request_value", "project_id must start with %q.", "project-"+env+"-")
	}
	creds, err := e.CreateProject(env, b.ProjectID, b.Secret)
	rc.persisted = true // CreateProject wrote the data directory
	if err != nil {
		return nil, badRequest("invalid_request_value", "%s", err.Error())
	}
	return &createProjectResponse{adminResponse{rc.requestID, http.StatusOK}, creds}, nil
}

type clockResponse struct {
	adminResponse
	Now           time.Time `json:"now"`
	OffsetSeconds int64     `json:"offset_seconds"`
}

func handleAdvanceClock(rc *reqCtx) (any, error) {
	var b struct {
		AdvanceSeconds *int64 `json:"advance_seconds"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.AdvanceSeconds == nil || *b.AdvanceSeconds < 0 {
		return nil, badRequest("invalid_request_value", "advance_seconds must be a number of seconds, zero or more.")
	}
	if *b.AdvanceSeconds > 100*365*24*3600 {
		return nil, badRequest("invalid_request_value", "advance_seconds must be at most a hundred years.")
	}
	now := rc.p.clock.Advance(time.Duration(*b.AdvanceSeconds) * time.Second)
	rc.p.events.prune(now)
	return &clockResponse{adminResponse{rc.requestID, http.StatusOK}, now, int64(rc.p.clock.Offset() / time.Second)}, nil
}

func handleGetClock(rc *reqCtx) (any, error) {
	return &clockResponse{adminResponse{rc.requestID, http.StatusOK}, rc.p.clock.Now(), int64(rc.p.clock.Offset() / time.Second)}, nil
}

type redirectURLsResponse struct {
	adminResponse
	RedirectURLs []RedirectURL `json:"redirect_urls"`
}

func handleGetRedirectURLs(rc *reqCtx) (any, error) {
	rc.p.mu.RLock()
	defer rc.p.mu.RUnlock()
	return &redirectURLsResponse{adminResponse{rc.requestID, http.StatusOK}, cloneRedirectURLs(rc.p.redirectURLs)}, nil
}

// handleSetRedirectURLs replaces the project's redirect URL registry.
func handleSetRedirectURLs(rc *reqCtx) (any, error) {
	var b struct {
		RedirectURLs *[]RedirectURL `json:"redirect_urls"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.RedirectURLs == nil {
		return nil, badRequest("invalid_request_value", "redirect_urls is required: a list of {url, types, default_for}.")
	}
	if err := validateRedirectURLs(rc.p.env, *b.RedirectURLs); err != nil {
		return nil, err
	}
	rc.p.mu.Lock()
	defer rc.p.mu.Unlock()
	rc.p.redirectURLs = cloneRedirectURLs(*b.RedirectURLs)
	return &redirectURLsResponse{adminResponse{rc.requestID, http.StatusOK}, cloneRedirectURLs(rc.p.redirectURLs)}, nil
}

func cloneRedirectURLs(in []RedirectURL) []RedirectURL {
	out := make([]RedirectURL, len(in))
	for i, r := range in {
		out[i] = RedirectURL{URL: r.URL, Types: append([]string{}, r.Types...), DefaultFor: append([]string{}, r.DefaultFor...)}
	}
	return out
}

type outboxResponse struct {
	adminResponse
	Messages []Message `json:"messages"`
}

func handleGetOutbox(rc *reqCtx) (any, error) {
	return &outboxResponse{adminResponse{rc.requestID, http.StatusOK}, rc.p.outbox.list(rc.query("to"))}, nil
}

func handleClearOutbox(rc *reqCtx) (any, error) {
	rc.p.outbox.clear()
	return &adminResponse{rc.requestID, http.StatusOK}, nil
}
