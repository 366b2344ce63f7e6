package dashboard

import (
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// contactRow is one email address or phone number of a user.
type contactRow struct {
	Value    string
	Verified bool
}

// userRow summarises a consumer user: contact details, status and live
// sessions. Metadata, password details, session tokens and JWTs are never
// shown.
type userRow struct {
	ID, Name, Status, ExternalID string
	Emails, Phones               []contactRow
	Sessions                     int
	CreatedAt                    *time.Time
}

// userRows lists a consumer project's users, oldest first, and how many
// were left out. Callers hold p.Mu.
func userRows(p *state.Project, now time.Time) ([]userRow, int) {
	all := p.UsersInOrder()
	live := map[string]int{}
	for _, s := range p.Users.Sessions {
		if now.Before(s.ExpiresAt) {
			live[s.MemberID]++
		}
	}
	var rows []userRow
	for i, r := range all {
		if i == dashboardMaxRows {
			return rows, len(all) - i
		}
		u := &r.User
		row := userRow{ID: u.UserID, Status: u.Status, ExternalID: u.ExternalID, Sessions: live[u.UserID], CreatedAt: state.CloneTime(u.CreatedAt)}
		if u.Name != nil {
			row.Name = strings.Join(strings.Fields(u.Name.FirstName+" "+u.Name.MiddleName+" "+u.Name.LastName), " ")
		}
		for _, e := range u.Emails {
			row.Emails = append(row.Emails, contactRow{Value: e.Email, Verified: e.Verified})
		}
		for _, ph := range u.PhoneNumbers {
			row.Phones = append(row.Phones, contactRow{Value: ph.PhoneNumber, Verified: ph.Verified})
		}
		rows = append(rows, row)
	}
	return rows, 0
}
