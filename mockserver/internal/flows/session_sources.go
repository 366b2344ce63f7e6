package flows

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// parseProfilePublicKey accepts a PEM "PUBLIC KEY" (PKIX, RSA or ECDSA
// P-256) or "RSA PUBLIC KEY" (PKCS #1) block and returns the key and the
// JWT algorithm it verifies.
func parseProfilePublicKey(s string) (any, string, error) {
	block, _ := pem.Decode([]byte(strings.TrimSpace(s)))
	if block == nil {
		return nil, "", errors.New("is not a PEM block")
	}
	var key any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	default:
		return nil, "", fmt.Errorf("is a %q PEM block, not a PUBLIC KEY", block.Type)
	}
	if err != nil {
		return nil, "", errors.New("does not hold a valid public key")
	}
	switch k := key.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return nil, "", errors.New("is an RSA key shorter than 2048 bits")
		}
		return k, "RS256", nil
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return nil, "", errors.New("is an ECDSA key on a curve other than P-256")
		}
		return k, "ES256", nil
	}
	return nil, "", errors.New("is neither an RSA nor an ECDSA key")
}

// ValidateProfiles checks a full list of profiles and returns them parsed.
func ValidateProfiles(list []state.TrustedAuthTokenProfile) (map[string]*state.TrustedProfile, *apierr.Error) {
	if len(list) > state.MaxTrustedProfiles {
		return nil, apierr.BadRequest("invalid_request_value", "At most %d trusted auth token profiles are allowed.", state.MaxTrustedProfiles)
	}
	out := make(map[string]*state.TrustedProfile, len(list))
	for i, p := range list {
		at := fmt.Sprintf("profiles[%d]", i)
		switch {
		case p.ProfileID == "" || len(p.ProfileID) > 128:
			return nil, apierr.BadRequest("invalid_request_value", "%s.profile_id is required (at most 128 characters).", at)
		case out[p.ProfileID] != nil:
			return nil, apierr.BadRequest("invalid_request_value", "%s.profile_id %q is used twice.", at, p.ProfileID)
		case p.Issuer == "" || p.Audience == "":
			return nil, apierr.BadRequest("invalid_request_value", "%s: issuer and audience are required.", at)
		case p.AttributeMapping.EmailAddress == "":
			return nil, apierr.BadRequest("invalid_request_value", "%s.attribute_mapping.email_address is required: the name of the claim holding the email address.", at)
		}
		key, alg, err := parseProfilePublicKey(p.PublicKeyPEM)
		if err != nil {
			return nil, apierr.BadRequest("invalid_request_value", "%s.public_key_pem %s.", at, err.Error())
		}
		if p.AttributeMapping.TokenID == "" {
			p.AttributeMapping.TokenID = "jti"
		}
		out[p.ProfileID] = &state.TrustedProfile{TrustedAuthTokenProfile: p, Key: key, Alg: alg}
	}
	return out, nil
}

// ValidateUserinfoURL accepts "" (not configured) or an absolute http(s) URL.
func ValidateUserinfoURL(s string) *apierr.Error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > 2048 {
		return apierr.BadRequest("invalid_request_value", "userinfo_url must be an absolute http or https URL (or empty to turn migration off).")
	}
	return nil
}

// VerifyTrustedToken checks a trusted auth token against its profile:
// signature (the profile's algorithm only), iss, aud, exp (required) and
// nbf on the mock's clock. It returns the email address and token id.
func VerifyTrustedToken(prof *state.TrustedProfile, raw string, now time.Time) (email, tokenID string, aerr *apierr.Error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return prof.Key, nil },
		jwt.WithValidMethods([]string{prof.Alg}), jwt.WithIssuer(prof.Issuer), jwt.WithAudience(prof.Audience),
		jwt.WithExpirationRequired(), jwt.WithTimeFunc(func() time.Time { return now }))
	if err != nil {
		reason := "it could not be parsed"
		switch {
		case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
			reason = "its signature does not verify with the profile's key (" + prof.Alg + ")"
		case errors.Is(err, jwt.ErrTokenExpired):
			reason = "it has expired"
		case errors.Is(err, jwt.ErrTokenNotValidYet):
			reason = "it is not valid yet (nbf)"
		case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
			reason = "it has no exp claim"
		case errors.Is(err, jwt.ErrTokenInvalidIssuer):
			reason = "its iss is not the profile's issuer"
		case errors.Is(err, jwt.ErrTokenInvalidAudience):
			reason = "its aud does not contain the profile's audience"
		}
		return "", "", apierr.BadRequest("invalid_trusted_auth_token", "The trusted auth token is not valid for profile %q: %s.", prof.ProfileID, reason)
	}
	email, _ = claims[prof.AttributeMapping.EmailAddress].(string)
	if email == "" {
		return "", "", apierr.BadRequest("invalid_trusted_auth_token", "The trusted auth token has no %q claim with an email address, as profile %q maps it.", prof.AttributeMapping.EmailAddress, prof.ProfileID)
	}
	switch v := claims[prof.AttributeMapping.TokenID].(type) {
	case string:
		tokenID = v
	case float64:
		tokenID = fmt.Sprint(v)
	}
	return email, tokenID, nil
}

// ExistingMember finds a non-deleted member of org by email.
func ExistingMember(p *state.Project, org *state.OrgRecord, email string) *state.MemberRecord {
	set := p.OrgMembers[org.Org.OrganizationID]
	if set == nil {
		return nil
	}
	r := set.ByEmail[state.EmailKey(email)]
	if r == nil || r.Member.Status == organizations.StatusDeleted {
		return nil
	}
	return r
}

// activate turns a pending or invited member active (the login is its
// first); the email stays as verified as it was. Callers hold p.mu.
func activate(p *state.Project, r *state.MemberRecord, now time.Time) {
	if r.Member.Status != organizations.StatusPending && r.Member.Status != organizations.StatusInvited {
		return
	}
	next := state.CloneRecord(r)
	next.Member.Status = organizations.StatusActive
	next.Member.UpdatedAt = &now
	p.ReplaceMember(r, next)
}

// SessionFor activates r and adds factor to supplied when it is r's
// session (extending it), else issues a new session. Callers hold p.mu for
// writing and have validated everything else.
func SessionFor(p *state.Project, r *state.MemberRecord, supplied *state.SessionRecord, factor sessions.AuthenticationFactor, args state.SessionArgs, now time.Time) (*state.IssuedSession, error) {
	if supplied != nil && supplied.MemberID != r.Member.MemberID {
		supplied = nil
	}
	if _, aerr := state.MergeClaims(nil, args.CustomClaims); aerr != nil {
		return nil, aerr
	}
	if supplied != nil {
		if _, aerr := state.MergeClaims(supplied.Claims, args.CustomClaims); aerr != nil {
			return nil, aerr
		}
	}
	activate(p, r, now)
	if supplied != nil {
		return extendSession(p, supplied, []sessions.AuthenticationFactor{factor}, args, now)
	}
	return p.IssueSession(now, r.Member.MemberID, []sessions.AuthenticationFactor{factor}, args)
}
