package flows

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/passwd"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// PasswordWork is the slow password hashing of one request (bcrypt at the
// project's cost, or a migrated hash's own work), done before the handler
// takes the project's write lock, so that no project lock is held while it
// runs and reads of the project never wait for it. Under the write lock the
// handler passes it to CheckPassword, LoginSucceeded and HashNewPassword,
// which re-check the state it was computed from: a hash that was replaced,
// or a cost that changed, in between is computed again. A nil *PasswordWork
// is valid and does all the work under the lock.
type PasswordWork struct {
	checked  *passwd.StoredHash // the stored hash the password was checked against
	ok       bool               // whether it matched
	dummy    bool               // no credential existed: a dummy check ran
	upgrade  *passwd.StoredHash // bcrypt of the password, for a migrated hash that matched
	cost     int                // the bcrypt cost of upgrade and newHash
	newPass  string
	newHash  *passwd.StoredHash
	newEmail string
}

// PrepareLogin checks password against the stored hash of the member that
// find returns (nil: none), outside the project's locks: find runs under
// p.Mu's read lock and must only read.
func PrepareLogin(p *state.Project, find func(p *state.Project) *state.MemberRecord, password string) *PasswordWork {
	p.Mu.RLock()
	h := storedHash(p, find(p))
	cost := p.PasswordPolicy().BcryptCost
	p.Mu.RUnlock()
	w := &PasswordWork{checked: h, cost: cost}
	if h == nil {
		passwd.DummyVerify(password, cost)
		w.dummy = true
		return w
	}
	w.ok = h.Verify(password)
	if w.ok && h.Type != passwd.HashBcrypt {
		w.upgrade, _ = passwd.BcryptHash(password, cost)
	}
	return w
}

// PrepareNewPassword hashes a new password outside the project's locks
// and returns w (a fresh PasswordWork when w is nil) holding it.
func PrepareNewPassword(p *state.Project, w *PasswordWork, password string) *PasswordWork {
	p.Mu.RLock()
	cost := p.PasswordPolicy().BcryptCost
	p.Mu.RUnlock()
	if w == nil {
		w = &PasswordWork{}
	}
	if h, err := passwd.BcryptHash(password, cost); err == nil {
		w.newPass, w.newHash, w.cost = password, h, cost
	}
	return w
}

// verify reports whether password matches h, from the prepared check when
// it was made against h itself. Callers hold p.Mu.
func (w *PasswordWork) verify(h *passwd.StoredHash, password string) bool {
	if w != nil && w.checked == h && h != nil {
		return w.ok
	}
	return h.Verify(password)
}

// dummyDone reports whether the prepared work already spent a dummy check.
func (w *PasswordWork) dummyDone() bool { return w != nil && w.dummy }

// upgraded returns the bcrypt hash of password for a migrated hash h, from
// the prepared work when it matches h and cost.
func (w *PasswordWork) upgraded(h *passwd.StoredHash, password string, cost int) (*passwd.StoredHash, error) {
	if w != nil && w.checked == h && w.upgrade != nil && w.cost == cost {
		return w.upgrade, nil
	}
	return passwd.BcryptHash(password, cost)
}

// hashed returns the bcrypt hash of a new password at cost, from the
// prepared work when it hashed this password at this cost.
func (w *PasswordWork) hashed(password string, cost int) (*passwd.StoredHash, error) {
	if w != nil && w.newHash != nil && w.newPass == password && w.cost == cost {
		return w.newHash, nil
	}
	return passwd.BcryptHash(password, cost)
}

// storedHash is the live password hash of r, or nil, without changing
// anything (PasswordOf may initialise maps). Callers hold p.Mu, at least
// for reading.
func storedHash(p *state.Project, r *state.MemberRecord) *passwd.StoredHash {
	if r == nil || r.Member.Status == organizations.StatusDeleted || r.Member.MemberPasswordID == "" {
		return nil
	}
	c := p.Passwords.Creds[r.Member.MemberID]
	if c == nil || c.ID != r.Member.MemberPasswordID {
		return nil
	}
	return c.Hash
}

// FirstPasswordMember is the first membership of email with a password (the
// one a cross-organization login checks), read-only. Callers hold p.Mu,
// at least for reading.
func FirstPasswordMember(p *state.Project, email string) *state.MemberRecord {
	for _, r := range p.MembersByEmail(email) {
		if storedHash(p, r) != nil {
			return r
		}
	}
	return nil
}

// OrgMemberByEmail is the member of the organization ref (ID, slug or
// external ID) with the address, or nil, read-only. Callers hold p.Mu, at
// least for reading.
func OrgMemberByEmail(p *state.Project, ref, email string) *state.MemberRecord {
	org, err := p.FindOrg(ref)
	if err != nil || org == nil {
		return nil
	}
	if set := p.OrgMembers[org.Org.OrganizationID]; set != nil {
		return set.ByEmail[state.EmailKey(email)]
	}
	return nil
}
