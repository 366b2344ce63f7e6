package flows

import (
	"crypto/subtle"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SSOTokenTTL is how long an SSO token waits for sso.authenticate.
const SSOTokenTTL = 10 * time.Minute

// SSOIdentity is what an identity provider asserted about a user, after the
// SP checked the protocol message (SAML Response or OIDC ID token).
type SSOIdentity struct {
	ConnectionID string // the connection the login went through (the external one for external logins)
	ExternalID   string // SAML NameID or OIDC subject
	Email        string
	Name         string
	Groups       []string
	Attributes   map[string]any
}

// MintSSOToken stores a single-use SSO token for an identity and returns
// it, with whether the login will create a member (for the choice between
// the login and signup redirect URLs). Callers hold p.mu for writing.
func MintSSOToken(p *state.Project, now time.Time, id SSOIdentity, pkceChallenge string) (token string, signup bool) {
	p.PruneSSO(now)
	c := p.SSO.Conns[id.ConnectionID]
	token = ids.NewToken()
	p.SSO.Tokens[ids.HashToken(token)] = &state.SSOTokenRecord{
		TokenHash: ids.HashToken(token), ConnectionID: id.ConnectionID, OrgID: c.OrgID,
		Email: id.Email, Name: id.Name, ExternalID: id.ExternalID, Groups: slices.Clone(id.Groups),
		Attributes: state.DeepCopyJSON(id.Attributes), PKCEChallenge: pkceChallenge,
		CreatedAt: now, ExpiresAt: now.Add(SSOTokenTTL),
	}
	org := p.Orgs[c.OrgID]
	return token, org == nil || ssoMember(p, org, c.ID, id.ExternalID, id.Email) == nil
}

// ssoMember finds the member an SSO login is for: by registration at the
// connection first, then by email. Callers hold p.mu.
func ssoMember(p *state.Project, org *state.OrgRecord, connID, externalID, email string) *state.MemberRecord {
	for _, r := range p.MembersOf(org.Org.OrganizationID) {
		if r.Member.Status == organizations.StatusDeleted {
			continue
		}
		for _, reg := range r.Member.SSORegistrations {
			if reg.ConnectionID == connID && reg.ExternalID == externalID {
				return r
			}
		}
	}
	return ExistingMember(p, org, email)
}

// ssoJIT is the sso_jit_provisioning rule for a login through c.
func ssoJIT(org *state.OrgRecord, c *state.SSOConnection) *apierr.Error {
	switch org.Org.SSOJITProvisioning {
	case organizations.AllAllowed:
		return nil
	case organizations.Restricted:
		if slices.Contains(org.Org.SSOJITProvisioningAllowedConnections, c.ID) {
			return nil
		}
		return apierr.Forbidden("invalid_connection_for_jit_provisioning", "Connection %q is not one of the organization's sso_jit_provisioning_allowed_connections, so no member can be created through it.", c.ID)
	default:
		return apierr.Forbidden("invalid_connection_for_jit_provisioning", "Organization %q does not allow SSO just-in-time provisioning (sso_jit_provisioning is NOT_ALLOWED).", org.Org.OrganizationID)
	}
}

// checkSSOPKCE compares a PKCE verifier with the challenge the SSO login
// was started with.
func checkSSOPKCE(challenge, verifier string) *apierr.Error {
	switch {
	case challenge == "" && verifier == "":
		return nil
	case challenge == "":
		return apierr.BadRequest("pkce_did_not_expect_code_verifier", "The SSO login was started without a PKCE code challenge, so no code verifier may be passed.")
	case verifier == "":
		return apierr.BadRequest("pkce_expected_code_verifier", "The SSO login was started with a PKCE code challenge; pass its code verifier.")
	}
	if subtle.ConstantTimeCompare([]byte(pkceS256(verifier)), []byte(strings.TrimRight(challenge, "="))) != 1 {
		return apierr.BadRequest("pkce_mismatch", "The PKCE code verifier does not match the code challenge the SSO login was started with.")
	}
	return nil
}

// SSOAuthenticate consumes an SSO token and runs the login pipeline:
// member by registration, then email, else JIT per sso_jit_provisioning;
// the registration, name and asserted groups are stored; then MFA and the
// session as for every primary factor. The token is used only when the
// pipeline succeeds. Callers hold p.mu for writing and have checked a.
func SSOAuthenticate(p *state.Project, now time.Time, token, verifier string, a *LoginArgs, ist *state.ISTRecord) (*AuthResult, *apierr.Error) {
	t := p.SSO.Tokens[ids.HashToken(token)]
	if t == nil || t.Used || !now.Before(t.ExpiresAt) {
		return nil, apierr.NotFound("sso_token_not_found", "The SSO token could not be found: it is unknown, used or expired.")
	}
	if err := checkSSOPKCE(t.PKCEChallenge, verifier); err != nil {
		return nil, err
	}
	c := p.SSO.Conns[t.ConnectionID]
	org := p.Orgs[t.OrgID]
	if c == nil || org == nil {
		return nil, apierr.NotFound("sso_token_not_found", "The connection or organization of this SSO token no longer exists.")
	}
	if ist != nil && ist.OrgID != "" && ist.OrgID != org.Org.OrganizationID {
		return nil, apierr.BadRequest("invalid_intermediate_session_token_for_organization", "The intermediate session belongs to another organization; SSO logins are bound to their organization.")
	}
	r := ssoMember(p, org, c.ID, t.ExternalID, t.Email)
	email := t.Email
	if r != nil {
		email = r.Member.EmailAddress
	}
	regID := ""
	if r != nil {
		for _, reg := range r.Member.SSORegistrations {
			if reg.ConnectionID == c.ID {
				regID = reg.RegistrationID
			}
		}
	}
	proto := c // the SAML or OIDC connection behind an external one
	if src := p.SSO.Conns[c.ExternalConnID]; c.Kind == state.SSOKindExternal && src != nil {
		proto = src
	}
	if regID == "" {
		regID = ids.NewID(registrationKind(proto), p.Env)
	}
	factor := ssoFactor(proto.Kind, c.ID, regID, t.ExternalID)
	res, err := RunPrimary(p, &PrimaryLogin{
		Org: org, Email: email, Member: r,
		JIT:    func() *apierr.Error { return ssoJIT(org, c) },
		Method: "sso", ProvesEmail: true,
		Factor:       func(*state.MemberRecord) sessions.AuthenticationFactor { return factor },
		Prepare:      func(r *state.MemberRecord) *state.MemberRecord { return ssoRegister(p, r, c, t, regID, now) },
		SessionToken: a.SessionToken, SessionJWT: a.SessionJWT,
		IST: ist, ISTToken: a.IntermediateSessionToken, Args: a.SessionArgs, Now: now,
	})
	if err != nil {
		return nil, err
	}
	t.Used = true
	return res, nil
}

// registrationKind is the ID kind of a member's registration at c.
func registrationKind(c *state.SSOConnection) string {
	if c.Kind == state.SSOKindOIDC {
		return "oidc-member-registration"
	}
	return "saml-member-registration"
}

// ssoFactor is the session factor of an SSO login through the connection
// providerID, whose protocol (the source's, for an external connection)
// is kind.
func ssoFactor(kind, providerID, regID, externalID string) sessions.AuthenticationFactor {
	f := sessions.AuthenticationFactor{Type: "sso"}
	if kind == state.SSOKindOIDC {
		f.DeliveryMethod = "sso_oidc"
		f.OIDCSSOFactor = &sessions.OIDCSSOFactor{ID: regID, ProviderID: providerID, ExternalID: externalID}
	} else {
		f.DeliveryMethod = "sso_saml"
		f.SAMLSSOFactor = &sessions.SAMLSSOFactor{ID: regID, ProviderID: providerID, ExternalID: externalID}
	}
	return f
}

// ssoRegister returns a copy of r with its registration at c (created or
// refreshed with the asserted attributes), the asserted name when it had
// none, and records the asserted groups. Callers hold p.mu for writing.
func ssoRegister(p *state.Project, r *state.MemberRecord, c *state.SSOConnection, t *state.SSOTokenRecord, regID string, now time.Time) *state.MemberRecord {
	n := state.CloneRecord(r)
	reg := organizations.SSORegistration{ConnectionID: c.ID, ExternalID: t.ExternalID, RegistrationID: regID, SSOAttributes: state.DeepCopyJSON(t.Attributes)}
	if i := slices.IndexFunc(n.Member.SSORegistrations, func(s organizations.SSORegistration) bool { return s.ConnectionID == c.ID }); i >= 0 {
		n.Member.SSORegistrations[i] = reg
	} else {
		n.Member.SSORegistrations = append(n.Member.SSORegistrations, reg)
	}
	if n.Member.Name == "" && t.Name != "" {
		n.Member.Name = t.Name
	}
	ts := now
	n.Member.UpdatedAt = &ts
	byConn := p.SSO.Groups[n.Member.MemberID]
	if byConn == nil {
		byConn = map[string][]string{}
		p.SSO.Groups[n.Member.MemberID] = byConn
	}
	byConn[c.ID] = slices.Clone(t.Groups)
	return n
}
