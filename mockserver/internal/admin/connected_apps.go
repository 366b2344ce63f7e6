package admin

import (
	"net"
	"net/url"
	"slices"
	"sort"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Connected apps are registered in Stytch's dashboard; here POST
// /mock/connected_apps registers one for the project's authorization
// server.

// Limits of a connected app's registration.
const (
	maxAppRedirectURLs = 20
	maxAppURLLen       = 2048
	maxAppText         = 512
	maxConnectedApps   = 1000
)

// ConnectedAppView is a registered app as the fixture and the dashboard
// show it; ClientSecret only in the answer to its creation.
type ConnectedAppView struct {
	ClientID          string   `json:"client_id"`
	ClientSecret      string   `json:"client_secret,omitempty"`
	ClientName        string   `json:"client_name"`
	ClientDescription string   `json:"client_description"`
	ClientType        string   `json:"client_type"`
	RedirectURLs      []string `json:"redirect_urls"`
	CustomScopes      []string `json:"custom_scopes"`
	LogoURL           string   `json:"logo_url"`
}

type connectedAppResponse struct {
	httpkit.Ack
	ConnectedApp ConnectedAppView `json:"connected_app"`
}

// AppView renders a registered app without its secret.
func AppView(a *state.ConnectedApp) ConnectedAppView {
	return ConnectedAppView{ClientID: a.ClientID, ClientName: a.Name, ClientDescription: a.Description, ClientType: a.ClientType,
		RedirectURLs: slices.Clone(a.RedirectURLs), CustomScopes: append([]string{}, a.CustomScopes...), LogoURL: a.LogoURL}
}

// checkAppRedirectURL accepts https URLs, and http only on a loopback host.
func checkAppRedirectURL(raw string) *apierr.Error {
	if len(raw) > maxAppURLLen {
		return apierr.BadRequest("connected_app_invalid_redirect_url", "A redirect URL is longer than %d characters.", maxAppURLLen)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" && u.Scheme != "":
		return apierr.BadRequest("connected_app_invalid_redirect_url", "%q is not a valid redirect URL.", apierr.Excerpt(raw, 80))
	case u.Scheme == "":
		return apierr.BadRequest("connected_app_redirect_url_must_include_scheme", "The redirect URL %q has no scheme.", apierr.Excerpt(raw, 80))
	case u.Scheme != "http" && u.Scheme != "https":
		return apierr.BadRequest("connected_app_redirect_url_must_use_http_or_https_scheme", "The redirect URL %q must use http or https.", apierr.Excerpt(raw, 80))
	case u.Fragment != "":
		return apierr.BadRequest("connected_app_invalid_redirect_url", "A redirect URL may not have a fragment.")
	}
	if u.Scheme == "http" {
		h := u.Hostname()
		if ip := net.ParseIP(h); h != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return apierr.BadRequest("connected_app_redirect_url_http_scheme_must_use_loopback", "The redirect URL %q uses http, which is allowed only on a loopback host.", apierr.Excerpt(raw, 80))
		}
	}
	return nil
}

// HandleCreateConnectedApp registers a connected app: POST
// /mock/connected_apps {client_type, client_name, client_description?,
// redirect_urls, custom_scopes?, logo_url?}. A confidential app's secret
// is in the answer once and stored only as a hash.
func HandleCreateConnectedApp(rc *httpkit.Call) (any, error) {
	var b struct {
		ClientType        string   `json:"client_type"`
		ClientName        string   `json:"client_name"`
		ClientDescription string   `json:"client_description"`
		RedirectURLs      []string `json:"redirect_urls"`
		CustomScopes      []string `json:"custom_scopes"`
		LogoURL           string   `json:"logo_url"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	switch b.ClientType {
	case state.ClientFirstParty, state.ClientThirdParty, state.ClientFirstPartyPublic, state.ClientThirdPartyPublic:
	default:
		return nil, apierr.BadRequest("invalid_connected_app_type", "client_type must be first_party, third_party, first_party_public or third_party_public.")
	}
	if b.ClientName == "" || len(b.ClientName) > maxAppText || len(b.ClientDescription) > maxAppText || len(b.LogoURL) > maxAppURLLen {
		return nil, apierr.BadRequest("invalid_request_value", "client_name is required; client_name and client_description are at most %d characters.", maxAppText)
	}
	if len(b.RedirectURLs) == 0 || len(b.RedirectURLs) > maxAppRedirectURLs {
		return nil, apierr.BadRequest("connected_app_invalid_redirect_url", "redirect_urls must list 1 to %d URLs.", maxAppRedirectURLs)
	}
	for _, u := range b.RedirectURLs {
		if aerr := checkAppRedirectURL(u); aerr != nil {
			return nil, aerr
		}
	}
	if len(b.CustomScopes) > 0 {
		if aerr := flows.CheckScopes(b.CustomScopes); aerr != nil {
			return nil, aerr
		}
	}
	app := &state.ConnectedApp{
		ClientID: ids.NewID("connected-app", rc.Project.Env), Name: b.ClientName, Description: b.ClientDescription, ClientType: b.ClientType,
		RedirectURLs: slices.Clone(b.RedirectURLs), CustomScopes: slices.Clone(b.CustomScopes), LogoURL: b.LogoURL, CreatedAt: rc.Now,
	}
	view := AppView(app)
	if !app.IsPublic() {
		view.ClientSecret = ids.NewSecret(rc.Project.Env)
		app.SecretHash = ids.HashToken(view.ClientSecret)
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.IDP.Init()
	if len(p.IDP.Apps) >= maxConnectedApps {
		return nil, apierr.BadRequest("too_many_connected_apps", "The project already has %d connected apps.", maxConnectedApps)
	}
	p.IDP.Apps[app.ClientID] = app
	return &connectedAppResponse{ConnectedApp: view}, nil
}

type connectedAppsResponse struct {
	httpkit.Ack
	ConnectedApps    []ConnectedAppView `json:"connected_apps"`
	AuthorizationURL string             `json:"authorization_url"`
}

// HandleListConnectedApps lists the project's connected apps, oldest
// first: GET /mock/connected_apps.
func HandleListConnectedApps(rc *httpkit.Call) (any, error) {
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	return &connectedAppsResponse{ConnectedApps: ListApps(p), AuthorizationURL: p.IDP.AuthorizationURL}, nil
}

// ListApps lists the project's connected apps, oldest first. Callers
// hold p.Mu.
func ListApps(p *state.Project) []ConnectedAppView {
	apps := make([]*state.ConnectedApp, 0, len(p.IDP.Apps))
	for _, a := range p.IDP.Apps {
		apps = append(apps, a)
	}
	sort.Slice(apps, func(i, j int) bool {
		if !apps[i].CreatedAt.Equal(apps[j].CreatedAt) {
			return apps[i].CreatedAt.Before(apps[j].CreatedAt)
		}
		return apps[i].ClientID < apps[j].ClientID
	})
	out := make([]ConnectedAppView, 0, len(apps))
	for _, a := range apps {
		out = append(out, AppView(a))
	}
	return out
}

// HandleSetConnectedAppSettings sets the project's authorization page (the
// app's consent page, named as authorization_endpoint by OIDC discovery):
// PUT /mock/connected_apps/settings {authorization_url}.
func HandleSetConnectedAppSettings(rc *httpkit.Call) (any, error) {
	var b struct {
		AuthorizationURL string `json:"authorization_url"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.AuthorizationURL != "" {
		if aerr := checkAppRedirectURL(b.AuthorizationURL); aerr != nil {
			return nil, aerr
		}
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.IDP.AuthorizationURL = b.AuthorizationURL
	return &connectedAppsResponse{ConnectedApps: ListApps(p), AuthorizationURL: b.AuthorizationURL}, nil
}
