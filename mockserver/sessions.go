package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SessionFixture is a logged-in member, as LoginMember returns it.
type SessionFixture struct {
	MemberSession sessions.MemberSession `json:"member_session"`
	SessionToken  string                 `json:"session_token"`
	SessionJWT    string                 `json:"session_jwt"`
}

// SessionFixtureParams are the body of POST /mock/sessions.
type SessionFixtureParams struct {
	OrganizationID         string         `json:"organization_id"`
	MemberID               string         `json:"member_id"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
}

// LoginMember is a test fixture: it logs an existing active member of the
// test's project in, as if through an email magic link, with POST
// /mock/sessions, and returns the session, its token and its JWT.
func (ts *TestServer) LoginMember(tb testing.TB, p SessionFixtureParams) SessionFixture {
	tb.Helper()
	var out SessionFixture
	if err := ts.admin(http.MethodPost, "/mock/sessions", p, &out); err != nil {
		tb.Fatalf("mockserver: LoginMember: %v", err)
	}
	return out
}

// RotateKeys makes a fresh key sign the project's new session JWTs (POST
// /mock/keys/rotate); the old key stays in the JWKS until the JWTs it
// signed have expired. It returns the new key ID.
func (ts *TestServer) RotateKeys(tb testing.TB) string {
	tb.Helper()
	var out struct {
		Kid string `json:"kid"`
	}
	if err := ts.admin(http.MethodPost, "/mock/keys/rotate", nil, &out); err != nil {
		tb.Fatalf("mockserver: RotateKeys: %v", err)
	}
	return out.Kid
}

// SetRBACPolicy sets the project's RBAC policy (PUT /mock/rbac/policy). The
// body has the shape of rbac.Policy.
func (ts *TestServer) SetRBACPolicy(tb testing.TB, policy any) {
	tb.Helper()
	if err := ts.admin(http.MethodPut, "/mock/rbac/policy", policy, nil); err != nil {
		tb.Fatalf("mockserver: SetRBACPolicy: %v", err)
	}
}

// TrustedAuthTokenProfile is a trusted auth token profile for
// sessions/attest: JWTs signed (RS256 or ES256) by the key of PublicKeyPEM,
// issued by Issuer for Audience. AttributeMapping.EmailAddress names the
// claim holding the member's email; AttributeMapping.TokenID the claim
// reported as the factor's token_id (default "jti").
type TrustedAuthTokenProfile = state.TrustedAuthTokenProfile

// TrustedAttributeMapping names claims of a trusted auth token.
type TrustedAttributeMapping = state.TrustedAttributeMapping

// SetTrustedAuthTokenProfiles replaces the project's trusted auth token
// profiles (PUT /mock/trusted_auth_token_profiles), which Stytch configures
// in its dashboard.
func (ts *TestServer) SetTrustedAuthTokenProfiles(tb testing.TB, profiles ...TrustedAuthTokenProfile) {
	tb.Helper()
	if profiles == nil {
		profiles = []TrustedAuthTokenProfile{}
	}
	body := map[string]any{"profiles": profiles}
	if err := ts.admin(http.MethodPut, "/mock/trusted_auth_token_profiles", body, nil); err != nil {
		tb.Fatalf("mockserver: SetTrustedAuthTokenProfiles: %v", err)
	}
}

// SetSessionMigration sets the external UserInfo endpoint sessions/migrate
// calls (PUT /mock/session_migration); "" turns migration off.
func (ts *TestServer) SetSessionMigration(tb testing.TB, userinfoURL string) {
	tb.Helper()
	if err := ts.admin(http.MethodPut, "/mock/session_migration", map[string]string{"userinfo_url": userinfoURL}, nil); err != nil {
		tb.Fatalf("mockserver: SetSessionMigration: %v", err)
	}
}

// AccessTokenParams are the body of POST /mock/connected_apps/access_tokens.
type AccessTokenParams struct {
	OrganizationID string `json:"organization_id"`
	MemberID       string `json:"member_id"`
	// Scopes default to ["openid", "full_access"]; only tokens with
	// full_access can be exchanged for a session.
	Scopes []string `json:"scopes,omitempty"`
	// FirstParty defaults to true; tokens of third-party apps cannot be
	// exchanged for a session.
	FirstParty *bool `json:"first_party,omitempty"`
	// ClientID is the connected app's client ID, which the session's
	// oauth_access_token_exchange_factor reports; a fresh
	// connected-app-test-<uuid> when empty.
	ClientID string `json:"client_id,omitempty"`
}

// IssueAccessToken is a test fixture: it mints a connected-app access
// token for an existing active member of the test's project (POST
// /mock/connected_apps/access_tokens), as if a connected app had obtained
// it through the OAuth flow, which the mock does not model. The token can
// be exchanged for a session with Sessions.ExchangeAccessToken within 5
// minutes of mock time, once.
func (ts *TestServer) IssueAccessToken(tb testing.TB, p AccessTokenParams) string {
	tb.Helper()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := ts.admin(http.MethodPost, "/mock/connected_apps/access_tokens", p, &out); err != nil {
		tb.Fatalf("mockserver: IssueAccessToken: %v", err)
	}
	return out.AccessToken
}

// admin calls an admin route of the test's project.
func (ts *TestServer) admin(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		return err
	}
	req.SetBasicAuth(ts.ProjectID, ts.Secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.HTTP.Client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(b, out)
}

// PasswordPolicy is the body of PUT /mock/password_policy: the project's
// password settings, which Stytch edits in its dashboard. Nil fields keep
// their current values.
type PasswordPolicy struct {
	// StrengthPolicy is "zxcvbn" (default) or "luds".
	StrengthPolicy *string `json:"strength_policy,omitempty"`
	// LUDSMinLength (8-32, default 8) and LUDSComplexity (0-4 character
	// classes, default 3) configure the LUDS policy.
	LUDSMinLength  *int `json:"luds_min_length,omitempty"`
	LUDSComplexity *int `json:"luds_complexity,omitempty"`
	// BreachDetectionOnCreate (default true) refuses breached passwords
	// when they are set; BreachCheckOnLogin (default true, as Stytch) refuses logins
	// with them.
	BreachDetectionOnCreate *bool `json:"breach_detection_on_create,omitempty"`
	BreachCheckOnLogin      *bool `json:"breach_check_on_login,omitempty"`
	// CrossOrgPasswords (default false) shares one password between the
	// memberships of an address and enables the discovery endpoints.
	CrossOrgPasswords *bool `json:"cross_org_passwords,omitempty"`
	// LockThreshold consecutive failures (1-100, default 10) lock the
	// member for LockMinutes (5-10080, default 60).
	LockThreshold *int `json:"lock_threshold,omitempty"`
	LockMinutes   *int `json:"lock_minutes,omitempty"`
	// BcryptCost is the cost of the hashes the mock makes (4-14, default 4).
	BcryptCost *int `json:"bcrypt_cost,omitempty"`
}

// SetPasswordPolicy changes the project's password settings (PUT
// /mock/password_policy).
func (ts *TestServer) SetPasswordPolicy(tb testing.TB, p PasswordPolicy) {
	tb.Helper()
	if err := ts.admin(http.MethodPut, "/mock/password_policy", p, nil); err != nil {
		tb.Fatalf("mockserver: SetPasswordPolicy: %v", err)
	}
}
