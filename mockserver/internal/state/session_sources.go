package state

import (
	"slices"
	"strings"
)

// Session sources configured in Stytch's dashboard, which the mock sets
// through admin routes instead: trusted auth token profiles (for
// sessions/attest) and the external UserInfo endpoint of session migration
// (for sessions/migrate). Both live in project state under p.mu and are
// persisted in the "session_sources" snapshot section.

// TrustedAuthTokenProfile is a trusted auth token profile: JWTs signed by
// the key of PublicKeyPEM, issued by Issuer for Audience, whose
// AttributeMapping names the claims holding the member's email address and
// the token's id.
type TrustedAuthTokenProfile struct {
	ProfileID        string                  `json:"profile_id"`
	Issuer           string                  `json:"issuer"`
	Audience         string                  `json:"audience"`
	PublicKeyPEM     string                  `json:"public_key_pem"`
	AttributeMapping TrustedAttributeMapping `json:"attribute_mapping"`
}

// TrustedAttributeMapping names claims of a trusted auth token.
// EmailAddress is required; TokenID defaults to "jti".
type TrustedAttributeMapping struct {
	EmailAddress string `json:"email_address"`
	TokenID      string `json:"token_id"`
}

// TrustedProfile is a validated profile with its parsed key.
type TrustedProfile struct {
	TrustedAuthTokenProfile
	Key any    // *rsa.PublicKey or *ecdsa.PublicKey
	Alg string // RS256 or ES256
}

// SessionSources is a project's attest and migrate configuration.
type SessionSources struct {
	Profiles    map[string]*TrustedProfile
	UserinfoURL string
}

// MaxTrustedProfiles bounds PUT /mock/trusted_auth_token_profiles.
const MaxTrustedProfiles = 50

// ProfileList renders the profiles sorted by id.
func (s *SessionSources) ProfileList() []TrustedAuthTokenProfile {
	out := []TrustedAuthTokenProfile{}
	for _, p := range s.Profiles {
		out = append(out, p.TrustedAuthTokenProfile)
	}
	slices.SortFunc(out, func(a, b TrustedAuthTokenProfile) int { return strings.Compare(a.ProfileID, b.ProfileID) })
	return out
}
