package api

import (
	"net/http"

	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// consumerRoutes are the endpoints of consumer projects. Action names are
// the endpoint's area and operation in PascalCase.
func consumerRoutes() []*httpkit.Route {
	return withVertical(state.VerticalConsumer, []*httpkit.Route{
		{Method: http.MethodPost, Pattern: "/v1/users", Action: "UsersCreate", Handler: handleUserCreate},
		{Method: http.MethodGet, Pattern: "/v1/users/{user_id}", Action: "UsersGet", Handler: handleUserGet},
		{Method: http.MethodPut, Pattern: "/v1/users/{user_id}", Action: "UsersUpdate", Handler: handleUserUpdate},
		{Method: http.MethodDelete, Pattern: "/v1/users/{user_id}", Action: "UsersDelete", Handler: handleUserDelete},
		{Method: http.MethodPost, Pattern: "/v1/users/search", Action: "UsersSearch", Handler: handleUserSearch, ReadOnly: true},
		{Method: http.MethodPut, Pattern: "/v1/users/{user_id}/exchange_primary_factor", Action: "UsersExchangePrimaryFactor", Handler: handleUserExchangePrimaryFactor},
		{Method: http.MethodDelete, Pattern: "/v1/users/{user_id}/external_id", Action: "UsersDeleteExternalID", Handler: handleUserDeleteExternalID},
		{Method: http.MethodGet, Pattern: "/v1/users/{user_id}/connected_apps", Action: "UsersConnectedApps", Handler: handleUserConnectedApps},
		{Method: http.MethodPost, Pattern: "/v1/users/{user_id}/connected_apps/{connected_app_id}/revoke", Action: "UsersRevoke", Handler: handleUserRevokeConnectedApp},
		{Method: http.MethodDelete, Pattern: "/v1/users/emails/{email_id}", Action: "UsersDeleteEmail", Handler: deleteUserFactor("email_id")},
		{Method: http.MethodDelete, Pattern: "/v1/users/phone_numbers/{phone_id}", Action: "UsersDeletePhoneNumber", Handler: deleteUserFactor("phone_id")},
		{Method: http.MethodDelete, Pattern: "/v1/users/webauthn_registrations/{webauthn_registration_id}", Action: "UsersDeleteWebAuthnRegistration", Handler: deleteUserFactor("webauthn_registration_id")},
		{Method: http.MethodDelete, Pattern: "/v1/users/biometric_registrations/{biometric_registration_id}", Action: "UsersDeleteBiometricRegistration", Handler: deleteUserFactor("biometric_registration_id")},
		{Method: http.MethodDelete, Pattern: "/v1/users/totps/{totp_id}", Action: "UsersDeleteTOTP", Handler: deleteUserFactor("totp_id")},
		{Method: http.MethodDelete, Pattern: "/v1/users/crypto_wallets/{crypto_wallet_id}", Action: "UsersDeleteCryptoWallet", Handler: deleteUserFactor("crypto_wallet_id")},
		{Method: http.MethodDelete, Pattern: "/v1/users/passwords/{password_id}", Action: "UsersDeletePassword", Handler: deleteUserFactor("password_id")},
		{Method: http.MethodDelete, Pattern: "/v1/users/oauth/{oauth_user_registration_id}", Action: "UsersDeleteOAuthRegistration", Handler: deleteUserFactor("oauth_user_registration_id")},

		{Method: http.MethodPost, Pattern: "/v1/magic_links/email/send", Action: "MagicLinksEmailSend", Handler: handleUserMagicLinkSend},
		{Method: http.MethodPost, Pattern: "/v1/magic_links/email/login_or_create", Action: "MagicLinksEmailLoginOrCreate", Handler: handleUserMagicLinkLoginOrCreate},
		{Method: http.MethodPost, Pattern: "/v1/magic_links/email/invite", Action: "MagicLinksEmailInvite", Handler: handleUserMagicLinkInvite},
		{Method: http.MethodPost, Pattern: "/v1/magic_links/email/revoke_invite", Action: "MagicLinksEmailRevokeInvite", Handler: handleUserMagicLinkRevokeInvite},
		{Method: http.MethodPost, Pattern: "/v1/magic_links", Action: "MagicLinksCreate", Handler: handleUserMagicLinkCreate},
		{Method: http.MethodPost, Pattern: "/v1/magic_links/authenticate", Action: "MagicLinksAuthenticate", Handler: handleUserMagicLinkAuthenticate},

		{Method: http.MethodPost, Pattern: "/v1/sessions/authenticate", Action: "SessionsAuthenticate", Handler: handleUserSessionAuthenticate},
		{Method: http.MethodGet, Pattern: "/v1/sessions", Action: "SessionsGet", Handler: handleUserSessionGet},
		{Method: http.MethodPost, Pattern: "/v1/sessions/revoke", Action: "SessionsRevoke", Handler: handleUserSessionRevoke},
		{Method: http.MethodPost, Pattern: "/v1/sessions/attest", Action: "SessionsAttest", Handler: handleUserSessionAttest},
		{Method: http.MethodPost, Pattern: "/v1/sessions/migrate", Action: "SessionsMigrate", Handler: handleUserSessionMigrate},
		{Method: http.MethodPost, Pattern: "/v1/sessions/exchange_access_token", Action: "SessionsExchangeAccessToken", Handler: handleUserSessionExchangeAccessToken},
	})
}

// withVertical marks routes as served only by projects of vertical v.
func withVertical(v string, routes []*httpkit.Route) []*httpkit.Route {
	for _, r := range routes {
		r.Vertical = v
	}
	return routes
}
