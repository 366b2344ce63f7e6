package jwtverify

import (
	"encoding/json"
	"fmt"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stytchkit/stytch-go/internal/jsondec"
)

// DecodeClaims splits a JWT payload into its top-level claims once and
// decodes each from its own bytes: the registered claims into reg, the
// claims named in known into their destinations, and every other claim into
// the returned custom map (nil when there are none).
func DecodeClaims(b []byte, reg *jwt.RegisteredClaims, known map[string]any) (custom map[string]any, err error) {
	var all map[string]json.RawMessage
	if err := jsondec.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	for k, v := range all {
		dst := known[k]
		switch k {
		case "iss":
			dst = &reg.Issuer
		case "sub":
			dst = &reg.Subject
		case "aud":
			dst = &reg.Audience
		case "exp":
			dst = &reg.ExpiresAt
		case "nbf":
			dst = &reg.NotBefore
		case "iat":
			dst = &reg.IssuedAt
		case "jti":
			dst = &reg.ID
		}
		if dst == nil {
			var val any
			if err := jsondec.Unmarshal(v, &val); err != nil {
				return nil, fmt.Errorf("claim %q: %w", k, err)
			}
			if custom == nil {
				custom = map[string]any{}
			}
			custom[k] = val
			continue
		}
		if err := jsondec.Unmarshal(v, dst); err != nil {
			return nil, fmt.Errorf("claim %q: %w", k, err)
		}
	}
	return custom, nil
}
