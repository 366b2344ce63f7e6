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
	return rawWith(t, ts.Client.Core(), r)
}

// rawWith calls the API through core and returns the undecoded answer.
func rawWith(t *testing.T, core *stytchapi.Client, r stytchapi.Request) map[string]any {
	t.Helper()
	out, err := stytchapi.Do[map[string]any](context.Background(), core, r)
	if err != nil {
		t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	return *out
}

func TestSDKTypesMatchContract(t *testing.T) {
	checkSDKTypes(t, load(t), sdkEndpoints)
}

// checkSDKTypes compares each registered endpoint's params and response
// types with the contract.
func checkSDKTypes(t *testing.T, c *Contract, list []sdkEndpoint) {
	for _, e := range list {
		t.Run(e.name, func(t *testing.T) {
			ep, ok := c.Endpoint(e.name)
			if !ok {
				t.Fatalf("no endpoint %q in the contract", e.name)
			}
			// A nil params type is a request the SDK builds as a form
			// (the M2M token endpoint): only its response is typed.
			if e.params != nil {
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
			}
			for _, p := range c.CheckStruct(e.name+" response", reflect.TypeOf(e.response), ep.Response, true) {
				t.Error(p)
			}
		})
	}
}

func TestMockResponsesMatchContract(t *testing.T) {
	checkLive(t, load(t), liveChecks, mockserver.Start)
}

// checkLive runs each live check against a fresh mock from start and
// checks the raw answer against the contract.
func checkLive(t *testing.T, c *Contract, list []liveCheck, start func(testing.TB) *mockserver.TestServer) {
	for _, lc := range list {
		t.Run(lc.name, func(t *testing.T) {
			ep, ok := c.Endpoint(lc.name)
			if !ok {
				t.Fatalf("no endpoint %q in the contract", lc.name)
			}
			ts := start(t)
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
	coverage(t, load(t), "B2B", sdkEndpoints, liveChecks)
}

// coverage logs, per area and per endpoint, which endpoints of c have a
// typed SDK method checked against the contract and a live mock response
// checked too, and fails on registered names the contract does not have.
func coverage(t *testing.T, c *Contract, label string, sdk []sdkEndpoint, checks []liveCheck) {
	have := map[string]bool{}
	for _, e := range sdk {
		have[e.name] = true
	}
	live := map[string]bool{}
	for _, l := range checks {
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
	t.Logf("%s endpoints implemented: %d/%d (✓ typed SDK method checked against the contract, ✓✓ also a live mock response checked)\n%s\n%s",
		label, total, len(c.Endpoints), sum.String(), strings.Join(lines, "\n"))
	for name := range have {
		if _, ok := c.Endpoint(name); !ok {
			t.Errorf("registered endpoint %q is not in the contract", name)
		}
	}
}
