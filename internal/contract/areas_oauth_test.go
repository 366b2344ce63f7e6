package contract

import (
	"net/http"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/idp"
	"github.com/stytchkit/stytch-go/b2b/impersonation"
	"github.com/stytchkit/stytch-go/b2b/oauth"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"oauth.authenticate", oauth.AuthenticateParams{}, oauth.AuthenticateResponse{}},
		sdkEndpoint{"oauth.discovery.authenticate", oauth.DiscoveryAuthenticateParams{}, oauth.DiscoveryAuthenticateResponse{}},
		sdkEndpoint{"impersonation.authenticate", impersonation.AuthenticateParams{}, impersonation.AuthenticateResponse{}},
	)
	post := func(t *testing.T, ts *mockserver.TestServer, path string, body map[string]any) map[string]any {
		t.Helper()
		return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: path, Body: body})
	}
	// oauthOrg creates an organization that admits acme.com by email
	// domain and returns its ID.
	oauthOrg := func(t *testing.T, ts *mockserver.TestServer) string {
		t.Helper()
		return post(t, ts, "/v1/b2b/organizations", map[string]any{
			"organization_name": "Acme", "organization_slug": "acme",
			"email_jit_provisioning": "RESTRICTED", "email_allowed_domains": []string{"acme.com"},
		})["organization"].(map[string]any)["organization_id"].(string)
	}
	liveChecks = append(liveChecks,
		liveCheck{"oauth.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			tok := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "google", Email: "ada@acme.com", TenantID: "acme.com", OrganizationID: oauthOrg(t, ts)}).Token
			return post(t, ts, "/v1/b2b/oauth/authenticate", map[string]any{"oauth_token": tok})
		}},
		liveCheck{"oauth.discovery.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			tok := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "slack", Email: "ada@acme.com", TenantID: "T123", Discovery: true}).Token
			return post(t, ts, "/v1/b2b/oauth/discovery/authenticate", map[string]any{"discovery_oauth_token": tok})
		}},
		liveCheck{"impersonation.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := oauthOrg(t, ts)
			tok := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "microsoft", Email: "ada@acme.com", OrganizationID: orgID}).Token
			memberID := post(t, ts, "/v1/b2b/oauth/authenticate", map[string]any{"oauth_token": tok})["member_id"].(string)
			imp := ts.Impersonate(t, mockserver.ImpersonateParams{OrganizationID: orgID, MemberID: memberID, ImpersonatorEmailAddress: "support@example.com"})
			return post(t, ts, "/v1/b2b/impersonation/authenticate", map[string]any{"impersonation_token": imp})
		}},
	)
}

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"idp.oauth.authorize_start", idp.OAuthAuthorizeStartParams{}, idp.OAuthAuthorizeStartResponse{}},
		sdkEndpoint{"idp.oauth.authorize", idp.OAuthAuthorizeParams{}, idp.OAuthAuthorizeResponse{}},
		sdkEndpoint{"idp.introspect_token_network", idp.IntrospectTokenNetworkParams{}, idp.IntrospectTokenResponse{}},
	)
}
