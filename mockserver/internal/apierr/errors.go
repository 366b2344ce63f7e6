// Package apierr is the error value the mock answers with, in Stytch's error
// format, and its constructors. It knows HTTP statuses only as numbers, so
// that the domain layers (state, flows) can build errors without importing
// net/http.
package apierr

import (
	"fmt"
	"unicode/utf8"
)

// Error is an error the mock answers with: an HTTP status, a Stytch
// error_type from Stytch's published registry, and a message for people.
type Error struct {
	Status  int
	Type    string
	Message string
}

// Error renders the error for logs: status, type and message.
func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Type, e.Message) }

// New returns an error with the given status and type; the message is
// formatted with fmt.Sprintf.
func New(status int, errorType, format string, args ...any) *Error {
	return &Error{Status: status, Type: errorType, Message: fmt.Sprintf(format, args...)}
}

// BadRequest returns a 400 error.
func BadRequest(errorType, format string, args ...any) *Error {
	return New(400, errorType, format, args...)
}

// Unauthorized returns a 401 error.
func Unauthorized(errorType, format string, args ...any) *Error {
	return New(401, errorType, format, args...)
}

// Forbidden returns a 403 error.
func Forbidden(errorType, format string, args ...any) *Error {
	return New(403, errorType, format, args...)
}

// NotFound returns a 404 error.
func NotFound(errorType, format string, args ...any) *Error {
	return New(404, errorType, format, args...)
}

// TooManyRequests returns a 429 error.
func TooManyRequests(errorType, format string, args ...any) *Error {
	return New(429, errorType, format, args...)
}

// Internal returns the 500 internal_server_error the mock answers with when
// it fails itself; what names the part that failed.
func Internal(format string, args ...any) *Error {
	return New(500, "internal_server_error", format, args...)
}

// Body is the JSON body of every error response.
type Body struct {
	StatusCode   int    `json:"status_code"`
	RequestID    string `json:"request_id"`
	ErrorType    string `json:"error_type"`
	ErrorMessage string `json:"error_message"`
	ErrorURL     string `json:"error_url"`
}

// Body returns the JSON body of e for the request requestID.
func (e *Error) Body(requestID string) Body {
	return Body{
		StatusCode:   e.Status,
		RequestID:    requestID,
		ErrorType:    e.Type,
		ErrorMessage: e.Message,
		ErrorURL:     fmt.Sprintf("https://stytch.com/docs/api/errors/%d#%s", e.Status, e.Type),
	}
}

// Excerpt returns s cut to at most n bytes (on a rune boundary) with an
// ellipsis, for quoting a caller's value in an error message.
func Excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
