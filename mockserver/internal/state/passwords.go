package state

import (
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/passwd"
)

// passwordState is a project's password data. Callers hold p.mu.
type passwordState struct {
	// policy is the project's password policy; nil means the default.
	Policy *passwd.PasswordPolicy
	// creds are the members' passwords by member ID. A credential counts
	// only while the member's member_password_id names it (deleting the
	// password through the members API just clears that ID).
	Creds map[string]*PasswordCred
	// resets are the reset links by token hash.
	Resets map[string]*ResetRecord
}

func (s *passwordState) Init() {
	if s.Creds == nil {
		s.Creds = map[string]*PasswordCred{}
		s.Resets = map[string]*ResetRecord{}
	}
}

// PasswordCred is a member's password: its hash, the consecutive failed
// logins since the last success, and whether a reset is required.
type PasswordCred struct {
	ID           string
	Hash         *passwd.StoredHash
	Failures     int
	RequireReset bool
}

// ResetRecord is an emailed reset link; the token is kept only as its hash
// (the map key).
type ResetRecord struct {
	OrgID     string // "" for discovery resets
	MemberID  string // "" for discovery resets
	Email     string
	PKCE      string
	ExpiresAt time.Time
	Used      bool
}

// PasswordPolicy is the project's password policy: the one set through
// /mock/, or the default.
func (p *Project) PasswordPolicy() passwd.PasswordPolicy {
	if p.Passwords.Policy == nil {
		return passwd.DefaultPasswordPolicy()
	}
	return *p.Passwords.Policy
}

// PasswordOf returns the member's live password credential, or nil.
func (p *Project) PasswordOf(r *MemberRecord) *PasswordCred {
	p.Passwords.Init()
	if r == nil || r.Member.Status == organizations.StatusDeleted || r.Member.MemberPasswordID == "" {
		return nil
	}
	c := p.Passwords.Creds[r.Member.MemberID]
	if c == nil || c.ID != r.Member.MemberPasswordID {
		return nil
	}
	return c
}

// lockView clears an expired lock from a member view.
func lockView(m *organizations.Member, now time.Time) {
	if m.IsLocked && m.LockExpiresAt != nil && !now.Before(*m.LockExpiresAt) {
		m.IsLocked, m.LockCreatedAt, m.LockExpiresAt = false, nil, nil
	}
}

// passwordHolders are the members whose password a change to r's applies
// to: r alone, or with cross-org passwords every member with r's address.
func (p *Project) passwordHolders(r *MemberRecord) []*MemberRecord {
	if !p.PasswordPolicy().CrossOrgPasswords {
		return []*MemberRecord{r}
	}
	return p.MembersByEmail(r.Member.EmailAddress)
}

// MembersByEmail lists the non-deleted members with an address, in every
// organization, in creation order of their organizations.
func (p *Project) MembersByEmail(email string) []*MemberRecord {
	var out []*MemberRecord
	for _, id := range p.orgIDsInOrder() {
		if set := p.OrgMembers[id]; set != nil {
			if m := set.ByEmail[EmailKey(email)]; m != nil {
				out = append(out, m)
			}
		}
	}
	return out
}

func (p *Project) orgIDsInOrder() []string {
	orgs := make([]*OrgRecord, 0, len(p.Orgs))
	for _, o := range p.Orgs {
		orgs = append(orgs, o)
	}
	slices.SortFunc(orgs, func(a, b *OrgRecord) int { return int(a.Seq) - int(b.Seq) })
	ids := make([]string, len(orgs))
	for i, o := range orgs {
		ids[i] = o.Org.OrganizationID
	}
	return ids
}

// StorePassword sets the password of r (and, with cross-org passwords, of
// every member sharing its address): a fresh member_password_id, no
// failures, no lock, no required reset; verified marks the email verified.
// Callers hold p.mu for writing.
func (p *Project) StorePassword(r *MemberRecord, h *passwd.StoredHash, verified bool, now time.Time) {
	p.Passwords.Init()
	for _, m := range p.passwordHolders(r) {
		id := ids.NewID("member-password", p.Env)
		p.Passwords.Creds[m.Member.MemberID] = &PasswordCred{ID: id, Hash: h}
		next := CloneRecord(m)
		next.Member.MemberPasswordID = id
		next.Member.IsLocked, next.Member.LockCreatedAt, next.Member.LockExpiresAt = false, nil, nil
		if verified {
			next.Member.EmailAddressVerified = true
		}
		t := now
		next.Member.UpdatedAt = &t
		p.ReplaceMember(m, next)
	}
}

// MemberSessionIDs lists the IDs of a member's sessions.
func (p *Project) MemberSessionIDs(memberID string) []string {
	var ids []string
	for id, s := range p.Sessions.ByID {
		if s.MemberID == memberID {
			ids = append(ids, id)
		}
	}
	return ids
}

// DropSessions revokes the sessions with the given IDs, except keep.
func (p *Project) DropSessions(ids []string, keep string) {
	for _, id := range ids {
		if s := p.Sessions.ByID[id]; s != nil && id != keep {
			p.DropSession(s)
		}
	}
}
