package state

import (
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
)

// Verticals of a project: which half of the API its /v1/ routes serve.
// Project-level routes (M2M, debug, project) serve both.
const (
	VerticalB2B      = "b2b"
	VerticalConsumer = "consumer"
)

// RoleUser is the role every consumer user has.
const RoleUser = "stytch_user"

// UserRecord is a user of a consumer project. User is the API's view of it;
// Seq orders users for search cursors.
type UserRecord struct {
	Seq  uint64
	User users.User
}

// UserState holds a consumer project's users, their indexes, sessions and
// magic links. Callers hold p.Mu; it is created on first use.
type UserState struct {
	ByID   map[string]*UserRecord
	Emails map[string]string // lower-cased email -> user ID
	Phones map[string]string // phone number -> user ID
	ExtIDs map[string]string // external ID -> user ID
	// Owners maps the ID of every factor (email_id, phone_id, totp_id, ...)
	// to its user.
	Owners map[string]string
	// Sessions are user sessions; a SessionRecord's MemberID holds the user
	// ID and its OrgID is empty. SessionTokens indexes them by token hash.
	Sessions      map[string]*SessionRecord
	SessionTokens map[string]string
	// Links are the magic links of users, by token hash.
	Links map[string]*UserLinkRecord
}

// Kinds of user magic links. Login, signup and invite links are also the
// outbox template names.
const (
	UserLinkLogin    = "login"
	UserLinkSignup   = "signup"
	UserLinkInvite   = "invite"
	UserLinkEmbedded = "embedded"
)

// UserLinkRecord is one magic link of a user (emailed or embeddable). The
// token is never stored: the record is indexed by its hash.
type UserLinkRecord struct {
	Kind          string
	UserID        string
	EmailID       string // "" for embeddable links
	PKCEChallenge string
	ExpiresAt     time.Time
	Used          bool
}

// InitUsers creates the user state on first use. Callers hold p.Mu for
// writing (or the project is not shared yet).
func (p *Project) InitUsers() *UserState {
	u := &p.Users
	if u.ByID == nil {
		u.ByID = map[string]*UserRecord{}
		u.Emails = map[string]string{}
		u.Phones = map[string]string{}
		u.ExtIDs = map[string]string{}
		u.Owners = map[string]string{}
		u.Sessions = map[string]*SessionRecord{}
		u.SessionTokens = map[string]string{}
		u.Links = map[string]*UserLinkRecord{}
	}
	return u
}

// UserNotFound is the error for an unknown user.
func UserNotFound(id string) *apierr.Error {
	return apierr.NotFound("user_not_found", "User %q was not found.", id)
}

// FindUser resolves a user ID or external ID. Callers hold p.Mu.
func (p *Project) FindUser(ref string) (*UserRecord, *apierr.Error) {
	u := &p.Users
	if r := u.ByID[ref]; r != nil {
		return r, nil
	}
	if id, ok := u.ExtIDs[ref]; ok && ref != "" {
		return u.ByID[id], nil
	}
	return nil, UserNotFound(ref)
}

// UserByEmail returns the user holding an email address, or nil. Callers
// hold p.Mu.
func (p *Project) UserByEmail(email string) *UserRecord {
	if id, ok := p.Users.Emails[strings.ToLower(email)]; ok {
		return p.Users.ByID[id]
	}
	return nil
}

// UserByPhone returns the user holding a phone number, or nil.
func (p *Project) UserByPhone(phone string) *UserRecord {
	if id, ok := p.Users.Phones[phone]; ok {
		return p.Users.ByID[id]
	}
	return nil
}

// FactorOwner returns the user owning a factor ID, or nil.
func (p *Project) FactorOwner(factorID string) *UserRecord {
	if id, ok := p.Users.Owners[factorID]; ok {
		return p.Users.ByID[id]
	}
	return nil
}

// factorIDs lists every factor ID of a user.
func factorIDs(u *users.User) []string {
	var out []string
	for _, e := range u.Emails {
		out = append(out, e.EmailID)
	}
	for _, ph := range u.PhoneNumbers {
		out = append(out, ph.PhoneID)
	}
	for _, w := range u.WebAuthnRegistrations {
		out = append(out, w.WebAuthnRegistrationID)
	}
	for _, b := range u.BiometricRegistrations {
		out = append(out, b.BiometricRegistrationID)
	}
	for _, t := range u.TOTPs {
		out = append(out, t.TOTPID)
	}
	for _, c := range u.CryptoWallets {
		out = append(out, c.CryptoWalletID)
	}
	for _, o := range u.Providers {
		out = append(out, o.OAuthUserRegistrationID)
	}
	if u.Password != nil {
		out = append(out, u.Password.PasswordID)
	}
	return out
}

// PutUser stores r (new or replacing the record with its ID) and re-indexes
// it. Callers have checked that its emails, phone numbers and external ID
// are free, and hold p.Mu for writing.
func (p *Project) PutUser(r *UserRecord) {
	u := p.InitUsers()
	if old := u.ByID[r.User.UserID]; old != nil {
		p.unindexUser(old)
	}
	u.ByID[r.User.UserID] = r
	for _, e := range r.User.Emails {
		u.Emails[strings.ToLower(e.Email)] = r.User.UserID
	}
	for _, ph := range r.User.PhoneNumbers {
		u.Phones[ph.PhoneNumber] = r.User.UserID
	}
	if r.User.ExternalID != "" {
		u.ExtIDs[r.User.ExternalID] = r.User.UserID
	}
	for _, id := range factorIDs(&r.User) {
		u.Owners[id] = r.User.UserID
	}
}

func (p *Project) unindexUser(r *UserRecord) {
	u := &p.Users
	for _, e := range r.User.Emails {
		delete(u.Emails, strings.ToLower(e.Email))
	}
	for _, ph := range r.User.PhoneNumbers {
		delete(u.Phones, ph.PhoneNumber)
	}
	if r.User.ExternalID != "" {
		delete(u.ExtIDs, r.User.ExternalID)
	}
	for _, id := range factorIDs(&r.User) {
		delete(u.Owners, id)
	}
}

// DeleteUser removes a user with its sessions and magic links. Callers
// hold p.Mu for writing.
func (p *Project) DeleteUser(r *UserRecord) {
	u := p.InitUsers()
	p.unindexUser(r)
	delete(u.ByID, r.User.UserID)
	for _, s := range u.Sessions {
		if s.MemberID == r.User.UserID {
			p.DropUserSession(s)
		}
	}
	for h, l := range u.Links {
		if l.UserID == r.User.UserID {
			delete(u.Links, h)
		}
	}
}

// CloneUser deep-copies a user record, for a validate-then-apply change.
func CloneUser(r *UserRecord) *UserRecord {
	return &UserRecord{Seq: r.Seq, User: UserView(r)}
}

// UserView is the API's view of a user: a deep copy with every list
// present.
func UserView(r *UserRecord) users.User {
	v := JsonClone(r.User)
	v.TrustedMetadata = DeepCopyJSON(r.User.TrustedMetadata)
	v.UntrustedMetadata = DeepCopyJSON(r.User.UntrustedMetadata)
	if v.Emails == nil {
		v.Emails = []users.Email{}
	}
	if v.PhoneNumbers == nil {
		v.PhoneNumbers = []users.PhoneNumber{}
	}
	if v.WebAuthnRegistrations == nil {
		v.WebAuthnRegistrations = []users.WebAuthnRegistration{}
	}
	if v.Providers == nil {
		v.Providers = []users.OAuthProvider{}
	}
	if v.TOTPs == nil {
		v.TOTPs = []users.TOTP{}
	}
	if v.CryptoWallets == nil {
		v.CryptoWallets = []users.CryptoWallet{}
	}
	if v.BiometricRegistrations == nil {
		v.BiometricRegistrations = []users.BiometricRegistration{}
	}
	if v.Roles == nil {
		v.Roles = []string{RoleUser}
	}
	return v
}

// UsersInOrder returns the users in creation order. Callers hold p.Mu.
func (p *Project) UsersInOrder() []*UserRecord {
	out := make([]*UserRecord, 0, len(p.Users.ByID))
	for _, r := range p.Users.ByID {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *UserRecord) int {
		switch {
		case a.Seq < b.Seq:
			return -1
		case a.Seq > b.Seq:
			return 1
		}
		return 0
	})
	return out
}

// RemoveUserFactor removes the factor factorID from a copy of r and returns
// the copy, or nil when r has no such factor.
func RemoveUserFactor(r *UserRecord, factorID string) *UserRecord {
	next := CloneUser(r)
	u := &next.User
	n := len(factorIDs(u))
	u.Emails = slices.DeleteFunc(u.Emails, func(e users.Email) bool { return e.EmailID == factorID })
	u.PhoneNumbers = slices.DeleteFunc(u.PhoneNumbers, func(e users.PhoneNumber) bool { return e.PhoneID == factorID })
	u.WebAuthnRegistrations = slices.DeleteFunc(u.WebAuthnRegistrations, func(e users.WebAuthnRegistration) bool { return e.WebAuthnRegistrationID == factorID })
	u.BiometricRegistrations = slices.DeleteFunc(u.BiometricRegistrations, func(e users.BiometricRegistration) bool { return e.BiometricRegistrationID == factorID })
	u.TOTPs = slices.DeleteFunc(u.TOTPs, func(e users.TOTP) bool { return e.TOTPID == factorID })
	u.CryptoWallets = slices.DeleteFunc(u.CryptoWallets, func(e users.CryptoWallet) bool { return e.CryptoWalletID == factorID })
	u.Providers = slices.DeleteFunc(u.Providers, func(e users.OAuthProvider) bool { return e.OAuthUserRegistrationID == factorID })
	if u.Password != nil && u.Password.PasswordID == factorID {
		u.Password = nil
	}
	if len(factorIDs(u)) == n {
		return nil
	}
	return next
}

// Redirect URL types of the consumer API.
var consumerRedirectTypes = []string{"login", "signup", "invite", "reset_password"}

// SetVertical makes a new project a B2B or consumer project. A consumer
// TEST project's default redirect URL is registered for the consumer
// types. Callers own the project (it is not shared yet).
func (p *Project) SetVertical(v string) {
	p.Vertical = v
	if v == VerticalConsumer && p.Env == "test" {
		p.RedirectURLs = []RedirectURL{{URL: DefaultTestRedirectURL, Types: slices.Clone(consumerRedirectTypes), DefaultFor: slices.Clone(consumerRedirectTypes)}}
	}
}

// The API's user types, for packages that must not import the SDK (the
// store).
type (
	User              = users.User
	UserEmail         = users.Email
	UserPhoneNumber   = users.PhoneNumber
	UserName          = users.Name
	UserTOTP          = users.TOTP
	UserWebAuthn      = users.WebAuthnRegistration
	UserBiometric     = users.BiometricRegistration
	UserCryptoWallet  = users.CryptoWallet
	UserOAuthProvider = users.OAuthProvider
	UserPassword      = users.Password
)

// User statuses.
const (
	UserActive  = users.StatusActive
	UserPending = users.StatusPending
)
