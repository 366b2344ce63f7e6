package contract

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// sdkEndpoint pairs a contract endpoint with the SDK's params and response
// types. Each area registers its endpoints in its own file (areas_*_test.go).
type sdkEndpoint struct {
	name     string
	params   any // a zero value of the params struct
	response any // a zero value of the response struct
}

// liveCheck calls one endpoint of a fresh mock and returns the raw JSON
// answer, so that the mock's responses can be checked against the contract.
type liveCheck struct {
	name string
	run  func(t *testing.T, ts *mockserver.TestServer) map[string]any
}

var (
	sdkEndpoints []sdkEndpoint
	liveChecks   []liveCheck
)

func load(t *testing.T) *Contract {
	t.Helper()
	c, err := Load("../../testdata/contract", "b2b")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// raw calls the API through the SDK core and returns the undecoded answer.
func raw(t *testing.T, ts *mockserver.TestServer, r stytchapi.Request) map[string]any {
	t.Helper()
	out, err := stytchapi.Do[map[string]any](context.Background(), ts.Client.Core(), r)
	if err != nil {
		t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	return *out
}

func TestSDKTypesMatchContract(t *testing.T) {
	c := load(t)
	for _, e := range sdkEndpoints {
		t.Run(e.name, func(t *testing.T) {
			ep, ok := c.Endpoint(e.name)
			if !ok {
				t.Fatalf("no endpoint %q in the contract", e.name)
			}
			pt := reflect.TypeOf(e.params)
			for _, p := range c.CheckStruct(e.name+" request", pt, ep.Request, false) {
				t.Error(p)
			}
			hidden := 0
			for i := range pt.NumField() {
				if pt.Field(i).Tag.Get("json") == "-" {
					hidden++
				}
			}
			if want := len(ep.PathParams) + len(ep.QueryParams); hidden != want {
				t.Errorf("%s: %d path/query fields in %s, contract has %d", e.name, hidden, pt.Name(), want)
			}
			for _, p := range c.CheckStruct(e.name+" response", reflect.TypeOf(e.response), ep.Response, true) {
				t.Error(p)
			}
		})
	}
}

func TestMockResponsesMatchContract(t *testing.T) {
	c := load(t)
	for _, lc := range liveChecks {
		t.Run(lc.name, func(t *testing.T) {
			ep, ok := c.Endpoint(lc.name)
			if !ok {
				t.Fatalf("no endpoint %q in the contract", lc.name)
			}
			ts := mockserver.Start(t)
			for _, p := range c.CheckJSON(lc.name, lc.run(t, ts), ep.Response) {
				t.Error(p)
			}
		})
	}
}

// TestCoverage prints which B2B endpoints the SDK implements. Run it with
//
//	go test ./internal/contract -run Coverage -v
func TestCoverage(t *testing.T) {
	c := load(t)
	have := map[string]bool{}
	for _, e := range sdkEndpoints {
		have[e.name] = true
	}
	live := map[string]bool{}
	for _, l := range liveChecks {
		live[l.name] = true
	}
	byArea := map[string][2]int{}
	var lines []string
	for _, e := range c.Endpoints {
		n := byArea[e.Area]
		n[1]++
		mark := "  "
		if have[e.Name] {
			n[0]++
			mark = "✓ "
			if live[e.Name] {
				mark = "✓✓"
			}
		}
		byArea[e.Area] = n
		lines = append(lines, fmt.Sprintf("%s %-52s %-6s %s", mark, e.Name, e.Method, e.Path))
	}
	areas := make([]string, 0, len(byArea))
	for a := range byArea {
		areas = append(areas, a)
	}
	sort.Strings(areas)
	var sum strings.Builder
	total := 0
	for _, a := range areas {
		fmt.Fprintf(&sum, "  %-16s %2d/%2d\n", a, byArea[a][0], byArea[a][1])
		total += byArea[a][0]
	}
	t.Logf("B2B endpoints implemented: %d/%d (✓ typed SDK method checked against the contract, ✓✓ also a live mock response checked)\n%s\n%s",
		total, len(c.Endpoints), sum.String(), strings.Join(lines, "\n"))
	for name := range have {
		if _, ok := c.Endpoint(name); !ok {
			t.Errorf("registered endpoint %q is not in the contract", name)
		}
	}
}
