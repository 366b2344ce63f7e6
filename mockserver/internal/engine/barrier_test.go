package engine

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// slowCommitStore is a Store whose commits wait, while hold is set, until
// the test releases them: it stands for a disk that is slow to fsync.
type slowCommitStore struct {
	mu      sync.Mutex
	hold    bool
	begun   chan struct{} // receives when a held commit starts waiting
	release chan struct{} // closed to let held commits finish
}

func (s *slowCommitStore) CheckID(string) error          { return nil }
func (s *slowCommitStore) Save(*state.Project) error     { return nil }
func (s *slowCommitStore) List() ([]store.Stored, error) { return nil, nil }
func (s *slowCommitStore) Delete(string) error           { return nil }
func (s *slowCommitStore) holdCommits(hold bool)         { s.mu.Lock(); s.hold = hold; s.mu.Unlock() }
func (s *slowCommitStore) Begin(*state.Project) (func() error, error) {
	s.mu.Lock()
	hold := s.hold
	s.mu.Unlock()
	if !hold {
		return func() error { return nil }, nil
	}
	return func() error {
		s.begun <- struct{}{}
		<-s.release
		return nil
	}, nil
}

// sendRequest sends one request and returns its status and body.
func sendRequest(h http.Handler, creds Credentials, method, path, body string) (int, string) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.SetBasicAuth(creds.ProjectID, creds.Secret)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

// A read never answers with a change whose commit has not finished: with a
// data directory, a change is visible only once it is durable.
func TestReadsWaitForTheCommitOfWhatTheySee(t *testing.T) {
	e, creds := testProject(t)
	s := &slowCommitStore{begun: make(chan struct{}, 1), release: make(chan struct{})}
	if _, err := e.UseStore(s); err != nil {
		t.Fatal(err)
	}
	status, body := sendRequest(e, creds, http.MethodPost, "/v1/b2b/organizations", `{"organization_name":"Old","organization_slug":"acme"}`)
	if status != http.StatusOK {
		t.Fatalf("create: %d %s", status, body)
	}
	orgID := body[strings.Index(body, `"organization_id":"`)+len(`"organization_id":"`):]
	orgID = orgID[:strings.IndexByte(orgID, '"')]

	s.holdCommits(true)
	wrote := make(chan int, 1)
	go func() {
		status, _ := sendRequest(e, creds, http.MethodPut, "/v1/b2b/organizations/"+orgID, `{"organization_name":"New"}`)
		wrote <- status
	}()
	<-s.begun // the update is applied in memory; its commit waits

	type answer struct {
		status int
		body   string
	}
	read := make(chan answer, 1)
	go func() {
		status, body := sendRequest(e, creds, http.MethodGet, "/v1/b2b/organizations/"+orgID, "")
		read <- answer{status, body}
	}()
	select {
	case a := <-read:
		t.Fatalf("the read answered before the update it may see was committed: %d %s", a.status, a.body)
	case <-time.After(200 * time.Millisecond):
	}

	close(s.release)
	if status := <-wrote; status != http.StatusOK {
		t.Fatalf("update: %d", status)
	}
	a := <-read
	if a.status != http.StatusOK || !strings.Contains(a.body, `"organization_name":"New"`) {
		t.Fatalf("read after the commit: %d %s", a.status, a.body)
	}
}
