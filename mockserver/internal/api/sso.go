package api

import (
	"time"

	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SSO connection management (auth-flows §9). Every call may run as a
// member (stytch.sso create/get/update/delete).

// ssoAuthz checks the member-session headers for action on stytch.sso.
func ssoAuthz(rc *httpkit.Call, p *state.Project, org *state.OrgRecord, action string) error {
	if err := flows.AuthorizeHeader(p, rc.Actor(), org.Org.OrganizationID, "", flows.ActionCheck{Resource: "stytch.sso", Action: action}); err != nil {
		return err
	}
	return nil
}

// samlConnResponse answers SAML create, update and update-by-URL.
type samlConnResponse struct {
	httpkit.Ack
	Connection *sso.SAMLConnection `json:"connection"`
}

// oidcConnResponse answers OIDC create and update.
type oidcConnResponse struct {
	httpkit.Ack
	Connection *sso.OIDCConnection `json:"connection"`
	Warning    string              `json:"warning,omitempty"`
}

// externalConnResponse answers external create and update.
type externalConnResponse struct {
	httpkit.Ack
	Connection *sso.Connection `json:"connection"`
}

func samlAnswer(c *state.SSOConnection) *samlConnResponse {
	v := flows.SAMLView(c)
	return &samlConnResponse{Connection: &v}
}

func oidcAnswer(c *state.SSOConnection) *oidcConnResponse {
	v := flows.OIDCView(c)
	return &oidcConnResponse{Connection: &v}
}

func externalAnswer(c *state.SSOConnection) *externalConnResponse {
	v := flows.ExternalView(c)
	return &externalConnResponse{Connection: &v}
}

func handleSSOGetConnections(rc *httpkit.Call) (any, error) {
	return rc.ReadOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if err := ssoAuthz(rc, p, org, "get"); err != nil {
			return nil, err
		}
		out := &sso.GetConnectionsResponse{SAMLConnections: []sso.SAMLConnection{}, OIDCConnections: []sso.OIDCConnection{}, ExternalConnections: []sso.Connection{}}
		for _, c := range p.SSOConnectionsOf(org.Org.OrganizationID, "") {
			switch c.Kind {
			case state.SSOKindSAML:
				out.SAMLConnections = append(out.SAMLConnections, flows.SAMLView(c))
			case state.SSOKindOIDC:
				out.OIDCConnections = append(out.OIDCConnections, flows.OIDCView(c))
			default:
				out.ExternalConnections = append(out.ExternalConnections, flows.ExternalView(c))
			}
		}
		return out, nil
	})
}

func handleSSODeleteConnection(rc *httpkit.Call) (any, error) {
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if err := ssoAuthz(rc, p, org, "delete"); err != nil {
			return nil, err
		}
		if err := flows.DeleteConnection(p, org, rc.Param("connection_id")); err != nil {
			return nil, err
		}
		return &sso.DeleteConnectionResponse{ConnectionID: rc.Param("connection_id")}, nil
	})
}

func handleSAMLCreate(rc *httpkit.Call) (any, error) {
	return createConnection(rc, flows.CreateSAMLConnection, func(c *state.SSOConnection) any { return samlAnswer(c) })
}

// createConnection is the create endpoint of one kind of SSO connection:
// create makes the connection, answer renders it.
func createConnection(rc *httpkit.Call,
	create func(*state.Project, *state.OrgRecord, string, *flows.SSOCreateFields, time.Time) (*state.SSOConnection, *apierr.Error),
	answer func(*state.SSOConnection) any) (any, error) {
	var b flows.SSOCreateFields
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if err := ssoAuthz(rc, p, org, "create"); err != nil {
			return nil, err
		}
		c, err := create(p, org, requestBaseURL(rc), &b, rc.Now)
		if err != nil {
			return nil, err
		}
		return answer(c), nil
	})
}

// withSAMLConn runs fn under the write lock with the SAML connection the
// path names, after the stytch.sso update check.
func withSAMLConn(rc *httpkit.Call, action string, fn func(p *state.Project, org *state.OrgRecord, c *state.SSOConnection) (any, error)) (any, error) {
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if err := ssoAuthz(rc, p, org, action); err != nil {
			return nil, err
		}
		c, err := flows.FindConn(p, org, rc.Param("connection_id"), "saml_connection_not_found", state.SSOKindSAML)
		if err != nil {
			return nil, err
		}
		return fn(p, org, c)
	})
}

func handleSAMLUpdate(rc *httpkit.Call) (any, error) {
	var b flows.SAMLUpdateFields
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return withSAMLConn(rc, "update", func(p *state.Project, org *state.OrgRecord, c *state.SSOConnection) (any, error) {
		n, err := flows.UpdateSAMLConnection(p, org, c, &b, rc.Now)
		if err != nil {
			return nil, err
		}
		return samlAnswer(n), nil
	})
}

func handleSAMLUpdateByURL(rc *httpkit.Call) (any, error) {
	var b struct {
		MetadataURL string `json:"metadata_url"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	// Check the connection before going out, then fetch without the lock.
	if _, err := withSAMLConn(rc, "update", func(*state.Project, *state.OrgRecord, *state.SSOConnection) (any, error) { return nil, nil }); err != nil {
		return nil, err
	}
	doc, err := fetchMetadata(WithOutbound(rc.Request.Context(), rc.Outbound), b.MetadataURL)
	if err != nil {
		return nil, err
	}
	f, aerr := flows.MetadataFields(doc) // *apierr.Error: not assigned to err, which would hold a typed nil
	if aerr != nil {
		return nil, aerr
	}
	return withSAMLConn(rc, "update", func(p *state.Project, org *state.OrgRecord, c *state.SSOConnection) (any, error) {
		n, err := flows.UpdateSAMLConnection(p, org, c, f, rc.Now)
		if err != nil {
			return nil, err
		}
		return samlAnswer(n), nil
	})
}

func handleSAMLDeleteCert(rc *httpkit.Call) (any, error) {
	return withSAMLConn(rc, "update", func(p *state.Project, _ *state.OrgRecord, c *state.SSOConnection) (any, error) {
		if err := flows.DeleteVerificationCert(p, c, rc.Param("certificate_id")); err != nil {
			return nil, err
		}
		return &sso.SAMLDeleteVerificationCertificateResponse{CertificateID: rc.Param("certificate_id")}, nil
	})
}

func handleSAMLDeleteKey(rc *httpkit.Call) (any, error) {
	return withSAMLConn(rc, "update", func(p *state.Project, _ *state.OrgRecord, c *state.SSOConnection) (any, error) {
		if err := flows.DeleteEncryptionKey(p, c, rc.Param("private_key_id")); err != nil {
			return nil, err
		}
		return &sso.SAMLDeleteEncryptionPrivateKeyResponse{PrivateKeyID: rc.Param("private_key_id")}, nil
	})
}

func handleOIDCCreate(rc *httpkit.Call) (any, error) {
	return createConnection(rc, flows.CreateOIDCConnection, func(c *state.SSOConnection) any { return oidcAnswer(c) })
}

func handleOIDCUpdate(rc *httpkit.Call) (any, error) {
	var b flows.OIDCUpdateFields
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if err := ssoAuthz(rc, p, org, "update"); err != nil {
			return nil, err
		}
		c, err := flows.FindConn(p, org, rc.Param("connection_id"), "oidc_connection_not_found", state.SSOKindOIDC)
		if err != nil {
			return nil, err
		}
		n, err := flows.UpdateOIDCConnection(p, c, &b)
		if err != nil {
			return nil, err
		}
		return oidcAnswer(n), nil
	})
}

func handleExternalCreate(rc *httpkit.Call) (any, error) {
	var b flows.ExternalCreateFields
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if err := ssoAuthz(rc, p, org, "create"); err != nil {
			return nil, err
		}
		c, err := flows.CreateExternalConnection(p, org, &b, rc.Now)
		if err != nil {
			return nil, err
		}
		return externalAnswer(c), nil
	})
}

func handleExternalUpdate(rc *httpkit.Call) (any, error) {
	var b flows.ExternalUpdateFields
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, org *state.OrgRecord) (any, error) {
		if err := ssoAuthz(rc, p, org, "update"); err != nil {
			return nil, err
		}
		c, err := flows.FindConn(p, org, rc.Param("connection_id"), "sso_connection_not_found", state.SSOKindExternal)
		if err != nil {
			return nil, err
		}
		n, err := flows.UpdateExternalConnection(p, org, c, &b)
		if err != nil {
			return nil, err
		}
		return externalAnswer(n), nil
	})
}
