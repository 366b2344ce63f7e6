package flows

import (
	"net/url"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// checkLogoURL refuses an organization logo URL that is not an absolute URL
// or whose scheme a browser would run (javascript:, data:, ...). An empty
// value clears the logo.
func checkLogoURL(s string) *apierr.Error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return apierr.BadRequest("invalid_url", "organization_logo_url must be an absolute URL, such as https://example.com/logo.png.")
	}
	if state.ForbiddenURLScheme(u.Scheme) {
		return apierr.BadRequest("invalid_url", "organization_logo_url cannot use the %s: protocol; use http(s).", u.Scheme)
	}
	return nil
}
