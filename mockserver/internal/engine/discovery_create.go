package engine

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// deriveOrgName names an organization after the creator's email address
// when the request names none: a corporate domain names it after the
// domain ("ada@acme.co.uk" → "Acme"); a common email provider after the
// person ("ada.l@gmail.com" → "ada.l's Organization").
func deriveOrgName(emailLower string) string {
	d := emailDomain(emailLower)
	if !isCommonDomain(d) {
		n := registrableName(d)
		return strings.ToUpper(n[:1]) + n[1:]
	}
	local := emailLower[:strings.LastIndexByte(emailLower, '@')]
	return local + "'s Organization"
}

// slugify turns a name into a slug: lower case, runs of characters a slug
// may not hold become one '-', trimmed to the slug length limits.
func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		ok := r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '~')
		if ok {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-.")
	if len(s) > maxSlugLen-8 {
		s = s[:maxSlugLen-8]
	}
	if len(s) < minSlugLen || !slugAlnum.MatchString(s) {
		s = "org-" + s
	}
	return strings.Trim(s, "-")
}

// freeSlug returns base, or base-2, base-3... whichever no organization
// uses. Callers hold p.mu.
func (p *project) freeSlug(base string) string {
	slug := base
	for i := 2; ; i++ {
		if _, taken := p.orgSlugs[strings.ToLower(slug)]; !taken {
			return slug
		}
		slug = fmt.Sprintf("%s-%d", base, i)
	}
}

// removeOrg undoes putOrg for an organization that was never answered.
// Callers hold p.mu for writing.
func (p *project) removeOrg(orgID string) {
	if o := p.orgs[orgID]; o != nil {
		delete(p.orgSlugs, strings.ToLower(o.o.OrganizationSlug))
		if o.o.OrganizationExternalID != "" {
			delete(p.orgExtIDs, o.o.OrganizationExternalID)
		}
	}
	p.removeOrgMembers(orgID)
	delete(p.orgs, orgID)
}

func handleDiscoveryOrgCreate(rc *reqCtx) (any, error) {
	var b struct {
		IntermediateSessionToken string `json:"intermediate_session_token"`
		TelemetryID              string `json:"telemetry_id"`
		sessionArgs
		orgFields
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.IntermediateSessionToken == "" {
		return nil, badRequest("bad_request", "intermediate_session_token is required.")
	}
	if err := checkSessionArgs("", "", b.sessionArgs); err != nil {
		return nil, err
	}
	f := &b.orgFields
	if f.SSODefaultConnectionID != nil && *f.SSODefaultConnectionID != "" {
		return nil, badRequest("invalid_sso_default_connection_id", "A new organization has no SSO connections, so it cannot have a default one.")
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	ist, aerr := p.findIST(b.IntermediateSessionToken, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	if !ist.hasMethod(emailProving) || ist.email == "" {
		return nil, badRequest("invalid_intermediate_session_token_for_organization", "The intermediate session holds no factor that proves an email address, so it cannot create an organization.")
	}
	o := newOrganization(newID("organization", p.env), rc.now)
	if !f.hasAuthSettings() {
		o.EmailInvites = organizations.AllAllowed
	}
	if err := f.apply(&o); err != nil {
		return nil, err
	}
	if o.OrganizationName == "" {
		o.OrganizationName = deriveOrgName(emailKey(ist.email))
	}
	if o.OrganizationSlug == "" {
		o.OrganizationSlug = p.freeSlug(slugify(o.OrganizationName))
	}
	if err := p.validateOrgSettings(&o); err != nil {
		return nil, err
	}
	if err := p.checkOrgUniqueness(&o); err != nil {
		return nil, err
	}
	p.putOrg(o, p.nextSeq())
	org := p.orgs[o.OrganizationID]
	creator := p.newMemberRecord(org.o.OrganizationID, ist.email, organizations.StatusPending, rc.now)
	creator.explicitRoles = []string{roleAdmin}
	p.insertMember(creator)
	l, aerr := istLogin(rc.now, org, ist, b.IntermediateSessionToken, b.sessionArgs)
	if aerr == nil {
		l.member = creator
		var res *authResult
		if res, aerr = p.runPrimary(l); aerr == nil {
			return res, nil
		}
	}
	p.removeOrg(org.o.OrganizationID)
	return nil, aerr
}
