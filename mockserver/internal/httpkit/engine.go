package httpkit

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// MaxBodyBytes is the largest request body the mock reads.
const MaxBodyBytes = 1 << 20

// reqCtx is what a handler knows about its request.
type ReqCtx struct {
	Request   *http.Request
	Project   *state.Project
	RequestID string
	Params    map[string]string
	Action    string // the route's event-log action name
	Now       time.Time
	Body      []byte

	// persisted is set by handlers that wrote the data directory
	// themselves; persistID by handlers whose changed project is not rc.p.
	Persisted bool
	PersistID string
}

// param returns a path parameter.
func (rc *ReqCtx) Param(name string) string { return rc.Params[name] }

// query returns a query-string parameter.
func (rc *ReqCtx) Query(name string) string { return rc.Request.URL.Query().Get(name) }

// decode reads the JSON body into v. An empty body decodes as {}. Malformed
// JSON and values of the wrong type are 400 errors that name the problem.
func (rc *ReqCtx) Decode(v any) error {
	body := bytes.TrimSpace(rc.Body)
	if len(body) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			field := typeErr.Field
			if field == "" {
				return apierr.BadRequest("invalid_request_value", "The request body must be a JSON object.")
			}
			return apierr.BadRequest("invalid_request_value", "The value of %s must be of type %s, not %s.", field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
		}
		return apierr.BadRequest("bad_request", "The request body is not valid JSON.")
	}
	if dec.More() {
		return apierr.BadRequest("bad_request", "The request body must hold exactly one JSON object.")
	}
	return nil
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "map", "struct", "ptr", "interface":
		return "object"
	default:
		return "number"
	}
}

// readBody reads at most limit bytes (MaxBodyBytes when limit is 0).
func ReadBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if limit <= 0 {
		limit = MaxBodyBytes
	}
	var buf bytes.Buffer
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, apierr.BadRequest("request_body_too_large", "The request body is larger than %d bytes.", limit)
		}
		return nil, apierr.BadRequest("bad_request", "The request body could not be read.")
	}
	return buf.Bytes(), nil
}

func WriteJSON(w http.ResponseWriter, status int, v any, requestID string) {
	stamp(v, requestID, status)
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"status_code":500,"error_type":"internal_server_error","error_message":"The mock server could not encode its response."}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
