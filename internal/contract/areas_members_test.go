package contract

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations/members"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"organizations.members.create", members.CreateParams{}, members.CreateResponse{}},
		sdkEndpoint{"organizations.members.get", members.GetParams{}, members.GetResponse{}},
		sdkEndpoint{"organizations.members.dangerously_get", members.DangerouslyGetParams{}, members.GetResponse{}},
		sdkEndpoint{"organizations.members.update", members.UpdateParams{}, members.UpdateResponse{}},
		sdkEndpoint{"organizations.members.delete", members.DeleteParams{}, members.DeleteResponse{}},
		sdkEndpoint{"organizations.members.reactivate", members.ReactivateParams{}, members.ReactivateResponse{}},
		sdkEndpoint{"organizations.members.search", members.SearchParams{}, members.SearchResponse{}},
		sdkEndpoint{"organizations.members.delete_password", members.DeletePasswordParams{}, members.DeletePasswordResponse{}},
		sdkEndpoint{"organizations.members.delete_mfa_phone_number", members.DeleteMFAPhoneNumberParams{}, members.DeleteMFAPhoneNumberResponse{}},
		sdkEndpoint{"organizations.members.delete_totp", members.DeleteTOTPParams{}, members.DeleteTOTPResponse{}},
		sdkEndpoint{"organizations.members.delete_external_id", members.DeleteExternalIDParams{}, members.DeleteExternalIDResponse{}},
		sdkEndpoint{"organizations.members.unlink_retired_email", members.UnlinkRetiredEmailParams{}, members.UnlinkRetiredEmailResponse{}},
		sdkEndpoint{"organizations.members.start_email_update", members.StartEmailUpdateParams{}, members.StartEmailUpdateResponse{}},
		sdkEndpoint{"organizations.members.oidc_providers", members.OIDCProviderInformationParams{}, members.OIDCProvidersResponse{}},
		sdkEndpoint{"organizations.members.get_connected_apps", members.GetConnectedAppsParams{}, members.GetConnectedAppsResponse{}},
		sdkEndpoint{"organizations.members.connected_apps.revoke", members.RevokeParams{}, members.RevokeResponse{}},
		sdkEndpoint{"organizations.members.oauth_providers.google", members.ProviderInformationParams{}, members.GoogleResponse{}},
		sdkEndpoint{"organizations.members.oauth_providers.microsoft", members.ProviderInformationParams{}, members.MicrosoftResponse{}},
		sdkEndpoint{"organizations.members.oauth_providers.slack", members.SlackParams{}, members.SlackResponse{}},
		sdkEndpoint{"organizations.members.oauth_providers.hubspot", members.ProviderInformationParams{}, members.HubspotResponse{}},
		sdkEndpoint{"organizations.members.oauth_providers.github", members.ProviderInformationParams{}, members.GithubResponse{}},
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
