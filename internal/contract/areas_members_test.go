package contract

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"organizations.members.create", organizations.MembersCreateParams{}, organizations.MembersCreateResponse{}},
		sdkEndpoint{"organizations.members.get", organizations.MembersGetParams{}, organizations.MembersGetResponse{}},
		sdkEndpoint{"organizations.members.dangerously_get", organizations.MembersDangerouslyGetParams{}, organizations.MembersGetResponse{}},
		sdkEndpoint{"organizations.members.update", organizations.MembersUpdateParams{}, organizations.MembersUpdateResponse{}},
		sdkEndpoint{"organizations.members.delete", organizations.MembersDeleteParams{}, organizations.MembersDeleteResponse{}},
		sdkEndpoint{"organizations.members.reactivate", organizations.MembersReactivateParams{}, organizations.MembersReactivateResponse{}},
		sdkEndpoint{"organizations.members.search", organizations.MembersSearchParams{}, organizations.MembersSearchResponse{}},
		sdkEndpoint{"organizations.members.delete_password", organizations.MembersDeletePasswordParams{}, organizations.MembersDeletePasswordResponse{}},
		sdkEndpoint{"organizations.members.delete_mfa_phone_number", organizations.MembersDeleteMFAPhoneNumberParams{}, organizations.MembersDeleteMFAPhoneNumberResponse{}},
		sdkEndpoint{"organizations.members.delete_totp", organizations.MembersDeleteTOTPParams{}, organizations.MembersDeleteTOTPResponse{}},
		sdkEndpoint{"organizations.members.delete_external_id", organizations.MembersDeleteExternalIDParams{}, organizations.MembersDeleteExternalIDResponse{}},
		sdkEndpoint{"organizations.members.unlink_retired_email", organizations.MembersUnlinkRetiredEmailParams{}, organizations.MembersUnlinkRetiredEmailResponse{}},
		sdkEndpoint{"organizations.members.start_email_update", organizations.MembersStartEmailUpdateParams{}, organizations.MembersStartEmailUpdateResponse{}},
		sdkEndpoint{"organizations.members.oidc_providers", organizations.MembersOIDCProvidersParams{}, organizations.MembersOIDCProvidersResponse{}},
		sdkEndpoint{"organizations.members.get_connected_apps", organizations.MembersGetConnectedAppsParams{}, organizations.MembersGetConnectedAppsResponse{}},
		sdkEndpoint{"organizations.members.connected_apps.revoke", organizations.MembersConnectedAppsRevokeParams{}, organizations.MembersConnectedAppsRevokeResponse{}},
		sdkEndpoint{"organizations.members.oauth_providers.google", organizations.MembersOAuthProvidersParams{}, organizations.MembersOAuthProvidersGoogleResponse{}},
		sdkEndpoint{"organizations.members.oauth_providers.microsoft", organizations.MembersOAuthProvidersParams{}, organizations.MembersOAuthProvidersMicrosoftResponse{}},
		sdkEndpoint{"organizations.members.oauth_providers.slack", organizations.MembersOAuthProvidersSlackParams{}, organizations.MembersOAuthProvidersSlackResponse{}},
		sdkEndpoint{"organizations.members.oauth_providers.hubspot", organizations.MembersOAuthProvidersParams{}, organizations.MembersOAuthProvidersHubspotResponse{}},
		sdkEndpoint{"organizations.members.oauth_providers.github", organizations.MembersOAuthProvidersParams{}, organizations.MembersOAuthProvidersGithubResponse{}},
	)
	// newMember creates an organization with one member and returns their IDs.
	newMember := func(t *testing.T, ts *mockserver.TestServer) (orgID, memberID string) {
		t.Helper()
		org := raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations", Body: map[string]any{"organization_name": "Acme", "organization_slug": "acme"}})
		orgID = org["organization"].(map[string]any)["organization_id"].(string)
		m := raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations/" + orgID + "/members", Body: map[string]any{
			"email_address": "ada@acme.com", "name": "Ada", "external_id": "ext-ada", "mfa_phone_number": "+14155550100", "roles": []string{"stytch_admin"},
		}})
		return orgID, m["member_id"].(string)
	}
	memberPath := func(orgID, memberID string) string {
		return "/v1/b2b/organizations/" + orgID + "/members/" + memberID
	}
	liveChecks = append(liveChecks,
		liveCheck{"organizations.members.create", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, _ := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations/" + orgID + "/members", Body: map[string]any{"email_address": "grace@acme.com"}})
		}},
		liveCheck{"organizations.members.get", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/organizations/" + orgID + "/member", Query: url.Values{"member_id": {memberID}}})
		}},
		liveCheck{"organizations.members.dangerously_get", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			_, memberID := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/organizations/members/dangerously_get/" + memberID})
		}},
		liveCheck{"organizations.members.update", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodPut, Path: memberPath(orgID, memberID), Body: map[string]any{"name": "Ada L."}})
		}},
		liveCheck{"organizations.members.delete", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodDelete, Path: memberPath(orgID, memberID)})
		}},
		liveCheck{"organizations.members.search", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, _ := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations/members/search", Body: map[string]any{"organization_ids": []string{orgID}}})
		}},
		liveCheck{"organizations.members.delete_mfa_phone_number", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodDelete, Path: "/v1/b2b/organizations/" + orgID + "/members/mfa_phone_numbers/" + memberID})
		}},
		liveCheck{"organizations.members.delete_external_id", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodDelete, Path: memberPath(orgID, memberID) + "/external_id"})
		}},
		liveCheck{"organizations.members.oidc_providers", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: memberPath(orgID, memberID) + "/oidc_providers"})
		}},
		liveCheck{"organizations.members.oauth_providers.slack", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: memberPath(orgID, memberID) + "/oauth_providers/slack"})
		}},
		liveCheck{"organizations.members.get_connected_apps", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, memberID := newMember(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: memberPath(orgID, memberID) + "/connected_apps"})
		}},
	)
}
