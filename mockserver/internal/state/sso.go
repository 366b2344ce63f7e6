package state

import (
	"slices"
	"sort"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// SSO connection kinds.
const (
	SSOKindSAML     = "saml"
	SSOKindOIDC     = "oidc"
	SSOKindExternal = "external"
)

// SSOState holds a project's public token, its SSO connections and the
// state of SSO logins in flight: SSO tokens (by hash), SP-initiated
// requests and the assertion IDs already consumed.
type SSOState struct {
	// PublicToken authenticates the browser-facing routes
	// (GET /v1/public/sso/start).
	PublicToken string
	Conns       map[string]*SSOConnection // by connection_id
	Tokens      map[string]*SSOTokenRecord
	Requests    map[string]*SSORequest // by request ID (SAML) or state (OIDC)
	// SeenAssertions maps consumed SAML assertion and response IDs to the
	// time after which they could not be accepted anyway.
	SeenAssertions map[string]time.Time
	// Groups are the groups each member's last login through each
	// connection asserted: member_id -> connection_id -> groups.
	Groups map[string]map[string][]string
	// IdPCodes are the authorization codes the built-in OIDC provider
	// issued and the relying party has not redeemed yet, by hash.
	IdPCodes map[string]*SSOIdPCode
}

// NewSSOState returns the SSO state of a new project, with a fresh public
// token.
func NewSSOState(env string) *SSOState {
	s := &SSOState{PublicToken: ids.NewID("public-token", env)}
	s.Init()
	return s
}

// Init creates the maps of a state restored without them.
func (s *SSOState) Init() {
	if s.Conns == nil {
		s.Conns = map[string]*SSOConnection{}
	}
	if s.Tokens == nil {
		s.Tokens = map[string]*SSOTokenRecord{}
	}
	if s.Requests == nil {
		s.Requests = map[string]*SSORequest{}
	}
	if s.SeenAssertions == nil {
		s.SeenAssertions = map[string]time.Time{}
	}
	if s.Groups == nil {
		s.Groups = map[string]map[string][]string{}
	}
	if s.IdPCodes == nil {
		s.IdPCodes = map[string]*SSOIdPCode{}
	}
}

// SSOCert is an X.509 certificate of a SAML connection.
type SSOCert struct {
	ID        string
	PEM       string
	Issuer    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SSOKey is a private key of a SAML connection (the SP's signing key or an
// encryption key), PEM-encoded.
type SSOKey struct {
	ID        string
	PEM       string
	CreatedAt time.Time
}

// SSOGroupRole grants RoleID to members of Group.
type SSOGroupRole struct {
	RoleID string
	Group  string
}

// SSOConnection is a SAML, OIDC or external connection as the mock stores
// it. Fields of the other kinds stay empty.
type SSOConnection struct {
	ID               string
	OrgID            string
	Kind             string
	DisplayName      string
	IdentityProvider string
	Seq              uint64
	CreatedAt        time.Time
	// BaseURL is the mock's URL as the create request reached it; the SP
	// URLs (entity ID, ACS, OIDC redirect) are built on it.
	BaseURL          string
	AttributeMapping map[string]any
	ConnRoles        []string
	GroupRoles       []SSOGroupRole

	// SAML.
	IdPEntityID              string
	IdPSSOURL                string
	AlternativeAudienceURI   string
	NameIDFormat             string
	AlternativeACSURL        string
	IdPInitiatedAuthDisabled bool
	AllowGatewayCallback     bool
	VerificationCerts        []SSOCert
	SigningKey               SSOKey  // the SP's signing key
	SigningCert              SSOCert // and its certificate
	EncryptionKeys           []SSOKey

	// OIDC.
	Issuer, ClientID, ClientSecret          string
	AuthorizationURL, TokenURL, UserinfoURL string
	JWKSURL, CustomScopes                   string

	// External.
	ExternalOrgID, ExternalConnID string

	// Builtin is set when the connection points at the project's built-in
	// identity provider; it holds the IdP's own key and certificate.
	Builtin *SSOBuiltinIdP
}

// SSOBuiltinIdP is the built-in identity provider's side of a connection.
type SSOBuiltinIdP struct {
	KeyPEM  string // RSA key the IdP signs SAML responses and ID tokens with
	CertPEM string // its self-signed certificate
	KeyID   string
}

// Active reports whether members can log in through the connection.
func (c *SSOConnection) Active() bool {
	switch c.Kind {
	case SSOKindExternal:
		return true
	case SSOKindOIDC:
		return c.Issuer != "" && c.ClientID != "" && c.ClientSecret != "" && c.AuthorizationURL != "" &&
			c.TokenURL != "" && c.UserinfoURL != "" && c.JWKSURL != ""
	default:
		m := c.AttributeMapping
		str := func(k string) bool { s, _ := m[k].(string); return s != "" }
		return c.IdPEntityID != "" && c.IdPSSOURL != "" && len(c.VerificationCerts) > 0 &&
			str("email") && (str("full_name") || str("first_name") && str("last_name"))
	}
}

// Status is the connection's API status.
func (c *SSOConnection) Status() string {
	if c.Active() {
		return "active"
	}
	return "pending"
}

// CloneSSOConnection deep-copies a connection, so that a change can be
// validated on a copy and applied whole.
func CloneSSOConnection(c *SSOConnection) *SSOConnection {
	n := *c
	n.AttributeMapping = DeepCopyJSON(c.AttributeMapping)
	n.ConnRoles = slices.Clone(c.ConnRoles)
	n.GroupRoles = slices.Clone(c.GroupRoles)
	n.VerificationCerts = slices.Clone(c.VerificationCerts)
	n.EncryptionKeys = slices.Clone(c.EncryptionKeys)
	if c.Builtin != nil {
		b := *c.Builtin
		n.Builtin = &b
	}
	return &n
}

// SSOTokenRecord is an SSO token waiting for sso.authenticate. Only its
// hash is kept.
type SSOTokenRecord struct {
	TokenHash     string
	ConnectionID  string // the connection the member logged in through
	OrgID         string
	Email         string
	Name          string
	ExternalID    string // the IdP's subject (SAML NameID, OIDC sub)
	Groups        []string
	Attributes    map[string]any
	PKCEChallenge string
	CreatedAt     time.Time
	ExpiresAt     time.Time
	Used          bool
}

// SSORequest is a login the SP started: a SAML AuthnRequest (ID) or an
// OIDC authorization request (state, nonce, PKCE verifier).
type SSORequest struct {
	ID           string
	ConnectionID string // the SAML or OIDC connection that speaks to the IdP
	// LoginConnectionID is the connection the member logs in through when
	// it differs from ConnectionID (an external connection).
	LoginConnectionID string
	LoginRedirectURL  string
	SignupRedirectURL string
	PKCEChallenge     string // the application's challenge for sso.authenticate
	Nonce             string
	CodeVerifier      string // the SP's own PKCE verifier towards the IdP
	ExpiresAt         time.Time
}

// SSOConnectionsOf returns an organization's connections of kind ("" for
// all) in creation order. Callers hold p.mu.
func (p *Project) SSOConnectionsOf(orgID, kind string) []*SSOConnection {
	var out []*SSOConnection
	for _, c := range p.SSO.Conns {
		if c.OrgID == orgID && (kind == "" || c.Kind == kind) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// PutSSOConnection stores c and refreshes its organization's
// sso_active_connections. Callers hold p.mu for writing.
func (p *Project) PutSSOConnection(c *SSOConnection) {
	p.SSO.Conns[c.ID] = c
	p.SyncSSOActive(c.OrgID)
}

// SyncSSOActive recomputes an organization's sso_active_connections from
// its connections. Callers hold p.mu for writing.
func (p *Project) SyncSSOActive(orgID string) {
	org := p.Orgs[orgID]
	if org == nil {
		return
	}
	active := []organizations.ActiveSSOConnection{}
	for _, c := range p.SSOConnectionsOf(orgID, "") {
		if c.Active() {
			active = append(active, organizations.ActiveSSOConnection{ConnectionID: c.ID, DisplayName: c.DisplayName, IdentityProvider: c.IdentityProvider})
		}
	}
	org.Org.SSOActiveConnections = active
	p.MarkOrg(orgID)
}

// RemoveSSOConnection deletes a connection and every reference to it: the
// organization's allowed JIT connections and active list, SSO tokens and
// requests in flight, and the groups members asserted through it. Members
// keep their sso_registrations. Callers hold p.mu for writing.
func (p *Project) RemoveSSOConnection(id string) {
	c := p.SSO.Conns[id]
	if c == nil {
		return
	}
	delete(p.SSO.Conns, id)
	for _, ext := range p.SSO.Conns {
		if ext.Kind == SSOKindExternal && ext.ExternalConnID == id {
			defer p.RemoveSSOConnection(ext.ID)
		}
	}
	if org := p.Orgs[c.OrgID]; org != nil {
		p.MarkOrg(c.OrgID)
		org.Org.SSOJITProvisioningAllowedConnections = slices.DeleteFunc(org.Org.SSOJITProvisioningAllowedConnections, func(s string) bool { return s == id })
	}
	p.SyncSSOActive(c.OrgID)
	for h, t := range p.SSO.Tokens {
		if t.ConnectionID == id {
			delete(p.SSO.Tokens, h)
		}
	}
	for k, r := range p.SSO.Requests {
		if r.ConnectionID == id {
			delete(p.SSO.Requests, k)
		}
	}
	for _, byConn := range p.SSO.Groups {
		delete(byConn, id)
	}
	for h, code := range p.SSO.IdPCodes {
		if code.ConnectionID == id {
			delete(p.SSO.IdPCodes, h)
		}
	}
}

// RemoveOrgSSO deletes every connection of an organization. Callers hold
// p.mu for writing.
func (p *Project) RemoveOrgSSO(orgID string) {
	for _, c := range p.SSOConnectionsOf(orgID, "") {
		p.RemoveSSOConnection(c.ID)
	}
}

// PruneSSO drops expired tokens, requests and replay records. Callers hold
// p.mu for writing.
func (p *Project) PruneSSO(now time.Time) {
	for h, t := range p.SSO.Tokens {
		if !now.Before(t.ExpiresAt) {
			delete(p.SSO.Tokens, h)
		}
	}
	for k, r := range p.SSO.Requests {
		if !now.Before(r.ExpiresAt) {
			delete(p.SSO.Requests, k)
		}
	}
	for h, code := range p.SSO.IdPCodes {
		if !now.Before(code.ExpiresAt) {
			delete(p.SSO.IdPCodes, h)
		}
	}
	for k, exp := range p.SSO.SeenAssertions {
		if now.After(exp) {
			delete(p.SSO.SeenAssertions, k)
		}
	}
}

// ssoRoleSources adds the roles a member holds through SSO connections of
// its organization: connection roles when the member has a registration
// at the connection, group roles when its last login there asserted the
// group. External connections grant theirs with "external_connection"
// sources. Callers hold p.mu.
func (p *Project) ssoRoleSources(r *MemberRecord, sources map[string][]organizations.MemberRoleSource) {
	if p.SSO == nil || len(r.Member.SSORegistrations) == 0 {
		return
	}
	for _, reg := range r.Member.SSORegistrations {
		c := p.SSO.Conns[reg.ConnectionID]
		if c == nil || c.OrgID != r.Member.OrganizationID {
			continue
		}
		connType, groupType := "sso_connection", "sso_connection_group"
		if c.Kind == SSOKindExternal {
			connType, groupType = "external_connection", "external_connection_group"
		}
		for _, role := range c.ConnRoles {
			sources[role] = append(sources[role], organizations.MemberRoleSource{Type: connType, Details: map[string]any{"connection_id": c.ID}})
		}
		groups := p.SSO.Groups[r.Member.MemberID][c.ID]
		for _, g := range c.GroupRoles {
			if slices.Contains(groups, g.Group) {
				sources[g.RoleID] = append(sources[g.RoleID], organizations.MemberRoleSource{Type: groupType, Details: map[string]any{"connection_id": c.ID, "group": g.Group}})
			}
		}
	}
}
