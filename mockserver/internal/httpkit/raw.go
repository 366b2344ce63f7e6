package httpkit

import (
	"encoding/json"
	"net/http"
)

// Raw is an answer that is not a Stytch JSON body: a redirect, an HTML
// page, or the JSON of a protocol endpoint (OIDC discovery, JWKS, token)
// whose shape is fixed by its standard. The engine writes it as is.
type Raw struct {
	Status int
	Header http.Header
	Body   []byte
}

// Redirect is a 302 to location.
func Redirect(location string) *Raw {
	h := http.Header{}
	h.Set("Location", location)
	h.Set("Cache-Control", "no-store")
	return &Raw{Status: http.StatusFound, Header: h}
}

// HTML is an HTML page.
func HTML(status int, body []byte) *Raw {
	h := http.Header{}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	return &Raw{Status: status, Header: h, Body: body}
}

// RawJSON is v as a JSON document, without request_id or status_code.
func RawJSON(status int, v any) *Raw {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"server_error"}`)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	return &Raw{Status: status, Header: h, Body: b}
}

// Write sends the answer.
func (r *Raw) Write(w http.ResponseWriter) {
	for k, vs := range r.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(r.Status)
	_, _ = w.Write(r.Body)
}
