package engine

import "net/http"

// apiRoutes lists every API endpoint the mock serves. Action names follow
// the event log's scheme: "B2B" + the endpoint's area and operation in
// PascalCase.
func apiRoutes() []*route {
	return []*route{
		{method: http.MethodPost, pattern: "/v1/b2b/organizations", action: "B2BOrganizationsCreate", handler: handleOrgCreate},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}", action: "B2BOrganizationsGet", handler: handleOrgGet},
		{method: http.MethodPut, pattern: "/v1/b2b/organizations/{organization_id}", action: "B2BOrganizationsUpdate", handler: handleOrgUpdate},
		{method: http.MethodDelete, pattern: "/v1/b2b/organizations/{organization_id}", action: "B2BOrganizationsDelete", handler: handleOrgDelete},
		{method: http.MethodPost, pattern: "/v1/b2b/organizations/search", action: "B2BOrganizationsSearch", handler: handleOrgSearch},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/metrics", action: "B2BOrganizationsMetrics", handler: handleOrgMetrics},
		{method: http.MethodDelete, pattern: "/v1/b2b/organizations/{organization_id}/external_id", action: "B2BOrganizationsDeleteExternalID", handler: handleOrgDeleteExternalID},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/connected_apps", action: "B2BOrganizationsConnectedApps", handler: handleOrgConnectedApps},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/connected_apps/{connected_app_id}", action: "B2BOrganizationsGetConnectedApp", handler: handleOrgGetConnectedApp},
		{method: http.MethodPost, pattern: "/v1/b2b/organizations/{organization_id}/members", action: "B2BOrganizationsMembersCreate", handler: handleMemberCreate},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/member", action: "B2BOrganizationsMembersGet", handler: handleMemberGet},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/members/dangerously_get/{member_id}", action: "B2BOrganizationsMembersDangerouslyGet", handler: handleMemberDangerouslyGet},
		{method: http.MethodPut, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}", action: "B2BOrganizationsMembersUpdate", handler: handleMemberUpdate},
		{method: http.MethodDelete, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}", action: "B2BOrganizationsMembersDelete", handler: handleMemberDelete},
		{method: http.MethodPut, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/reactivate", action: "B2BOrganizationsMembersReactivate", handler: handleMemberReactivate},
		{method: http.MethodPost, pattern: "/v1/b2b/organizations/members/search", action: "B2BOrganizationsMembersSearch", handler: handleMemberSearch},
		{method: http.MethodDelete, pattern: "/v1/b2b/organizations/{organization_id}/members/passwords/{member_password_id}", action: "B2BOrganizationsMembersDeletePassword", handler: handleMemberDeletePassword},
		{method: http.MethodDelete, pattern: "/v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}", action: "B2BOrganizationsMembersDeleteMFAPhoneNumber", handler: handleMemberDeleteMFAPhoneNumber},
		{method: http.MethodDelete, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/totp", action: "B2BOrganizationsMembersDeleteTOTP", handler: handleMemberDeleteTOTP},
		{method: http.MethodDelete, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/external_id", action: "B2BOrganizationsMembersDeleteExternalID", handler: handleMemberDeleteExternalID},
		{method: http.MethodPost, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/unlink_retired_email", action: "B2BOrganizationsMembersUnlinkRetiredEmail", handler: handleMemberUnlinkRetiredEmail},
		{method: http.MethodPost, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/start_email_update", action: "B2BOrganizationsMembersStartEmailUpdate", handler: handleMemberStartEmailUpdate},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oidc_providers", action: "B2BOrganizationsMembersOIDCProviders", handler: handleMemberOIDCProviders},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/google", action: "B2BOrganizationsMembersOAuthProvidersGoogle", handler: singleProvider("Google")},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/microsoft", action: "B2BOrganizationsMembersOAuthProvidersMicrosoft", handler: singleProvider("Microsoft")},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/slack", action: "B2BOrganizationsMembersOAuthProvidersSlack", handler: handleMemberOAuthSlack},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/hubspot", action: "B2BOrganizationsMembersOAuthProvidersHubspot", handler: handleMemberOAuthHubspot},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/github", action: "B2BOrganizationsMembersOAuthProvidersGithub", handler: handleMemberOAuthGithub},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps", action: "B2BOrganizationsMembersGetConnectedApps", handler: handleMemberConnectedApps},
		{method: http.MethodPost, pattern: "/v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps/{connected_app_id}/revoke", action: "B2BOrganizationsMembersConnectedAppsRevoke", handler: handleMemberRevokeConnectedApp},

		{method: http.MethodPost, pattern: "/v1/b2b/sessions/authenticate", action: "B2BSessionsAuthenticate", handler: handleSessionAuthenticate},
		{method: http.MethodGet, pattern: "/v1/b2b/sessions", action: "B2BSessionsGet", handler: handleSessionGet},
		{method: http.MethodPost, pattern: "/v1/b2b/sessions/revoke", action: "B2BSessionsRevoke", handler: handleSessionRevoke},
		{method: http.MethodPost, pattern: "/v1/b2b/sessions/exchange", action: "B2BSessionsExchange", handler: handleSessionExchange},
		{method: http.MethodPost, pattern: "/v1/b2b/sessions/exchange_access_token", action: "B2BSessionsExchangeAccessToken", handler: handleSessionExchangeAccessToken},
		{method: http.MethodPost, pattern: "/v1/b2b/sessions/attest", action: "B2BSessionsAttest", handler: handleSessionAttest},
		{method: http.MethodPost, pattern: "/v1/b2b/sessions/migrate", action: "B2BSessionsMigrate", handler: handleSessionMigrate},

		{method: http.MethodPost, pattern: "/v1/b2b/magic_links/email/login_or_signup", action: "B2BMagicLinksEmailLoginOrSignup", handler: handleMagicLinkLoginOrSignup},
		{method: http.MethodPost, pattern: "/v1/b2b/magic_links/email/invite", action: "B2BMagicLinksEmailInvite", handler: handleMagicLinkInvite},
		{method: http.MethodPost, pattern: "/v1/b2b/magic_links/email/discovery/send", action: "B2BMagicLinksEmailDiscoverySend", handler: handleMagicLinkDiscoverySend},
		{method: http.MethodPost, pattern: "/v1/b2b/magic_links/authenticate", action: "B2BMagicLinksAuthenticate", handler: handleMagicLinkAuthenticate},
		{method: http.MethodPost, pattern: "/v1/b2b/magic_links/discovery/authenticate", action: "B2BMagicLinksDiscoveryAuthenticate", handler: handleMagicLinkDiscoveryAuthenticate},

		{method: http.MethodPost, pattern: "/v1/b2b/passwords/authenticate", action: "B2BPasswordsAuthenticate", handler: handlePasswordAuthenticate},
		{method: http.MethodPost, pattern: "/v1/b2b/passwords/strength_check", action: "B2BPasswordsStrengthCheck", handler: handlePasswordStrengthCheck},
		{method: http.MethodPost, pattern: "/v1/b2b/passwords/migrate", action: "B2BPasswordsMigrate", handler: handlePasswordMigrate},
		{method: http.MethodPost, pattern: "/v1/b2b/passwords/email/reset/start", action: "B2BPasswordsEmailResetStart", handler: handlePasswordResetStart},
		{method: http.MethodPost, pattern: "/v1/b2b/passwords/email/reset", action: "B2BPasswordsEmailReset", handler: handlePasswordEmailReset},
		{method: http.MethodPost, pattern: "/v1/b2b/passwords/email/require_reset", action: "B2BPasswordsEmailRequireReset", handler: handlePasswordRequireReset},
		{method: http.MethodPost, pattern: "/v1/b2b/passwords/existing_password/reset", action: "B2BPasswordsExistingPasswordReset", handler: handlePasswordExistingReset},
		{method: http.MethodPost, pattern: "/v1/b2b/passwords/session/reset", action: "B2BPasswordsSessionReset", handler: handlePasswordSessionReset},
		{method: http.MethodPost, pattern: "/v1/b2b/passwords/discovery/authenticate", action: "B2BPasswordsDiscoveryAuthenticate", handler: handlePasswordDiscoveryAuthenticate},
		{method: http.MethodPost, pattern: "/v1/b2b/passwords/discovery/email/reset/start", action: "B2BPasswordsDiscoveryEmailResetStart", handler: handlePasswordDiscoveryResetStart},
		{method: http.MethodPost, pattern: "/v1/b2b/passwords/discovery/email/reset", action: "B2BPasswordsDiscoveryEmailReset", handler: handlePasswordDiscoveryReset},
		{method: http.MethodPost, pattern: "/v1/b2b/otps/email/login_or_signup", action: "B2BOTPsEmailLoginOrSignup", handler: handleOTPEmailLoginOrSignup},
		{method: http.MethodPost, pattern: "/v1/b2b/otps/email/authenticate", action: "B2BOTPsEmailAuthenticate", handler: handleOTPEmailAuthenticate},
		{method: http.MethodPost, pattern: "/v1/b2b/otps/email/discovery/send", action: "B2BOTPsEmailDiscoverySend", handler: handleOTPEmailDiscoverySend},
		{method: http.MethodPost, pattern: "/v1/b2b/otps/email/discovery/authenticate", action: "B2BOTPsEmailDiscoveryAuthenticate", handler: handleOTPEmailDiscoveryAuthenticate},
		{method: http.MethodPost, pattern: "/v1/b2b/otps/sms/send", action: "B2BOTPsSMSSend", handler: handleOTPSMSSend},
		{method: http.MethodPost, pattern: "/v1/b2b/otps/sms/authenticate", action: "B2BOTPsSMSAuthenticate", handler: handleOTPSMSAuthenticate},

		{method: http.MethodPost, pattern: "/v1/b2b/totp", action: "B2BTOTPsCreate", handler: handleTOTPCreate},
		{method: http.MethodPost, pattern: "/v1/b2b/totp/authenticate", action: "B2BTOTPsAuthenticate", handler: handleTOTPAuthenticate},
		{method: http.MethodPost, pattern: "/v1/b2b/totp/migrate", action: "B2BTOTPsMigrate", handler: handleTOTPMigrate},

		{method: http.MethodPost, pattern: "/v1/b2b/recovery_codes/recover", action: "B2BRecoveryCodesRecover", handler: handleRecoveryCodesRecover},
		{method: http.MethodGet, pattern: "/v1/b2b/recovery_codes/{organization_id}/{member_id}", action: "B2BRecoveryCodesGet", handler: handleRecoveryCodesGet},
		{method: http.MethodPost, pattern: "/v1/b2b/recovery_codes/rotate", action: "B2BRecoveryCodesRotate", handler: handleRecoveryCodesRotate},

		{method: http.MethodPost, pattern: "/v1/b2b/discovery/organizations", action: "B2BDiscoveryOrganizationsList", handler: handleDiscoveryOrgsList},
		{method: http.MethodPost, pattern: "/v1/b2b/discovery/organizations/create", action: "B2BDiscoveryOrganizationsCreate", handler: handleDiscoveryOrgCreate},
		{method: http.MethodPost, pattern: "/v1/b2b/discovery/intermediate_sessions/exchange", action: "B2BDiscoveryIntermediateSessionsExchange", handler: handleDiscoveryISTExchange},

		{method: http.MethodGet, pattern: "/v1/b2b/rbac/policy", action: "B2BRBACPolicy", handler: handleRBACPolicy},
		{method: http.MethodGet, pattern: "/v1/b2b/rbac/organizations/{organization_id}", action: "B2BRBACOrganizationsGetOrgPolicy", handler: handleGetOrgPolicy},
		{method: http.MethodPut, pattern: "/v1/b2b/rbac/organizations/{organization_id}", action: "B2BRBACOrganizationsSetOrgPolicy", handler: handleSetOrgPolicy},
	}
}

// engineAPIRoutes are API endpoints that need the engine rather than one
// project: the JWKS names its project in the path and takes no credentials.
func (e *Engine) engineAPIRoutes() []*route {
	return []*route{
		{method: http.MethodGet, pattern: "/v1/b2b/sessions/jwks/{project_id}", action: "B2BSessionsGetJWKS", handler: e.handleJWKS, public: true},
	}
}
