package contract

import (
	"fmt"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver"
)

// alwaysSent lists, per object, the fields Stytch sends in every response
// even when empty, with the empty value's JSON kind ("object", "string",
// "null-or-object", "null-or-string"). An object is recognized by the
// fields in its key.
var alwaysSent = []struct {
	name   string
	key    []string
	fields map[string]string
}{
	{"Organization", []string{"organization_id", "organization_name"}, map[string]string{
		"organization_external_id": "string", "sso_default_connection_id": "string",
		"scim_active_connection": "null-or-object", "allowed_oauth_tenants": "object", "trusted_metadata": "object",
	}},
	{"Member", []string{"member_id", "email_address", "status"}, map[string]string{
		"external_id": "string", "scim_registration": "null-or-object", "lock_created_at": "null-or-string",
		"lock_expires_at": "null-or-string", "trusted_metadata": "object", "untrusted_metadata": "object",
	}},
	{"MemberSession", []string{"member_session_id", "member_id"}, map[string]string{"custom_claims": "object"}},
	{"ResultsMetadata", []string{"total"}, map[string]string{"next_cursor": "string"}},
}

// checkAlwaysSent walks a live JSON answer and reports every object of a
// kind in alwaysSent that lacks one of its fields or sends the wrong kind
// of empty value. It returns how many objects it checked.
func checkAlwaysSent(where string, v any, problems *[]string) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		for _, kind := range alwaysSent {
			match := true
			for _, k := range kind.key {
				if _, ok := v[k]; !ok {
					match = false
				}
			}
			if !match {
				continue
			}
			n++
			for f, want := range kind.fields {
				got, ok := v[f]
				if !ok {
					*problems = append(*problems, fmt.Sprintf("%s (%s): field %q is missing", where, kind.name, f))
					continue
				}
				if !jsonKind(got, want) {
					*problems = append(*problems, fmt.Sprintf("%s (%s): field %q is %#v, want %s", where, kind.name, f, got, want))
				}
			}
		}
		for k, e := range v {
			n += checkAlwaysSent(where+"."+k, e, problems)
		}
	case []any:
		for i, e := range v {
			n += checkAlwaysSent(fmt.Sprintf("%s[%d]", where, i), e, problems)
		}
	}
	return n
}

func jsonKind(v any, want string) bool {
	_, isObj := v.(map[string]any)
	_, isStr := v.(string)
	switch want {
	case "object":
		return isObj
	case "string":
		return isStr
	case "null-or-object":
		return v == nil || isObj
	case "null-or-string":
		return v == nil || isStr
	}
	return false
}

// TestMockResponsesCarryEveryFieldStytchSends runs the live checks again
// and checks the fields Stytch always sends, which the contract marks
// optional, in every object of every answer.
func TestMockResponsesCarryEveryFieldStytchSends(t *testing.T) {
	checked := 0
	for _, lc := range liveChecks {
		t.Run(lc.name, func(t *testing.T) {
			var problems []string
			checked += checkAlwaysSent(lc.name, lc.run(t, mockserver.Start(t)), &problems)
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
	if checked < 20 {
		t.Errorf("only %d objects checked; the live checks no longer return organizations, members and sessions", checked)
	}
}

func TestCheckAlwaysSentReports(t *testing.T) {
	var problems []string
	n := checkAlwaysSent("x", map[string]any{"organization": map[string]any{"organization_id": "o", "organization_name": "n",
		"trusted_metadata": nil, "organization_external_id": "", "sso_default_connection_id": "", "scim_active_connection": nil}}, &problems)
	if n != 1 || len(problems) != 2 {
		t.Errorf("checked %d, problems %v; want 1 object with trusted_metadata null and allowed_oauth_tenants missing", n, problems)
	}
}
