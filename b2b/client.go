// Package b2b is the client for Stytch's B2B authentication API:
// organizations and their members, and every way members sign in.
//
//	client, err := b2b.NewClient(projectID, secret)
//	org, err := client.Organizations.Create(ctx, &organizations.CreateParams{
//		OrganizationName: "Acme", OrganizationSlug: "acme",
//	})
//
// The fields of Client mirror the API reference: client.Organizations.Get is
// GET /v1/b2b/organizations/{organization_id}.
package b2b

import (
	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/idp"
	"github.com/stytchkit/stytch-go/b2b/impersonation"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/oauth"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/otps"
	"github.com/stytchkit/stytch-go/b2b/passwords"
	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/b2b/recoverycodes"
	"github.com/stytchkit/stytch-go/b2b/scim"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/b2b/totps"
	"github.com/stytchkit/stytch-go/config"
	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client is the B2B API client. Create one per project with NewClient and
// share it: it is safe for concurrent use.
type Client struct {
	// Organizations manages organizations; Organizations.Members manages
	// their members.
	Organizations *organizations.Client
	// Sessions authenticates, lists and revokes member sessions, and
	// validates session JWTs locally.
	Sessions *sessions.Client
	// RBAC reads the project's RBAC policy and manages organization
	// policies.
	RBAC *rbac.Client
	// MagicLinks sends and authenticates email magic links (MagicLinks.Email,
	// MagicLinks.Discovery).
	MagicLinks *magiclinks.Client
	// Passwords authenticates, checks, migrates and resets passwords
	// (Passwords.Email, Passwords.ExistingPassword, Passwords.Sessions,
	// Passwords.Discovery).
	Passwords *passwords.Client
	// Discovery lists and creates organizations for a discovered email
	// address and exchanges intermediate sessions.
	Discovery *discovery.Client
	// OTPs sends and authenticates one-time codes: OTPs.SMS (MFA),
	// OTPs.Email (login) and OTPs.Email.Discovery.
	OTPs *otps.Client
	// TOTPs registers and authenticates authenticator apps (MFA).
	TOTPs *totps.Client
	// RecoveryCodes uses, lists and rotates TOTP recovery codes.
	RecoveryCodes *recoverycodes.Client
	// M2M manages machine-to-machine clients, issues their access tokens
	// and validates those tokens locally (M2M.AuthenticateToken).
	M2M *m2m.Client
	// SSO manages SAML, OIDC and external SSO connections (SSO.SAML,
	// SSO.OIDC, SSO.External) and authenticates SSO logins.
	SSO *sso.Client
	// OAuth authenticates logins through Google, Microsoft, GitHub, HubSpot
	// and Slack (OAuth.Discovery for discovery logins).
	OAuth *oauth.Client
	// Impersonation authenticates impersonation tokens.
	Impersonation *impersonation.Client
	// IDP is Stytch as an OAuth 2.0 / OIDC provider for connected apps:
	// IDP.OAuth authorizes, IDP.IntrospectTokenNetwork and
	// IDP.IntrospectTokenLocal check access tokens.
	IDP *idp.Client
	// SCIM manages an organization's SCIM connection (SCIM.Connection).
	SCIM *scim.Client

	core *stytchapi.Client
}

// NewClient returns a client for the project. It does no network I/O; a
// missing project ID or secret is reported here. The environment follows
// from the project ID ("project-live-..." is LIVE) unless
// stytchapi.WithBaseURL points the client elsewhere, such as at stytch-mock.
func NewClient(projectID, secret string, opts ...stytchapi.Option) (*Client, error) {
	core, err := stytchapi.NewClient(projectID, secret, opts...)
	if err != nil {
		return nil, err
	}
	return newClient(core), nil
}

// NewClientFromEnv returns a client configured from STYTCH_PROJECT_ID,
// STYTCH_SECRET and STYTCH_BASE_URL.
func NewClientFromEnv(opts ...stytchapi.Option) (*Client, error) {
	cfg, err := config.FromEnv()
	if err != nil {
		return nil, err
	}
	core, err := stytchapi.NewClientFromConfig(cfg, opts...)
	if err != nil {
		return nil, err
	}
	return newClient(core), nil
}

func newClient(core *stytchapi.Client) *Client {
	r := rbac.NewClient(core)
	return &Client{
		core:          core,
		Organizations: organizations.NewClient(core),
		RBAC:          r,
		Sessions:      sessions.NewClient(core, r),
		MagicLinks:    magiclinks.NewClient(core),
		Passwords:     passwords.NewClient(core),
		Discovery:     discovery.NewClient(core),
		OTPs:          otps.NewClient(core),
		TOTPs:         totps.NewClient(core),
		RecoveryCodes: recoverycodes.NewClient(core),
		M2M:           m2m.NewB2BClient(core),
		SSO:           sso.NewClient(core),
		OAuth:         oauth.NewClient(core),
		Impersonation: impersonation.NewClient(core),
		IDP:           idp.NewClient(core),
		SCIM:          scim.NewClient(core),
	}
}

// Core returns the shared client core, for calling an endpoint this SDK does
// not wrap yet with stytchapi.Do.
func (c *Client) Core() *stytchapi.Client { return c.core }
