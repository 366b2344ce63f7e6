package contract

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"sessions.authenticate", sessions.AuthenticateParams{}, sessions.AuthenticateResponse{}},
		sdkEndpoint{"sessions.get", sessions.GetParams{}, sessions.GetResponse{}},
		sdkEndpoint{"sessions.revoke", sessions.RevokeParams{}, sessions.RevokeResponse{}},
		sdkEndpoint{"sessions.exchange", sessions.ExchangeParams{}, sessions.ExchangeResponse{}},
		sdkEndpoint{"sessions.exchange_access_token", sessions.ExchangeAccessTokenParams{}, sessions.ExchangeAccessTokenResponse{}},
		sdkEndpoint{"sessions.attest", sessions.AttestParams{}, sessions.AttestResponse{}},
		sdkEndpoint{"sessions.migrate", sessions.MigrateParams{}, sessions.MigrateResponse{}},
		sdkEndpoint{"sessions.get_jwks", sessions.GetJWKSParams{}, sessions.GetJWKSResponse{}},
		sdkEndpoint{"rbac.policy", rbac.PolicyParams{}, rbac.PolicyResponse{}},
		sdkEndpoint{"rbac.organizations.get_org_policy", rbac.GetOrgPolicyParams{}, rbac.GetOrgPolicyResponse{}},
		sdkEndpoint{"rbac.organizations.set_org_policy", rbac.SetOrgPolicyParams{}, rbac.SetOrgPolicyResponse{}},
	)
	// login creates an organization with an admin member and logs them in.
	login := func(t *testing.T, ts *mockserver.TestServer) (orgID, memberID string, s mockserver.SessionFixture) {
		t.Helper()
		org := raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations", Body: map[string]any{"organization_name": "Acme", "organization_slug": "acme"}})
		orgID = org["organization"].(map[string]any)["organization_id"].(string)
		m := raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations/" + orgID + "/members", Body: map[string]any{"email_address": "ada@acme.com", "roles": []string{"stytch_admin"}}})
		memberID = m["member_id"].(string)
		return orgID, memberID, ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: orgID, MemberID: memberID, SessionCustomClaims: map[string]any{"plan": "pro"}})
	}
	liveChecks = append(liveChecks,
		liveCheck{"sessions.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, _, s := login(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/sessions/authenticate", Body: map[string]any{
				"session_jwt":         s.SessionJWT,
				"authorization_check": map[string]any{"organization_id": orgID, "resource_id": "stytch.member", "action": "create"},
			}})
		}},
		liveCheck{"sessions.get", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID, _ := login(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/sessions", Query: url.Values{"organization_id": {orgID}, "member_id": {memberID}}})
		}},
		liveCheck{"sessions.revoke", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			_, _, s := login(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/sessions/revoke", Body: map[string]any{"session_token": s.SessionToken}})
		}},
		liveCheck{"sessions.get_jwks", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			login(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/sessions/jwks/" + ts.ProjectID})
		}},
		liveCheck{"sessions.exchange", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			_, _, s := login(t, ts)
			org := raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations", Body: map[string]any{"organization_name": "Beta", "organization_slug": "beta"}})
			betaID := org["organization"].(map[string]any)["organization_id"].(string)
			raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations/" + betaID + "/members", Body: map[string]any{"email_address": "ada@acme.com", "create_member_as_pending": true}})
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/sessions/exchange", Body: map[string]any{"organization_id": betaID, "session_token": s.SessionToken}})
		}},
		liveCheck{"sessions.exchange_access_token", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID, _ := login(t, ts)
			tok := ts.IssueAccessToken(t, mockserver.AccessTokenParams{OrganizationID: orgID, MemberID: memberID})
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/sessions/exchange_access_token", Body: map[string]any{
				"access_token": tok, "session_custom_claims": map[string]any{"via": "app"},
			}})
		}},
		liveCheck{"sessions.attest", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, _, _ := login(t, ts)
			key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
			ts.SetTrustedAuthTokenProfiles(t, mockserver.TrustedAuthTokenProfile{
				ProfileID: "idp", Issuer: "https://idp.example", Audience: "app",
				PublicKeyPEM:     string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})),
				AttributeMapping: mockserver.TrustedAttributeMapping{EmailAddress: "email"},
			})
			now := ts.Clock().Now()
			tok, err := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"iss": "https://idp.example", "aud": "app", "exp": now.Add(time.Minute).Unix(), "email": "ada@acme.com", "jti": "t1"}).SignedString(key)
			if err != nil {
				t.Fatal(err)
			}
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/sessions/attest", Body: map[string]any{"profile_id": "idp", "token": tok, "organization_id": orgID}})
		}},
		liveCheck{"sessions.migrate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, _, _ := login(t, ts)
			ui := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = w.Write([]byte(`{"sub":"ext|1","email":"ada@acme.com"}`))
			}))
			t.Cleanup(ui.Close)
			ts.SetSessionMigration(t, ui.URL)
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/sessions/migrate", Body: map[string]any{"session_token": "external", "organization_id": orgID}})
		}},
		liveCheck{"rbac.policy", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/rbac/policy"})
		}},
		liveCheck{"rbac.organizations.get_org_policy", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, _, _ := login(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/rbac/organizations/" + orgID})
		}},
		liveCheck{"rbac.organizations.set_org_policy", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, _, _ := login(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodPut, Path: "/v1/b2b/rbac/organizations/" + orgID, Body: map[string]any{
				"org_policy": map[string]any{"roles": []any{map[string]any{"role_id": "billing", "description": "Billing", "permissions": []any{map[string]any{"resource_id": "stytch.member", "actions": []string{"search"}}}}}},
			}})
		}},
	)
}
