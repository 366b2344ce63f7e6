package contract

import (
	"net/http"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/stytchkit/stytch-go/b2b/passwords"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"passwords.authenticate", passwords.AuthenticateParams{}, passwords.AuthenticateResponse{}},
		sdkEndpoint{"passwords.strength_check", passwords.StrengthCheckParams{}, passwords.StrengthCheckResponse{}},
		sdkEndpoint{"passwords.migrate", passwords.MigrateParams{}, passwords.MigrateResponse{}},
		sdkEndpoint{"passwords.email.reset_start", passwords.EmailResetStartParams{}, passwords.EmailResetStartResponse{}},
		sdkEndpoint{"passwords.email.reset", passwords.EmailResetParams{}, passwords.EmailResetResponse{}},
		sdkEndpoint{"passwords.email.require_reset", passwords.EmailRequireResetParams{}, passwords.EmailRequireResetResponse{}},
		sdkEndpoint{"passwords.existing_password.reset", passwords.ExistingPasswordResetParams{}, passwords.ExistingPasswordResetResponse{}},
		sdkEndpoint{"passwords.sessions.reset", passwords.SessionsResetParams{}, passwords.SessionsResetResponse{}},
		sdkEndpoint{"passwords.discovery.authenticate", passwords.DiscoveryAuthenticateParams{}, passwords.DiscoveryAuthenticateResponse{}},
		sdkEndpoint{"passwords.discovery.email.reset_start", passwords.DiscoveryEmailResetStartParams{}, passwords.DiscoveryEmailResetStartResponse{}},
		sdkEndpoint{"passwords.discovery.email.reset", passwords.DiscoveryEmailResetParams{}, passwords.DiscoveryEmailResetResponse{}},
	)
	post := func(t *testing.T, ts *mockserver.TestServer, path string, body map[string]any) map[string]any {
		t.Helper()
		return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: path, Body: body})
	}
	const pw = "correct-horse-battery-staple"
	// pwOrg creates an organization admitting acme.com and migrates a
	// password for ada@acme.com into it; it returns the organization ID.
	pwOrg := func(t *testing.T, ts *mockserver.TestServer) string {
		t.Helper()
		orgID := post(t, ts, "/v1/b2b/organizations", map[string]any{
			"organization_name": "Acme", "organization_slug": "acme",
			"email_jit_provisioning": "RESTRICTED", "email_allowed_domains": []string{"acme.com"},
		})["organization"].(map[string]any)["organization_id"].(string)
		h, _ := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
		post(t, ts, "/v1/b2b/passwords/migrate", map[string]any{"organization_id": orgID, "email_address": "ada@acme.com", "hash_type": "bcrypt", "hash": string(h)})
		return orgID
	}
	crossOrg := func(t *testing.T, ts *mockserver.TestServer) string {
		t.Helper()
		on := true
		ts.SetPasswordPolicy(t, mockserver.PasswordPolicy{CrossOrgPasswords: &on})
		return pwOrg(t, ts)
	}
	liveChecks = append(liveChecks,
		liveCheck{"passwords.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return post(t, ts, "/v1/b2b/passwords/authenticate", map[string]any{"organization_id": pwOrg(t, ts), "email_address": "ada@acme.com", "password": pw})
		}},
		liveCheck{"passwords.strength_check", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return post(t, ts, "/v1/b2b/passwords/strength_check", map[string]any{"password": "password", "email_address": "ada@acme.com"})
		}},
		liveCheck{"passwords.migrate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := pwOrg(t, ts)
			return post(t, ts, "/v1/b2b/passwords/migrate", map[string]any{"organization_id": orgID, "email_address": "bob@acme.com", "hash_type": "md_5", "hash": "5f4dcc3b5aa765d61d8327deb882cf99"})
		}},
		liveCheck{"passwords.email.reset_start", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return post(t, ts, "/v1/b2b/passwords/email/reset/start", map[string]any{"organization_id": pwOrg(t, ts), "email_address": "ada@acme.com"})
		}},
		liveCheck{"passwords.email.reset", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			post(t, ts, "/v1/b2b/passwords/email/reset/start", map[string]any{"organization_id": pwOrg(t, ts), "email_address": "ada@acme.com"})
			msg, _ := ts.Outbox().Last("ada@acme.com")
			return post(t, ts, "/v1/b2b/passwords/email/reset", map[string]any{"password_reset_token": msg.Token, "password": "another-correct-horse-staple"})
		}},
		liveCheck{"passwords.email.require_reset", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := crossOrg(t, ts)
			return post(t, ts, "/v1/b2b/passwords/email/require_reset", map[string]any{"organization_id": orgID, "email_address": "ada@acme.com"})
		}},
		liveCheck{"passwords.existing_password.reset", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return post(t, ts, "/v1/b2b/passwords/existing_password/reset", map[string]any{"organization_id": pwOrg(t, ts), "email_address": "ada@acme.com", "existing_password": pw, "new_password": "another-correct-horse-staple"})
		}},
		liveCheck{"passwords.sessions.reset", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := pwOrg(t, ts)
			a := post(t, ts, "/v1/b2b/passwords/authenticate", map[string]any{"organization_id": orgID, "email_address": "ada@acme.com", "password": pw})
			return post(t, ts, "/v1/b2b/passwords/session/reset", map[string]any{"organization_id": orgID, "session_token": a["session_token"], "password": "another-correct-horse-staple"})
		}},
		liveCheck{"passwords.discovery.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			crossOrg(t, ts)
			return post(t, ts, "/v1/b2b/passwords/discovery/authenticate", map[string]any{"email_address": "ada@acme.com", "password": pw})
		}},
		liveCheck{"passwords.discovery.email.reset_start", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			crossOrg(t, ts)
			return post(t, ts, "/v1/b2b/passwords/discovery/email/reset/start", map[string]any{"email_address": "ada@acme.com"})
		}},
		liveCheck{"passwords.discovery.email.reset", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			crossOrg(t, ts)
			post(t, ts, "/v1/b2b/passwords/discovery/email/reset/start", map[string]any{"email_address": "ada@acme.com"})
			msg, _ := ts.Outbox().Last("ada@acme.com")
			return post(t, ts, "/v1/b2b/passwords/discovery/email/reset", map[string]any{"password_reset_token": msg.Token, "password": "another-correct-horse-staple"})
		}},
	)
}
