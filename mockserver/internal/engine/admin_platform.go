package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// decodeStrict decodes the JSON body into v like decode, and also rejects
// unknown fields, so a typo in an admin call fails instead of being ignored.
func (rc *reqCtx) decodeStrict(v any) error {
	body := bytes.TrimSpace(rc.body)
	if len(body) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field != "":
			return badRequest("invalid_request_value", "The value of %s must be of type %s, not %s.", typeErr.Field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
		case errors.As(err, &typeErr):
			return badRequest("invalid_request_value", "The request body must be a JSON object.")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return badRequest("invalid_request_value", "The request body has an unknown field %s.", truncate(strings.TrimPrefix(err.Error(), "json: unknown field "), 80))
		}
		return badRequest("bad_request", "The request body is not valid JSON.")
	}
	if dec.More() {
		return badRequest("bad_request", "The request body must hold exactly one JSON object.")
	}
	return nil
}

type eventsResponse struct {
	adminResponse
	Events     []Event `json:"events"`
	NextCursor string  `json:"next_cursor"`
}

// handleListEvents serves GET /mock/events?status=&action=&request_id=
// &since=&until=&limit=&cursor=.
func handleListEvents(rc *reqCtx) (any, error) {
	q := rc.r.URL.Query()
	f := EventFilter{Status: q.Get("status"), Action: q.Get("action"), RequestID: q.Get("request_id"), Cursor: q.Get("cursor"), Limit: DefaultEventLimit}
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		if v := q.Get(t.name); v != "" {
			ts, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return nil, badRequest("invalid_request_value", "%s must be an RFC 3339 time such as 2024-05-01T12:00:00Z.", t.name)
			}
			*t.dst = ts
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxEventLimit {
			return nil, badRequest("invalid_request_value", "limit must be a whole number from 1 to %d.", MaxEventLimit)
		}
		f.Limit = n
	}
	page, err := rc.p.events.query(rc.p.clock.Now(), f)
	if err != nil {
		return nil, badRequest("invalid_request_value", "%s.", err.Error())
	}
	return &eventsResponse{adminResponse{rc.requestID, http.StatusOK}, page.Events, page.NextCursor}, nil
}

type allowlistResponse struct {
	adminResponse
	Allowlist []string `json:"allowlist"`
}

func handleGetIPAllowlist(rc *reqCtx) (any, error) {
	return &allowlistResponse{adminResponse{rc.requestID, http.StatusOK}, rc.p.platform.getAllowlist()}, nil
}

func handleSetIPAllowlist(rc *reqCtx) (any, error) {
	var b struct {
		Allowlist *[]string `json:"allowlist"`
	}
	if err := rc.decodeStrict(&b); err != nil {
		return nil, err
	}
	if b.Allowlist == nil {
		return nil, badRequest("invalid_request_value", "allowlist is required; send [] to allow every address.")
	}
	pfxs, err := ParseIPAllowlist(*b.Allowlist)
	if err != nil {
		return nil, err
	}
	rc.p.platform.setAllowlist(pfxs)
	return &allowlistResponse{adminResponse{rc.requestID, http.StatusOK}, formatAllowlist(pfxs)}, nil
}

type faultResponse struct {
	adminResponse
	Fault Fault `json:"fault"`
}

type faultsResponse struct {
	adminResponse
	Faults []Fault `json:"faults"`
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
func DecodeFault(body []byte) (Fault, error) {
	rc := &reqCtx{body: body}
	var b faultBody
	if err := rc.decodeStrict(&b); err != nil {
		return Fault{}, err
	}
	return NormalizeFault(Fault{
		Method: b.Method, Path: b.Path, Status: b.Status, ErrorType: b.ErrorType, ErrorMessage: b.ErrorMessage,
		RetryAfterSeconds: b.RetryAfterSeconds, LatencyMS: b.LatencyMS, DropConnection: b.DropConnection, Times: b.Times,
	})
}

func handleAddFault(rc *reqCtx) (any, error) {
	f, err := DecodeFault(rc.body)
	if err != nil {
		return nil, err
	}
	f, err = rc.p.platform.addFault(f)
	if err != nil {
		return nil, err
	}
	return &faultResponse{adminResponse{rc.requestID, http.StatusOK}, f}, nil
}

func handleListFaults(rc *reqCtx) (any, error) {
	return &faultsResponse{adminResponse{rc.requestID, http.StatusOK}, rc.p.platform.listFaults()}, nil
}

type clearFaultsResponse struct {
	adminResponse
	Deleted int `json:"deleted"`
}

func handleClearFaults(rc *reqCtx) (any, error) {
	return &clearFaultsResponse{adminResponse{rc.requestID, http.StatusOK}, rc.p.platform.clearFaults()}, nil
}

func handleDeleteFault(rc *reqCtx) (any, error) {
	if !rc.p.platform.removeFault(rc.param("fault_id")) {
		return nil, notFound("fault_not_found", "There is no fault %q in this project.", truncate(rc.param("fault_id"), 64))
	}
	return &clearFaultsResponse{adminResponse{rc.requestID, http.StatusOK}, 1}, nil
}
