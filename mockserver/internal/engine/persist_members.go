package engine

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
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

func init() {
	registerSnapshotSection(snapshotSection{name: "members", order: 20, save: saveMembers, load: loadMembers})
}

// saveMembers lists every member, deleted ones included, in creation order.
// Callers hold p.mu.
func saveMembers(p *project, _ snapshotOptions) (any, error) {
	out := make([]memberSnapshot, 0, len(p.members))
	for _, r := range p.members {
		m := cloneMember(r.m)
		m.Roles, m.IsAdmin = nil, false // derived on every read
		s := memberSnapshot{Seq: r.seq, Member: m, EmailID: r.emailID, ExplicitRoles: slices.Clone(r.explicitRoles)}
		if s.ExplicitRoles == nil {
			s.ExplicitRoles = []string{}
		}
		if u := r.emailUpdate; u != nil {
			s.EmailUpdate = &emailUpdateSnapshot{u.EmailAddress, u.DeliveryMethod, u.TokenHash, u.LoginRedirectURL, u.LoginTemplateID, u.Locale, u.CreatedAt, u.ExpiresAt}
		}
		out = append(out, s)
	}
	sortBySeq(out, func(m memberSnapshot) uint64 { return m.Seq })
	return out, nil
}

// loadMembers rebuilds the members and their per-organization indexes with
// insertMember, in creation order. Organizations are loaded first.
func loadMembers(dst *project, raw json.RawMessage) error {
	var list []memberSnapshot
	if err := decodeStrict(raw, &list); err != nil {
		return snapErr("members", "%v", err)
	}
	sortBySeq(list, func(m memberSnapshot) uint64 { return m.Seq })
	for i, s := range list {
		m := s.Member
		at := func(f string) string { return "members[" + itoa(i) + "]." + f }
		switch {
		case m.MemberID == "":
			return snapErr(at("member.member_id"), "is required")
		case dst.members[m.MemberID] != nil:
			return snapErr(at("member.member_id"), "duplicates %q", m.MemberID)
		case dst.orgs[m.OrganizationID] == nil:
			return snapErr(at("member.organization_id"), "names no organization of the snapshot (%q)", m.OrganizationID)
		case m.EmailAddress == "":
			return snapErr(at("member.email_address"), "is required")
		case s.Seq == 0:
			return snapErr(at("seq"), "must be positive")
		}
		switch m.Status {
		case organizations.StatusActive, organizations.StatusPending, organizations.StatusInvited, organizations.StatusDeleted:
		default:
			return snapErr(at("member.status"), "must be active, pending, invited or deleted, not %q", m.Status)
		}
		r := &memberRecord{m: cloneMember(m), seq: s.Seq, emailID: s.EmailID, explicitRoles: slices.Clone(s.ExplicitRoles)}
		r.m.Roles, r.m.IsAdmin = nil, false
		if r.m.RetiredEmailAddresses == nil {
			r.m.RetiredEmailAddresses = []organizations.RetiredEmail{}
		}
		if u := s.EmailUpdate; u != nil {
			r.emailUpdate = &pendingEmailUpdate{u.EmailAddress, u.DeliveryMethod, u.TokenHash, u.LoginRedirectURL, u.LoginTemplateID, u.Locale, u.CreatedAt, u.ExpiresAt}
		}
		if m.Status != organizations.StatusDeleted {
			set := dst.memberSet(m.OrganizationID)
			key := emailKey(m.EmailAddress)
			if set.emailHolder(key, nil) != nil {
				return snapErr(at("member.email_address"), "%q is already used in organization %q", m.EmailAddress, m.OrganizationID)
			}
			for _, re := range m.RetiredEmailAddresses {
				if set.emailHolder(emailKey(re.EmailAddress), nil) != nil {
					return snapErr(at("member.retired_email_addresses"), "%q is already used in organization %q", re.EmailAddress, m.OrganizationID)
				}
			}
			if m.ExternalID != "" && set.byExtID[m.ExternalID] != nil {
				return snapErr(at("member.external_id"), "%q is already used in organization %q", m.ExternalID, m.OrganizationID)
			}
		}
		dst.insertMember(r)
		dst.seq = max(dst.seq, s.Seq)
	}
	return nil
}
