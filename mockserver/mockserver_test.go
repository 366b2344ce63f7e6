package mockserver_test

import (
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver"
)

func TestPublicHelpers(t *testing.T) {
	ts := mockserver.Start(t)
	if _, ok := ts.Outbox().Last("nobody@example.com"); ok {
		t.Fatal("empty outbox has a message")
	}
	if len(ts.Outbox().All()) != 0 {
		t.Fatal("outbox not empty")
	}
	err := ts.SetRedirectURLs(ts.ProjectID, []mockserver.RedirectURL{{URL: "https://*.acme.com", Types: []string{"login"}, DefaultFor: []string{"login"}}})
	if err == nil {
		t.Fatal("a wildcard default was accepted")
	}
	if err := ts.SetRedirectURLs(ts.ProjectID, []mockserver.RedirectURL{{URL: "https://app.acme.com", Types: []string{"login"}}}); err != nil {
		t.Fatal(err)
	}
	if err := ts.SetRedirectURLs("project-test-missing", nil); err == nil {
		t.Fatal("unknown project accepted")
	}
	before := ts.Clock().Now()
	ts.Clock().Advance(time.Hour)
	if ts.Clock().Now().Sub(before) < time.Hour {
		t.Fatal("clock did not move")
	}
	creds, other := ts.NewProject(t, mockserver.EnvLive)
	if creds.Environment != "live" || other == nil {
		t.Fatalf("live project %+v", creds)
	}
	if ts.Server.Clock(creds.ProjectID).Offset() != 0 {
		t.Fatal("the new project's clock moved with the first one")
	}
	if err := ts.AddProject(mockserver.Credentials{ProjectID: "project-live-fixed", Secret: "s"}); err != nil {
		t.Fatal(err)
	}
	if err := ts.AddProject(mockserver.Credentials{ProjectID: "project-live-fixed", Secret: "s"}); err == nil {
		t.Fatal("duplicate project accepted")
	}
	if err := ts.AddProject(mockserver.Credentials{ProjectID: "project-test-nosecret"}); err == nil {
		t.Fatal("project without secret accepted")
	}
}
