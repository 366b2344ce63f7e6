package idp

import (
	"html/template"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
)

// connectedAppConsentPage is the authorization server's page for a
// connected app's authorization request: a session form when the browser
// carries no member session, otherwise the app, the member, the requested
// scopes (marking those the app may not be granted) and Allow / Deny.
var connectedAppConsentPage = template.Must(template.New("connected-app-consent").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stytch-mock: authorize {{if .App.ClientName}}{{.App.ClientName}}{{else}}a connected app{{end}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto}label{display:block;margin:.8rem 0 .2rem}
input[type=text]{width:100%;padding:.4rem}button{margin:1.2rem .6rem 0 0;padding:.5rem 1.2rem}li{margin:.3rem 0}.no{color:#a00}small{color:#555}</style></head>
<body>{{if .NeedSession}}<h1>Sign in to continue</h1>
<p>The connected app <code>{{.ClientID}}</code> asks for access to your account. Sign in with a member session to continue.</p>
<form id="session-form" method="post" action="{{.Action}}">
<label for="session_token">Session token</label><input id="session_token" name="session_token" type="text" autocomplete="off">
<label for="session_jwt">or session JWT</label><input id="session_jwt" name="session_jwt" type="text" autocomplete="off">
<button id="continue" type="submit">Continue</button>
</form>{{else}}<h1 id="app-name">{{.App.ClientName}}</h1>
{{if .App.ClientDescription}}<p id="app-description">{{.App.ClientDescription}}</p>{{end}}
<p>A <span id="client-type">{{.App.ClientType}}</span> app (<code>{{.App.ClientID}}</code>) asks for access to
<strong id="member-email">{{.MemberEmail}}</strong> in <strong id="organization-name">{{.OrganizationName}}</strong>.
{{if .Prompted}}The app asked for your consent again.{{else}}Your consent is needed.{{end}}</p>
<ul id="scopes">{{range .Scopes}}<li data-scope="{{.Scope}}"><code>{{.Scope}}</code>: {{.Description}}{{if not .IsGrantable}} <span class="no">(not available to this app; it will not be granted)</span>{{end}}</li>
{{end}}</ul>
<form id="consent-form" method="post" action="{{.Action}}">
{{if .SessionToken}}<input type="hidden" name="session_token" value="{{.SessionToken}}">{{end}}{{if .SessionJWT}}<input type="hidden" name="session_jwt" value="{{.SessionJWT}}">{{end}}
<button id="allow" name="decision" value="allow" type="submit">Allow</button>
<button id="deny" name="decision" value="deny" type="submit">Deny</button>
</form>
<small>Allow sends you back to the app with an authorization code; Deny with error=access_denied.</small>{{end}}
</body></html>`))

// consentData fills connectedAppConsentPage.
type consentData struct {
	Action           string
	ClientID         string
	NeedSession      bool
	App              flows.ConnectedAppPublic
	MemberEmail      string
	OrganizationName string
	Scopes           []flows.ScopeResult
	Prompted         bool
	SessionToken     string
	SessionJWT       string
}
