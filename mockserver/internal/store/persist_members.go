package store

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// memberSnapshot is one member in the "members" section: the stored member
// (without the derived roles and is_admin) and the internal fields its
// indexes and flows need.
type memberSnapshot struct {
	Seq           uint64               `json:"seq"`
	Member        organizations.Member `json:"member"`
	EmailID       string               `json:"email_id"`
	ExplicitRoles []string             `json:"explicit_roles"`
	EmailUpdate   *emailUpdateSnapshot `json:"pending_email_update,omitempty"`
}

// emailUpdateSnapshot is a pending email update; the token is stored only
// as its hash.
type emailUpdateSnapshot struct {
	EmailAddress     string    `json:"email_address"`
	DeliveryMethod   string    `json:"delivery_method"`
	TokenHash        string    `json:"token_hash"`
	LoginRedirectURL string    `json:"login_redirect_url,omitempty"`
	LoginTemplateID  string    `json:"login_template_id,omitempty"`
	Locale           string    `json:"locale,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
	ExpiresAt        time.Time `json:"expires_at"`
}

// saveMembers lists every member, deleted ones included, in creation order.
// Callers hold p.mu.
func saveMembers(p *state.Project, _ SnapshotOptions) (any, error) {
	out := make([]memberSnapshot, 0, len(p.Members))
	for _, r := range p.Members {
		m := state.CloneMember(r.Member)
		m.Roles, m.IsAdmin = nil, false // derived on every read
		s := memberSnapshot{Seq: r.Seq, Member: m, EmailID: r.EmailID, ExplicitRoles: slices.Clone(r.ExplicitRoles)}
		if s.ExplicitRoles == nil {
			s.ExplicitRoles = []string{}
		}
		if u := r.EmailUpdate; u != nil {
			s.EmailUpdate = &emailUpdateSnapshot{u.EmailAddress, u.DeliveryMethod, u.TokenHash, u.LoginRedirectURL, u.LoginTemplateID, u.Locale, u.CreatedAt, u.ExpiresAt}
		}
		out = append(out, s)
	}
	sortBySeq(out, func(m memberSnapshot) uint64 { return m.Seq })
	return out, nil
}

// loadMembers rebuilds the members and their per-organization indexes with
// insertMember, in creation order. Organizations are loaded first.
func loadMembers(dst *state.Project, raw json.RawMessage) error {
	var list []memberSnapshot
	if err := wire.Decode(raw, &list, true, false); err != nil {
		return SnapErr("members", "%v", err)
	}
	sortBySeq(list, func(m memberSnapshot) uint64 { return m.Seq })
	for i, s := range list {
		m := s.Member
		at := func(f string) string { return "members[" + itoa(i) + "]." + f }
		switch {
		case m.MemberID == "":
			return SnapErr(at("member.member_id"), "is required")
		case dst.Members[m.MemberID] != nil:
			return SnapErr(at("member.member_id"), "duplicates %q", m.MemberID)
		case dst.Orgs[m.OrganizationID] == nil:
			return SnapErr(at("member.organization_id"), "names no organization of the snapshot (%q)", m.OrganizationID)
		case m.EmailAddress == "":
			return SnapErr(at("member.email_address"), "is required")
		case s.Seq == 0:
			return SnapErr(at("seq"), "must be positive")
		}
		switch m.Status {
		case organizations.StatusActive, organizations.StatusPending, organizations.StatusInvited, organizations.StatusDeleted:
		default:
			return SnapErr(at("member.status"), "must be active, pending, invited or deleted, not %q", m.Status)
		}
		r := &state.MemberRecord{Member: state.CloneMember(m), Seq: s.Seq, EmailID: s.EmailID, ExplicitRoles: slices.Clone(s.ExplicitRoles)}
		r.Member.Roles, r.Member.IsAdmin = nil, false
		if r.Member.RetiredEmailAddresses == nil {
			r.Member.RetiredEmailAddresses = []organizations.RetiredEmail{}
		}
		if u := s.EmailUpdate; u != nil {
			r.EmailUpdate = &state.PendingEmailUpdate{EmailAddress: u.EmailAddress, DeliveryMethod: u.DeliveryMethod, TokenHash: u.TokenHash, LoginRedirectURL: u.LoginRedirectURL, LoginTemplateID: u.LoginTemplateID, Locale: u.Locale, CreatedAt: u.CreatedAt, ExpiresAt: u.ExpiresAt}
		}
		if m.Status != organizations.StatusDeleted {
			set := dst.MemberSet(m.OrganizationID)
			key := state.EmailKey(m.EmailAddress)
			if set.EmailHolder(key, nil) != nil {
				return SnapErr(at("member.email_address"), "%q is already used in organization %q", m.EmailAddress, m.OrganizationID)
			}
			for _, re := range m.RetiredEmailAddresses {
				if set.EmailHolder(state.EmailKey(re.EmailAddress), nil) != nil {
					return SnapErr(at("member.retired_email_addresses"), "%q is already used in organization %q", re.EmailAddress, m.OrganizationID)
				}
			}
			if m.ExternalID != "" && set.ByExtID[m.ExternalID] != nil {
				return SnapErr(at("member.external_id"), "%q is already used in organization %q", m.ExternalID, m.OrganizationID)
			}
		}
		dst.InsertMember(r)
		dst.Seq = max(dst.Seq, s.Seq)
	}
	return nil
}
