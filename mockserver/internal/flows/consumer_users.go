package flows

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// maxNamePartLen bounds each part of a user's name.
const maxNamePartLen = 256

// UserProfileBody is what Create and Update User may set.
type UserProfileBody struct {
	Name              *users.Name     `json:"name"`
	TrustedMetadata   json.RawMessage `json:"trusted_metadata"`
	UntrustedMetadata json.RawMessage `json:"untrusted_metadata"`
	ExternalID        *string         `json:"external_id"`
	Roles             *[]string       `json:"roles"`
}

// UserCreateBody is the body of Create User.
type UserCreateBody struct {
	UserProfileBody
	Email               string `json:"email"`
	PhoneNumber         string `json:"phone_number"`
	CreateUserAsPending bool   `json:"create_user_as_pending"`
}

// NewUserRecord returns a new user (not stored) with a fresh ID and the
// next creation sequence. Callers hold p.Mu for writing.
func NewUserRecord(p *state.Project, status string, now time.Time) *state.UserRecord {
	t := now
	return &state.UserRecord{Seq: p.NextSeq(), User: users.User{
		UserID: ids.NewID("user", p.Env), Status: status, CreatedAt: &t, Roles: []string{state.RoleUser},
	}}
}

// AddUserEmail adds an email address to r (a record not stored yet) and
// returns its email ID. An address another user holds is duplicate_email.
// Callers hold p.Mu.
func AddUserEmail(p *state.Project, r *state.UserRecord, email string, verified bool) (string, *apierr.Error) {
	if err := CheckEmail("email", email); err != nil {
		return "", err
	}
	if other := p.UserByEmail(email); other != nil && other.User.UserID != r.User.UserID {
		return "", apierr.BadRequest("duplicate_email", "Another user already has the email address %q.", email)
	}
	for i, e := range r.User.Emails {
		if strings.EqualFold(e.Email, email) {
			r.User.Emails[i].Verified = r.User.Emails[i].Verified || verified
			return e.EmailID, nil
		}
	}
	id := ids.NewID("email", p.Env)
	r.User.Emails = append(r.User.Emails, users.Email{EmailID: id, Email: email, Verified: verified})
	return id, nil
}

// AddUserPhone adds a phone number to r and returns its phone ID.
func AddUserPhone(p *state.Project, r *state.UserRecord, phone string, verified bool) (string, *apierr.Error) {
	if !state.E164.MatchString(phone) {
		return "", apierr.BadRequest("invalid_phone_number", "phone_number %q is not an E.164 phone number such as +12025550123.", apierr.Excerpt(phone, 32))
	}
	if other := p.UserByPhone(phone); other != nil && other.User.UserID != r.User.UserID {
		return "", apierr.BadRequest("duplicate_phone_number", "Another user already has the phone number %q.", phone)
	}
	for _, ph := range r.User.PhoneNumbers {
		if ph.PhoneNumber == phone {
			return ph.PhoneID, nil
		}
	}
	id := ids.NewID("phone-number", p.Env)
	r.User.PhoneNumbers = append(r.User.PhoneNumbers, users.PhoneNumber{PhoneID: id, PhoneNumber: phone, Verified: verified})
	return id, nil
}

// ApplyUserProfile validates the profile fields of b and sets them on next
// (a copy of the stored user, or a new one). Nothing is stored. Callers
// hold p.Mu.
func ApplyUserProfile(p *state.Project, next *state.UserRecord, b *UserProfileBody) *apierr.Error {
	u := &next.User
	if b.Name != nil {
		for _, part := range []string{b.Name.FirstName, b.Name.MiddleName, b.Name.LastName} {
			if len([]rune(part)) > maxNamePartLen {
				return apierr.BadRequest("invalid_request_value", "Each part of name may be at most %d characters.", maxNamePartLen)
			}
		}
		n := *b.Name
		if u.Name != nil { // unset parts are kept
			n.FirstName = cmpOr(n.FirstName, u.Name.FirstName)
			n.MiddleName = cmpOr(n.MiddleName, u.Name.MiddleName)
			n.LastName = cmpOr(n.LastName, u.Name.LastName)
		}
		u.Name = &n
	}
	var err *apierr.Error
	if b.TrustedMetadata != nil {
		if u.TrustedMetadata, err = MergeMetadata("trusted_metadata", u.TrustedMetadata, b.TrustedMetadata); err != nil {
			return err
		}
	}
	if b.UntrustedMetadata != nil {
		if u.UntrustedMetadata, err = MergeMetadata("untrusted_metadata", u.UntrustedMetadata, b.UntrustedMetadata); err != nil {
			return err
		}
	}
	if b.ExternalID != nil && *b.ExternalID != "" {
		id := *b.ExternalID
		if err := CheckExternalID("external_id", id, "invalid_user_id"); err != nil {
			return err
		}
		if owner, taken := p.Users.ExtIDs[id]; taken && owner != u.UserID {
			return apierr.BadRequest("duplicate_user_external_id", "Another user already has the external ID %q.", id)
		}
		u.ExternalID = id
	}
	if b.Roles != nil {
		roles := []string{state.RoleUser}
		for _, r := range *b.Roles {
			if strings.TrimSpace(r) == "" || len(r) > maxExternalIDLen {
				return apierr.BadRequest("invalid_request_value", "roles must be non-empty role IDs of at most %d characters.", maxExternalIDLen)
			}
			if !slices.Contains(roles, r) {
				roles = append(roles, r)
			}
		}
		u.Roles = roles
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// CreateUser validates a Create User body and returns the new user with
// its email and phone IDs, not stored. Callers hold p.Mu for writing.
func CreateUser(p *state.Project, b *UserCreateBody, now time.Time) (r *state.UserRecord, emailID, phoneID string, err *apierr.Error) {
	p.InitUsers()
	status := users.StatusActive
	if b.CreateUserAsPending {
		status = users.StatusPending
	}
	r = NewUserRecord(p, status, now)
	if b.Email != "" {
		if emailID, err = AddUserEmail(p, r, strings.TrimSpace(b.Email), false); err != nil {
			return nil, "", "", err
		}
	}
	if b.PhoneNumber != "" {
		if phoneID, err = AddUserPhone(p, r, b.PhoneNumber, false); err != nil {
			return nil, "", "", err
		}
	}
	if err = ApplyUserProfile(p, r, &b.UserProfileBody); err != nil {
		return nil, "", "", err
	}
	return r, emailID, phoneID, nil
}

// ExchangePrimaryFactor replaces every email address and phone number of a
// copy of r with the one given (verified) and returns the copy. Callers
// hold p.Mu.
func ExchangePrimaryFactor(p *state.Project, r *state.UserRecord, email, phone string) (*state.UserRecord, *apierr.Error) {
	if (email == "") == (phone == "") {
		return nil, apierr.BadRequest("invalid_exchange_primary_factor_user", "Pass exactly one of email_address and phone_number.")
	}
	next := state.CloneUser(r)
	next.User.Emails, next.User.PhoneNumbers = nil, nil
	var err *apierr.Error
	if email != "" {
		_, err = AddUserEmail(p, next, strings.TrimSpace(email), true)
	} else {
		_, err = AddUserPhone(p, next, phone, true)
	}
	if err != nil {
		return nil, err
	}
	return next, nil
}

// ActivateUser marks a user's email verified and a pending user active.
func ActivateUser(r *state.UserRecord, emailID string) {
	for i := range r.User.Emails {
		if r.User.Emails[i].EmailID == emailID {
			r.User.Emails[i].Verified = true
		}
	}
	if r.User.Status == users.StatusPending {
		r.User.Status = users.StatusActive
	}
}

// ProjectRolesGranting returns the roles of a consumer session that grant
// action on resource under the project's RBAC policy. Callers hold p.Mu.
func ProjectRolesGranting(p *state.Project, roles []string, resource, action string) []string {
	return grantingRoles(p, nil, roles, resource, action)
}
