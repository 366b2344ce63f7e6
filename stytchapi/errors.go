package stytchapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrorType is the stable, machine-readable code of a Stytch API error, such
// as "member_not_found". Programs branch on it; ErrorMessage is prose for
// people and may change.
type ErrorType string

// Error is an error answered by the Stytch API (any non-2xx response).
// Use errors.As to reach it, or IsErrorType to test its type:
//
//	var apiErr *stytchapi.Error
//	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound { ... }
//	if stytchapi.IsErrorType(err, stytchapi.ErrorTypeMemberNotFound) { ... }
type Error struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int `json:"status_code"`
	// RequestID identifies the request in Stytch's logs; quote it in support requests.
	RequestID string `json:"request_id,omitempty"`
	// ErrorType is the machine-readable error code. It is empty when the
	// response body was not a Stytch error (for example a proxy's HTML page).
	ErrorType ErrorType `json:"error_type,omitempty"`
	// ErrorMessage explains the error to a person. For a response that was not
	// a Stytch error it holds a short excerpt of the body.
	ErrorMessage string `json:"error_message,omitempty"`
	// ErrorURL links to the documentation of the error.
	ErrorURL string `json:"error_url,omitempty"`
	// ErrorDetails holds extra structured information when the API sends any.
	ErrorDetails map[string]any `json:"error_details,omitempty"`
}

// Error returns a one-line description with the status, type, message and
// request ID.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("stytch: ")
	fmt.Fprintf(&b, "%d", e.StatusCode)
	if e.ErrorType != "" {
		b.WriteString(" ")
		b.WriteString(string(e.ErrorType))
	}
	if e.ErrorMessage != "" {
		b.WriteString(": ")
		b.WriteString(e.ErrorMessage)
	}
	if e.RequestID != "" {
		b.WriteString(" (request_id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Is reports whether target is an *Error with the same ErrorType, so that
// errors.Is(err, &stytchapi.Error{ErrorType: stytchapi.ErrorTypeMemberNotFound})
// works as well as IsErrorType.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok || t.ErrorType == "" {
		return false
	}
	return t.ErrorType == e.ErrorType
}

// IsErrorType reports whether err is, or wraps, an *Error of one of the given
// types.
func IsErrorType(err error, types ...ErrorType) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	for _, t := range types {
		if e.ErrorType == t {
			return true
		}
	}
	return false
}

// maxExcerpt bounds how much of a non-Stytch error body is kept in
// ErrorMessage.
const maxExcerpt = 256

// oauth2Error is the error shape of Stytch's OAuth2-style endpoints.
type oauth2Error struct {
	StatusCode       int    `json:"status_code"`
	RequestID        string `json:"request_id"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorURI         string `json:"error_uri"`
}

// errorFromResponse builds the *Error for a non-2xx response. It never fails:
// a body that is not a Stytch error still yields an *Error carrying the HTTP
// status and an excerpt of the body.
func errorFromResponse(status int, body []byte) *Error {
	var e Error
	if json.Unmarshal(body, &e) == nil && e.ErrorType != "" {
		e.StatusCode = status
		return &e
	}
	var o oauth2Error
	if json.Unmarshal(body, &o) == nil && o.Error != "" {
		return &Error{StatusCode: status, RequestID: o.RequestID, ErrorType: ErrorType(o.Error), ErrorMessage: o.ErrorDescription, ErrorURL: o.ErrorURI}
	}
	return &Error{StatusCode: status, RequestID: e.RequestID, ErrorMessage: excerpt(body)}
}

func excerpt(body []byte) string {
	s := strings.TrimSpace(string(body))
	if s == "" {
		return "empty response body"
	}
	if len(s) > maxExcerpt {
		s = s[:maxExcerpt]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return strings.Join(strings.Fields(s), " ")
}
