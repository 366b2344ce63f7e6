package apierr

import (
	"fmt"
	"net/http"
)

// apiError is an error the mock answers with, in Stytch's error format.
type ApiError struct {
	Status  int
	Type    string
	Message string
}

func (e *ApiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Type, e.Message) }

func NewError(status int, errorType, format string, args ...any) *ApiError {
	return &ApiError{Status: status, Type: errorType, Message: fmt.Sprintf(format, args...)}
}

func BadRequest(errorType, format string, args ...any) *ApiError {
	return NewError(http.StatusBadRequest, errorType, format, args...)
}

func NotFound(errorType, format string, args ...any) *ApiError {
	return NewError(http.StatusNotFound, errorType, format, args...)
}

func Unauthorized(errorType, format string, args ...any) *ApiError {
	return NewError(http.StatusUnauthorized, errorType, format, args...)
}

func Forbidden(errorType, format string, args ...any) *ApiError {
	return NewError(http.StatusForbidden, errorType, format, args...)
}

// errorBody is the JSON body of every error response.
type errorBody struct {
	StatusCode   int    `json:"status_code"`
	RequestID    string `json:"request_id"`
	ErrorType    string `json:"error_type"`
	ErrorMessage string `json:"error_message"`
	ErrorURL     string `json:"error_url"`
}

func (e *ApiError) Body(requestID string) errorBody {
	return errorBody{
		StatusCode:   e.Status,
		RequestID:    requestID,
		ErrorType:    e.Type,
		ErrorMessage: e.Message,
		ErrorURL:     fmt.Sprintf("https://stytch.com/docs/api/errors/%d#%s", e.Status, e.Type),
	}
}
