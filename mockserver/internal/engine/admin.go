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
