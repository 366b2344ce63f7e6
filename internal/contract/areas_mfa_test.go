package contract

import (
	"net/http"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/otps"
	"github.com/stytchkit/stytch-go/b2b/recoverycodes"
	"github.com/stytchkit/stytch-go/b2b/totps"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"otps.email.login_or_signup", otps.EmailLoginOrSignupParams{}, otps.EmailLoginOrSignupResponse{}},
		sdkEndpoint{"otps.email.authenticate", otps.EmailAuthenticateParams{}, otps.EmailAuthenticateResponse{}},
		sdkEndpoint{"otps.email.discovery.send", otps.EmailDiscoverySendParams{}, otps.EmailDiscoverySendResponse{}},
		sdkEndpoint{"otps.email.discovery.authenticate", otps.EmailDiscoveryAuthenticateParams{}, otps.EmailDiscoveryAuthenticateResponse{}},
		sdkEndpoint{"otps.sms.send", otps.SMSSendParams{}, otps.SMSSendResponse{}},
		sdkEndpoint{"otps.sms.authenticate", otps.SMSAuthenticateParams{}, otps.SMSAuthenticateResponse{}},
		sdkEndpoint{"totps.create", totps.CreateParams{}, totps.CreateResponse{}},
		sdkEndpoint{"totps.authenticate", totps.AuthenticateParams{}, totps.AuthenticateResponse{}},
		sdkEndpoint{"totps.migrate", totps.MigrateParams{}, totps.MigrateResponse{}},
		sdkEndpoint{"recovery_codes.recover", recoverycodes.RecoverParams{}, recoverycodes.RecoverResponse{}},
		sdkEndpoint{"recovery_codes.get", recoverycodes.GetParams{}, recoverycodes.GetResponse{}},
		sdkEndpoint{"recovery_codes.rotate", recoverycodes.RotateParams{}, recoverycodes.RotateResponse{}},
	)
	post := func(t *testing.T, ts *mockserver.TestServer, path string, body map[string]any) map[string]any {
		t.Helper()
		return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: path, Body: body})
	}
	// member creates an organization with one active member and returns
	// their IDs and a session token of the member.
	member := func(t *testing.T, ts *mockserver.TestServer) (orgID, memberID, token string) {
		t.Helper()
		orgID = post(t, ts, "/v1/b2b/organizations", map[string]any{"organization_name": "Acme", "organization_slug": "acme"})["organization"].(map[string]any)["organization_id"].(string)
		memberID = post(t, ts, "/v1/b2b/organizations/"+orgID+"/members", map[string]any{"email_address": "ada@acme.com"})["member_id"].(string)
		// The created member is pending; an email OTP login activates it.
		post(t, ts, "/v1/b2b/otps/email/login_or_signup", map[string]any{"organization_id": orgID, "email_address": "ada@acme.com"})
		msg, _ := ts.Outbox().Last("ada@acme.com")
		token = post(t, ts, "/v1/b2b/otps/email/authenticate", map[string]any{"organization_id": orgID, "email_address": "ada@acme.com", "code": msg.Code})["session_token"].(string)
		return orgID, memberID, token
	}
	// totp registers and activates a TOTP for the member and returns the
	// create answer.
	totp := func(t *testing.T, ts *mockserver.TestServer, orgID, memberID, token string) map[string]any {
		t.Helper()
		created := post(t, ts, "/v1/b2b/totp", map[string]any{"organization_id": orgID, "member_id": memberID, "session_token": token})
		code := apitest.TOTPCode(t, created["secret"].(string), ts.Clock().Now())
		post(t, ts, "/v1/b2b/totp/authenticate", map[string]any{"organization_id": orgID, "member_id": memberID, "code": code, "session_token": token})
		return created
	}
	liveChecks = append(liveChecks,
		liveCheck{"otps.email.login_or_signup", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, _, _ := member(t, ts)
			return post(t, ts, "/v1/b2b/otps/email/login_or_signup", map[string]any{"organization_id": orgID, "email_address": "ada@acme.com"})
		}},
		liveCheck{"otps.email.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, _, _ := member(t, ts)
			post(t, ts, "/v1/b2b/otps/email/login_or_signup", map[string]any{"organization_id": orgID, "email_address": "ada@acme.com"})
			msg, _ := ts.Outbox().Last("ada@acme.com")
			return post(t, ts, "/v1/b2b/otps/email/authenticate", map[string]any{"organization_id": orgID, "email_address": "ada@acme.com", "code": msg.Code})
		}},
		liveCheck{"otps.email.discovery.send", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return post(t, ts, "/v1/b2b/otps/email/discovery/send", map[string]any{"email_address": "ada@acme.com"})
		}},
		liveCheck{"otps.email.discovery.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			member(t, ts)
			post(t, ts, "/v1/b2b/otps/email/discovery/send", map[string]any{"email_address": "ada@acme.com"})
			msg, _ := ts.Outbox().Last("ada@acme.com")
			return post(t, ts, "/v1/b2b/otps/email/discovery/authenticate", map[string]any{"email_address": "ada@acme.com", "code": msg.Code})
		}},
		liveCheck{"otps.sms.send", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID, token := member(t, ts)
			return post(t, ts, "/v1/b2b/otps/sms/send", map[string]any{"organization_id": orgID, "member_id": memberID, "mfa_phone_number": "+12025550123", "session_token": token})
		}},
		liveCheck{"otps.sms.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID, token := member(t, ts)
			post(t, ts, "/v1/b2b/otps/sms/send", map[string]any{"organization_id": orgID, "member_id": memberID, "mfa_phone_number": "+12025550123"})
			msg, _ := ts.Outbox().Last("+12025550123")
			return post(t, ts, "/v1/b2b/otps/sms/authenticate", map[string]any{"organization_id": orgID, "member_id": memberID, "code": msg.Code, "session_token": token})
		}},
		liveCheck{"totps.create", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID, token := member(t, ts)
			return post(t, ts, "/v1/b2b/totp", map[string]any{"organization_id": orgID, "member_id": memberID, "session_token": token})
		}},
		liveCheck{"totps.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID, token := member(t, ts)
			created := post(t, ts, "/v1/b2b/totp", map[string]any{"organization_id": orgID, "member_id": memberID, "session_token": token})
			code := apitest.TOTPCode(t, created["secret"].(string), ts.Clock().Now())
			return post(t, ts, "/v1/b2b/totp/authenticate", map[string]any{"organization_id": orgID, "member_id": memberID, "code": code, "session_token": token})
		}},
		liveCheck{"totps.migrate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID, _ := member(t, ts)
			return post(t, ts, "/v1/b2b/totp/migrate", map[string]any{"organization_id": orgID, "member_id": memberID, "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"})
		}},
		liveCheck{"recovery_codes.recover", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID, token := member(t, ts)
			codes := totp(t, ts, orgID, memberID, token)["recovery_codes"].([]any)
			return post(t, ts, "/v1/b2b/recovery_codes/recover", map[string]any{"organization_id": orgID, "member_id": memberID, "recovery_code": codes[0], "session_token": token})
		}},
		liveCheck{"recovery_codes.get", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID, token := member(t, ts)
			totp(t, ts, orgID, memberID, token)
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/recovery_codes/{organization_id}/{member_id}", PathParams: []string{orgID, memberID}})
		}},
		liveCheck{"recovery_codes.rotate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID, token := member(t, ts)
			totp(t, ts, orgID, memberID, token)
			return post(t, ts, "/v1/b2b/recovery_codes/rotate", map[string]any{"organization_id": orgID, "member_id": memberID})
		}},
	)
}
