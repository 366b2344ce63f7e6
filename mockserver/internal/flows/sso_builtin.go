package flows

import "github.com/stytchkit/stytch-go/mockserver/internal/state"

// BuiltinIdPURL is where the project's built-in identity provider serves
// connection c: the SAML IdP's entity ID, and the OIDC provider's issuer.
func BuiltinIdPURL(c *state.SSOConnection) string {
	return c.BaseURL + "/mock/idp/" + c.ID
}
