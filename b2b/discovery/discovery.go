// Package discovery holds the types shared by Stytch's discovery flows, in
// which a person signs in with an email address before choosing an
// organization: the organizations that address may enter
// (DiscoveredOrganization) and how (Membership). The discovery endpoints
// themselves live in the sub-packages organizations and intermediatesessions,
// and in magiclinks/discovery.
package discovery

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// Membership types of a DiscoveredOrganization.
const (
	MembershipActiveMember                = "active_member"
	MembershipPendingMember               = "pending_member"
	MembershipInvitedMember               = "invited_member"
	MembershipEligibleToJoinByEmailDomain = "eligible_to_join_by_email_domain"
	MembershipEligibleToJoinByOAuthTenant = "eligible_to_join_by_oauth_tenant"
)

// DiscoveredOrganization is an organization the authenticated email address
// may enter, with what entering it would still need: MemberAuthenticated
// is true when it needs nothing more, PrimaryRequired when the organization
// wants another primary factor, MFARequired when it wants MFA.
type DiscoveredOrganization struct {
	MemberAuthenticated bool                        `json:"member_authenticated"`
	Organization        *organizations.Organization `json:"organization,omitempty"`
	Membership          *Membership                 `json:"membership,omitempty"`
	PrimaryRequired     *sessions.PrimaryRequired   `json:"primary_required,omitempty"`
	MFARequired         *sessions.MFARequired       `json:"mfa_required,omitempty"`
}

// Membership says how an email address relates to a discovered
// organization. Type is one of the Membership... constants; Member is nil
// for the "eligible" types, which have no member yet; Details carries what
// made the address eligible (such as the matching "domain").
type Membership struct {
	Type    string                `json:"type"`
	Details map[string]any        `json:"details,omitempty"`
	Member  *organizations.Member `json:"member,omitempty"`
}
