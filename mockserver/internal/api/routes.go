package api

import (
	"net/http"
	"slices"

	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Routes lists every API endpoint the mock serves. Action names follow
// the event log's scheme: "B2B" + the endpoint's area and operation in
// PascalCase. The B2B routes serve B2B projects only, the consumer routes
// (consumer_routes.go) consumer projects only, and the project-level routes
// (M2M, debug, project; no prefix) both.
func Routes() []*httpkit.Route {
	return slices.Concat(withVertical(state.VerticalB2B, []*httpkit.Route{
		{Method: http.MethodPost, Pattern: "/v1/b2b/organizations", Action: "B2BOrganizationsCreate", Handler: handleOrgCreate},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}", Action: "B2BOrganizationsGet", Handler: handleOrgGet},
		{Method: http.MethodPut, Pattern: "/v1/b2b/organizations/{organization_id}", Action: "B2BOrganizationsUpdate", Handler: handleOrgUpdate},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/organizations/{organization_id}", Action: "B2BOrganizationsDelete", Handler: handleOrgDelete},
		{Method: http.MethodPost, Pattern: "/v1/b2b/organizations/search", Action: "B2BOrganizationsSearch", Handler: handleOrgSearch, ReadOnly: true},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/metrics", Action: "B2BOrganizationsMetrics", Handler: handleOrgMetrics},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/organizations/{organization_id}/external_id", Action: "B2BOrganizationsDeleteExternalID", Handler: handleOrgDeleteExternalID},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/connected_apps", Action: "B2BOrganizationsConnectedApps", Handler: handleOrgConnectedApps},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/connected_apps/{connected_app_id}", Action: "B2BOrganizationsGetConnectedApp", Handler: handleOrgGetConnectedApp},
		{Method: http.MethodPost, Pattern: "/v1/b2b/organizations/{organization_id}/members", Action: "B2BOrganizationsMembersCreate", Handler: handleMemberCreate},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/member", Action: "B2BOrganizationsMembersGet", Handler: handleMemberGet},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/members/dangerously_get/{member_id}", Action: "B2BOrganizationsMembersDangerouslyGet", Handler: handleMemberDangerouslyGet},
		{Method: http.MethodPut, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}", Action: "B2BOrganizationsMembersUpdate", Handler: handleMemberUpdate},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}", Action: "B2BOrganizationsMembersDelete", Handler: handleMemberDelete},
		{Method: http.MethodPut, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/reactivate", Action: "B2BOrganizationsMembersReactivate", Handler: handleMemberReactivate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/organizations/members/search", Action: "B2BOrganizationsMembersSearch", Handler: handleMemberSearch, ReadOnly: true},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/organizations/{organization_id}/members/passwords/{member_password_id}", Action: "B2BOrganizationsMembersDeletePassword", Handler: handleMemberDeletePassword},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}", Action: "B2BOrganizationsMembersDeleteMFAPhoneNumber", Handler: handleMemberDeleteMFAPhoneNumber},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/totp", Action: "B2BOrganizationsMembersDeleteTOTP", Handler: handleMemberDeleteTOTP},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/external_id", Action: "B2BOrganizationsMembersDeleteExternalID", Handler: handleMemberDeleteExternalID},
		{Method: http.MethodPost, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/unlink_retired_email", Action: "B2BOrganizationsMembersUnlinkRetiredEmail", Handler: handleMemberUnlinkRetiredEmail},
		{Method: http.MethodPost, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/start_email_update", Action: "B2BOrganizationsMembersStartEmailUpdate", Handler: handleMemberStartEmailUpdate},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oidc_providers", Action: "B2BOrganizationsMembersOIDCProviders", Handler: handleMemberOIDCProviders},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/google", Action: "B2BOrganizationsMembersOAuthProvidersGoogle", Handler: handleMemberOAuthGoogle},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/microsoft", Action: "B2BOrganizationsMembersOAuthProvidersMicrosoft", Handler: handleMemberOAuthMicrosoft},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/slack", Action: "B2BOrganizationsMembersOAuthProvidersSlack", Handler: handleMemberOAuthSlack},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/hubspot", Action: "B2BOrganizationsMembersOAuthProvidersHubspot", Handler: handleMemberOAuthHubspot},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/github", Action: "B2BOrganizationsMembersOAuthProvidersGithub", Handler: handleMemberOAuthGithub},
		{Method: http.MethodGet, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps", Action: "B2BOrganizationsMembersGetConnectedApps", Handler: handleMemberConnectedApps},
		{Method: http.MethodPost, Pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps/{connected_app_id}/revoke", Action: "B2BOrganizationsMembersConnectedAppsRevoke", Handler: handleMemberRevokeConnectedApp},

		{Method: http.MethodPost, Pattern: "/v1/b2b/sessions/authenticate", Action: "B2BSessionsAuthenticate", Handler: handleSessionAuthenticate},
		{Method: http.MethodGet, Pattern: "/v1/b2b/sessions", Action: "B2BSessionsGet", Handler: handleSessionGet},
		{Method: http.MethodPost, Pattern: "/v1/b2b/sessions/revoke", Action: "B2BSessionsRevoke", Handler: handleSessionRevoke},
		{Method: http.MethodPost, Pattern: "/v1/b2b/sessions/exchange", Action: "B2BSessionsExchange", Handler: handleSessionExchange},
		{Method: http.MethodPost, Pattern: "/v1/b2b/sessions/exchange_access_token", Action: "B2BSessionsExchangeAccessToken", Handler: handleSessionExchangeAccessToken},
		{Method: http.MethodPost, Pattern: "/v1/b2b/sessions/attest", Action: "B2BSessionsAttest", Handler: handleSessionAttest},
		{Method: http.MethodPost, Pattern: "/v1/b2b/sessions/migrate", Action: "B2BSessionsMigrate", Handler: handleSessionMigrate},

		{Method: http.MethodPost, Pattern: "/v1/b2b/magic_links/email/login_or_signup", Action: "B2BMagicLinksEmailLoginOrSignup", Handler: handleMagicLinkLoginOrSignup},
		{Method: http.MethodPost, Pattern: "/v1/b2b/magic_links/email/invite", Action: "B2BMagicLinksEmailInvite", Handler: handleMagicLinkInvite},
		{Method: http.MethodPost, Pattern: "/v1/b2b/magic_links/email/discovery/send", Action: "B2BMagicLinksEmailDiscoverySend", Handler: handleMagicLinkDiscoverySend},
		{Method: http.MethodPost, Pattern: "/v1/b2b/magic_links/authenticate", Action: "B2BMagicLinksAuthenticate", Handler: handleMagicLinkAuthenticate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/magic_links/discovery/authenticate", Action: "B2BMagicLinksDiscoveryAuthenticate", Handler: handleMagicLinkDiscoveryAuthenticate},

		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/authenticate", Action: "B2BPasswordsAuthenticate", Handler: handlePasswordAuthenticate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/strength_check", Action: "B2BPasswordsStrengthCheck", Handler: handlePasswordStrengthCheck, ReadOnly: true},
		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/migrate", Action: "B2BPasswordsMigrate", Handler: handlePasswordMigrate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/email/reset/start", Action: "B2BPasswordsEmailResetStart", Handler: handlePasswordResetStart},
		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/email/reset", Action: "B2BPasswordsEmailReset", Handler: handlePasswordEmailReset},
		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/email/require_reset", Action: "B2BPasswordsEmailRequireReset", Handler: handlePasswordRequireReset},
		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/existing_password/reset", Action: "B2BPasswordsExistingPasswordReset", Handler: handlePasswordExistingReset},
		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/session/reset", Action: "B2BPasswordsSessionReset", Handler: handlePasswordSessionReset},
		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/discovery/authenticate", Action: "B2BPasswordsDiscoveryAuthenticate", Handler: handlePasswordDiscoveryAuthenticate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/discovery/email/reset/start", Action: "B2BPasswordsDiscoveryEmailResetStart", Handler: handlePasswordDiscoveryResetStart},
		{Method: http.MethodPost, Pattern: "/v1/b2b/passwords/discovery/email/reset", Action: "B2BPasswordsDiscoveryEmailReset", Handler: handlePasswordDiscoveryReset},
		{Method: http.MethodPost, Pattern: "/v1/b2b/otps/email/login_or_signup", Action: "B2BOTPsEmailLoginOrSignup", Handler: handleOTPEmailLoginOrSignup},
		{Method: http.MethodPost, Pattern: "/v1/b2b/otps/email/authenticate", Action: "B2BOTPsEmailAuthenticate", Handler: handleOTPEmailAuthenticate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/otps/email/discovery/send", Action: "B2BOTPsEmailDiscoverySend", Handler: handleOTPEmailDiscoverySend},
		{Method: http.MethodPost, Pattern: "/v1/b2b/otps/email/discovery/authenticate", Action: "B2BOTPsEmailDiscoveryAuthenticate", Handler: handleOTPEmailDiscoveryAuthenticate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/otps/sms/send", Action: "B2BOTPsSMSSend", Handler: handleOTPSMSSend},
		{Method: http.MethodPost, Pattern: "/v1/b2b/otps/sms/authenticate", Action: "B2BOTPsSMSAuthenticate", Handler: handleOTPSMSAuthenticate},

		{Method: http.MethodGet, Pattern: "/v1/b2b/sso/{organization_id}", Action: "B2BSSOGetConnections", Handler: handleSSOGetConnections},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/sso/{organization_id}/connections/{connection_id}", Action: "B2BSSODeleteConnection", Handler: handleSSODeleteConnection},
		{Method: http.MethodPost, Pattern: "/v1/b2b/sso/authenticate", Action: "B2BSSOAuthenticate", Handler: handleSSOAuthenticate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/sso/saml/{organization_id}", Action: "B2BSSOSAMLCreateConnection", Handler: handleSAMLCreate},
		{Method: http.MethodPut, Pattern: "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}", Action: "B2BSSOSAMLUpdateConnection", Handler: handleSAMLUpdate},
		{Method: http.MethodPut, Pattern: "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/url", Action: "B2BSSOSAMLUpdateByURL", Handler: handleSAMLUpdateByURL},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/verification_certificates/{certificate_id}", Action: "B2BSSOSAMLDeleteVerificationCertificate", Handler: handleSAMLDeleteCert},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/encryption_private_keys/{private_key_id}", Action: "B2BSSOSAMLDeleteEncryptionPrivateKey", Handler: handleSAMLDeleteKey},
		{Method: http.MethodPost, Pattern: "/v1/b2b/sso/oidc/{organization_id}", Action: "B2BSSOOIDCCreateConnection", Handler: handleOIDCCreate},
		{Method: http.MethodPut, Pattern: "/v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}", Action: "B2BSSOOIDCUpdateConnection", Handler: handleOIDCUpdate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/sso/external/{organization_id}", Action: "B2BSSOExternalCreateConnection", Handler: handleExternalCreate},
		{Method: http.MethodPut, Pattern: "/v1/b2b/sso/external/{organization_id}/connections/{connection_id}", Action: "B2BSSOExternalUpdateConnection", Handler: handleExternalUpdate},

		{Method: http.MethodPost, Pattern: "/v1/b2b/totp", Action: "B2BTOTPsCreate", Handler: handleTOTPCreate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/totp/authenticate", Action: "B2BTOTPsAuthenticate", Handler: handleTOTPAuthenticate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/totp/migrate", Action: "B2BTOTPsMigrate", Handler: handleTOTPMigrate},

		{Method: http.MethodPost, Pattern: "/v1/b2b/recovery_codes/recover", Action: "B2BRecoveryCodesRecover", Handler: handleRecoveryCodesRecover},
		{Method: http.MethodGet, Pattern: "/v1/b2b/recovery_codes/{organization_id}/{member_id}", Action: "B2BRecoveryCodesGet", Handler: handleRecoveryCodesGet},
		{Method: http.MethodPost, Pattern: "/v1/b2b/recovery_codes/rotate", Action: "B2BRecoveryCodesRotate", Handler: handleRecoveryCodesRotate},

		{Method: http.MethodPost, Pattern: "/v1/b2b/discovery/organizations", Action: "B2BDiscoveryOrganizationsList", Handler: handleDiscoveryOrgsList},
		{Method: http.MethodPost, Pattern: "/v1/b2b/discovery/organizations/create", Action: "B2BDiscoveryOrganizationsCreate", Handler: handleDiscoveryOrgCreate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/discovery/intermediate_sessions/exchange", Action: "B2BDiscoveryIntermediateSessionsExchange", Handler: handleDiscoveryISTExchange},

		{Method: http.MethodPost, Pattern: "/v1/b2b/oauth/authenticate", Action: "B2BOAuthAuthenticate", Handler: handleOAuthAuthenticate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/oauth/discovery/authenticate", Action: "B2BOAuthDiscoveryAuthenticate", Handler: handleOAuthDiscoveryAuthenticate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/impersonation/authenticate", Action: "B2BImpersonationAuthenticate", Handler: handleImpersonationAuthenticate},
		{Method: http.MethodPost, Pattern: "/v1/b2b/idp/oauth/authorize/start", Action: "B2BIDPOAuthAuthorizeStart", Handler: handleIDPAuthorizeStart, ReadOnly: true},
		{Method: http.MethodPost, Pattern: "/v1/b2b/idp/oauth/authorize", Action: "B2BIDPOAuthAuthorize", Handler: handleIDPAuthorize},

		{Method: http.MethodGet, Pattern: "/v1/b2b/rbac/policy", Action: "B2BRBACPolicy", Handler: handleRBACPolicy},
		{Method: http.MethodGet, Pattern: "/v1/b2b/rbac/organizations/{organization_id}", Action: "B2BRBACOrganizationsGetOrgPolicy", Handler: handleGetOrgPolicy},
		{Method: http.MethodPut, Pattern: "/v1/b2b/rbac/organizations/{organization_id}", Action: "B2BRBACOrganizationsSetOrgPolicy", Handler: handleSetOrgPolicy},

		{Method: http.MethodPost, Pattern: "/v1/b2b/scim/{organization_id}/connection", Action: "B2BSCIMConnectionCreate", Handler: handleSCIMConnCreate},
		{Method: http.MethodGet, Pattern: "/v1/b2b/scim/{organization_id}/connection", Action: "B2BSCIMConnectionGet", Handler: handleSCIMConnGet},
		{Method: http.MethodPut, Pattern: "/v1/b2b/scim/{organization_id}/connection/{connection_id}", Action: "B2BSCIMConnectionUpdate", Handler: handleSCIMConnUpdate},
		{Method: http.MethodDelete, Pattern: "/v1/b2b/scim/{organization_id}/connection/{connection_id}", Action: "B2BSCIMConnectionDelete", Handler: handleSCIMConnDelete},
		{Method: http.MethodGet, Pattern: "/v1/b2b/scim/{organization_id}/connection/{connection_id}", Action: "B2BSCIMConnectionGetGroups", Handler: handleSCIMConnGetGroups},
		{Method: http.MethodPost, Pattern: "/v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/start", Action: "B2BSCIMConnectionRotateStart", Handler: handleSCIMRotateStart},
		{Method: http.MethodPost, Pattern: "/v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/complete", Action: "B2BSCIMConnectionRotateComplete", Handler: handleSCIMRotateComplete},
		{Method: http.MethodPost, Pattern: "/v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/cancel", Action: "B2BSCIMConnectionRotateCancel", Handler: handleSCIMRotateCancel},
	}), projectRoutes(), consumerRoutes())
}

// projectRoutes are the project-level routes, shared by B2B and consumer
// projects.
func projectRoutes() []*httpkit.Route {
	return []*httpkit.Route{
		{Method: http.MethodPost, Pattern: "/v1/m2m/clients", Action: "M2MClientsCreate", Handler: handleM2MClientCreate},
		{Method: http.MethodGet, Pattern: "/v1/m2m/clients/{client_id}", Action: "M2MClientsGet", Handler: handleM2MClientGet},
		{Method: http.MethodPut, Pattern: "/v1/m2m/clients/{client_id}", Action: "M2MClientsUpdate", Handler: handleM2MClientUpdate},
		{Method: http.MethodDelete, Pattern: "/v1/m2m/clients/{client_id}", Action: "M2MClientsDelete", Handler: handleM2MClientDelete},
		{Method: http.MethodPost, Pattern: "/v1/m2m/clients/search", Action: "M2MClientsSearch", Handler: handleM2MClientSearch, ReadOnly: true},
		{Method: http.MethodPost, Pattern: "/v1/m2m/clients/{client_id}/secrets/rotate/start", Action: "M2MClientsSecretsRotateStart", Handler: handleM2MRotateStart},
		{Method: http.MethodPost, Pattern: "/v1/m2m/clients/{client_id}/secrets/rotate", Action: "M2MClientsSecretsRotate", Handler: handleM2MRotate},
		{Method: http.MethodPost, Pattern: "/v1/m2m/clients/{client_id}/secrets/rotate/cancel", Action: "M2MClientsSecretsRotateCancel", Handler: handleM2MRotateCancel},
		{Method: http.MethodGet, Pattern: "/v1/debug/whoami", Action: "DebugWhoami", Handler: handleWhoami},
		{Method: http.MethodGet, Pattern: "/v1/projects/metrics", Action: "ProjectMetrics", Handler: handleProjectMetrics},
	}
}
