package apierr

import "fmt"

// OAuth2Error is an error of an OAuth2-style endpoint (the M2M token
// endpoint), answered in the OAuth2 shape (RFC 6749 §5.2) rather than
// Stytch's: an error code such as invalid_client and a description.
type OAuth2Error struct {
	Status      int
	Code        string
	Description string
}

// Error renders the error for logs: status, code and description.
func (e *OAuth2Error) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Description)
}

// OAuth2 returns an OAuth2 error; the description is formatted with
// fmt.Sprintf.
func OAuth2(status int, code, format string, args ...any) *OAuth2Error {
	return &OAuth2Error{Status: status, Code: code, Description: fmt.Sprintf(format, args...)}
}

// OAuth2Body is the JSON body of an OAuth2 error response.
type OAuth2Body struct {
	StatusCode       int    `json:"status_code"`
	RequestID        string `json:"request_id"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorURI         string `json:"error_uri,omitempty"`
}

// Body returns the JSON body of e for the request requestID.
func (e *OAuth2Error) Body(requestID string) OAuth2Body {
	return OAuth2Body{
		StatusCode:       e.Status,
		RequestID:        requestID,
		Error:            e.Code,
		ErrorDescription: e.Description,
	}
}
