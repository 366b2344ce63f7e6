package mockserver_test

import (
	"testing"

	"github.com/stytchkit/stytch-go/mockserver"
)

// FuzzParseConfig checks that ParseConfig never panics and that what it
// accepts applies cleanly to a fresh server.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(validYAML))
	f.Add([]byte(`{"projects":[{"project_id":"project-test-x","secret":"s"}]}`))
	f.Add([]byte("listen: [\n"))
	f.Add([]byte("projects:\n  - project_id: project-live-y\n    secret: s\n    ip_allowlist: [::1]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := mockserver.ParseConfig(data)
		if err != nil {
			return
		}
		if err := c.Apply(mockserver.New(mockserver.Options{})); err != nil {
			t.Fatalf("accepted config does not apply: %v", err)
		}
	})
}
