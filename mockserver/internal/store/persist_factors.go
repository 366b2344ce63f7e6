package store

import (
	"fmt"
	"reflect"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// factorRecordV2 is a stored authentication factor, of a session or of an
// intermediate session. It holds the detail objects the mock produces;
// version 1 accepted every detail object of the API, and a version-1 file
// using another one is refused (see migrateV1).
type factorRecordV2 struct {
	Type                           string                      `json:"type"`
	DeliveryMethod                 string                      `json:"delivery_method"`
	LastAuthenticatedAt            *time.Time                  `json:"last_authenticated_at,omitempty"`
	CreatedAt                      *time.Time                  `json:"created_at,omitempty"`
	UpdatedAt                      *time.Time                  `json:"updated_at,omitempty"`
	EmailFactor                    *emailFactorRecordV2        `json:"email_factor,omitempty"`
	PhoneNumberFactor              *phoneFactorRecordV2        `json:"phone_number_factor,omitempty"`
	AuthenticatorAppFactor         *authenticatorAppRecordV2   `json:"authenticator_app_factor,omitempty"`
	RecoveryCodeFactor             *recoveryCodeFactorRecordV2 `json:"recovery_code_factor,omitempty"`
	OAuthAccessTokenExchangeFactor *accessTokenFactorRecordV2  `json:"oauth_access_token_exchange_factor,omitempty"`
	TrustedAuthTokenFactor         *trustedTokenFactorRecordV2 `json:"trusted_auth_token_factor,omitempty"`
	EmbeddableMagicLinkFactor      *embeddedFactorRecordV2     `json:"embeddable_magic_link_factor,omitempty"`
	GoogleOAuthFactor              *oauthFactorRecordV2        `json:"google_oauth_factor,omitempty"`
	MicrosoftOAuthFactor           *oauthFactorRecordV2        `json:"microsoft_oauth_factor,omitempty"`
	GithubOAuthFactor              *oauthFactorRecordV2        `json:"github_oauth_factor,omitempty"`
	HubspotOAuthFactor             *oauthFactorRecordV2        `json:"hubspot_oauth_factor,omitempty"`
	SlackOAuthFactor               *oauthFactorRecordV2        `json:"slack_oauth_factor,omitempty"`
	ImpersonatedFactor             *impersonatedRecordV2       `json:"impersonated_factor,omitempty"`
}

// oauthFactorRecordV2 is the OAuth registration a factor used.
type oauthFactorRecordV2 struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// impersonatedRecordV2 is who impersonated the member.
type impersonatedRecordV2 struct {
	ImpersonatorID           string `json:"impersonator_id"`
	ImpersonatorEmailAddress string `json:"impersonator_email_address"`
}

// factorKeysV2 are the JSON names factorRecordV2 holds.
func factorKeysV2() map[string]bool {
	return map[string]bool{"type": true, "delivery_method": true, "last_authenticated_at": true, "created_at": true,
		"updated_at": true, "email_factor": true, "phone_number_factor": true, "authenticator_app_factor": true,
		"recovery_code_factor": true, "oauth_access_token_exchange_factor": true, "trusted_auth_token_factor": true,
		"embeddable_magic_link_factor": true,
		"google_oauth_factor":          true, "microsoft_oauth_factor": true, "github_oauth_factor": true, "hubspot_oauth_factor": true,
		"slack_oauth_factor": true, "impersonated_factor": true}
}

// emailFactorRecordV2 is the email address a factor used.
type emailFactorRecordV2 struct {
	EmailID      string `json:"email_id"`
	EmailAddress string `json:"email_address"`
}

// phoneFactorRecordV2 is the phone number a factor used.
type phoneFactorRecordV2 struct {
	PhoneID     string `json:"phone_id"`
	PhoneNumber string `json:"phone_number"`
}

// authenticatorAppRecordV2 is the TOTP registration a factor used.
type authenticatorAppRecordV2 struct {
	TOTPID string `json:"totp_id"`
}

// recoveryCodeFactorRecordV2 is the recovery code a factor used.
type recoveryCodeFactorRecordV2 struct {
	TOTPRecoveryCodeID string `json:"totp_recovery_code_id"`
}

// accessTokenFactorRecordV2 is the connected app whose token was exchanged.
type accessTokenFactorRecordV2 struct {
	ClientID string `json:"client_id"`
}

// trustedTokenFactorRecordV2 is the trusted auth token a factor used.
type trustedTokenFactorRecordV2 struct {
	TokenID string `json:"token_id"`
}

// embeddedFactorRecordV2 is the embeddable magic link a consumer factor
// used.
type embeddedFactorRecordV2 struct {
	EmbeddedID string `json:"embedded_id"`
}

// factorRecord converts a state factor to its record. A factor with a
// detail the record cannot hold is an error, not a silent loss.
func factorRecord(f *state.Factor) (factorRecordV2, error) {
	r := factorRecordV2{Type: f.Type, DeliveryMethod: f.DeliveryMethod, LastAuthenticatedAt: cloneTime(f.LastAuthenticatedAt),
		CreatedAt: cloneTime(f.CreatedAt), UpdatedAt: cloneTime(f.UpdatedAt)}
	if d := f.EmailFactor; d != nil {
		r.EmailFactor = &emailFactorRecordV2{d.EmailID, d.EmailAddress}
	}
	if d := f.PhoneNumberFactor; d != nil {
		r.PhoneNumberFactor = &phoneFactorRecordV2{d.PhoneID, d.PhoneNumber}
	}
	if d := f.AuthenticatorAppFactor; d != nil {
		r.AuthenticatorAppFactor = &authenticatorAppRecordV2{d.TOTPID}
	}
	if d := f.RecoveryCodeFactor; d != nil {
		r.RecoveryCodeFactor = &recoveryCodeFactorRecordV2{d.TOTPRecoveryCodeID}
	}
	if d := f.OAuthAccessTokenExchangeFactor; d != nil {
		r.OAuthAccessTokenExchangeFactor = &accessTokenFactorRecordV2{d.ClientID}
	}
	if d := f.TrustedAuthTokenFactor; d != nil {
		r.TrustedAuthTokenFactor = &trustedTokenFactorRecordV2{d.TokenID}
	}
	if d := f.EmbeddableMagicLinkFactor; d != nil {
		r.EmbeddableMagicLinkFactor = &embeddedFactorRecordV2{d.EmbeddedID}
	}
	oauthRecords(&r, f)
	if d := f.ImpersonatedFactor; d != nil {
		r.ImpersonatedFactor = &impersonatedRecordV2{d.ImpersonatorID, d.ImpersonatorEmailAddress}
	}
	if back := r.toFactor(); !reflect.DeepEqual(&back, f) {
		return r, fmt.Errorf("factor of type %q holds a detail no record type stores", f.Type)
	}
	return r, nil
}

// toFactor builds the state factor of a record.
func (r *factorRecordV2) toFactor() state.Factor {
	f := state.Factor{Type: r.Type, DeliveryMethod: r.DeliveryMethod, LastAuthenticatedAt: cloneTime(r.LastAuthenticatedAt),
		CreatedAt: cloneTime(r.CreatedAt), UpdatedAt: cloneTime(r.UpdatedAt)}
	if d := r.EmailFactor; d != nil {
		e := alloc(&f.EmailFactor)
		e.EmailID, e.EmailAddress = d.EmailID, d.EmailAddress
	}
	if d := r.PhoneNumberFactor; d != nil {
		p := alloc(&f.PhoneNumberFactor)
		p.PhoneID, p.PhoneNumber = d.PhoneID, d.PhoneNumber
	}
	if d := r.AuthenticatorAppFactor; d != nil {
		alloc(&f.AuthenticatorAppFactor).TOTPID = d.TOTPID
	}
	if d := r.RecoveryCodeFactor; d != nil {
		alloc(&f.RecoveryCodeFactor).TOTPRecoveryCodeID = d.TOTPRecoveryCodeID
	}
	if d := r.OAuthAccessTokenExchangeFactor; d != nil {
		alloc(&f.OAuthAccessTokenExchangeFactor).ClientID = d.ClientID
	}
	if d := r.TrustedAuthTokenFactor; d != nil {
		alloc(&f.TrustedAuthTokenFactor).TokenID = d.TokenID
	}
	if d := r.EmbeddableMagicLinkFactor; d != nil {
		alloc(&f.EmbeddableMagicLinkFactor).EmbeddedID = d.EmbeddedID
	}
	oauthFactors(r, &f)
	if d := r.ImpersonatedFactor; d != nil {
		i := alloc(&f.ImpersonatedFactor)
		i.ImpersonatorID, i.ImpersonatorEmailAddress = d.ImpersonatorID, d.ImpersonatorEmailAddress
	}
	return f
}

// factorRecords converts a list of state factors, nil staying nil.
func factorRecords(in []state.Factor) ([]factorRecordV2, error) {
	var out []factorRecordV2
	sized(&out, in)
	for i := range in {
		r, err := factorRecord(&in[i])
		if err != nil {
			return nil, fmt.Errorf("authentication_factors[%d]: %w", i, err)
		}
		out[i] = r
	}
	return out, nil
}

// stateFactors converts a list of records, nil staying nil.
func stateFactors(in []factorRecordV2) []state.Factor {
	var out []state.Factor
	sized(&out, in)
	for i := range in {
		out[i] = in[i].toFactor()
	}
	return out
}
