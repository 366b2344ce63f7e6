// Package discovery is the client for Stytch's discovery flows, in which a
// person signs in with an email address before choosing an organization:
// listing and creating organizations (Client.Organizations) and exchanging
// an intermediate session into a member session (Client.IntermediateSessions).
// It also holds the types those flows share: the organizations an address may
// enter (DiscoveredOrganization) and how (Membership).
//
// Types of a sub-client carry its field path as a prefix:
// client.Discovery.Organizations.List takes OrganizationsListParams.
package discovery

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
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

// Client groups the discovery endpoints that follow a discovery
// authentication. Get one from b2b.Client.Discovery.
type Client struct {
	// Organizations lists the organizations an email address may enter and
	// creates new ones (self-onboarding).
	Organizations *OrganizationsClient
	// IntermediateSessions exchanges an intermediate session into a member
	// session of a chosen organization.
	IntermediateSessions *IntermediateSessionsClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{Organizations: newOrganizationsClient(c), IntermediateSessions: newIntermediateSessionsClient(c)}
}
