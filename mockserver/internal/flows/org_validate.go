package flows

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

var (
	slugChars       = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)
	slugAlnum       = regexp.MustCompile(`[A-Za-z0-9]`)
	externalIDChars = regexp.MustCompile(`^[A-Za-z0-9._|-]+$`)
	domainLabel     = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	tldLabel        = regexp.MustCompile(`^[a-z]{2,63}$`)
)

// Limits of organization fields.
const (
	maxNameLen       = 128
	minSlugLen       = 2
	maxSlugLen       = 128
	maxExternalIDLen = 128
	maxLogoURLLen    = 2048
	maxMetadataKeys  = 20
	maxMetadataBytes = 4096
)

// commonEmailProviders are free-mail providers that may not be an
// organization's allowed or claimed domain, matched by registrable name under
// any top-level domain.
var commonEmailProviders = map[string]bool{
	"gmail": true, "aol": true, "yahoo": true, "icloud": true, "hotmail": true, "msn": true, "comcast": true,
	"live": true, "outlook": true, "att": true, "earthlink": true, "me": true, "mac": true, "sbcglobal": true,
	"verizon": true, "igmail": true, "hey": true, "laposte": true, "wanadoo": true, "googlemail": true,
	"orange": true, "rediffmail": true, "uol": true, "bol": true, "free": true, "gmx": true, "yandex": true,
	"ymail": true, "libero": true, "protonmail": true, "proton": true, "mail": true,
}

// disposableDomains are throw-away mail services the mock knows of.
var disposableDomains = map[string]bool{
	"mailinator.com": true, "guerrillamail.com": true, "10minutemail.com": true, "tempmail.com": true,
	"temp-mail.org": true, "yopmail.com": true, "trashmail.com": true, "sharklasers.com": true,
	"getnada.com": true, "dispostable.com": true, "maildrop.cc": true, "throwawaymail.com": true,
}

var secondLevelSuffixes = map[string]bool{"co": true, "com": true, "net": true, "org": true, "ac": true, "gov": true, "edu": true, "ne": true, "or": true}

// validDomain reports whether d is a syntactically valid lower-case domain
// name with at least two labels.
func validDomain(d string) bool {
	if len(d) > 253 || d != strings.ToLower(d) {
		return false
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 || !tldLabel.MatchString(labels[len(labels)-1]) {
		return false
	}
	for _, l := range labels {
		if !domainLabel.MatchString(l) {
			return false
		}
	}
	return true
}

// registrableName returns the label that names the domain's owner: "yahoo"
// for mail.yahoo.co.jp and for yahoo.com.
func registrableName(d string) string {
	labels := strings.Split(d, ".")
	i := len(labels) - 2
	if i >= 1 && secondLevelSuffixes[labels[i]] && len(labels[len(labels)-1]) == 2 {
		i--
	}
	return labels[i]
}

func isCommonDomain(d string) bool { return commonEmailProviders[registrableName(d)] }

// checkDomainList validates a list of domains given in field.
func checkDomainList(field string, domains []string) *apierr.Error {
	seen := map[string]bool{}
	for _, raw := range domains {
		d := strings.ToLower(strings.TrimSpace(raw))
		switch {
		case !validDomain(d):
			return apierr.BadRequest("organization_settings_invalid_domain", "%q in %s is not a valid domain.", raw, field)
		case seen[d]:
			return apierr.BadRequest("organization_settings_duplicate_domain", "%q appears more than once in %s.", raw, field)
		case disposableDomains[d]:
			return apierr.BadRequest("organization_settings_disposable_domain", "%q in %s is a disposable email domain.", raw, field)
		case isCommonDomain(d):
			return apierr.BadRequest("organization_settings_domain_too_common", "%q in %s is a common email provider and cannot belong to one organization.", raw, field)
		}
		seen[d] = true
	}
	return nil
}

func checkSlug(slug string) *apierr.Error {
	if len(slug) < minSlugLen || len(slug) > maxSlugLen || !slugChars.MatchString(slug) || !slugAlnum.MatchString(slug) {
		return apierr.BadRequest("invalid_organization_slug", "organization_slug must be %d to %d characters of letters, digits, '-', '.', '_' or '~', with at least one letter or digit.", minSlugLen, maxSlugLen)
	}
	return nil
}

func checkName(name string) *apierr.Error {
	if strings.TrimSpace(name) == "" {
		return apierr.BadRequest("organization_name_missing", "organization_name is required.")
	}
	if len([]rune(name)) > maxNameLen {
		return apierr.BadRequest("invalid_organization_name", "organization_name must be at most %d characters.", maxNameLen)
	}
	return nil
}

// CheckExternalID validates an external ID; errorType names the error.
func CheckExternalID(field, id, errorType string) *apierr.Error {
	if len(id) > maxExternalIDLen || !externalIDChars.MatchString(id) {
		return apierr.BadRequest(errorType, "%s must be at most %d characters of letters, digits, '.', '_', '|' or '-'.", field, maxExternalIDLen)
	}
	return nil
}

// ParseMetadata validates a metadata object given in field. A JSON null
// yields an empty object.
func ParseMetadata(field string, raw json.RawMessage) (map[string]any, *apierr.Error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return map[string]any{}, nil
	}
	var m map[string]any
	if raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		return nil, apierr.BadRequest("metadata_invalid_format", "%s must be a JSON object.", field)
	}
	return checkMetadata(field, m)
}

func checkMetadata(field string, m map[string]any) (map[string]any, *apierr.Error) {
	if len(m) > maxMetadataKeys {
		return nil, apierr.BadRequest("metadata_too_many_keys", "%s may have at most %d top-level keys.", field, maxMetadataKeys)
	}
	if b, _ := json.Marshal(m); len(b) > maxMetadataBytes {
		return nil, apierr.BadRequest("metadata_too_large", "%s may be at most %d bytes of JSON.", field, maxMetadataBytes)
	}
	return m, nil
}

// MergeMetadata applies a metadata update as Stytch does: each top-level key
// of raw replaces the key in current, and a null value deletes it; keys raw
// does not name are kept. A null or empty raw changes nothing. current is
// not modified; the limits apply to the merged result.
func MergeMetadata(field string, current map[string]any, raw json.RawMessage) (map[string]any, *apierr.Error) {
	raw = bytes.TrimSpace(raw)
	out := state.DeepCopyJSON(current)
	if out == nil {
		out = map[string]any{}
	}
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return out, nil
	}
	var patch map[string]any
	if raw[0] != '{' || json.Unmarshal(raw, &patch) != nil {
		return nil, apierr.BadRequest("metadata_invalid_format", "%s must be a JSON object.", field)
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return checkMetadata(field, out)
}

var (
	authMethodValues = []string{"sso", "magic_link", "email_otp", "password", "google_oauth", "microsoft_oauth", "slack_oauth", "github_oauth", "hubspot_oauth"}
	mfaMethodValues  = []string{"sms_otp", "totp"}
	oauthTenantKeys  = []string{"slack", "hubspot", "github"}
)

// checkEnum validates the value of an enum setting.
func checkEnum(field, value string, allowed ...string) *apierr.Error {
	if !slices.Contains(allowed, value) {
		return apierr.BadRequest("invalid_request_value", "%s must be one of %s, not %q.", field, strings.Join(allowed, ", "), value)
	}
	return nil
}

// ValidateOrgSettings checks the invariants between an organization's
// settings, on the complete result of a create or update.
func ValidateOrgSettings(p *state.Project, o *organizations.Organization) *apierr.Error {
	three := []string{organizations.AllAllowed, organizations.Restricted, organizations.NotAllowed}
	two := []string{organizations.AllAllowed, organizations.Restricted}
	for _, c := range []struct {
		field, value string
		allowed      []string
	}{
		{"sso_jit_provisioning", o.SSOJITProvisioning, three},
		{"email_jit_provisioning", o.EmailJITProvisioning, []string{organizations.Restricted, organizations.NotAllowed}},
		{"email_invites", o.EmailInvites, three},
		{"auth_methods", o.AuthMethods, two},
		{"mfa_methods", o.MFAMethods, two},
		{"oauth_tenant_jit_provisioning", o.OAuthTenantJITProvisioning, []string{organizations.Restricted, organizations.NotAllowed}},
		{"first_party_connected_apps_allowed_type", o.FirstPartyConnectedAppsAllowedType, three},
		{"third_party_connected_apps_allowed_type", o.ThirdPartyConnectedAppsAllowedType, three},
	} {
		if err := checkEnum(c.field, c.value, c.allowed...); err != nil {
			return err
		}
	}
	if o.MFAPolicy != organizations.MFAPolicyOptional && o.MFAPolicy != organizations.MFAPolicyRequiredForAll {
		return apierr.BadRequest("invalid_organization_mfa_policy", "mfa_policy must be OPTIONAL or REQUIRED_FOR_ALL, not %q.", o.MFAPolicy)
	}
	for _, m := range o.AllowedAuthMethods {
		if !slices.Contains(authMethodValues, m) {
			return apierr.BadRequest("invalid_organization_allowed_auth_methods", "%q is not an auth method; use %s.", m, strings.Join(authMethodValues, ", "))
		}
	}
	for _, m := range o.AllowedMFAMethods {
		if !slices.Contains(mfaMethodValues, m) {
			return apierr.BadRequest("invalid_organization_allowed_mfa_methods", "%q is not an MFA method; use %s.", m, strings.Join(mfaMethodValues, ", "))
		}
	}
	if o.SSOJITProvisioning == organizations.NotAllowed && o.EmailJITProvisioning == organizations.NotAllowed && o.EmailInvites == organizations.NotAllowed {
		return apierr.BadRequest("invalid_organization_auth_factor_setting", "sso_jit_provisioning, email_jit_provisioning and email_invites cannot all be NOT_ALLOWED: the organization would have no way to add members.")
	}
	if o.AuthMethods == organizations.Restricted && len(o.AllowedAuthMethods) == 0 {
		return apierr.BadRequest("allowed_auth_methods_required_for_restricted", "auth_methods RESTRICTED needs a non-empty allowed_auth_methods.")
	}
	if o.MFAMethods == organizations.Restricted && len(o.AllowedMFAMethods) == 0 {
		return apierr.BadRequest("allowed_mfa_methods_required_for_restricted", "mfa_methods RESTRICTED needs a non-empty allowed_mfa_methods.")
	}
	if (o.EmailInvites == organizations.Restricted || o.EmailJITProvisioning == organizations.Restricted) && len(o.EmailAllowedDomains) == 0 {
		return apierr.BadRequest("invalid_restricted_email_setting", "email_invites or email_jit_provisioning RESTRICTED needs a non-empty email_allowed_domains.")
	}
	if err := checkDomainList("email_allowed_domains", o.EmailAllowedDomains); err != nil {
		return err
	}
	if err := checkDomainList("claimed_email_domains", o.ClaimedEmailDomains); err != nil {
		return err
	}
	for _, a := range o.RBACEmailImplicitRoleAssignments {
		d := strings.ToLower(strings.TrimSpace(a.Domain))
		if !validDomain(d) {
			return apierr.BadRequest("organization_settings_invalid_domain", "%q in rbac_email_implicit_role_assignments is not a valid domain.", a.Domain)
		}
		if isCommonDomain(d) {
			return apierr.BadRequest("rbac_domain_too_common", "%q is a common email provider and cannot grant roles.", a.Domain)
		}
		if !p.Roles[a.RoleID] {
			return apierr.BadRequest("invalid_rbac_role_id", "%q is not a role of this project's RBAC policy.", a.RoleID)
		}
	}
	if len(o.SSOJITProvisioningAllowedConnections) > 0 {
		// No SSO connection belongs to an organization until the SSO API
		// creates one, so any listed ID is foreign.
		for _, id := range o.SSOJITProvisioningAllowedConnections {
			if !p.OrgHasSSOConnection(o.OrganizationID, id) {
				return apierr.BadRequest("invalid_connection_for_jit_provisioning", "%q is not an SSO connection of this organization.", id)
			}
		}
	}
	if o.SSOJITProvisioning == organizations.Restricted && len(o.SSOJITProvisioningAllowedConnections) == 0 {
		return apierr.BadRequest("invalid_restricted_sso_setting", "sso_jit_provisioning RESTRICTED needs a non-empty sso_jit_provisioning_allowed_connections.")
	}
	if o.SSODefaultConnectionID != "" && !p.OrgHasActiveSSOConnection(o.OrganizationID, o.SSODefaultConnectionID) {
		return apierr.BadRequest("invalid_sso_default_connection_id", "%q is not an active SSO connection of this organization.", o.SSODefaultConnectionID)
	}
	if err := checkOAuthTenants(o); err != nil {
		return err
	}
	return nil
}

func checkOAuthTenants(o *organizations.Organization) *apierr.Error {
	total := 0
	for k, v := range o.AllowedOAuthTenants {
		if !slices.Contains(oauthTenantKeys, k) {
			return apierr.BadRequest("invalid_oauth_allowed_tenants_format", "allowed_oauth_tenants keys must be slack, hubspot or github, not %q.", k)
		}
		list, ok := v.([]any)
		if !ok {
			return apierr.BadRequest("invalid_oauth_allowed_tenants_format", "allowed_oauth_tenants.%s must be a list of tenant IDs.", k)
		}
		for _, t := range list {
			if s, ok := t.(string); !ok || s == "" {
				return apierr.BadRequest("invalid_oauth_allowed_tenants_format", "allowed_oauth_tenants.%s must hold non-empty strings.", k)
			}
		}
		total += len(list)
	}
	if o.OAuthTenantJITProvisioning == organizations.Restricted && total == 0 {
		return apierr.BadRequest("invalid_restricted_oauth_tenants_setting", "oauth_tenant_jit_provisioning RESTRICTED needs at least one tenant in allowed_oauth_tenants.")
	}
	return nil
}
