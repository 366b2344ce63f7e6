package state

import "time"

// SSOIdPCode is an authorization code the built-in OIDC provider issued
// for a connection: single use, bound to the redirect URI, the relying
// party's nonce and PKCE challenge, and carrying the user's claims. Only
// its hash is kept.
type SSOIdPCode struct {
	CodeHash      string
	ConnectionID  string
	RedirectURI   string
	Nonce         string
	CodeChallenge string // S256; empty when the relying party sent none
	Scope         string
	Subject       string
	Email         string
	Name          string
	Groups        []string
	Attributes    map[string]string
	ExpiresAt     time.Time
}
