package state

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/search"
)

// UserSearchVocabulary is the error vocabulary of Search Users.
var UserSearchVocabulary = search.Vocabulary{
	Name:                    "user",
	MissingFilterName:       "user_search_missing_filter_name",
	FilterNameMustBeString:  "user_search_filter_name_must_be_string",
	FilterNameNotRecognized: "user_search_filter_name_not_recognized",
	MissingFilterValue:      "user_search_missing_filter_value",
	ExpectedStrings:         "user_search_expected_array_of_string",
	ExpectedString:          "user_search_expected_string",
	ExpectedBool:            "user_search_expected_bool",
	ExpectedObject:          "user_search_expected_object",
	InvalidLimit:            "user_search_invalid_limit",
	InvalidCursor:           "user_search_invalid_cursor",
	InvalidOperator:         "user_search_invalid_operator",
}

// UserSearchFilters are the filters of Search Users. The predicates run
// with p.Mu held.
func UserSearchFilters() map[string]search.FilterDef[*UserRecord] {
	strs := func(get func(u *users.User) []string, fold bool) search.FilterDef[*UserRecord] {
		return search.FilterDef[*UserRecord]{Kind: search.KindStrings, Match: func(v any) (func(*UserRecord) bool, *apierr.Error) {
			set := search.AnyOf(v, fold)
			return func(r *UserRecord) bool {
				return slices.ContainsFunc(get(&r.User), func(s string) bool {
					if fold {
						s = strings.ToLower(s)
					}
					return set[s]
				})
			}, nil
		}}
	}
	fuzzy := func(get func(u *users.User) []string) func(v any) (func(*UserRecord) bool, *apierr.Error) {
		return func(v any) (func(*UserRecord) bool, *apierr.Error) {
			needle := search.Fuzzy(v)
			return func(r *UserRecord) bool {
				return slices.ContainsFunc(get(&r.User), func(s string) bool { return search.ContainsFold(s, needle) })
			}, nil
		}
	}
	boolean := func(get func(u *users.User) bool) search.FilterDef[*UserRecord] {
		return search.FilterDef[*UserRecord]{Kind: search.KindBool, Match: func(v any) (func(*UserRecord) bool, *apierr.Error) {
			want := v.(bool)
			return func(r *UserRecord) bool { return get(&r.User) == want }, nil
		}}
	}
	created := func(cmp func(t, bound time.Time) bool) search.FilterDef[*UserRecord] {
		return search.FilterDef[*UserRecord]{Kind: search.KindString, Match: func(v any) (func(*UserRecord) bool, *apierr.Error) {
			bound, err := time.Parse(time.RFC3339, v.(string))
			if err != nil {
				return nil, apierr.BadRequest("user_search_expected_timestamp", "%q is not an RFC 3339 timestamp.", apierr.Excerpt(v.(string), 64))
			}
			return func(r *UserRecord) bool { return r.User.CreatedAt != nil && cmp(*r.User.CreatedAt, bound) }, nil
		}}
	}
	emails := func(u *users.User) []string {
		out := make([]string, len(u.Emails))
		for i, e := range u.Emails {
			out[i] = e.Email
		}
		return out
	}
	phones := func(u *users.User) []string {
		out := make([]string, len(u.PhoneNumbers))
		for i, ph := range u.PhoneNumbers {
			out[i] = ph.PhoneNumber
		}
		return out
	}
	return map[string]search.FilterDef[*UserRecord]{
		"user_id": {Kind: search.KindStrings, Match: func(v any) (func(*UserRecord) bool, *apierr.Error) {
			set := search.AnyOf(v, false)
			return func(r *UserRecord) bool {
				return set[r.User.UserID] || r.User.ExternalID != "" && set[r.User.ExternalID]
			}, nil
		}},
		"email_address":       strs(emails, true),
		"email_address_fuzzy": {Kind: search.KindFuzzy, TooShort: "user_search_email_address_fuzzy_too_short", Match: fuzzy(emails)},
		"email_domain": strs(func(u *users.User) []string {
			out := emails(u)
			for i, e := range out {
				out[i] = EmailDomain(e)
			}
			return out
		}, true),
		"email_verified": boolean(func(u *users.User) bool {
			return slices.ContainsFunc(u.Emails, func(e users.Email) bool { return e.Verified })
		}),
		"phone_number":       strs(phones, false),
		"phone_number_fuzzy": {Kind: search.KindFuzzy, TooShort: "user_search_phone_number_fuzzy_too_short", Match: fuzzy(phones)},
		"phone_verified": boolean(func(u *users.User) bool {
			return slices.ContainsFunc(u.PhoneNumbers, func(e users.PhoneNumber) bool { return e.Verified })
		}),
		"full_name_fuzzy": {Kind: search.KindFuzzy, TooShort: "user_search_full_name_fuzzy_too_short", Match: fuzzy(func(u *users.User) []string {
			if u.Name == nil {
				return nil
			}
			return []string{strings.Join(strings.Fields(u.Name.FirstName+" "+u.Name.MiddleName+" "+u.Name.LastName), " ")}
		})},
		"status": {Kind: search.KindString, Match: func(v any) (func(*UserRecord) bool, *apierr.Error) {
			s := strings.ToLower(v.(string))
			if s != users.StatusActive && s != users.StatusPending {
				return nil, apierr.BadRequest("user_search_invalid_status_filter", "%q is not a user status; use active or pending.", apierr.Excerpt(s, 64))
			}
			return func(r *UserRecord) bool { return r.User.Status == s }, nil
		}},
		"password_exists": boolean(func(u *users.User) bool { return u.Password != nil }),
		"totp_verified": boolean(func(u *users.User) bool {
			return slices.ContainsFunc(u.TOTPs, func(t users.TOTP) bool { return t.Verified })
		}),
		"oauth_provider": strs(func(u *users.User) []string {
			out := make([]string, len(u.Providers))
			for i, o := range u.Providers {
				out[i] = o.ProviderType
			}
			return out
		}, true),
		"created_at_greater_than": created(func(t, b time.Time) bool { return t.After(b) }),
		"created_at_less_than":    created(func(t, b time.Time) bool { return t.Before(b) }),
		"created_at_between": {Kind: search.KindRaw, Match: func(v any) (func(*UserRecord) bool, *apierr.Error) {
			var between struct {
				GreaterThan string `json:"greater_than"`
				LessThan    string `json:"less_than"`
			}
			if json.Unmarshal(v.(json.RawMessage), &between) != nil {
				return nil, apierr.BadRequest("user_search_expected_object", "created_at_between takes an object with greater_than and less_than.")
			}
			lo, err1 := time.Parse(time.RFC3339, between.GreaterThan)
			hi, err2 := time.Parse(time.RFC3339, between.LessThan)
			if err1 != nil {
				return nil, apierr.BadRequest("user_search_missing_greater_than", "created_at_between.greater_than must be an RFC 3339 timestamp.")
			}
			if err2 != nil {
				return nil, apierr.BadRequest("user_search_missing_less_than", "created_at_between.less_than must be an RFC 3339 timestamp.")
			}
			return func(r *UserRecord) bool {
				return r.User.CreatedAt != nil && r.User.CreatedAt.After(lo) && r.User.CreatedAt.Before(hi)
			}, nil
		}},
	}
}

// UserSearchNarrowers find the candidates of the exact-match filters
// through the indexes. Callers hold p.Mu.
func (p *Project) UserSearchNarrowers() map[string]search.NarrowFunc[*UserRecord] {
	via := func(index map[string]string, fold bool) search.NarrowFunc[*UserRecord] {
		return func(v any) ([]*UserRecord, bool) {
			var out []*UserRecord
			for _, s := range v.([]string) {
				if fold {
					s = strings.ToLower(s)
				}
				if r := p.Users.ByID[index[s]]; r != nil {
					out = append(out, r)
				}
			}
			return out, true
		}
	}
	return map[string]search.NarrowFunc[*UserRecord]{
		"email_address": via(p.Users.Emails, true),
		"phone_number":  via(p.Users.Phones, false),
	}
}
