package main

import (
	"bytes"
	"context"
	"go/parser"
	"go/token"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver"
)

// TestRunPrintsURLs runs the command as `go run` does, until its context ends.
func TestRunPrintsURLs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, nil, func(string) string { return "" }, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"example app:    http://127.0.0.1:", "Stytch mock:    http://127.0.0.1:", "#outbox"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestMockURL points the app at a running mock: with a project's
// credentials, and without (it creates a project there).
func TestMockURL(t *testing.T) {
	ts := mockserver.Start(t)
	for name, o := range map[string]options{
		"credentials": {mockURL: ts.URL, projectID: ts.ProjectID, secret: ts.Secret, publicToken: ts.PublicToken},
		"new project": {mockURL: ts.URL + "/"},
	} {
		t.Run(name, func(t *testing.T) {
			o.addr = "127.0.0.1:0"
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			st, err := start(ctx, o, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer st.close()
			go func() { _ = st.serve(ctx) }()
			if o.projectID != "" && st.mock.projectID != o.projectID {
				t.Errorf("project %s, want %s", st.mock.projectID, o.projectID)
			}
			if st.mock.publicToken == "" || o.publicToken != "" && st.mock.publicToken != o.publicToken {
				t.Errorf("public token %q, want %q (or the new project's)", st.mock.publicToken, o.publicToken)
			}
			resp, err := http.PostForm(st.appURL+"/login", url.Values{"email": {"ada@acme.test"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("POST /login: %s", resp.Status)
			}
			msg, ok := ts.Server.Outbox(st.mock.projectID).Last("ada@acme.test")
			if !ok || !strings.HasPrefix(msg.Link, st.appURL+"/authenticate?") {
				t.Errorf("the discovery email %+v does not link to the app", msg)
			}
		})
	}
}

// TestPublicSDKOnly keeps the app honest as an example: its code imports the
// public SDK, and the mock only in mock.go, for set-up.
func TestPublicSDKOnly(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			const module = "github.com/stytchkit/stytch-go/"
			rest, ours := strings.CutPrefix(path, module)
			switch {
			case !ours:
			case rest == "mockserver" && name == "mock.go":
			case rest == "b2b", rest == "stytchapi", strings.HasPrefix(rest, "b2b/"):
			default:
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
