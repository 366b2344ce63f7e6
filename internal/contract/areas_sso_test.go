package contract

import (
	"github.com/stytchkit/stytch-go/b2b/sso"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"sso.get_connections", sso.GetConnectionsParams{}, sso.GetConnectionsResponse{}},
		sdkEndpoint{"sso.delete_connection", sso.DeleteConnectionParams{}, sso.DeleteConnectionResponse{}},
		sdkEndpoint{"sso.authenticate", sso.AuthenticateParams{}, sso.AuthenticateResponse{}},
		sdkEndpoint{"sso.saml.create_connection", sso.SAMLCreateConnectionParams{}, sso.SAMLCreateConnectionResponse{}},
		sdkEndpoint{"sso.saml.update_connection", sso.SAMLUpdateConnectionParams{}, sso.SAMLUpdateConnectionResponse{}},
		sdkEndpoint{"sso.saml.update_by_url", sso.SAMLUpdateByURLParams{}, sso.SAMLUpdateByURLResponse{}},
		sdkEndpoint{"sso.saml.delete_verification_certificate", sso.SAMLDeleteVerificationCertificateParams{}, sso.SAMLDeleteVerificationCertificateResponse{}},
		sdkEndpoint{"sso.saml.delete_encryption_private_key", sso.SAMLDeleteEncryptionPrivateKeyParams{}, sso.SAMLDeleteEncryptionPrivateKeyResponse{}},
		sdkEndpoint{"sso.oidc.create_connection", sso.OIDCCreateConnectionParams{}, sso.OIDCCreateConnectionResponse{}},
		sdkEndpoint{"sso.oidc.update_connection", sso.OIDCUpdateConnectionParams{}, sso.OIDCUpdateConnectionResponse{}},
		sdkEndpoint{"sso.external.create_connection", sso.ExternalCreateConnectionParams{}, sso.ExternalCreateConnectionResponse{}},
		sdkEndpoint{"sso.external.update_connection", sso.ExternalUpdateConnectionParams{}, sso.ExternalUpdateConnectionResponse{}},
	)
}
