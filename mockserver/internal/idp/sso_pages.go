package idp

import (
	"bytes"
	"html/template"
	"strings"
)

// signInPage is the built-in IdP's sign-in form: who signs in (email, name,
// groups) plus the hidden protocol fields to carry through the POST.
var signInPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stytch-mock built-in IdP: sign in</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto}label{display:block;margin:.8rem 0 .2rem}
input[type=text],input[type=email]{width:100%;padding:.4rem}button{margin-top:1.2rem;padding:.5rem 1.2rem}</style></head>
<body><h1>Sign in</h1><p>{{.Protocol}} sign-in at the built-in identity provider of connection <code>{{.ConnectionID}}</code>.</p>
<form method="post" action="{{.Action}}">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<label for="email">Email</label><input id="email" name="email" type="email" required autofocus>
<label for="name">Name</label><input id="name" name="name" type="text">
<label for="groups">Groups (comma-separated)</label><input id="groups" name="groups" type="text">
<button id="sign-in" type="submit">Sign in</button>
</form></body></html>`))

// postPage sends a SAML Response to the ACS with the HTTP-POST binding: a
// form the browser submits on load.
var postPage = template.Must(template.New("post").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stytch-mock built-in IdP: signing in</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="{{.ACS}}">
<input type="hidden" name="SAMLResponse" value="{{.SAMLResponse}}">
{{if .RelayState}}<input type="hidden" name="RelayState" value="{{.RelayState}}">{{end}}
<noscript><button type="submit">Continue</button></noscript></form></body></html>`))

// signInData fills signInPage.
type signInData struct {
	Protocol     string
	ConnectionID string
	Action       string
	Hidden       map[string]string
}

// render executes t into a page.
func render(t *template.Template, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// splitGroups reads the groups field: comma- or newline-separated names.
func splitGroups(s string) []string {
	var out []string
	for _, g := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' }) {
		if g = strings.TrimSpace(g); g != "" {
			out = append(out, g)
		}
	}
	return out
}
