package api

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// Stytch as an authorization server for connected apps: the backend half
// of the authorization step (idp/oauth/authorize/start and authorize).

// IssuerURL is the authorization server's issuer for the project as this
// request reached the mock: {base}/v1/public/{project_id}, where the OIDC
// discovery document is served.
func IssuerURL(rc *httpkit.Call, projectID string) string {
	return requestBaseURL(rc) + "/v1/public/" + projectID
}

type authorizeStartResponse struct {
	RequestID       string                     `json:"request_id"`
	MemberID        string                     `json:"member_id"`
	Member          organizations.Member       `json:"member"`
	Organization    organizations.Organization `json:"organization"`
	Client          flows.ConnectedAppPublic   `json:"client"`
	ConsentRequired bool                       `json:"consent_required"`
	ScopeResults    []flows.ScopeResult        `json:"scope_results"`
	StatusCode      int                        `json:"status_code"`
}

func handleIDPAuthorizeStart(rc *httpkit.Call) (any, error) {
	var b flows.AuthorizeRequest
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, aerr := flows.CheckAuthorize(p, &b, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	return &authorizeStartResponse{
		MemberID: c.Member.Member.MemberID, Member: p.MemberView(c.Member), Organization: p.OrgView(c.Org),
		Client: c.Public(), ConsentRequired: c.ConsentRequired, ScopeResults: c.ScopeResults,
	}, nil
}

type authorizeResponse struct {
	RequestID         string `json:"request_id"`
	RedirectURI       string `json:"redirect_uri"`
	StatusCode        int    `json:"status_code"`
	AuthorizationCode string `json:"authorization_code,omitempty"`
}

func handleIDPAuthorize(rc *httpkit.Call) (any, error) {
	var b struct {
		flows.AuthorizeRequest
		ConsentGranted bool     `json:"consent_granted"`
		State          string   `json:"state"`
		Nonce          string   `json:"nonce"`
		CodeChallenge  string   `json:"code_challenge"`
		Resources      []string `json:"resources"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, aerr := flows.CheckAuthorize(p, &b.AuthorizeRequest, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	redirect, code, aerr := flows.AuthorizeApp(p, c, b.RedirectURI, flows.AuthorizeGrant{
		ConsentGranted: b.ConsentGranted, State: b.State, Nonce: b.Nonce, CodeChallenge: b.CodeChallenge,
	}, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	return &authorizeResponse{RedirectURI: redirect, AuthorizationCode: code}, nil
}
