package contract

import (
	"testing"

	"github.com/stytchkit/stytch-go/consumer/magiclinks"
	"github.com/stytchkit/stytch-go/consumer/sessions"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver"
)

// The consumer contract's registries: the SDK types of each consumer
// endpoint, and live checks that run against a consumer project
// (consumer_live_test.go).
var (
	consumerSDKEndpoints = []sdkEndpoint{
		{"users.create", users.CreateParams{}, users.CreateResponse{}},
		{"users.get", users.GetParams{}, users.GetResponse{}},
		{"users.update", users.UpdateParams{}, users.UpdateResponse{}},
		{"users.delete", users.DeleteParams{}, users.DeleteResponse{}},
		{"users.search", users.SearchParams{}, users.SearchResponse{}},
		{"users.exchange_primary_factor", users.ExchangePrimaryFactorParams{}, users.ExchangePrimaryFactorResponse{}},
		{"users.connected_apps", users.ConnectedAppsParams{}, users.ConnectedAppsResponse{}},
		{"users.revoke", users.RevokeParams{}, users.RevokeResponse{}},
		{"users.delete_email", users.DeleteEmailParams{}, users.DeleteEmailResponse{}},
		{"users.delete_phone_number", users.DeletePhoneNumberParams{}, users.DeletePhoneNumberResponse{}},
		{"users.delete_webauthn_registration", users.DeleteWebAuthnRegistrationParams{}, users.DeleteWebAuthnRegistrationResponse{}},
		{"users.delete_biometric_registration", users.DeleteBiometricRegistrationParams{}, users.DeleteBiometricRegistrationResponse{}},
		{"users.delete_totp", users.DeleteTOTPParams{}, users.DeleteTOTPResponse{}},
		{"users.delete_crypto_wallet", users.DeleteCryptoWalletParams{}, users.DeleteCryptoWalletResponse{}},
		{"users.delete_password", users.DeletePasswordParams{}, users.DeletePasswordResponse{}},
		{"users.delete_oauth_registration", users.DeleteOAuthRegistrationParams{}, users.DeleteOAuthRegistrationResponse{}},
		{"users.delete_external_id", users.DeleteExternalIDParams{}, users.DeleteExternalIDResponse{}},
		{"magic_links.authenticate", magiclinks.AuthenticateParams{}, magiclinks.AuthenticateResponse{}},
		{"magic_links.create", magiclinks.CreateParams{}, magiclinks.CreateResponse{}},
		{"magic_links.email.send", magiclinks.EmailSendParams{}, magiclinks.EmailSendResponse{}},
		{"magic_links.email.login_or_create", magiclinks.EmailLoginOrCreateParams{}, magiclinks.EmailLoginOrCreateResponse{}},
		{"magic_links.email.invite", magiclinks.EmailInviteParams{}, magiclinks.EmailInviteResponse{}},
		{"magic_links.email.revoke_invite", magiclinks.EmailRevokeInviteParams{}, magiclinks.EmailRevokeInviteResponse{}},
		{"sessions.authenticate", sessions.AuthenticateParams{}, sessions.AuthenticateResponse{}},
		{"sessions.get", sessions.GetParams{}, sessions.GetResponse{}},
		{"sessions.revoke", sessions.RevokeParams{}, sessions.RevokeResponse{}},
		{"sessions.get_jwks", sessions.GetJWKSParams{}, sessions.GetJWKSResponse{}},
		{"sessions.attest", sessions.AttestParams{}, sessions.AttestResponse{}},
		{"sessions.migrate", sessions.MigrateParams{}, sessions.MigrateResponse{}},
		{"sessions.exchange_access_token", sessions.ExchangeAccessTokenParams{}, sessions.ExchangeAccessTokenResponse{}},
	}
	consumerLiveChecks []liveCheck
)

func loadConsumer(t *testing.T) *Contract {
	t.Helper()
	c, err := Load("../../testdata/contract", "consumer")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestConsumerSDKTypesMatchContract(t *testing.T) {
	checkSDKTypes(t, loadConsumer(t), consumerCoverageEndpoints())
}

func TestConsumerMockResponsesMatchContract(t *testing.T) {
	checkLive(t, loadConsumer(t), consumerLiveChecks, mockserver.StartConsumer)
}

// TestConsumerCoverage prints which consumer endpoints the SDK implements.
// Run it with
//
//	go test ./internal/contract -run Coverage -v
func TestConsumerCoverage(t *testing.T) {
	coverage(t, loadConsumer(t), "Consumer", consumerCoverageEndpoints(), consumerLiveChecks)
}
