// The factor types below follow AuthenticationFactor and its detail objects in
// testdata/contract/b2b_types.json field for field.

package sessions

import "time"

// AuthenticationFactor is one factor a member used to authenticate: its type, how it was delivered, and exactly one detail object matching the type.
type AuthenticationFactor struct {
	Type                           string                          `json:"type"`
	DeliveryMethod                 string                          `json:"delivery_method"`
	LastAuthenticatedAt            *time.Time                      `json:"last_authenticated_at,omitempty"`
	CreatedAt                      *time.Time                      `json:"created_at,omitempty"`
	UpdatedAt                      *time.Time                      `json:"updated_at,omitempty"`
	EmailFactor                    *EmailFactor                    `json:"email_factor,omitempty"`
	PhoneNumberFactor              *PhoneNumberFactor              `json:"phone_number_factor,omitempty"`
	GoogleOAuthFactor              *GoogleOAuthFactor              `json:"google_oauth_factor,omitempty"`
	MicrosoftOAuthFactor           *MicrosoftOAuthFactor           `json:"microsoft_oauth_factor,omitempty"`
	AppleOAuthFactor               *AppleOAuthFactor               `json:"apple_oauth_factor,omitempty"`
	WebAuthnFactor                 *WebAuthnFactor                 `json:"webauthn_factor,omitempty"`
	AuthenticatorAppFactor         *AuthenticatorAppFactor         `json:"authenticator_app_factor,omitempty"`
	GithubOAuthFactor              *GithubOAuthFactor              `json:"github_oauth_factor,omitempty"`
	RecoveryCodeFactor             *RecoveryCodeFactor             `json:"recovery_code_factor,omitempty"`
	FacebookOAuthFactor            *FacebookOAuthFactor            `json:"facebook_oauth_factor,omitempty"`
	CryptoWalletFactor             *CryptoWalletFactor             `json:"crypto_wallet_factor,omitempty"`
	AmazonOAuthFactor              *AmazonOAuthFactor              `json:"amazon_oauth_factor,omitempty"`
	BitbucketOAuthFactor           *BitbucketOAuthFactor           `json:"bitbucket_oauth_factor,omitempty"`
	CoinbaseOAuthFactor            *CoinbaseOAuthFactor            `json:"coinbase_oauth_factor,omitempty"`
	DiscordOAuthFactor             *DiscordOAuthFactor             `json:"discord_oauth_factor,omitempty"`
	FigmaOAuthFactor               *FigmaOAuthFactor               `json:"figma_oauth_factor,omitempty"`
	GitLabOAuthFactor              *GitLabOAuthFactor              `json:"git_lab_oauth_factor,omitempty"`
	InstagramOAuthFactor           *InstagramOAuthFactor           `json:"instagram_oauth_factor,omitempty"`
	LinkedInOAuthFactor            *LinkedInOAuthFactor            `json:"linked_in_oauth_factor,omitempty"`
	ShopifyOAuthFactor             *ShopifyOAuthFactor             `json:"shopify_oauth_factor,omitempty"`
	SlackOAuthFactor               *SlackOAuthFactor               `json:"slack_oauth_factor,omitempty"`
	SnapchatOAuthFactor            *SnapchatOAuthFactor            `json:"snapchat_oauth_factor,omitempty"`
	SpotifyOAuthFactor             *SpotifyOAuthFactor             `json:"spotify_oauth_factor,omitempty"`
	SteamOAuthFactor               *SteamOAuthFactor               `json:"steam_oauth_factor,omitempty"`
	TikTokOAuthFactor              *TikTokOAuthFactor              `json:"tik_tok_oauth_factor,omitempty"`
	TwitchOAuthFactor              *TwitchOAuthFactor              `json:"twitch_oauth_factor,omitempty"`
	TwitterOAuthFactor             *TwitterOAuthFactor             `json:"twitter_oauth_factor,omitempty"`
	EmbeddableMagicLinkFactor      *EmbeddableMagicLinkFactor      `json:"embeddable_magic_link_factor,omitempty"`
	BiometricFactor                *BiometricFactor                `json:"biometric_factor,omitempty"`
	SAMLSSOFactor                  *SAMLSSOFactor                  `json:"saml_sso_factor,omitempty"`
	OIDCSSOFactor                  *OIDCSSOFactor                  `json:"oidc_sso_factor,omitempty"`
	SalesforceOAuthFactor          *SalesforceOAuthFactor          `json:"salesforce_oauth_factor,omitempty"`
	YahooOAuthFactor               *YahooOAuthFactor               `json:"yahoo_oauth_factor,omitempty"`
	HubspotOAuthFactor             *HubspotOAuthFactor             `json:"hubspot_oauth_factor,omitempty"`
	SlackOAuthExchangeFactor       *SlackOAuthExchangeFactor       `json:"slack_oauth_exchange_factor,omitempty"`
	HubspotOAuthExchangeFactor     *HubspotOAuthExchangeFactor     `json:"hubspot_oauth_exchange_factor,omitempty"`
	GithubOAuthExchangeFactor      *GithubOAuthExchangeFactor      `json:"github_oauth_exchange_factor,omitempty"`
	GoogleOAuthExchangeFactor      *GoogleOAuthExchangeFactor      `json:"google_oauth_exchange_factor,omitempty"`
	ImpersonatedFactor             *ImpersonatedFactor             `json:"impersonated_factor,omitempty"`
	OAuthAccessTokenExchangeFactor *OAuthAccessTokenExchangeFactor `json:"oauth_access_token_exchange_factor,omitempty"`
	TrustedAuthTokenFactor         *TrustedAuthTokenFactor         `json:"trusted_auth_token_factor,omitempty"`
}

// AmazonOAuthFactor is a detail object of AuthenticationFactor.
type AmazonOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// AppleOAuthFactor is a detail object of AuthenticationFactor.
type AppleOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// AuthenticatorAppFactor is a detail object of AuthenticationFactor.
type AuthenticatorAppFactor struct {
	TOTPID string `json:"totp_id"`
}

// BiometricFactor is a detail object of AuthenticationFactor.
type BiometricFactor struct {
	BiometricRegistrationID string `json:"biometric_registration_id"`
}

// BitbucketOAuthFactor is a detail object of AuthenticationFactor.
type BitbucketOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// CoinbaseOAuthFactor is a detail object of AuthenticationFactor.
type CoinbaseOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// CryptoWalletFactor is a detail object of AuthenticationFactor.
type CryptoWalletFactor struct {
	CryptoWalletID      string `json:"crypto_wallet_id"`
	CryptoWalletAddress string `json:"crypto_wallet_address"`
	CryptoWalletType    string `json:"crypto_wallet_type"`
}

// DiscordOAuthFactor is a detail object of AuthenticationFactor.
type DiscordOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// EmailFactor is a detail object of AuthenticationFactor.
type EmailFactor struct {
	EmailID      string `json:"email_id"`
	EmailAddress string `json:"email_address"`
}

// EmbeddableMagicLinkFactor is a detail object of AuthenticationFactor.
type EmbeddableMagicLinkFactor struct {
	EmbeddedID string `json:"embedded_id"`
}

// FacebookOAuthFactor is a detail object of AuthenticationFactor.
type FacebookOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// FigmaOAuthFactor is a detail object of AuthenticationFactor.
type FigmaOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// GitLabOAuthFactor is a detail object of AuthenticationFactor.
type GitLabOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// GithubOAuthExchangeFactor is a detail object of AuthenticationFactor.
type GithubOAuthExchangeFactor struct {
	EmailID string `json:"email_id"`
}

// GithubOAuthFactor is a detail object of AuthenticationFactor.
type GithubOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// GoogleOAuthExchangeFactor is a detail object of AuthenticationFactor.
type GoogleOAuthExchangeFactor struct {
	EmailID string `json:"email_id"`
}

// GoogleOAuthFactor is a detail object of AuthenticationFactor.
type GoogleOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// HubspotOAuthExchangeFactor is a detail object of AuthenticationFactor.
type HubspotOAuthExchangeFactor struct {
	EmailID string `json:"email_id"`
}

// HubspotOAuthFactor is a detail object of AuthenticationFactor.
type HubspotOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// ImpersonatedFactor is a detail object of AuthenticationFactor.
type ImpersonatedFactor struct {
	ImpersonatorID           string `json:"impersonator_id"`
	ImpersonatorEmailAddress string `json:"impersonator_email_address"`
}

// InstagramOAuthFactor is a detail object of AuthenticationFactor.
type InstagramOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// LinkedInOAuthFactor is a detail object of AuthenticationFactor.
type LinkedInOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// MicrosoftOAuthFactor is a detail object of AuthenticationFactor.
type MicrosoftOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// OAuthAccessTokenExchangeFactor is a detail object of AuthenticationFactor.
type OAuthAccessTokenExchangeFactor struct {
	ClientID string `json:"client_id"`
}

// OIDCSSOFactor is a detail object of AuthenticationFactor.
type OIDCSSOFactor struct {
	ID         string `json:"id"`
	ProviderID string `json:"provider_id"`
	ExternalID string `json:"external_id"`
}

// PhoneNumberFactor is a detail object of AuthenticationFactor.
type PhoneNumberFactor struct {
	PhoneID     string `json:"phone_id"`
	PhoneNumber string `json:"phone_number"`
}

// RecoveryCodeFactor is a detail object of AuthenticationFactor.
type RecoveryCodeFactor struct {
	TOTPRecoveryCodeID string `json:"totp_recovery_code_id"`
}

// SAMLSSOFactor is a detail object of AuthenticationFactor.
type SAMLSSOFactor struct {
	ID         string `json:"id"`
	ProviderID string `json:"provider_id"`
	ExternalID string `json:"external_id"`
}

// SalesforceOAuthFactor is a detail object of AuthenticationFactor.
type SalesforceOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// ShopifyOAuthFactor is a detail object of AuthenticationFactor.
type ShopifyOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// SlackOAuthExchangeFactor is a detail object of AuthenticationFactor.
type SlackOAuthExchangeFactor struct {
	EmailID string `json:"email_id"`
}

// SlackOAuthFactor is a detail object of AuthenticationFactor.
type SlackOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// SnapchatOAuthFactor is a detail object of AuthenticationFactor.
type SnapchatOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// SpotifyOAuthFactor is a detail object of AuthenticationFactor.
type SpotifyOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// SteamOAuthFactor is a detail object of AuthenticationFactor.
type SteamOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// TikTokOAuthFactor is a detail object of AuthenticationFactor.
type TikTokOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// TrustedAuthTokenFactor is a detail object of AuthenticationFactor.
type TrustedAuthTokenFactor struct {
	TokenID string `json:"token_id"`
}

// TwitchOAuthFactor is a detail object of AuthenticationFactor.
type TwitchOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// TwitterOAuthFactor is a detail object of AuthenticationFactor.
type TwitterOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}

// WebAuthnFactor is a detail object of AuthenticationFactor.
type WebAuthnFactor struct {
	WebauthnRegistrationID string `json:"webauthn_registration_id"`
	Domain                 string `json:"domain"`
	UserAgent              string `json:"user_agent,omitempty"`
}

// YahooOAuthFactor is a detail object of AuthenticationFactor.
type YahooOAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}
