package store

import (
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// ssoSectionV2 is the "sso" section: the project's public token, its SSO
// connections with their keys and certificates, and the logins in flight
// (token hashes, SP-initiated requests, consumed assertion IDs, the groups
// members last asserted).
type ssoSectionV2 struct {
	PublicToken    string                         `json:"public_token"`
	Connections    []ssoConnRecordV2              `json:"connections"`
	Tokens         []ssoTokenRecordV2             `json:"tokens"`
	Requests       []ssoRequestRecordV2           `json:"requests"`
	SeenAssertions map[string]time.Time           `json:"seen_assertions"`
	Groups         map[string]map[string][]string `json:"groups"`
	IdPCodes       []ssoIdPCodeRecordV2           `json:"idp_codes,omitempty"`
}

// ssoIdPCodeRecordV2 is an authorization code of the built-in OIDC
// provider, by hash.
type ssoIdPCodeRecordV2 struct {
	CodeHash      string            `json:"code_hash"`
	ConnectionID  string            `json:"connection_id"`
	RedirectURI   string            `json:"redirect_uri"`
	Nonce         string            `json:"nonce,omitempty"`
	CodeChallenge string            `json:"code_challenge,omitempty"`
	Scope         string            `json:"scope,omitempty"`
	Subject       string            `json:"subject"`
	Email         string            `json:"email"`
	Name          string            `json:"name,omitempty"`
	Groups        []string          `json:"groups,omitempty"`
	Attributes    map[string]string `json:"attributes,omitempty"`
	ExpiresAt     time.Time         `json:"expires_at"`
}

// ssoCertRecordV2 is a stored certificate.
type ssoCertRecordV2 struct {
	ID        string    `json:"id"`
	PEM       string    `json:"pem"`
	Issuer    string    `json:"issuer"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// ssoKeyRecordV2 is a stored private key.
type ssoKeyRecordV2 struct {
	ID        string    `json:"id"`
	PEM       string    `json:"pem"`
	CreatedAt time.Time `json:"created_at"`
}

// ssoGroupRoleRecordV2 is a group role assignment.
type ssoGroupRoleRecordV2 struct {
	RoleID string `json:"role_id"`
	Group  string `json:"group"`
}

// ssoBuiltinRecordV2 is the built-in IdP's side of a connection.
type ssoBuiltinRecordV2 struct {
	KeyPEM  string `json:"key_pem"`
	CertPEM string `json:"cert_pem"`
	KeyID   string `json:"key_id"`
}

// ssoConnRecordV2 is a stored SSO connection of any kind.
type ssoConnRecordV2 struct {
	ID                       string                 `json:"id"`
	OrgID                    string                 `json:"organization_id"`
	Kind                     string                 `json:"kind"`
	DisplayName              string                 `json:"display_name"`
	IdentityProvider         string                 `json:"identity_provider"`
	Seq                      uint64                 `json:"seq"`
	CreatedAt                time.Time              `json:"created_at"`
	BaseURL                  string                 `json:"base_url"`
	AttributeMapping         map[string]any         `json:"attribute_mapping,omitempty"`
	ConnRoles                []string               `json:"connection_roles,omitempty"`
	GroupRoles               []ssoGroupRoleRecordV2 `json:"group_roles,omitempty"`
	IdPEntityID              string                 `json:"idp_entity_id,omitempty"`
	IdPSSOURL                string                 `json:"idp_sso_url,omitempty"`
	AlternativeAudienceURI   string                 `json:"alternative_audience_uri,omitempty"`
	NameIDFormat             string                 `json:"nameid_format,omitempty"`
	AlternativeACSURL        string                 `json:"alternative_acs_url,omitempty"`
	IdPInitiatedAuthDisabled bool                   `json:"idp_initiated_auth_disabled,omitempty"`
	AllowGatewayCallback     bool                   `json:"allow_gateway_callback,omitempty"`
	VerificationCerts        []ssoCertRecordV2      `json:"verification_certificates,omitempty"`
	SigningKey               *ssoKeyRecordV2        `json:"signing_key,omitempty"`
	SigningCert              *ssoCertRecordV2       `json:"signing_certificate,omitempty"`
	EncryptionKeys           []ssoKeyRecordV2       `json:"encryption_keys,omitempty"`
	Issuer                   string                 `json:"issuer,omitempty"`
	ClientID                 string                 `json:"client_id,omitempty"`
	ClientSecret             string                 `json:"client_secret,omitempty"`
	AuthorizationURL         string                 `json:"authorization_url,omitempty"`
	TokenURL                 string                 `json:"token_url,omitempty"`
	UserinfoURL              string                 `json:"userinfo_url,omitempty"`
	JWKSURL                  string                 `json:"jwks_url,omitempty"`
	CustomScopes             string                 `json:"custom_scopes,omitempty"`
	ExternalOrgID            string                 `json:"external_organization_id,omitempty"`
	ExternalConnID           string                 `json:"external_connection_id,omitempty"`
	Builtin                  *ssoBuiltinRecordV2    `json:"builtin_idp,omitempty"`
}

// ssoTokenRecordV2 is an SSO token waiting for authenticate, by hash.
type ssoTokenRecordV2 struct {
	TokenHash     string         `json:"token_hash"`
	ConnectionID  string         `json:"connection_id"`
	OrgID         string         `json:"organization_id"`
	Email         string         `json:"email"`
	Name          string         `json:"name,omitempty"`
	ExternalID    string         `json:"external_id"`
	Groups        []string       `json:"groups,omitempty"`
	Attributes    map[string]any `json:"attributes,omitempty"`
	PKCEChallenge string         `json:"pkce_code_challenge,omitempty"`
	CreatedAt     time.Time      `json:"created_at"`
	ExpiresAt     time.Time      `json:"expires_at"`
	Used          bool           `json:"used,omitempty"`
}

// ssoRequestRecordV2 is an SP-initiated login in flight.
type ssoRequestRecordV2 struct {
	ID                string    `json:"id"`
	ConnectionID      string    `json:"connection_id"`
	LoginRedirectURL  string    `json:"login_redirect_url,omitempty"`
	SignupRedirectURL string    `json:"signup_redirect_url,omitempty"`
	PKCEChallenge     string    `json:"pkce_code_challenge,omitempty"`
	Nonce             string    `json:"nonce,omitempty"`
	CodeVerifier      string    `json:"code_verifier,omitempty"`
	ExpiresAt         time.Time `json:"expires_at"`
	LoginConnectionID string    `json:"login_connection_id,omitempty"`
}

func certRecord(c state.SSOCert) ssoCertRecordV2 {
	return ssoCertRecordV2{c.ID, c.PEM, c.Issuer, c.CreatedAt, c.ExpiresAt}
}

func (r ssoCertRecordV2) cert() state.SSOCert {
	return state.SSOCert{ID: r.ID, PEM: r.PEM, Issuer: r.Issuer, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt}
}

// saveSSO renders the sso section. Callers hold p.mu.
func saveSSO(p *state.Project, _ SnapshotOptions) (any, error) {
	s := p.SSO
	out := ssoSectionV2{PublicToken: s.PublicToken, Connections: []ssoConnRecordV2{}, Tokens: []ssoTokenRecordV2{}, Requests: []ssoRequestRecordV2{},
		SeenAssertions: map[string]time.Time{}, Groups: map[string]map[string][]string{}}
	for _, c := range s.Conns {
		rec := ssoConnRecordV2{
			ID: c.ID, OrgID: c.OrgID, Kind: c.Kind, DisplayName: c.DisplayName, IdentityProvider: c.IdentityProvider, Seq: c.Seq,
			CreatedAt: c.CreatedAt, BaseURL: c.BaseURL, AttributeMapping: state.DeepCopyJSON(c.AttributeMapping), ConnRoles: slices.Clone(c.ConnRoles),
			IdPEntityID: c.IdPEntityID, IdPSSOURL: c.IdPSSOURL, AlternativeAudienceURI: c.AlternativeAudienceURI, NameIDFormat: c.NameIDFormat,
			AlternativeACSURL: c.AlternativeACSURL, IdPInitiatedAuthDisabled: c.IdPInitiatedAuthDisabled, AllowGatewayCallback: c.AllowGatewayCallback,
			Issuer: c.Issuer, ClientID: c.ClientID, ClientSecret: c.ClientSecret, AuthorizationURL: c.AuthorizationURL, TokenURL: c.TokenURL,
			UserinfoURL: c.UserinfoURL, JWKSURL: c.JWKSURL, CustomScopes: c.CustomScopes, ExternalOrgID: c.ExternalOrgID, ExternalConnID: c.ExternalConnID,
		}
		for _, g := range c.GroupRoles {
			rec.GroupRoles = append(rec.GroupRoles, ssoGroupRoleRecordV2{g.RoleID, g.Group})
		}
		for _, v := range c.VerificationCerts {
			rec.VerificationCerts = append(rec.VerificationCerts, certRecord(v))
		}
		if c.SigningKey.PEM != "" {
			rec.SigningKey = &ssoKeyRecordV2{c.SigningKey.ID, c.SigningKey.PEM, c.SigningKey.CreatedAt}
			sc := certRecord(c.SigningCert)
			rec.SigningCert = &sc
		}
		for _, k := range c.EncryptionKeys {
			rec.EncryptionKeys = append(rec.EncryptionKeys, ssoKeyRecordV2{k.ID, k.PEM, k.CreatedAt})
		}
		if b := c.Builtin; b != nil {
			rec.Builtin = &ssoBuiltinRecordV2{b.KeyPEM, b.CertPEM, b.KeyID}
		}
		out.Connections = append(out.Connections, rec)
	}
	sort.Slice(out.Connections, func(i, j int) bool { return out.Connections[i].Seq < out.Connections[j].Seq })
	for h, t := range s.Tokens {
		out.Tokens = append(out.Tokens, ssoTokenRecordV2{h, t.ConnectionID, t.OrgID, t.Email, t.Name, t.ExternalID, slices.Clone(t.Groups),
			state.DeepCopyJSON(t.Attributes), t.PKCEChallenge, t.CreatedAt, t.ExpiresAt, t.Used})
	}
	slices.SortFunc(out.Tokens, func(a, b ssoTokenRecordV2) int { return strings.Compare(a.TokenHash, b.TokenHash) })
	for _, r := range s.Requests {
		out.Requests = append(out.Requests, ssoRequestRecordV2{r.ID, r.ConnectionID, r.LoginRedirectURL, r.SignupRedirectURL, r.PKCEChallenge, r.Nonce, r.CodeVerifier, r.ExpiresAt, r.LoginConnectionID})
	}
	slices.SortFunc(out.Requests, func(a, b ssoRequestRecordV2) int { return strings.Compare(a.ID, b.ID) })
	for k, v := range s.SeenAssertions {
		out.SeenAssertions[k] = v
	}
	for _, c := range s.IdPCodes {
		out.IdPCodes = append(out.IdPCodes, ssoIdPCodeRecordV2{c.CodeHash, c.ConnectionID, c.RedirectURI, c.Nonce, c.CodeChallenge, c.Scope,
			c.Subject, c.Email, c.Name, slices.Clone(c.Groups), maps.Clone(c.Attributes), c.ExpiresAt})
	}
	slices.SortFunc(out.IdPCodes, func(a, b ssoIdPCodeRecordV2) int { return strings.Compare(a.CodeHash, b.CodeHash) })
	for m, byConn := range s.Groups {
		cp := map[string][]string{}
		for c, gs := range byConn {
			cp[c] = slices.Clone(gs)
		}
		out.Groups[m] = cp
	}
	return out, nil
}

// loadSSO validates the sso section and rebuilds the SSO state. It runs
// after the organizations, whose connections it must name.
func loadSSO(dst *state.Project, raw json.RawMessage) error {
	var snap ssoSectionV2
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("sso", "%v", err)
	}
	if !strings.HasPrefix(snap.PublicToken, "public-token-"+dst.Env+"-") {
		return SnapErr("sso.public_token", "must start with %q", "public-token-"+dst.Env+"-")
	}
	s := &state.SSOState{PublicToken: snap.PublicToken}
	s.Init()
	for i, r := range snap.Connections {
		at := "sso.connections[" + itoa(i) + "]"
		switch {
		case r.ID == "" || s.Conns[r.ID] != nil:
			return SnapErr(at+".id", "is missing or listed twice")
		case dst.Orgs[r.OrgID] == nil:
			return SnapErr(at+".organization_id", "names no organization")
		case r.Kind != state.SSOKindSAML && r.Kind != state.SSOKindOIDC && r.Kind != state.SSOKindExternal:
			return SnapErr(at+".kind", "must be saml, oidc or external")
		case r.Seq == 0:
			return SnapErr(at+".seq", "must be positive")
		case r.Kind == state.SSOKindSAML && (r.SigningKey == nil || r.SigningCert == nil):
			return SnapErr(at, "a SAML connection needs its signing key and certificate")
		}
		c := &state.SSOConnection{
			ID: r.ID, OrgID: r.OrgID, Kind: r.Kind, DisplayName: r.DisplayName, IdentityProvider: r.IdentityProvider, Seq: r.Seq,
			CreatedAt: r.CreatedAt, BaseURL: r.BaseURL, AttributeMapping: state.DeepCopyJSON(r.AttributeMapping), ConnRoles: slices.Clone(r.ConnRoles),
			IdPEntityID: r.IdPEntityID, IdPSSOURL: r.IdPSSOURL, AlternativeAudienceURI: r.AlternativeAudienceURI, NameIDFormat: r.NameIDFormat,
			AlternativeACSURL: r.AlternativeACSURL, IdPInitiatedAuthDisabled: r.IdPInitiatedAuthDisabled, AllowGatewayCallback: r.AllowGatewayCallback,
			Issuer: r.Issuer, ClientID: r.ClientID, ClientSecret: r.ClientSecret, AuthorizationURL: r.AuthorizationURL, TokenURL: r.TokenURL,
			UserinfoURL: r.UserinfoURL, JWKSURL: r.JWKSURL, CustomScopes: r.CustomScopes, ExternalOrgID: r.ExternalOrgID, ExternalConnID: r.ExternalConnID,
		}
		if c.AttributeMapping == nil {
			c.AttributeMapping = map[string]any{}
		}
		for _, g := range r.GroupRoles {
			c.GroupRoles = append(c.GroupRoles, state.SSOGroupRole{RoleID: g.RoleID, Group: g.Group})
		}
		for _, v := range r.VerificationCerts {
			c.VerificationCerts = append(c.VerificationCerts, v.cert())
		}
		if r.SigningKey != nil {
			c.SigningKey = state.SSOKey{ID: r.SigningKey.ID, PEM: r.SigningKey.PEM, CreatedAt: r.SigningKey.CreatedAt}
			c.SigningCert = r.SigningCert.cert()
		}
		for _, k := range r.EncryptionKeys {
			c.EncryptionKeys = append(c.EncryptionKeys, state.SSOKey{ID: k.ID, PEM: k.PEM, CreatedAt: k.CreatedAt})
		}
		if b := r.Builtin; b != nil {
			c.Builtin = &state.SSOBuiltinIdP{KeyPEM: b.KeyPEM, CertPEM: b.CertPEM, KeyID: b.KeyID}
		}
		s.Conns[c.ID] = c
		dst.Seq = max(dst.Seq, c.Seq)
	}
	for i, t := range snap.Tokens {
		at := "sso.tokens[" + itoa(i) + "]"
		if !validHash(t.TokenHash) || s.Tokens[t.TokenHash] != nil {
			return SnapErr(at+".token_hash", "must be a hex SHA-256 hash, listed once")
		}
		if s.Conns[t.ConnectionID] == nil {
			return SnapErr(at+".connection_id", "names no connection")
		}
		s.Tokens[t.TokenHash] = &state.SSOTokenRecord{TokenHash: t.TokenHash, ConnectionID: t.ConnectionID, OrgID: t.OrgID, Email: t.Email, Name: t.Name,
			ExternalID: t.ExternalID, Groups: slices.Clone(t.Groups), Attributes: state.DeepCopyJSON(t.Attributes), PKCEChallenge: t.PKCEChallenge,
			CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, Used: t.Used}
	}
	for i, r := range snap.Requests {
		if r.ID == "" || s.Conns[r.ConnectionID] == nil {
			return SnapErr("sso.requests["+itoa(i)+"]", "needs an id and an existing connection_id")
		}
		s.Requests[r.ID] = &state.SSORequest{ID: r.ID, ConnectionID: r.ConnectionID, LoginRedirectURL: r.LoginRedirectURL, SignupRedirectURL: r.SignupRedirectURL,
			PKCEChallenge: r.PKCEChallenge, Nonce: r.Nonce, CodeVerifier: r.CodeVerifier, ExpiresAt: r.ExpiresAt, LoginConnectionID: r.LoginConnectionID}
		if r.LoginConnectionID != "" && s.Conns[r.LoginConnectionID] == nil {
			return SnapErr("sso.requests["+itoa(i)+"].login_connection_id", "names no connection")
		}
	}
	for i, c := range snap.IdPCodes {
		at := "sso.idp_codes[" + itoa(i) + "]"
		if !validHash(c.CodeHash) || s.IdPCodes[c.CodeHash] != nil {
			return SnapErr(at+".code_hash", "must be a hex SHA-256 hash, listed once")
		}
		if s.Conns[c.ConnectionID] == nil {
			return SnapErr(at+".connection_id", "names no connection")
		}
		s.IdPCodes[c.CodeHash] = &state.SSOIdPCode{CodeHash: c.CodeHash, ConnectionID: c.ConnectionID, RedirectURI: c.RedirectURI, Nonce: c.Nonce,
			CodeChallenge: c.CodeChallenge, Scope: c.Scope, Subject: c.Subject, Email: c.Email, Name: c.Name, Groups: slices.Clone(c.Groups),
			Attributes: maps.Clone(c.Attributes), ExpiresAt: c.ExpiresAt}
	}
	for k, v := range snap.SeenAssertions {
		s.SeenAssertions[k] = v
	}
	for m, byConn := range snap.Groups {
		cp := map[string][]string{}
		for c, gs := range byConn {
			cp[c] = slices.Clone(gs)
		}
		s.Groups[m] = cp
	}
	dst.SSO = s
	return nil
}
