package contract

import (
	"net/http"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"magic_links.email.login_or_signup", magiclinks.EmailLoginOrSignupParams{}, magiclinks.EmailLoginOrSignupResponse{}},
		sdkEndpoint{"magic_links.email.invite", magiclinks.EmailInviteParams{}, magiclinks.EmailInviteResponse{}},
		sdkEndpoint{"magic_links.email.discovery.send", magiclinks.EmailDiscoverySendParams{}, magiclinks.EmailDiscoverySendResponse{}},
		sdkEndpoint{"magic_links.authenticate", magiclinks.AuthenticateParams{}, magiclinks.AuthenticateResponse{}},
		sdkEndpoint{"magic_links.discovery.authenticate", magiclinks.DiscoveryAuthenticateParams{}, magiclinks.DiscoveryAuthenticateResponse{}},
		sdkEndpoint{"discovery.organizations.list", discovery.OrganizationsListParams{}, discovery.OrganizationsListResponse{}},
		sdkEndpoint{"discovery.organizations.create", discovery.OrganizationsCreateParams{}, discovery.OrganizationsCreateResponse{}},
		sdkEndpoint{"discovery.intermediate_sessions.exchange", discovery.IntermediateSessionsExchangeParams{}, discovery.IntermediateSessionsExchangeResponse{}},
	)
	post := func(t *testing.T, ts *mockserver.TestServer, path string, body map[string]any) map[string]any {
		t.Helper()
		return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: path, Body: body})
	}
	// jitOrg creates an organization that admits acme.com by email domain
	// and has one verified acme.com member (so acme.com addresses discover
	// it), and returns its ID.
	jitOrg := func(t *testing.T, ts *mockserver.TestServer) string {
		t.Helper()
		orgID := post(t, ts, "/v1/b2b/organizations", map[string]any{
			"organization_name": "Acme", "organization_slug": "acme",
			"email_jit_provisioning": "RESTRICTED", "email_allowed_domains": []string{"acme.com"}, "email_invites": "ALL_ALLOWED",
		})["organization"].(map[string]any)["organization_id"].(string)
		post(t, ts, "/v1/b2b/magic_links/email/invite", map[string]any{"organization_id": orgID, "email_address": "grace@acme.com"})
		msg, _ := ts.Outbox().Last("grace@acme.com")
		post(t, ts, "/v1/b2b/magic_links/authenticate", map[string]any{"magic_links_token": msg.Token})
		return orgID
	}
	// discoveryIST runs a discovery login for addr and returns the
	// authenticate answer.
	discoveryIST := func(t *testing.T, ts *mockserver.TestServer, addr string) map[string]any {
		t.Helper()
		post(t, ts, "/v1/b2b/magic_links/email/discovery/send", map[string]any{"email_address": addr})
		msg, _ := ts.Outbox().Last(addr)
		return post(t, ts, "/v1/b2b/magic_links/discovery/authenticate", map[string]any{"discovery_magic_links_token": msg.Token})
	}
	liveChecks = append(liveChecks,
		liveCheck{"magic_links.email.login_or_signup", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return post(t, ts, "/v1/b2b/magic_links/email/login_or_signup", map[string]any{"organization_id": jitOrg(t, ts), "email_address": "ada@acme.com"})
		}},
		liveCheck{"magic_links.email.invite", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return post(t, ts, "/v1/b2b/magic_links/email/invite", map[string]any{"organization_id": jitOrg(t, ts), "email_address": "ada@acme.com", "roles": []string{"stytch_admin"}})
		}},
		liveCheck{"magic_links.email.discovery.send", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return post(t, ts, "/v1/b2b/magic_links/email/discovery/send", map[string]any{"email_address": "ada@acme.com"})
		}},
		liveCheck{"magic_links.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := jitOrg(t, ts)
			post(t, ts, "/v1/b2b/magic_links/email/login_or_signup", map[string]any{"organization_id": orgID, "email_address": "ada@acme.com"})
			msg, _ := ts.Outbox().Last("ada@acme.com")
			return post(t, ts, "/v1/b2b/magic_links/authenticate", map[string]any{"magic_links_token": msg.Token})
		}},
		liveCheck{"magic_links.discovery.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			jitOrg(t, ts)
			return discoveryIST(t, ts, "ada@acme.com")
		}},
		liveCheck{"discovery.organizations.list", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			jitOrg(t, ts)
			ist := discoveryIST(t, ts, "ada@acme.com")["intermediate_session_token"]
			return post(t, ts, "/v1/b2b/discovery/organizations", map[string]any{"intermediate_session_token": ist})
		}},
		liveCheck{"discovery.organizations.create", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			ist := discoveryIST(t, ts, "ada@beta.com")["intermediate_session_token"]
			return post(t, ts, "/v1/b2b/discovery/organizations/create", map[string]any{"intermediate_session_token": ist})
		}},
		liveCheck{"discovery.intermediate_sessions.exchange", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := jitOrg(t, ts)
			ist := discoveryIST(t, ts, "ada@acme.com")["intermediate_session_token"]
			return post(t, ts, "/v1/b2b/discovery/intermediate_sessions/exchange", map[string]any{"intermediate_session_token": ist, "organization_id": orgID})
		}},
	)
}
