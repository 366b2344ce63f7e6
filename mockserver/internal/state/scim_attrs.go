package state

import (
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/scim"
)

// EnterpriseUserSchema is the URN of the SCIM enterprise user extension.
const EnterpriseUserSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

// scimAttributesView fills m.SCIMRegistration.SCIMAttributes from the SCIM
// user the member came from. Callers hold p.Mu.
func (p *Project) scimAttributesView(m *organizations.Member) {
	reg := m.SCIMRegistration
	if reg == nil {
		return
	}
	c := p.SCIM.Conns[reg.ConnectionID]
	if c == nil {
		return
	}
	if u := c.Users[m.MemberID]; u != nil {
		reg.SCIMAttributes = SCIMAttributesOf(c, u)
	}
}

// SCIMAttributesOf converts a stored SCIM user into the scim_attributes
// Stytch shows on the member. Callers hold p.Mu.
func SCIMAttributesOf(c *SCIMConnRecord, u *SCIMUserRecord) *scim.SCIMAttributes {
	a := u.Attributes
	out := &scim.SCIMAttributes{
		UserName:          u.UserName,
		ID:                u.ID,
		ExternalID:        u.ExternalID,
		Active:            u.Active,
		Groups:            []scim.Group{},
		DisplayName:       AttrString(a, "displayName"),
		NickName:          AttrString(a, "nickName"),
		ProfileURL:        AttrString(a, "profileUrl"),
		UserType:          AttrString(a, "userType"),
		Title:             AttrString(a, "title"),
		PreferredLanguage: AttrString(a, "preferredLanguage"),
		Locale:            AttrString(a, "locale"),
		Timezone:          AttrString(a, "timezone"),
		Emails:            []scim.Email{},
		PhoneNumbers:      []scim.PhoneNumber{},
		Addresses:         []scim.Address{},
		Ims:               []scim.IMs{},
		Photos:            []scim.Photo{},
		Entitlements:      []scim.Entitlement{},
		Roles:             []scim.Role{},
		X509certificates:  []scim.X509Certificate{},
	}
	for _, g := range c.GroupsOf(u.ID) {
		out.Groups = append(out.Groups, scim.Group{Value: g.ID, Display: g.DisplayName})
	}
	for _, v := range AttrList(a, "emails") {
		out.Emails = append(out.Emails, scim.Email{Value: AttrString(v, "value"), Type: AttrString(v, "type"), Primary: AttrBool(v, "primary")})
	}
	for _, v := range AttrList(a, "phoneNumbers") {
		out.PhoneNumbers = append(out.PhoneNumbers, scim.PhoneNumber{Value: AttrString(v, "value"), Type: AttrString(v, "type"), Primary: AttrBool(v, "primary")})
	}
	for _, v := range AttrList(a, "addresses") {
		out.Addresses = append(out.Addresses, scim.Address{Formatted: AttrString(v, "formatted"), StreetAddress: AttrString(v, "streetAddress"),
			Locality: AttrString(v, "locality"), Region: AttrString(v, "region"), PostalCode: AttrString(v, "postalCode"),
			Country: AttrString(v, "country"), Type: AttrString(v, "type"), Primary: AttrBool(v, "primary")})
	}
	for _, v := range AttrList(a, "ims") {
		out.Ims = append(out.Ims, scim.IMs{Value: AttrString(v, "value"), Type: AttrString(v, "type"), Primary: AttrBool(v, "primary")})
	}
	for _, v := range AttrList(a, "photos") {
		out.Photos = append(out.Photos, scim.Photo{Value: AttrString(v, "value"), Type: AttrString(v, "type"), Primary: AttrBool(v, "primary")})
	}
	for _, v := range AttrList(a, "entitlements") {
		out.Entitlements = append(out.Entitlements, scim.Entitlement{Value: AttrString(v, "value"), Type: AttrString(v, "type"), Primary: AttrBool(v, "primary")})
	}
	for _, v := range AttrList(a, "roles") {
		out.Roles = append(out.Roles, scim.Role{Value: AttrString(v, "value"), Type: AttrString(v, "type"), Primary: AttrBool(v, "primary")})
	}
	for _, v := range AttrList(a, "x509Certificates") {
		out.X509certificates = append(out.X509certificates, scim.X509Certificate{Value: AttrString(v, "value"), Type: AttrString(v, "type"), Primary: AttrBool(v, "primary")})
	}
	if n := AttrMap(a, "name"); n != nil {
		out.Name = &scim.Name{Formatted: AttrString(n, "formatted"), FamilyName: AttrString(n, "familyName"), GivenName: AttrString(n, "givenName"),
			MiddleName: AttrString(n, "middleName"), HonorificPrefix: AttrString(n, "honorificPrefix"), HonorificSuffix: AttrString(n, "honorificSuffix")}
	}
	if e := AttrMap(a, EnterpriseUserSchema); e != nil {
		out.EnterpriseExtension = &scim.EnterpriseExtension{EmployeeNumber: AttrString(e, "employeeNumber"), CostCenter: AttrString(e, "costCenter"),
			Division: AttrString(e, "division"), Department: AttrString(e, "department"), Organization: AttrString(e, "organization")}
		if m := AttrMap(e, "manager"); m != nil {
			out.EnterpriseExtension.Manager = &scim.Manager{Value: AttrString(m, "value"), Ref: AttrString(m, "$ref"), DisplayName: AttrString(m, "displayName")}
		}
	}
	return out
}

// attr looks a SCIM attribute up by name, case-insensitively as RFC 7643
// requires.
func attr(m map[string]any, name string) (any, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

// AttrString returns a string attribute, or "".
func AttrString(m map[string]any, name string) string {
	v, _ := attr(m, name)
	s, _ := v.(string)
	return s
}

// AttrBool returns a boolean attribute, or false.
func AttrBool(m map[string]any, name string) bool {
	v, _ := attr(m, name)
	b, _ := v.(bool)
	return b
}

// AttrMap returns a complex attribute, or nil.
func AttrMap(m map[string]any, name string) map[string]any {
	v, _ := attr(m, name)
	c, _ := v.(map[string]any)
	return c
}

// AttrList returns the complex values of a multi-valued attribute.
func AttrList(m map[string]any, name string) []map[string]any {
	v, _ := attr(m, name)
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if c, ok := e.(map[string]any); ok {
			out = append(out, c)
		}
	}
	return out
}
