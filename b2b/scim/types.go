// Package scim holds the SCIM types of the Stytch B2B API.
package scim

import "time"

// Address is the SCIM object of that name, as Stytch returns it.
type Address struct {
	Formatted     string `json:"formatted"`
	StreetAddress string `json:"street_address"`
	Locality      string `json:"locality"`
	Region        string `json:"region"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	Type          string `json:"type"`
	Primary       bool   `json:"primary"`
}

// Email is the SCIM object of that name, as Stytch returns it.
type Email struct {
	Value   string `json:"value"`
	Type    string `json:"type"`
	Primary bool   `json:"primary"`
}

// EnterpriseExtension is the SCIM object of that name, as Stytch returns it.
type EnterpriseExtension struct {
	EmployeeNumber string   `json:"employee_number"`
	CostCenter     string   `json:"cost_center"`
	Division       string   `json:"division"`
	Department     string   `json:"department"`
	Organization   string   `json:"organization"`
	Manager        *Manager `json:"manager,omitempty"`
}

// Entitlement is the SCIM object of that name, as Stytch returns it.
type Entitlement struct {
	Value   string `json:"value"`
	Type    string `json:"type"`
	Primary bool   `json:"primary"`
}

// Group is the SCIM object of that name, as Stytch returns it.
type Group struct {
	Value   string `json:"value"`
	Display string `json:"display"`
}

// IMs is the SCIM object of that name, as Stytch returns it.
type IMs struct {
	Value   string `json:"value"`
	Type    string `json:"type"`
	Primary bool   `json:"primary"`
}

// Manager is the SCIM object of that name, as Stytch returns it.
type Manager struct {
	Value       string `json:"value"`
	Ref         string `json:"ref"`
	DisplayName string `json:"display_name"`
}

// Name is the SCIM object of that name, as Stytch returns it.
type Name struct {
	Formatted       string `json:"formatted"`
	FamilyName      string `json:"family_name"`
	GivenName       string `json:"given_name"`
	MiddleName      string `json:"middle_name"`
	HonorificPrefix string `json:"honorific_prefix"`
	HonorificSuffix string `json:"honorific_suffix"`
}

// PhoneNumber is the SCIM object of that name, as Stytch returns it.
type PhoneNumber struct {
	Value   string `json:"value"`
	Type    string `json:"type"`
	Primary bool   `json:"primary"`
}

// Photo is the SCIM object of that name, as Stytch returns it.
type Photo struct {
	Value   string `json:"value"`
	Type    string `json:"type"`
	Primary bool   `json:"primary"`
}

// Role is the SCIM object of that name, as Stytch returns it.
type Role struct {
	Value   string `json:"value"`
	Type    string `json:"type"`
	Primary bool   `json:"primary"`
}

// X509Certificate is the SCIM object of that name, as Stytch returns it.
type X509Certificate struct {
	Value   string `json:"value"`
	Type    string `json:"type"`
	Primary bool   `json:"primary"`
}

// SCIMAttributes is the SCIM object of that name, as Stytch returns it.
type SCIMAttributes struct {
	UserName            string               `json:"user_name"`
	ID                  string               `json:"id"`
	ExternalID          string               `json:"external_id"`
	Active              bool                 `json:"active"`
	Groups              []Group              `json:"groups"`
	DisplayName         string               `json:"display_name"`
	NickName            string               `json:"nick_name"`
	ProfileURL          string               `json:"profile_url"`
	UserType            string               `json:"user_type"`
	Title               string               `json:"title"`
	PreferredLanguage   string               `json:"preferred_language"`
	Locale              string               `json:"locale"`
	Timezone            string               `json:"timezone"`
	Emails              []Email              `json:"emails"`
	PhoneNumbers        []PhoneNumber        `json:"phone_numbers"`
	Addresses           []Address            `json:"addresses"`
	Ims                 []IMs                `json:"ims"`
	Photos              []Photo              `json:"photos"`
	Entitlements        []Entitlement        `json:"entitlements"`
	Roles               []Role               `json:"roles"`
	X509certificates    []X509Certificate    `json:"x509certificates"`
	Name                *Name                `json:"name,omitempty"`
	EnterpriseExtension *EnterpriseExtension `json:"enterprise_extension,omitempty"`
}

// SCIMConnection is the SCIM object of that name, as Stytch returns it.
type SCIMConnection struct {
	OrganizationID                   string                             `json:"organization_id"`
	ConnectionID                     string                             `json:"connection_id"`
	Status                           string                             `json:"status"`
	DisplayName                      string                             `json:"display_name"`
	IdentityProvider                 string                             `json:"identity_provider"`
	BaseURL                          string                             `json:"base_url"`
	BearerTokenLastFour              string                             `json:"bearer_token_last_four"`
	SCIMGroupImplicitRoleAssignments []SCIMGroupImplicitRoleAssignments `json:"scim_group_implicit_role_assignments"`
	NextBearerTokenLastFour          string                             `json:"next_bearer_token_last_four"`
	BearerTokenExpiresAt             *time.Time                         `json:"bearer_token_expires_at,omitempty"`
	NextBearerTokenExpiresAt         *time.Time                         `json:"next_bearer_token_expires_at,omitempty"`
}

// SCIMConnectionWithNextToken is the SCIM object of that name, as Stytch returns it.
type SCIMConnectionWithNextToken struct {
	OrganizationID                   string                             `json:"organization_id"`
	ConnectionID                     string                             `json:"connection_id"`
	Status                           string                             `json:"status"`
	DisplayName                      string                             `json:"display_name"`
	BaseURL                          string                             `json:"base_url"`
	IdentityProvider                 string                             `json:"identity_provider"`
	BearerTokenLastFour              string                             `json:"bearer_token_last_four"`
	NextBearerToken                  string                             `json:"next_bearer_token"`
	SCIMGroupImplicitRoleAssignments []SCIMGroupImplicitRoleAssignments `json:"scim_group_implicit_role_assignments"`
	BearerTokenExpiresAt             *time.Time                         `json:"bearer_token_expires_at,omitempty"`
	NextBearerTokenExpiresAt         *time.Time                         `json:"next_bearer_token_expires_at,omitempty"`
}

// SCIMConnectionWithToken is the SCIM object of that name, as Stytch returns it.
type SCIMConnectionWithToken struct {
	OrganizationID                   string                             `json:"organization_id"`
	ConnectionID                     string                             `json:"connection_id"`
	Status                           string                             `json:"status"`
	DisplayName                      string                             `json:"display_name"`
	IdentityProvider                 string                             `json:"identity_provider"`
	BaseURL                          string                             `json:"base_url"`
	BearerToken                      string                             `json:"bearer_token"`
	SCIMGroupImplicitRoleAssignments []SCIMGroupImplicitRoleAssignments `json:"scim_group_implicit_role_assignments"`
	BearerTokenExpiresAt             *time.Time                         `json:"bearer_token_expires_at,omitempty"`
}

// SCIMGroup is the SCIM object of that name, as Stytch returns it.
type SCIMGroup struct {
	GroupID        string `json:"group_id"`
	GroupName      string `json:"group_name"`
	OrganizationID string `json:"organization_id"`
	ConnectionID   string `json:"connection_id"`
}

// SCIMGroupImplicitRoleAssignments is the SCIM object of that name, as Stytch returns it.
type SCIMGroupImplicitRoleAssignments struct {
	RoleID    string `json:"role_id"`
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name"`
}
