package admin

import (
	"strings"

	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// withUser runs change on the user of the user_id path parameter of a
// consumer project, under the project's write lock.
func withUser(rc *httpkit.Call, change func(p *state.Project, r *state.UserRecord) (any, *apierr.Error)) (any, error) {
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	if p.Vertical != state.VerticalConsumer {
		return nil, apierr.BadRequest("invalid_consumer_endpoint", "This fixture is for consumer projects.")
	}
	p.InitUsers()
	r, aerr := p.FindUser(rc.Param("user_id"))
	if aerr != nil {
		return nil, aerr
	}
	out, aerr := change(p, r)
	if aerr != nil {
		return nil, aerr
	}
	return out, nil
}

type userFactorResponse struct {
	httpkit.Ack
	FactorID string `json:"factor_id"`
}

// HandleUserFactorFixture attaches a registered factor the mock has no
// enrolment endpoint for to a user, so that the factor deletions can be
// tested: POST /mock/users/{user_id}/factors {"type": "totp" | "webauthn" |
// "biometric" | "crypto_wallet" | "password" | "oauth"}.
func HandleUserFactorFixture(rc *httpkit.Call) (any, error) {
	var b struct {
		Type string `json:"type"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return withUser(rc, func(p *state.Project, r *state.UserRecord) (any, *apierr.Error) {
		next := state.CloneUser(r)
		u := &next.User
		var id string
		switch b.Type {
		case "totp":
			id = ids.NewID("totp", p.Env)
			u.TOTPs = append(u.TOTPs, users.TOTP{TOTPID: id, Verified: true})
		case "webauthn":
			id = ids.NewID("webauthn-registration", p.Env)
			u.WebAuthnRegistrations = append(u.WebAuthnRegistrations, users.WebAuthnRegistration{WebAuthnRegistrationID: id, Domain: "localhost", UserAgent: "stytch-mock", Verified: true, AuthenticatorType: "platform", Name: "Passkey"})
		case "biometric":
			id = ids.NewID("biometric-registration", p.Env)
			u.BiometricRegistrations = append(u.BiometricRegistrations, users.BiometricRegistration{BiometricRegistrationID: id, Verified: true})
		case "crypto_wallet":
			id = ids.NewID("crypto-wallet", p.Env)
			u.CryptoWallets = append(u.CryptoWallets, users.CryptoWallet{CryptoWalletID: id, CryptoWalletAddress: "0x" + strings.Repeat("ab", 20), CryptoWalletType: "ethereum", Verified: true})
		case "password":
			if u.Password != nil {
				return nil, apierr.BadRequest("invalid_request_value", "The user already has a password.")
			}
			id = ids.NewID("password", p.Env)
			u.Password = &users.Password{PasswordID: id}
		case "oauth":
			id = ids.NewID("oauth-user-registration", p.Env)
			u.Providers = append(u.Providers, users.OAuthProvider{ProviderType: "Google", ProviderSubject: id, OAuthUserRegistrationID: id})
		default:
			return nil, apierr.BadRequest("invalid_request_value", "type must be totp, webauthn, biometric, crypto_wallet, password or oauth.")
		}
		p.PutUser(next)
		return &userFactorResponse{FactorID: id}, nil
	})
}

// HandleUserAccessTokenFixture mints a connected-app access token for a
// user, as HandleAccessTokenFixture does for members: POST
// /mock/users/{user_id}/access_tokens {client_id?, scopes?, first_party?}.
// The user's connected apps are the apps holding such tokens.
func HandleUserAccessTokenFixture(rc *httpkit.Call) (any, error) {
	var b struct {
		Scopes     *[]string `json:"scopes"`
		FirstParty *bool     `json:"first_party"`
		ClientID   string    `json:"client_id"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	scopes, aerr := checkAccessTokenFixture(b.Scopes, b.ClientID)
	if aerr != nil {
		return nil, aerr
	}
	return withUser(rc, func(p *state.Project, r *state.UserRecord) (any, *apierr.Error) {
		return mintAccessToken(p, rc.Now, state.AccessTokenRecord{
			MemberID: r.User.UserID, ClientID: b.ClientID, Scopes: scopes, FirstParty: b.FirstParty == nil || *b.FirstParty,
		}), nil
	})
}
