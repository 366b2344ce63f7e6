package flows

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// DeriveOrgName names an organization after the creator's email address
// when the request names none: a corporate domain names it after the
// domain ("ada@acme.co.uk" → "Acme"); a common email provider after the
// person ("ada.l@gmail.com" → "ada.l's Organization").
func DeriveOrgName(emailLower string) string {
	d := state.EmailDomain(emailLower)
	if !isCommonDomain(d) {
		n := registrableName(d)
		return strings.ToUpper(n[:1]) + n[1:]
	}
	local := emailLower[:strings.LastIndexByte(emailLower, '@')]
	return local + "'s Organization"
}

// Slugify turns a name into a slug: lower case, runs of characters a slug
// may not hold become one '-', trimmed to the slug length limits.
func Slugify(name string) string {
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

// FreeSlug returns base, or base-2, base-3... whichever no organization
// uses. Callers hold p.mu.
func FreeSlug(p *state.Project, base string) string {
	slug := base
	for i := 2; ; i++ {
		if _, taken := p.OrgSlugs[strings.ToLower(slug)]; !taken {
			return slug
		}
		slug = fmt.Sprintf("%s-%d", base, i)
	}
}
