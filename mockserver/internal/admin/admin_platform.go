package admin

import (
	"strconv"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

type eventsResponse struct {
	httpkit.Ack
	Events     []state.Event `json:"events"`
	NextCursor string        `json:"next_cursor"`
}

// HandleListEvents serves GET /mock/events?status=&action=&request_id=
// &since=&until=&limit=&cursor=.
func HandleListEvents(rc *httpkit.Call) (any, error) {
	q := rc.Request.URL.Query()
	f := state.EventFilter{Status: q.Get("status"), Action: q.Get("action"), RequestID: q.Get("request_id"), Cursor: q.Get("cursor"), Limit: state.DefaultEventLimit}
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		if v := q.Get(t.name); v != "" {
			ts, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return nil, apierr.BadRequest("invalid_request_value", "%s must be an RFC 3339 time such as 2024-05-01T12:00:00Z.", t.name)
			}
			*t.dst = ts
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > state.MaxEventLimit {
			return nil, apierr.BadRequest("invalid_request_value", "limit must be a whole number from 1 to %d.", state.MaxEventLimit)
		}
		f.Limit = n
	}
	page, err := rc.Project.Events.Query(rc.Project.Clock.Now(), f)
	if err != nil {
		return nil, apierr.BadRequest("invalid_request_value", "%s.", err.Error())
	}
	return &eventsResponse{httpkit.Ack{}, page.Events, page.NextCursor}, nil
}

type allowlistResponse struct {
	httpkit.Ack
	Allowlist []string `json:"allowlist"`
}

// HandleGetIPAllowlist answers the project's IP allowlist: GET
// /mock/ip_allowlist.
func HandleGetIPAllowlist(rc *httpkit.Call) (any, error) {
	return &allowlistResponse{httpkit.Ack{}, rc.Project.Platform.GetAllowlist()}, nil
}

// HandleSetIPAllowlist replaces the project's IP allowlist: PUT
// /mock/ip_allowlist {allowlist}.
func HandleSetIPAllowlist(rc *httpkit.Call) (any, error) {
	var b struct {
		Allowlist *[]string `json:"allowlist"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.Allowlist == nil {
		return nil, apierr.BadRequest("invalid_request_value", "allowlist is required; send [] to allow every address.")
	}
	pfxs, err := state.ParseIPAllowlist(*b.Allowlist)
	if err != nil {
		return nil, err
	}
	rc.Project.Platform.SetAllowlist(pfxs)
	return &allowlistResponse{httpkit.Ack{}, state.FormatAllowlist(pfxs)}, nil
}

type faultResponse struct {
	httpkit.Ack
	Fault state.Fault `json:"fault"`
}

type faultsResponse struct {
	httpkit.Ack
	Faults []state.Fault `json:"faults"`
}

// faultBody is the body of POST /mock/faults: a Fault without its
// server-owned fields.
type faultBody struct {
	Method            string `json:"method"`
	Path              string `json:"path"`
	Status            int    `json:"status"`
	ErrorType         string `json:"error_type"`
	ErrorMessage      string `json:"error_message"`
	RetryAfterSeconds int    `json:"retry_after_seconds"`
	LatencyMS         int    `json:"latency_ms"`
	DropConnection    bool   `json:"drop_connection"`
	Times             int    `json:"times"`
}

// DecodeFault parses a POST /mock/faults body into a validated Fault.
func DecodeFault(body []byte) (state.Fault, error) {
	var b faultBody
	if err := httpkit.DecodeBody(body, &b, true); err != nil {
		return state.Fault{}, err
	}
	return state.NormalizeFault(state.Fault{
		Method: b.Method, Path: b.Path, Status: b.Status, ErrorType: b.ErrorType, ErrorMessage: b.ErrorMessage,
		RetryAfterSeconds: b.RetryAfterSeconds, LatencyMS: b.LatencyMS, DropConnection: b.DropConnection, Times: b.Times,
	})
}

// HandleAddFault adds an injected fault: POST /mock/faults.
func HandleAddFault(rc *httpkit.Call) (any, error) {
	f, err := DecodeFault(rc.Body)
	if err != nil {
		return nil, err
	}
	f, err = rc.Project.Platform.AddFault(f)
	if err != nil {
		return nil, err
	}
	return &faultResponse{httpkit.Ack{}, f}, nil
}

// HandleListFaults answers the injected faults: GET /mock/faults.
func HandleListFaults(rc *httpkit.Call) (any, error) {
	return &faultsResponse{httpkit.Ack{}, rc.Project.Platform.ListFaults()}, nil
}

type clearFaultsResponse struct {
	httpkit.Ack
	Deleted int `json:"deleted"`
}

// HandleClearFaults removes every injected fault: DELETE /mock/faults.
func HandleClearFaults(rc *httpkit.Call) (any, error) {
	return &clearFaultsResponse{httpkit.Ack{}, rc.Project.Platform.ClearFaults()}, nil
}

// HandleDeleteFault removes one injected fault: DELETE
// /mock/faults/{fault_id}.
func HandleDeleteFault(rc *httpkit.Call) (any, error) {
	if !rc.Project.Platform.RemoveFault(rc.Param("fault_id")) {
		return nil, apierr.NotFound("fault_not_found", "There is no fault %q in this project.", apierr.Excerpt(rc.Param("fault_id"), 64))
	}
	return &clearFaultsResponse{httpkit.Ack{}, 1}, nil
}
