package httpkit

import (
	"net/http"
	"net/url"
)

// SameOrigin reports whether a browser says the request comes from the
// mock's own origin: Sec-Fetch-Site is same-origin, or Origin names the
// request's host. A request with neither header (curl, a script) is not
// same-origin. The mock's HTML forms refuse POSTs that are not.
func SameOrigin(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") == "same-origin" {
		return true
	}
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return false
	}
	u, err := url.Parse(o)
	return err == nil && u.Host != "" && u.Host == r.Host
}
