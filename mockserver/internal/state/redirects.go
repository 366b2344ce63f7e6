package state

import (
	"net/url"
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
)

// Redirect URL types of the B2B API.
var redirectTypes = []string{"login", "signup", "invite", "reset_password", "discovery"}

// RedirectURL is a registered redirect URL: the types it may be used for
// and the types it is the default of.
type RedirectURL struct {
	URL        string   `json:"url"`
	Types      []string `json:"types"`
	DefaultFor []string `json:"default_for"`
}

// DefaultTestRedirectURL is registered for every type in a new TEST project.
const DefaultTestRedirectURL = "http://localhost:3000"

func defaultRedirectURLs(env string) []RedirectURL {
	if env != "test" {
		return []RedirectURL{}
	}
	return []RedirectURL{{URL: DefaultTestRedirectURL, Types: slices.Clone(redirectTypes), DefaultFor: slices.Clone(redirectTypes)}}
}

// ValidateRedirectURLs checks a whole registry for a project environment.
func ValidateRedirectURLs(env string, list []RedirectURL) *apierr.Error {
	defaults := map[string]string{}
	for i, r := range list {
		u, err := url.Parse(r.URL)
		if err != nil || u.Scheme == "" || (u.Host == "" && u.Opaque == "" && u.Path == "") {
			return apierr.BadRequest("invalid_redirect_url", "redirect_urls[%d]: %q is not an absolute URL.", i, r.URL)
		}
		if ForbiddenURLScheme(u.Scheme) {
			return apierr.BadRequest("redirect_url_cannot_use_protocol", "redirect_urls[%d]: the %s: protocol cannot be used in a redirect URL; use http(s) or a native app scheme (myapp://...).", i, strings.ToLower(u.Scheme))
		}
		web := u.Scheme == "http" || u.Scheme == "https"
		if web && u.Host == "" {
			return apierr.BadRequest("invalid_redirect_url", "redirect_urls[%d]: %q has no host.", i, r.URL)
		}
		wildcard := strings.Contains(u.Host, "*")
		if wildcard && (env == "live" || !strings.HasPrefix(u.Hostname(), "*.") || strings.Count(u.Host, "*") > 1) {
			if env == "live" {
				return apierr.BadRequest("no_wildcards_in_live_redirect_url", "redirect_urls[%d]: LIVE redirect URLs cannot use wildcards.", i)
			}
			return apierr.BadRequest("invalid_redirect_url", "redirect_urls[%d]: a wildcard may only be the first label of the host, as in https://*.example.com.", i)
		}
		if strings.Contains(u.Path, "*") || strings.Contains(u.RawQuery, "*") {
			return apierr.BadRequest("invalid_redirect_url", "redirect_urls[%d]: wildcards are allowed only in the host.", i)
		}
		if env == "live" && u.Scheme == "http" {
			return apierr.BadRequest("redirect_url_must_use_https", "redirect_urls[%d]: LIVE redirect URLs must use https (or a native app scheme).", i)
		}
		if len(r.Types) == 0 {
			return apierr.BadRequest("invalid_redirect_url_type", "redirect_urls[%d]: types must name at least one of %s.", i, strings.Join(redirectTypes, ", "))
		}
		for _, t := range append(slices.Clone(r.Types), r.DefaultFor...) {
			if !slices.Contains(redirectTypes, t) {
				return apierr.BadRequest("invalid_redirect_url_type", "redirect_urls[%d]: %q is not a redirect URL type; use %s.", i, t, strings.Join(redirectTypes, ", "))
			}
		}
		for _, t := range r.DefaultFor {
			if !slices.Contains(r.Types, t) {
				return apierr.BadRequest("invalid_redirect_url_type", "redirect_urls[%d]: it can only be the default for a type it is registered for (%q).", i, t)
			}
			if wildcard {
				return apierr.BadRequest("redirect_url_with_wildcard_cannot_be_default", "redirect_urls[%d]: a wildcard URL cannot be a default.", i)
			}
			if strings.Contains(u.RawQuery, "{}") || strings.Contains(u.RawQuery, "%7B%7D") {
				return apierr.BadRequest("redirect_url_with_query_param_placeholder_cannot_be_default", "redirect_urls[%d]: a URL with a {} query template cannot be a default.", i)
			}
			if prev, dup := defaults[t]; dup {
				return apierr.BadRequest("duplicate_default_redirect_url", "%q and %q are both the default for %s; a type has one default.", prev, r.URL, t)
			}
			defaults[t] = r.URL
		}
	}
	return nil
}

// redirectErrorTypes are the error types Stytch answers with when a redirect
// URL of one type cannot be resolved.
type redirectErrorTypes struct {
	noURLs    string // none of the type is registered
	noDefault string // none was passed and none of the type is the default
	invalid   string // the passed URL is not an absolute URL
}

// redirectErrorsFor returns the error types of redirect type typ.
func redirectErrorsFor(typ string) redirectErrorTypes {
	switch typ {
	case "login":
		return redirectErrorTypes{noURLs: "no_login_redirect_urls_set", noDefault: "no_default_login_redirect_url_set", invalid: "invalid_login_redirect_url"}
	case "signup":
		return redirectErrorTypes{noURLs: "no_signup_redirect_urls_set", noDefault: "no_default_signup_redirect_url_set", invalid: "invalid_signup_redirect_url"}
	case "invite":
		return redirectErrorTypes{noURLs: "no_invite_redirect_urls_set", noDefault: "no_default_invite_redirect_url_set", invalid: "invalid_invite_redirect_url"}
	case "discovery":
		return redirectErrorTypes{noURLs: "no_discovery_redirect_urls_set", noDefault: "no_default_discovery_redirect_url_set", invalid: "invalid_discovery_redirect_url"}
	default: // reset_password: Stytch has one type for both cases
		return redirectErrorTypes{noURLs: "no_password_reset_redirect_url", noDefault: "no_password_reset_redirect_url", invalid: "invalid_password_reset_redirect_url"}
	}
}

// ResolveRedirectURL returns the URL to use for a redirect of type typ:
// provided when it matches a registered URL of that type, else the type's
// default when provided is empty. noMatchType is the error type for a URL
// that matches nothing (it differs between magic links and password resets).
// Callers hold p.mu.
func (p *Project) ResolveRedirectURL(typ, provided, noMatchType string) (string, *apierr.Error) {
	errs := redirectErrorsFor(typ)
	var ofType []RedirectURL
	for _, r := range p.RedirectURLs {
		if slices.Contains(r.Types, typ) {
			ofType = append(ofType, r)
		}
	}
	if provided == "" {
		if len(ofType) == 0 {
			return "", apierr.BadRequest(errs.noURLs, "No %s redirect URL is registered for this project.", typ)
		}
		for _, r := range ofType {
			if slices.Contains(r.DefaultFor, typ) {
				return r.URL, nil
			}
		}
		return "", apierr.BadRequest(errs.noDefault, "No %s redirect URL was passed and none is the default.", typ)
	}
	got, err := url.Parse(provided)
	if err != nil || got.Scheme == "" {
		return "", apierr.BadRequest(errs.invalid, "%q is not an absolute URL.", provided)
	}
	if ForbiddenURLScheme(got.Scheme) {
		return "", apierr.BadRequest("redirect_url_cannot_use_protocol", "The %s: protocol cannot be used in a redirect URL.", strings.ToLower(got.Scheme))
	}
	for _, r := range ofType {
		if RedirectMatches(r.URL, got) {
			return provided, nil
		}
	}
	return "", apierr.BadRequest(noMatchType, "%q does not match any %s redirect URL registered for this project.", provided, typ)
}

// RedirectMatches reports whether got matches the registered URL pattern:
// same scheme, host (a leading "*." matches one or more labels), port and
// path, and the same set of query parameters, where a "{}" value accepts any
// value.
func RedirectMatches(pattern string, got *url.URL) bool {
	want, err := url.Parse(pattern)
	if err != nil || !strings.EqualFold(want.Scheme, got.Scheme) || want.Port() != got.Port() || want.Opaque != got.Opaque {
		return false
	}
	wh, gh := strings.ToLower(want.Hostname()), strings.ToLower(got.Hostname())
	if suffix, ok := strings.CutPrefix(wh, "*"); ok {
		if !strings.HasSuffix(gh, suffix) || len(gh) <= len(suffix) {
			return false
		}
	} else if wh != gh {
		return false
	}
	if strings.TrimSuffix(want.Path, "/") != strings.TrimSuffix(got.Path, "/") {
		return false
	}
	wq, gq := parseTemplateQuery(want.RawQuery), got.Query()
	if len(wq) != len(gq) {
		return false
	}
	for k, v := range wq {
		g, ok := gq[k]
		if !ok || len(g) != 1 {
			return false
		}
		if v != "{}" && v != g[0] {
			return false
		}
	}
	return true
}

// parseTemplateQuery parses a registered query string, keeping "{}" literal.
func parseTemplateQuery(raw string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, _ = url.QueryUnescape(k)
		if v != "{}" && v != "%7B%7D" {
			v, _ = url.QueryUnescape(v)
		} else {
			v = "{}"
		}
		out[k] = v
	}
	return out
}

// WithToken appends Stytch's token parameters to a redirect URL, as the
// links in Stytch's emails carry them.
func WithToken(redirect, tokenType, token string) string {
	sep := "?"
	if strings.Contains(redirect, "?") {
		sep = "&"
	}
	return redirect + sep + "stytch_token_type=" + url.QueryEscape(tokenType) + "&token=" + url.QueryEscape(token)
}

// CloneRedirectURLs deep-copies a redirect URL list.
func CloneRedirectURLs(in []RedirectURL) []RedirectURL {
	out := make([]RedirectURL, len(in))
	for i, r := range in {
		out[i] = RedirectURL{URL: r.URL, Types: append([]string{}, r.Types...), DefaultFor: append([]string{}, r.DefaultFor...)}
	}
	return out
}
