package debug_test

import (
	"context"
	"testing"

	"github.com/stytchkit/stytch-go/consumer/debug"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func TestWhoami(t *testing.T) {
	ts := mockserver.Start(t)
	got, err := debug.NewClient(ts.Client.Core()).Whoami(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.ProjectID != ts.ProjectID || got.Name == "" || got.RequestID == "" || got.StatusCode != 200 {
		t.Fatalf("whoami %+v", got)
	}
	// Each project's credentials name that project.
	creds, other := ts.NewProject(t, mockserver.EnvTest)
	if got, err := debug.NewClient(other.Core()).Whoami(context.Background(), &debug.WhoamiParams{}); err != nil || got.ProjectID != creds.ProjectID {
		t.Fatalf("other project: %+v %v", got, err)
	}
	core, err := stytchapi.NewClient(ts.ProjectID, "secret-test-wrong", stytchapi.WithBaseURL(ts.URL))
	if err != nil {
		t.Fatal(err)
	}
	_, err = debug.NewClient(core).Whoami(context.Background(), nil)
	apitest.WantError(t, err, 401, "unauthorized_credentials")
}
