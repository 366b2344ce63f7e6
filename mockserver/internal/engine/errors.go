package engine

import (
	"fmt"
	"net/http"
)

// apiError is an error the mock answers with, in Stytch's error format.
type apiError struct {
	Status  int
	Type    string
	Message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Type, e.Message) }

func newError(status int, errorType, format string, args ...any) *apiError {
	return &apiError{Status: status, Type: errorType, Message: fmt.Sprintf(format, args...)}
}

func badRequest(errorType, format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, errorType, format, args...)
}

func notFound(errorType, format string, args ...any) *apiError {
	return newError(http.StatusNotFound, errorType, format, args...)
}

func unauthorized(errorType, format string, args ...any) *apiError {
	return newError(http.StatusUnauthorized, errorType, format, args...)
}

func forbidden(errorType, format string, args ...any) *apiError {
	return newError(http.StatusForbidden, errorType, format, args...)
}

// errorBody is the JSON body of every error response.
type errorBody struct {
	StatusCode   int    `json:"status_code"`
	RequestID    string `json:"request_id"`
	ErrorType    string `json:"error_type"`
	ErrorMessage string `json:"error_message"`
	ErrorURL     string `json:"error_url"`
}

func (e *apiError) body(requestID string) errorBody {
	return errorBody{
		StatusCode:   e.Status,
		RequestID:    requestID,
		ErrorType:    e.Type,
		ErrorMessage: e.Message,
		ErrorURL:     fmt.Sprintf("https://stytch.com/docs/api/errors/%d#%s", e.Status, e.Type),
	}
}
