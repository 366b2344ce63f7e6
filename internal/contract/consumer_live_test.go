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

	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// craw calls the consumer API of a consumer test server.
func craw(t *testing.T, ts *mockserver.TestServer, method, path string, body any) map[string]any {
	t.Helper()
	return rawWith(t, ts.Consumer.Core(), stytchapi.Request{Method: method, Path: path, Body: body})
}

// newUser creates a user with an email and a phone number.
func newUser(t *testing.T, ts *mockserver.TestServer) map[string]any {
	t.Helper()
	return craw(t, ts, http.MethodPost, "/v1/users", map[string]any{"email": "ada@example.com", "phone_number": "+12025550123", "name": map[string]any{"first_name": "Ada"}})
}

// userLogin logs a new user in with an embeddable link.
func userLogin(t *testing.T, ts *mockserver.TestServer) map[string]any {
	t.Helper()
	u := newUser(t, ts)
	ml := craw(t, ts, http.MethodPost, "/v1/magic_links", map[string]any{"user_id": u["user_id"]})
	return craw(t, ts, http.MethodPost, "/v1/magic_links/authenticate", map[string]any{"token": ml["token"], "session_duration_minutes": 60})
}

func factorDelete(path, kind string) func(t *testing.T, ts *mockserver.TestServer) map[string]any {
	return func(t *testing.T, ts *mockserver.TestServer) map[string]any {
		uid := newUser(t, ts)["user_id"].(string)
		return craw(t, ts, http.MethodDelete, path+url.PathEscape(ts.AddUserFactor(t, uid, kind)), nil)
	}
}

func init() {
	consumerLiveChecks = append(consumerLiveChecks,
		liveCheck{"users.create", func(t *testing.T, ts *mockserver.TestServer) map[string]any { return newUser(t, ts) }},
		liveCheck{"users.get", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodGet, "/v1/users/"+newUser(t, ts)["user_id"].(string), nil)
		}},
		liveCheck{"users.update", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodPut, "/v1/users/"+newUser(t, ts)["user_id"].(string), map[string]any{"untrusted_metadata": map[string]any{"k": 1}})
		}},
		liveCheck{"users.delete", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodDelete, "/v1/users/"+newUser(t, ts)["user_id"].(string), nil)
		}},
		liveCheck{"users.search", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			newUser(t, ts)
			return craw(t, ts, http.MethodPost, "/v1/users/search", map[string]any{"limit": 10, "query": map[string]any{"operator": "AND", "operands": []any{map[string]any{"filter_name": "status", "filter_value": "active"}}}})
		}},
		liveCheck{"users.exchange_primary_factor", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodPut, "/v1/users/"+newUser(t, ts)["user_id"].(string)+"/exchange_primary_factor", map[string]any{"email_address": "new@example.com"})
		}},
		liveCheck{"users.delete_external_id", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodDelete, "/v1/users/"+newUser(t, ts)["user_id"].(string)+"/external_id", nil)
		}},
		liveCheck{"users.connected_apps", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			uid := newUser(t, ts)["user_id"].(string)
			ts.IssueUserAccessToken(t, mockserver.UserAccessTokenParams{UserID: uid, ClientID: "app-1"})
			return craw(t, ts, http.MethodGet, "/v1/users/"+uid+"/connected_apps", nil)
		}},
		liveCheck{"users.revoke", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			uid := newUser(t, ts)["user_id"].(string)
			ts.IssueUserAccessToken(t, mockserver.UserAccessTokenParams{UserID: uid, ClientID: "app-1"})
			return craw(t, ts, http.MethodPost, "/v1/users/"+uid+"/connected_apps/app-1/revoke", nil)
		}},
		liveCheck{"users.delete_email", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodDelete, "/v1/users/emails/"+newUser(t, ts)["email_id"].(string), nil)
		}},
		liveCheck{"users.delete_phone_number", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodDelete, "/v1/users/phone_numbers/"+newUser(t, ts)["phone_id"].(string), nil)
		}},
		liveCheck{"users.delete_webauthn_registration", factorDelete("/v1/users/webauthn_registrations/", "webauthn")},
		liveCheck{"users.delete_biometric_registration", factorDelete("/v1/users/biometric_registrations/", "biometric")},
		liveCheck{"users.delete_totp", factorDelete("/v1/users/totps/", "totp")},
		liveCheck{"users.delete_crypto_wallet", factorDelete("/v1/users/crypto_wallets/", "crypto_wallet")},
		liveCheck{"users.delete_password", factorDelete("/v1/users/passwords/", "password")},
		liveCheck{"users.delete_oauth_registration", factorDelete("/v1/users/oauth/", "oauth")},

		liveCheck{"magic_links.email.send", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			newUser(t, ts)
			return craw(t, ts, http.MethodPost, "/v1/magic_links/email/send", map[string]any{"email": "ada@example.com"})
		}},
		liveCheck{"magic_links.email.login_or_create", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodPost, "/v1/magic_links/email/login_or_create", map[string]any{"email": "new@example.com"})
		}},
		liveCheck{"magic_links.email.invite", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodPost, "/v1/magic_links/email/invite", map[string]any{"email": "guest@example.com"})
		}},
		liveCheck{"magic_links.email.revoke_invite", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			craw(t, ts, http.MethodPost, "/v1/magic_links/email/invite", map[string]any{"email": "guest@example.com"})
			return craw(t, ts, http.MethodPost, "/v1/magic_links/email/revoke_invite", map[string]any{"email": "guest@example.com"})
		}},
		liveCheck{"magic_links.create", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodPost, "/v1/magic_links", map[string]any{"user_id": newUser(t, ts)["user_id"]})
		}},
		liveCheck{"magic_links.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any { return userLogin(t, ts) }},

		liveCheck{"sessions.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodPost, "/v1/sessions/authenticate", map[string]any{"session_jwt": userLogin(t, ts)["session_jwt"]})
		}},
		liveCheck{"sessions.get", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			uid := userLogin(t, ts)["user_id"].(string)
			return rawWith(t, ts.Consumer.Core(), stytchapi.Request{Method: http.MethodGet, Path: "/v1/sessions", Query: url.Values{"user_id": {uid}}})
		}},
		liveCheck{"sessions.revoke", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodPost, "/v1/sessions/revoke", map[string]any{"session_token": userLogin(t, ts)["session_token"]})
		}},
		liveCheck{"sessions.get_jwks", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodGet, "/v1/sessions/jwks/"+ts.ProjectID, nil)
		}},
		liveCheck{"sessions.exchange_access_token", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			uid := newUser(t, ts)["user_id"].(string)
			tok := ts.IssueUserAccessToken(t, mockserver.UserAccessTokenParams{UserID: uid})
			return craw(t, ts, http.MethodPost, "/v1/sessions/exchange_access_token", map[string]any{"access_token": tok})
		}},
		liveCheck{"sessions.migrate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			ui := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = w.Write([]byte(`{"sub":"ext|1","email":"ada@example.com"}`))
			}))
			t.Cleanup(ui.Close)
			ts.SetSessionMigration(t, ui.URL)
			return craw(t, ts, http.MethodPost, "/v1/sessions/migrate", map[string]any{"session_token": "external"})
		}},
		liveCheck{"sessions.attest", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
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
			tok, err := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"iss": "https://idp.example", "aud": "app", "exp": ts.Clock().Now().Add(time.Minute).Unix(), "email": "ada@example.com", "jti": "t1"}).SignedString(key)
			if err != nil {
				t.Fatal(err)
			}
			return craw(t, ts, http.MethodPost, "/v1/sessions/attest", map[string]any{"profile_id": "idp", "token": tok})
		}},
	)
}
