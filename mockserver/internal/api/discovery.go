package api

import (
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func handleMagicLinkDiscoverySend(rc *httpkit.Call) (any, error) {
	var b struct {
		EmailAddress               string  `json:"email_address"`
		DiscoveryRedirectURL       string  `json:"discovery_redirect_url"`
		PKCECodeChallenge          string  `json:"pkce_code_challenge"`
		LoginTemplateID            string  `json:"login_template_id"`
		Locale                     *string `json:"locale"`
		DiscoveryExpirationMinutes *int64  `json:"discovery_expiration_minutes"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.CheckDiscoverySend(b.EmailAddress, b.Locale)
	if emailErr != nil {
		return nil, emailErr
	}
	ttl, aerr := flows.LinkTTL("discovery_expiration_minutes", b.DiscoveryExpirationMinutes, flows.DefaultLinkMinutes)
	if aerr != nil {
		return nil, aerr
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.PruneAuth(rc.Now)
	// The same work and the same answer for every address, known or not:
	// membership is only looked at when the link is authenticated.
	if p.Env == "test" && state.EmailKey(email) == flows.SandboxEmail {
		if _, err := p.ResolveRedirectURL("discovery", b.DiscoveryRedirectURL, "no_match_for_provided_magic_link_url"); err != nil {
			return nil, err
		}
		return &httpkit.Ack{}, nil
	}
	l := state.MagicLinkRecord{Kind: state.LinkDiscovery, Email: email, PKCEChallenge: b.PKCECodeChallenge}
	if err := flows.SendLink(p, rc.Now, l, "discovery", b.DiscoveryRedirectURL, flows.TokenTypeDiscovery, ttl, ""); err != nil {
		return nil, err
	}
	return &httpkit.Ack{}, nil
}

// discoveryAuthResponse answers discovery authenticate.
type discoveryAuthResponse struct {
	RequestID                         string                    `json:"request_id"`
	IntermediateSessionToken          string                    `json:"intermediate_session_token"`
	EmailAddress                      string                    `json:"email_address"`
	DiscoveredOrganizations           []flows.DiscoveredOrgView `json:"discovered_organizations"`
	IntermediateSessionTokenExpiresAt *time.Time                `json:"intermediate_session_token_expires_at"`
	StatusCode                        int                       `json:"status_code"`
}

func handleMagicLinkDiscoveryAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		DiscoveryMagicLinksToken string `json:"discovery_magic_links_token"`
		PKCECodeVerifier         string `json:"pkce_code_verifier"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.DiscoveryMagicLinksToken == "" {
		return nil, apierr.BadRequest("bad_request", "discovery_magic_links_token is required.")
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	var email string
	if is, err := flows.SandboxToken(p, b.DiscoveryMagicLinksToken); err != nil {
		return nil, err
	} else if is {
		flows.Sandbox(p, rc.Now)
		email = flows.SandboxEmail
	} else {
		l, err := flows.FindLink(p, b.DiscoveryMagicLinksToken, b.PKCECodeVerifier, rc.Now, state.LinkDiscovery)
		if err != nil {
			return nil, err
		}
		l.Used = true
		email = l.Email
	}
	ist, tok := p.NewIST(rc.Now, email, "", "", []state.ISTFactor{flows.DiscoveryEmailFactor("magic_link", email)})
	exp := ist.ExpiresAt
	return &discoveryAuthResponse{
		IntermediateSessionToken: tok, IntermediateSessionTokenExpiresAt: &exp, EmailAddress: email,
		DiscoveredOrganizations: flows.DiscoveredOrgs(p, email, flows.ISTMethods(ist), true, ""),
	}, nil
}

// discoveryListResponse answers discovery/organizations.
type discoveryListResponse struct {
	RequestID               string                    `json:"request_id"`
	EmailAddress            string                    `json:"email_address"`
	DiscoveredOrganizations []flows.DiscoveredOrgView `json:"discovered_organizations"`
	OrganizationIDHint      *string                   `json:"organization_id_hint"`
	StatusCode              int                       `json:"status_code"`
}

func handleDiscoveryOrgsList(rc *httpkit.Call) (any, error) {
	var b struct {
		IntermediateSessionToken string `json:"intermediate_session_token"`
		SessionToken             string `json:"session_token"`
		SessionJWT               string `json:"session_jwt"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := flows.ExactlyOne("intermediate_session_token, session_token and session_jwt", b.IntermediateSessionToken, b.SessionToken, b.SessionJWT); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	res := &discoveryListResponse{}
	if b.IntermediateSessionToken != "" {
		ist, err := p.FindIST(b.IntermediateSessionToken, rc.Now)
		if err != nil {
			return nil, err
		}
		if ist.OrgID != "" {
			hint := ist.OrgID
			res.OrganizationIDHint = &hint
		}
		res.EmailAddress = ist.Email
		res.DiscoveredOrganizations = flows.ISTDiscoveredOrgs(p, ist)
		return res, nil
	}
	s, err := p.FindSession(b.SessionToken, b.SessionJWT, rc.Now)
	if err != nil {
		return nil, err
	}
	var methods []string
	for _, f := range s.Factors {
		if t, ok := flows.Transferable(f); ok {
			methods = append(methods, t.Method)
		}
	}
	res.EmailAddress = p.Members[s.MemberID].Member.EmailAddress
	res.DiscoveredOrganizations = flows.DiscoveredOrgs(p, res.EmailAddress, methods, false, s.OrgID)
	return res, nil
}

func handleDiscoveryISTExchange(rc *httpkit.Call) (any, error) {
	var b struct {
		IntermediateSessionToken string  `json:"intermediate_session_token"`
		OrganizationID           string  `json:"organization_id"`
		Locale                   *string `json:"locale"`
		TelemetryID              string  `json:"telemetry_id"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.IntermediateSessionToken == "" {
		return nil, apierr.BadRequest("bad_request", "intermediate_session_token is required.")
	}
	if b.OrganizationID == "" {
		return nil, apierr.BadRequest("invalid_organization_id", "organization_id is required.")
	}
	if err := flows.CheckLocale(b.Locale, flows.ExchangeLocales); err != nil {
		return nil, err
	}
	if err := flows.CheckSessionArgs("", "", b.SessionArgs); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	ist, aerr := p.FindIST(b.IntermediateSessionToken, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	org, aerr := p.FindOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	l, aerr := flows.ISTLogin(p, rc.Now, org, ist, b.IntermediateSessionToken, b.SessionArgs)
	if aerr != nil {
		return nil, aerr
	}
	res, aerr := flows.RunPrimary(p, l)
	if aerr != nil {
		return nil, aerr
	}
	return res, nil
}
