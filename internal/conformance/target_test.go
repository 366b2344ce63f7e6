package conformance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/config"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/internal/contract"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

// target is what a flow runs against: a client and, for the in-process
// mock, the mock (nil against a real Stytch project).
type target struct {
	client *b2b.Client
	mock   *mockserver.TestServer
}

// realCredentials reports whether the environment names a real project.
func realCredentials() bool {
	return os.Getenv(config.EnvProjectID) != "" || os.Getenv(config.EnvSecret) != ""
}

// newTarget returns the client of the environment's project
// (STYTCH_PROJECT_ID, STYTCH_SECRET, STYTCH_BASE_URL), or an in-process
// stytch-mock with a fresh TEST project when none is given.
func newTarget(t *testing.T) *target {
	t.Helper()
	if !realCredentials() {
		ts := mockserver.Start(t)
		return &target{client: ts.Client, mock: ts}
	}
	c, err := b2b.NewClientFromEnv()
	if err != nil {
		t.Fatalf("conformance: %v (set both %s and %s, and %s when not using Stytch's own URL)", err, config.EnvProjectID, config.EnvSecret, config.EnvBaseURL)
	}
	return &target{client: c}
}

// wrongSecret returns a client of the same project with a wrong secret.
func (tg *target) wrongSecret(t *testing.T) *b2b.Client {
	t.Helper()
	if tg.mock != nil {
		return tg.mock.NewClient(t, mockserver.Credentials{ProjectID: tg.mock.ProjectID, Secret: "secret-test-wrong"})
	}
	cfg, err := config.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	var opts []stytchapi.Option
	if cfg.BaseURL != "" {
		opts = append(opts, stytchapi.WithBaseURL(cfg.BaseURL))
	}
	c, err := b2b.NewClient(cfg.ProjectID, "secret-test-wrong-"+unique("x"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// needsMock skips a flow that needs the mock's outbox or clock when the
// target is a real Stytch project.
func (tg *target) needsMock(t *testing.T, what string) {
	t.Helper()
	if tg.mock == nil {
		t.Skipf("skipped against real Stytch: this flow needs stytch-mock's %s, which a real project does not expose", what)
	}
}

// unique returns a name unlikely to collide with anything in a real
// project, so that flows can run there repeatedly.
func unique(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + "-" + hex.EncodeToString(b[:])
}

// wantError checks that err is a Stytch error of the given status and type
// in Stytch's error shape (request_id, error_message and an error_url naming
// the type), with an error_type Stytch publishes.
func wantError(t *testing.T, err error, status int, errorType stytchapi.ErrorType) {
	t.Helper()
	e := apitest.WantError(t, err, status, errorType)
	reg, lerr := contract.LoadErrorTypes("../../testdata/contract")
	if lerr != nil {
		t.Fatal(lerr)
	}
	if !reg[string(e.ErrorType)] {
		t.Errorf("error_type %q is not in Stytch's published registry", e.ErrorType)
	}
}

// TestTarget says what the suite runs against, and skips the real-Stytch
// check with a clear message when no credentials are given.
func TestTarget(t *testing.T) {
	if !realCredentials() {
		t.Skipf("no %s/%s: the conformance flows ran against an in-process stytch-mock only; set them (and %s if needed) to a Stytch TEST project to check the SDK and the mock against the live API",
			config.EnvProjectID, config.EnvSecret, config.EnvBaseURL)
	}
	cfg, err := config.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Env() != config.EnvTest {
		t.Fatalf("the conformance suite creates and deletes organizations: point it at a TEST project, not %v", cfg.Env())
	}
	base := cfg.BaseURL
	if base == "" {
		base = cfg.Env().BaseURL()
	}
	t.Logf("conformance flows ran against %s", base)
}
