// Package idp is the mock's built-in identity provider: it issues signed
// SAML 2.0 Responses (etree + goxmldsig) for connections configured to
// use it, as an independent party the mock's service provider then
// validates like any other IdP's.
package idp
