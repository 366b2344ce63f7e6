package idp

import "html/template"

// oauthSignInPage is a built-in OAuth provider's sign-in form: who signs in
// (email, name) and the provider's tenant. The start's parameters stay in
// the form's action URL.
var oauthSignInPage = template.Must(template.New("oauth-signin").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stytch-mock {{.Provider}}: sign in</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto}label{display:block;margin:.8rem 0 .2rem}
input[type=text],input[type=email]{width:100%;padding:.4rem}button{margin-top:1.2rem;padding:.5rem 1.2rem}small{color:#555}</style></head>
<body><h1>Sign in with {{.Provider}}</h1><p>The mock's built-in {{.Provider}} provider{{if .Discovery}} (discovery login){{else}} for organization <code>{{.OrganizationID}}</code>{{end}}.</p>
<form method="post" action="{{.Action}}">
<label for="email">Email</label><input id="email" name="email" type="email" required autofocus>
<label for="name">Name</label><input id="name" name="name" type="text">
<label for="tenant_id">{{.TenantLabel}}</label><input id="tenant_id" name="tenant_id" type="text">
<small>{{.TenantHelp}}</small><br>
<button id="sign-in" type="submit">Sign in</button>
</form></body></html>`))

// oauthSignInData fills oauthSignInPage.
type oauthSignInData struct {
	Provider       string
	Discovery      bool
	OrganizationID string
	Action         string
	TenantLabel    string
	TenantHelp     string
}

// oauthTenantLabels name each provider's tenant on the sign-in form.
var oauthTenantLabels = map[string][2]string{
	"google":    {"Hosted domain (hd)", "With a hosted domain Google vouches for the email address."},
	"microsoft": {"Tenant ID", "Microsoft always vouches for the email address."},
	"github":    {"GitHub organization", "Compared with the organization's allowed_oauth_tenants.github."},
	"hubspot":   {"HubSpot hub (portal) ID", "Compared with the organization's allowed_oauth_tenants.hubspot."},
	"slack":     {"Slack workspace (team) ID", "Compared with the organization's allowed_oauth_tenants.slack."},
}
