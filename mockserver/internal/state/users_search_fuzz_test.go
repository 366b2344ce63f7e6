package state_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/consumer/users"

	"github.com/stytchkit/stytch-go/mockserver/internal/search"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// FuzzUserSearchQuery feeds arbitrary bodies to the user-search decoder:
// it must answer a compiled search or a 400 with a user_search or request
// error type, never panic, and a compiled search must run.
func FuzzUserSearchQuery(f *testing.F) {
	for _, seed := range []string{
		`{}`,
		`{"query":{"operator":"AND","operands":[{"filter_name":"email_address","filter_value":["a@b.co"]}]}}`,
		`{"query":{"operator":"OR","operands":[{"filter_name":"status","filter_value":"active"},{"filter_name":"full_name_fuzzy","filter_value":"ada"}]}}`,
		`{"query":{"operator":"AND","operands":[{"filter_name":"created_at_between","filter_value":{"greater_than":"2020-01-01T00:00:00Z","less_than":"2030-01-01T00:00:00Z"}}]}}`,
		`{"limit":2,"cursor":"djE6Mw"}`,
		`{"query":{"operator":"XOR","operands":[{}]}}`,
		`{"query":[1,2]}`,
	} {
		f.Add([]byte(seed))
	}
	p := state.NewProject("project-test-fuzz", "test", "secret")
	p.SetVertical(state.VerticalConsumer)
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, e := range []string{"ann@a.com", "bob@b.com"} {
		r := &state.UserRecord{Seq: p.NextSeq()}
		r.User.UserID = "user-test-" + e
		r.User.CreatedAt = &now
		r.User.Status = []string{"active", "pending"}[i]
		r.User.Emails = append(r.User.Emails, users.Email{EmailID: "email-test-" + e, Email: e, Verified: i == 0})
		p.PutUser(r)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var b search.SearchBody
		if json.Unmarshal(body, &b) != nil {
			return
		}
		cs, err := search.CompileIndexedSearch(&b, state.UserSearchVocabulary, state.UserSearchFilters(), p.UserSearchNarrowers())
		if err != nil {
			if err.Status != 400 || err.Type == "" {
				t.Fatalf("error %d %q", err.Status, err.Type)
			}
			return
		}
		page, total, _ := cs.Page(p.UsersInOrder(), func(r *state.UserRecord) uint64 { return r.Seq })
		if len(page) > total || total > 2 {
			t.Fatalf("page %d of %d", len(page), total)
		}
	})
}
