package engine

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
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

// trustedProfile is a validated profile with its parsed key.
type trustedProfile struct {
	TrustedAuthTokenProfile
	key any    // *rsa.PublicKey or *ecdsa.PublicKey
	alg string // RS256 or ES256
}

// sessionSources is a project's attest and migrate configuration.
type sessionSources struct {
	profiles    map[string]*trustedProfile
	userinfoURL string
}

// maxTrustedProfiles bounds PUT /mock/trusted_auth_token_profiles.
const maxTrustedProfiles = 50

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

// validateProfiles checks a full list of profiles and returns them parsed.
func validateProfiles(list []TrustedAuthTokenProfile) (map[string]*trustedProfile, *apiError) {
	if len(list) > maxTrustedProfiles {
		return nil, badRequest("invalid_request_value", "At most %d trusted auth token profiles are allowed.", maxTrustedProfiles)
	}
	out := make(map[string]*trustedProfile, len(list))
	for i, p := range list {
		at := fmt.Sprintf("profiles[%d]", i)
		switch {
		case p.ProfileID == "" || len(p.ProfileID) > 128:
			return nil, badRequest("invalid_request_value", "%s.profile_id is required (at most 128 characters).", at)
		case out[p.ProfileID] != nil:
			return nil, badRequest("invalid_request_value", "%s.profile_id %q is used twice.", at, p.ProfileID)
		case p.Issuer == "" || p.Audience == "":
			return nil, badRequest("invalid_request_value", "%s: issuer and audience are required.", at)
		case p.AttributeMapping.EmailAddress == "":
			return nil, badRequest("invalid_request_value", "%s.attribute_mapping.email_address is required: the name of the claim holding the email address.", at)
		}
		key, alg, err := parseProfilePublicKey(p.PublicKeyPEM)
		if err != nil {
			return nil, badRequest("invalid_request_value", "%s.public_key_pem %s.", at, err.Error())
		}
		if p.AttributeMapping.TokenID == "" {
			p.AttributeMapping.TokenID = "jti"
		}
		out[p.ProfileID] = &trustedProfile{TrustedAuthTokenProfile: p, key: key, alg: alg}
	}
	return out, nil
}

// profileList renders the profiles sorted by id.
func (s *sessionSources) profileList() []TrustedAuthTokenProfile {
	out := []TrustedAuthTokenProfile{}
	for _, p := range s.profiles {
		out = append(out, p.TrustedAuthTokenProfile)
	}
	slices.SortFunc(out, func(a, b TrustedAuthTokenProfile) int { return strings.Compare(a.ProfileID, b.ProfileID) })
	return out
}

type trustedProfilesResponse struct {
	adminResponse
	Profiles []TrustedAuthTokenProfile `json:"profiles"`
}

func handleGetTrustedProfiles(rc *reqCtx) (any, error) {
	rc.p.mu.RLock()
	defer rc.p.mu.RUnlock()
	return &trustedProfilesResponse{adminResponse{rc.requestID, http.StatusOK}, rc.p.sources.profileList()}, nil
}

// handleSetTrustedProfiles replaces the project's trusted auth token
// profiles: PUT /mock/trusted_auth_token_profiles {profiles: [...]}.
func handleSetTrustedProfiles(rc *reqCtx) (any, error) {
	var b struct {
		Profiles *[]TrustedAuthTokenProfile `json:"profiles"`
	}
	if err := rc.decodeStrict(&b); err != nil {
		return nil, err
	}
	if b.Profiles == nil {
		return nil, badRequest("invalid_request_value", "profiles is required: a list of {profile_id, issuer, audience, public_key_pem, attribute_mapping}.")
	}
	parsed, aerr := validateProfiles(*b.Profiles)
	if aerr != nil {
		return nil, aerr
	}
	rc.p.mu.Lock()
	defer rc.p.mu.Unlock()
	rc.p.sources.profiles = parsed
	return &trustedProfilesResponse{adminResponse{rc.requestID, http.StatusOK}, rc.p.sources.profileList()}, nil
}

// validateUserinfoURL accepts "" (not configured) or an absolute http(s) URL.
func validateUserinfoURL(s string) *apiError {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > 2048 {
		return badRequest("invalid_request_value", "userinfo_url must be an absolute http or https URL (or empty to turn migration off).")
	}
	return nil
}

type sessionMigrationResponse struct {
	adminResponse
	UserinfoURL string `json:"userinfo_url"`
}

func handleGetSessionMigration(rc *reqCtx) (any, error) {
	rc.p.mu.RLock()
	defer rc.p.mu.RUnlock()
	return &sessionMigrationResponse{adminResponse{rc.requestID, http.StatusOK}, rc.p.sources.userinfoURL}, nil
}

// handleSetSessionMigration sets the external UserInfo endpoint that
// sessions/migrate calls: PUT /mock/session_migration {userinfo_url}.
func handleSetSessionMigration(rc *reqCtx) (any, error) {
	var b struct {
		UserinfoURL *string `json:"userinfo_url"`
	}
	if err := rc.decodeStrict(&b); err != nil {
		return nil, err
	}
	if b.UserinfoURL == nil {
		return nil, badRequest("invalid_request_value", "userinfo_url is required (empty turns migration off).")
	}
	if err := validateUserinfoURL(*b.UserinfoURL); err != nil {
		return nil, err
	}
	rc.p.mu.Lock()
	defer rc.p.mu.Unlock()
	rc.p.sources.userinfoURL = *b.UserinfoURL
	return &sessionMigrationResponse{adminResponse{rc.requestID, http.StatusOK}, rc.p.sources.userinfoURL}, nil
}

// verifyTrustedToken checks a trusted auth token against its profile:
// signature (the profile's algorithm only), iss, aud, exp (required) and
// nbf on the mock's clock. It returns the email address and token id.
func verifyTrustedToken(prof *trustedProfile, raw string, now time.Time) (email, tokenID string, aerr *apiError) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return prof.key, nil },
		jwt.WithValidMethods([]string{prof.alg}), jwt.WithIssuer(prof.Issuer), jwt.WithAudience(prof.Audience),
		jwt.WithExpirationRequired(), jwt.WithTimeFunc(func() time.Time { return now }))
	if err != nil {
		reason := "it could not be parsed"
		switch {
		case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
			reason = "its signature does not verify with the profile's key (" + prof.alg + ")"
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
		return "", "", unauthorized("invalid_trusted_auth_token", "The trusted auth token is not valid for profile %q: %s.", prof.ProfileID, reason)
	}
	email, _ = claims[prof.AttributeMapping.EmailAddress].(string)
	if email == "" {
		return "", "", unauthorized("invalid_trusted_auth_token", "The trusted auth token has no %q claim with an email address, as profile %q maps it.", prof.AttributeMapping.EmailAddress, prof.ProfileID)
	}
	switch v := claims[prof.AttributeMapping.TokenID].(type) {
	case string:
		tokenID = v
	case float64:
		tokenID = fmt.Sprint(v)
	}
	return email, tokenID, nil
}

// existingMember finds a non-deleted member of org by email.
func (p *project) existingMember(org *orgRecord, email string) *memberRecord {
	set := p.orgMembers[org.o.OrganizationID]
	if set == nil {
		return nil
	}
	r := set.byEmail[emailKey(email)]
	if r == nil || r.m.Status == organizations.StatusDeleted {
		return nil
	}
	return r
}

// activate turns a pending or invited member active (the login is its
// first); the email stays as verified as it was. Callers hold p.mu.
func (p *project) activate(r *memberRecord, now time.Time) {
	if r.m.Status != organizations.StatusPending && r.m.Status != organizations.StatusInvited {
		return
	}
	next := cloneRecord(r)
	next.m.Status = organizations.StatusActive
	next.m.UpdatedAt = &now
	p.replaceMember(r, next)
}

// handleSessionAttest exchanges a trusted auth token for a session of the
// member of organization_id whose email the token names, or adds the
// trusted_auth_token factor to a supplied session of that member. The
// token's issuer is trusted by configuration, so no MFA or auth-method
// rule applies (the response has no intermediate-session fields).
func handleSessionAttest(rc *reqCtx) (any, error) {
	var b struct {
		ProfileID      string `json:"profile_id"`
		Token          string `json:"token"`
		OrganizationID string `json:"organization_id"`
		SessionToken   string `json:"session_token"`
		SessionJWT     string `json:"session_jwt"`
		TelemetryID    string `json:"telemetry_id"`
		sessionArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.ProfileID == "" || b.Token == "" {
		return nil, badRequest("bad_request", "profile_id and token are required.")
	}
	if err := checkSessionArgs(b.SessionToken, b.SessionJWT, b.sessionArgs); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	prof := p.sources.profiles[b.ProfileID]
	if prof == nil {
		return nil, notFound("trusted_auth_token_profile_not_found", "Trusted auth token profile %q was not found; configure profiles with PUT /mock/trusted_auth_token_profiles.", b.ProfileID)
	}
	email, tokenID, aerr := verifyTrustedToken(prof, b.Token, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	var supplied *sessionRecord
	if b.SessionToken != "" || b.SessionJWT != "" {
		if supplied, aerr = p.findSession(b.SessionToken, b.SessionJWT, rc.now); aerr != nil {
			return nil, aerr
		}
	}
	orgRef := b.OrganizationID
	if orgRef == "" && supplied != nil {
		orgRef = supplied.orgID
	}
	if orgRef == "" {
		return nil, badRequest("invalid_organization_id", "organization_id is required when no session is supplied.")
	}
	org, aerr := p.findOrg(orgRef)
	if aerr != nil {
		return nil, aerr
	}
	r := p.existingMember(org, email)
	if r == nil {
		return nil, notFound("member_not_found", "No member of organization %q has the email address %q.", org.o.OrganizationID, email)
	}
	factor := sessions.AuthenticationFactor{Type: "trusted_auth_token", DeliveryMethod: "trusted_token_exchange", TrustedAuthTokenFactor: &sessions.TrustedAuthTokenFactor{TokenID: tokenID}}
	is, err := p.sessionFor(r, supplied, factor, b.sessionArgs, rc.now)
	if err != nil {
		return nil, err
	}
	return &sessions.AttestResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID,
		MemberSession: is.Session, SessionToken: is.Token, SessionJWT: is.JWT, Member: is.Member, Organization: is.Org,
	}, nil
}

// sessionFor activates r and adds factor to supplied when it is r's
// session (extending it), else issues a new session. Callers hold p.mu for
// writing and have validated everything else.
func (p *project) sessionFor(r *memberRecord, supplied *sessionRecord, factor sessions.AuthenticationFactor, args sessionArgs, now time.Time) (*issuedSession, error) {
	if supplied != nil && supplied.memberID != r.m.MemberID {
		supplied = nil
	}
	if _, aerr := mergeClaims(nil, args.CustomClaims); aerr != nil {
		return nil, aerr
	}
	if supplied != nil {
		if _, aerr := mergeClaims(supplied.claims, args.CustomClaims); aerr != nil {
			return nil, aerr
		}
	}
	p.activate(r, now)
	if supplied != nil {
		return p.extendSession(supplied, []sessions.AuthenticationFactor{factor}, args, now)
	}
	return p.issueSession(now, r.m.MemberID, []sessions.AuthenticationFactor{factor}, args)
}

// Session migration: limits on the UserInfo call.
const (
	userinfoTimeout = 5 * time.Second
	userinfoMaxBody = 1 << 20
)

// userinfoClient calls external UserInfo endpoints. It does not follow
// redirects to other hosts' credentials: Go drops Authorization on
// cross-host redirects itself.
var userinfoClient = &http.Client{Timeout: userinfoTimeout}

// fetchUserinfoEmail calls the UserInfo endpoint with the external session
// token as a bearer token and returns the email it reports.
func fetchUserinfoEmail(ctx context.Context, endpoint, token string) (string, *apiError) {
	ctx, cancel := context.WithTimeout(ctx, userinfoTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return "", badRequest("migrate_userinfo_request_failed", "The configured UserInfo URL is not usable.")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := userinfoClient.Do(req)
	if err != nil {
		return "", badRequest("migrate_userinfo_request_failed", "The UserInfo endpoint could not be reached (%s).", transportReason(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, userinfoMaxBody))
	if err != nil {
		return "", badRequest("migrate_userinfo_request_failed", "The UserInfo endpoint's answer could not be read.")
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return "", unauthorized("migrate_external_session_rejected", "The UserInfo endpoint rejected the session token (HTTP %d).", resp.StatusCode)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return "", badRequest("migrate_userinfo_request_failed", "The UserInfo endpoint answered HTTP %d.", resp.StatusCode)
	}
	var info struct {
		Email any `json:"email"`
	}
	if err := json.Unmarshal(body, &info); err != nil {
		return "", badRequest("migrate_userinfo_request_failed", "The UserInfo endpoint's answer is not a JSON object.")
	}
	email, _ := info.Email.(string)
	if email == "" {
		return "", badRequest("migrate_userinfo_request_failed", "The UserInfo endpoint's answer has no email.")
	}
	return email, nil
}

// transportReason names a transport failure without echoing URLs.
func transportReason(err error) string {
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	return "connection failed"
}

// handleSessionMigrate calls the configured UserInfo endpoint with the
// external session token, matches the email it returns to an existing
// member of organization_id, and issues a session with an imported factor.
// The UserInfo call runs without the project lock.
func handleSessionMigrate(rc *reqCtx) (any, error) {
	var b struct {
		SessionToken   string `json:"session_token"`
		OrganizationID string `json:"organization_id"`
		sessionArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.SessionToken == "" || b.OrganizationID == "" {
		return nil, badRequest("bad_request", "session_token and organization_id are required.")
	}
	if err := checkSessionArgs("", "", b.sessionArgs); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.RLock()
	_, aerr := p.findOrg(b.OrganizationID)
	endpoint := p.sources.userinfoURL
	p.mu.RUnlock()
	if aerr != nil {
		return nil, aerr
	}
	if endpoint == "" {
		return nil, badRequest("session_migration_not_configured", "No external UserInfo endpoint is configured for session migration; set one with PUT /mock/session_migration.")
	}
	ctx := context.Background()
	if rc.r != nil {
		ctx = rc.r.Context()
	}
	email, aerr := fetchUserinfoEmail(ctx, endpoint, b.SessionToken)
	if aerr != nil {
		return nil, aerr
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	org, aerr := p.findOrg(b.OrganizationID) // it may have gone meanwhile
	if aerr != nil {
		return nil, aerr
	}
	r := p.existingMember(org, email)
	if r == nil {
		return nil, notFound("migrate_from_external_email_does_not_exist", "No member of organization %q has the email address the UserInfo endpoint returned; session migration only logs existing members in.", org.o.OrganizationID)
	}
	factor := sessions.AuthenticationFactor{Type: "imported", DeliveryMethod: "imported_auth0"}
	is, err := p.sessionFor(r, nil, factor, b.sessionArgs, rc.now)
	if err != nil {
		return nil, err
	}
	ms := is.Session
	return &sessions.MigrateResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID,
		SessionToken: is.Token, SessionJWT: is.JWT, Member: is.Member, Organization: is.Org, MemberSession: &ms,
	}, nil
}
