// Package apitest holds assertions shared by the SDK's and the mock's tests.
package apitest

import (
	"errors"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/stytchapi"
)

// WantError fails the test unless err is, or wraps, a *stytchapi.Error with
// the given HTTP status and error type that also carries a request ID, a
// message and an error URL naming the type, as every Stytch error does. It
// returns the error for further checks.
func WantError(tb testing.TB, err error, status int, errorType stytchapi.ErrorType) *stytchapi.Error {
	tb.Helper()
	var apiErr *stytchapi.Error
	if !errors.As(err, &apiErr) {
		tb.Fatalf("got error %v, want a *stytchapi.Error %d %s", err, status, errorType)
	}
	if apiErr.StatusCode != status || apiErr.ErrorType != errorType {
		tb.Fatalf("got %d %s (%s), want %d %s", apiErr.StatusCode, apiErr.ErrorType, apiErr.ErrorMessage, status, errorType)
	}
	if !strings.HasPrefix(apiErr.RequestID, "request-id-") || apiErr.ErrorMessage == "" {
		tb.Fatalf("error lacks a request ID or a message: %+v", apiErr)
	}
	if !strings.HasSuffix(apiErr.ErrorURL, "#"+string(errorType)) {
		tb.Fatalf("error URL %q does not name %s", apiErr.ErrorURL, errorType)
	}
	return apiErr
}
