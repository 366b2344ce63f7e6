package httpkit

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
)

// MaxBodyBytes is the largest request body the mock reads by default.
const MaxBodyBytes = 1 << 20

// Ack is the answer of a call that returns nothing but its request_id and
// status_code.
type Ack struct {
	RequestID  string `json:"request_id"`
	StatusCode int    `json:"status_code"`
}

// ReadBody reads at most limit bytes (MaxBodyBytes when limit is 0).
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
			return nil, apierr.BadRequest("bad_request", "The request body is larger than %d bytes.", limit)
		}
		return nil, apierr.BadRequest("bad_request", "The request body could not be read.")
	}
	return buf.Bytes(), nil
}

// WriteJSON sends v as the JSON answer with status, after stamping its
// request_id and status_code fields (see stamp).
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
