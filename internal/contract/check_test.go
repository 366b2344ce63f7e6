package contract

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// The checkers must report differences, or the contract tests prove nothing.
func TestCheckersReportDifferences(t *testing.T) {
	c := load(t)
	metrics, _ := c.Endpoint("organizations.metrics")
	problems := c.CheckStruct("metrics", reflect.TypeOf(organizations.GetResponse{}), metrics.Response, true)
	joined := strings.Join(problems, "\n")
	for _, want := range []string{`"member_count" is missing`, `Go field "organization" is not in the contract`} {
		if !strings.Contains(joined, want) {
			t.Errorf("CheckStruct did not report %s; got:\n%s", want, joined)
		}
	}
	type badOrg struct {
		OrganizationID int `json:"organization_id"`
	}
	type badResp struct {
		RequestID    string `json:"request_id,omitempty"`
		Organization badOrg `json:"organization"`
		StatusCode   int32  `json:"status_code"`
	}
	get, _ := c.Endpoint("organizations.get")
	joined = strings.Join(c.CheckStruct("get", reflect.TypeOf(badResp{}), get.Response, true), "\n")
	for _, want := range []string{"request_id: required in the contract but tagged omitempty", "organization_id: contract type string, Go type int", `"organization_name" is missing`} {
		if !strings.Contains(joined, want) {
			t.Errorf("CheckStruct did not report %q; got:\n%s", want, joined)
		}
	}
	live := map[string]any{"request_id": "r", "status_code": 200.0, "organization": map[string]any{"organization_id": 5.0}}
	joined = strings.Join(c.CheckJSON("get", live, get.Response), "\n")
	for _, want := range []string{"organization_id: want JSON string", `"organization_name" is missing`} {
		if !strings.Contains(joined, want) {
			t.Errorf("CheckJSON did not report %q; got:\n%s", want, joined)
		}
	}
}
