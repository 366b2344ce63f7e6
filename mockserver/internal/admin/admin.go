package admin

import (
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/clock"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

type clockResponse struct {
	httpkit.Ack
	Now           time.Time `json:"now"`
	OffsetSeconds int64     `json:"offset_seconds"`
}

// HandleAdvanceClock moves the project's clock forward: POST /mock/clock
// {advance_seconds}.
func HandleAdvanceClock(rc *httpkit.Call) (any, error) {
	var b struct {
		AdvanceSeconds *int64 `json:"advance_seconds"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.AdvanceSeconds == nil || *b.AdvanceSeconds < 0 {
		return nil, apierr.BadRequest("invalid_request_value", "advance_seconds must be a number of seconds, zero or more.")
	}
	limit := int64(clock.MaxOffset / time.Second)
	if *b.AdvanceSeconds > limit {
		return nil, apierr.BadRequest("invalid_request_value", "advance_seconds must be at most %d (a hundred years).", limit)
	}
	now, ok := rc.Project.Clock.TryAdvance(time.Duration(*b.AdvanceSeconds) * time.Second)
	if !ok {
		return nil, apierr.BadRequest("invalid_request_value", "The clock's total advance cannot pass %d seconds (a hundred years); it is %d now.", limit, int64(rc.Project.Clock.Offset()/time.Second))
	}
	rc.Project.Events.Prune(now)
	return &clockResponse{httpkit.Ack{}, now, int64(rc.Project.Clock.Offset() / time.Second)}, nil
}

// HandleGetClock answers the project's time and clock offset: GET
// /mock/clock.
func HandleGetClock(rc *httpkit.Call) (any, error) {
	return &clockResponse{httpkit.Ack{}, rc.Project.Clock.Now(), int64(rc.Project.Clock.Offset() / time.Second)}, nil
}

type redirectURLsResponse struct {
	httpkit.Ack
	RedirectURLs []state.RedirectURL `json:"redirect_urls"`
}

// HandleGetRedirectURLs answers the project's redirect URLs: GET
// /mock/redirect_urls.
func HandleGetRedirectURLs(rc *httpkit.Call) (any, error) {
	rc.Project.Mu.RLock()
	defer rc.Project.Mu.RUnlock()
	return &redirectURLsResponse{httpkit.Ack{}, state.CloneRedirectURLs(rc.Project.RedirectURLs)}, nil
}

// HandleSetRedirectURLs replaces the project's redirect URL registry.
func HandleSetRedirectURLs(rc *httpkit.Call) (any, error) {
	var b struct {
		RedirectURLs *[]state.RedirectURL `json:"redirect_urls"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.RedirectURLs == nil {
		return nil, apierr.BadRequest("invalid_request_value", "redirect_urls is required: a list of {url, types, default_for}.")
	}
	if err := state.ValidateRedirectURLs(rc.Project.Env, *b.RedirectURLs); err != nil {
		return nil, err
	}
	rc.Project.Mu.Lock()
	defer rc.Project.Mu.Unlock()
	rc.Project.RedirectURLs = state.CloneRedirectURLs(*b.RedirectURLs)
	return &redirectURLsResponse{httpkit.Ack{}, state.CloneRedirectURLs(rc.Project.RedirectURLs)}, nil
}

type outboxResponse struct {
	httpkit.Ack
	Messages []state.Message `json:"messages"`
}

// HandleGetOutbox answers the messages the mock sent, optionally only those
// to one address: GET /mock/outbox?to=.
func HandleGetOutbox(rc *httpkit.Call) (any, error) {
	return &outboxResponse{httpkit.Ack{}, rc.Project.Outbox.List(rc.Query("to"))}, nil
}

// HandleClearOutbox empties the outbox: DELETE /mock/outbox.
func HandleClearOutbox(rc *httpkit.Call) (any, error) {
	rc.Project.Outbox.Clear()
	return &httpkit.Ack{}, nil
}
