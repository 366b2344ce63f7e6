package store

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// written counts the keys a save puts and deletes, by bucket.
type written struct {
	mu   sync.Mutex
	puts map[string]int
	dels map[string]int
}

func watchCommits(s *DBStore) *written {
	w := &written{}
	h := func(job *dbJob) error {
		w.mu.Lock()
		defer w.mu.Unlock()
		for b, l := range job.puts {
			w.puts[b] += len(l)
		}
		for b, l := range job.dels {
			w.dels[b] += len(l)
		}
		return nil
	}
	s.commitHook.Store(&h)
	w.reset()
	return w
}

func (w *written) reset() {
	w.mu.Lock()
	w.puts, w.dels = map[string]int{}, map[string]int{}
	w.mu.Unlock()
}

func (w *written) want(t *testing.T, what string, puts, dels map[string]int) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	if !equalCounts(w.puts, puts) || !equalCounts(w.dels, dels) {
		t.Fatalf("%s wrote %v and deleted %v; want %v and %v", what, w.puts, w.dels, puts, dels)
	}
	w.puts, w.dels = map[string]int{}, map[string]int{}
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if v != 0 && b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// sessionsOf is the sessions section of a project's snapshot.
func sessionsOf(t *testing.T, p *state.Project) []byte {
	t.Helper()
	var buf bytes.Buffer
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	jw := &jsonWriter{w: &buf}
	if err := streamSessions(jw, p, SnapshotOptions{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A session change writes that session's key and nothing else; a dropped
// session deletes its key; a restart restores the sessions exactly.
func TestSessionChangeWritesOneKey(t *testing.T) {
	dir := t.TempDir()
	db, err := OpenDBStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := bigProject(t, 1000) // 100 sessions
	w := watchCommits(db)
	if err := db.Save(p); err != nil {
		t.Fatal(err)
	}
	if n := w.puts["sessions"]; n != len(p.Sessions.ByID) {
		t.Fatalf("the first save wrote %d sessions of %d", n, len(p.Sessions.ByID))
	}
	w.reset()

	// Extending a session in place, as authenticate does.
	var s *state.SessionRecord
	for _, s = range p.Sessions.ByID {
		break
	}
	p.Mu.Lock()
	p.MarkSession(s.ID)
	s.ExpiresAt = s.ExpiresAt.Add(time.Hour)
	s.Claims = map[string]any{"extended": true}
	p.Mu.Unlock()
	if err := db.Save(p); err != nil {
		t.Fatal(err)
	}
	w.want(t, "extending a session", map[string]int{"sessions": 1}, nil)

	// Marked but unchanged: nothing is written.
	p.Mu.Lock()
	p.MarkSession(s.ID)
	p.Mu.Unlock()
	if err := db.Save(p); err != nil {
		t.Fatal(err)
	}
	w.want(t, "an unchanged session", nil, nil)

	// Revoking one deletes its key.
	var other *state.SessionRecord
	for _, o := range p.Sessions.ByID {
		if o != s {
			other = o
			break
		}
	}
	p.Mu.Lock()
	p.DropSession(other)
	p.Mu.Unlock()
	if err := db.Save(p); err != nil {
		t.Fatal(err)
	}
	w.want(t, "revoking a session", nil, map[string]int{"sessions": 1})

	want := sessionsOf(t, p)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := OpenDBStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	got, err := db2.List()
	if err != nil || len(got) != 1 {
		t.Fatalf("restart: %d projects, %v", len(got), err)
	}
	if g := sessionsOf(t, got[0].Project); !bytes.Equal(g, want) {
		t.Fatalf("sessions after restart differ:\n got %.300s\nwant %.300s", g, want)
	}
	if q := got[0].Project; q.Sessions.TokenKey != p.Sessions.TokenKey || len(q.Sessions.ByToken) != len(p.Sessions.ByToken) {
		t.Fatal("the token key or the token index was not restored")
	}
	// The reloaded project goes on writing one key per change.
	w2 := watchCommits(db2)
	q := got[0].Project
	q.Mu.Lock()
	q.MarkSession(s.ID)
	q.Sessions.ByID[s.ID].LastAccessedAt = q.Sessions.ByID[s.ID].LastAccessedAt.Add(time.Minute)
	q.Mu.Unlock()
	if err := db2.Save(q); err != nil {
		t.Fatal(err)
	}
	w2.want(t, "a change after restart", map[string]int{"sessions": 1}, nil)
}

// A schema 1 database, whose sessions are whole in the sessions section,
// still loads; the project's next save moves every session to a key of its
// own, and it loads the same after that.
func TestSchema1SessionsMoveToKeys(t *testing.T) {
	dir := t.TempDir()
	db, err := OpenDBStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := bigProject(t, 200)
	if err := db.Save(p); err != nil {
		t.Fatal(err)
	}
	want := sessionsOf(t, p)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Rewrite it as schema 1 wrote it.
	raw, err := bolt.Open(filepath.Join(dir, DBFile), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketRoot)
		if err := root.Put(keySchema, []byte(dbSchemaV1)); err != nil {
			return err
		}
		pb := root.Bucket(bucketProjects).Bucket([]byte(p.ID))
		if err := pb.DeleteBucket(bucketSessions); err != nil {
			return err
		}
		return pb.Bucket(bucketSections).Put([]byte("sessions"), want)
	})
	if err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err = OpenDBStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.List()
	if err != nil {
		t.Fatal(err)
	}
	if g := sessionsOf(t, got[0].Project); !bytes.Equal(g, want) {
		t.Fatal("schema 1 sessions did not load")
	}
	w := watchCommits(db)
	if err := db.Save(got[0].Project); err != nil {
		t.Fatal(err)
	}
	if n := w.puts["sessions"]; n != len(p.Sessions.ByID) {
		t.Fatalf("the first save after the upgrade wrote %d sessions of %d", n, len(p.Sessions.ByID))
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = OpenDBStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err = db.List()
	if err != nil {
		t.Fatal(err)
	}
	if g := sessionsOf(t, got[0].Project); !bytes.Equal(g, want) {
		t.Fatal("sessions differ after the move to keys")
	}
	_ = db.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketRoot).Get(keySchema); string(v) != dbSchema {
			t.Errorf("schema = %q", v)
		}
		return nil
	})
}

// An imported session ID too long to be a database key is refused.
func TestLongSessionIDRefused(t *testing.T) {
	p := bigProject(t, 10)
	snap, err := Snapshot(p, SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for id = range p.Sessions.ByID {
		break
	}
	long := bytes.Replace(snap, []byte(`"`+id+`"`), []byte(`"`+strings.Repeat("s", maxSessionIDBytes+1)+`"`), 1)
	if _, _, err := RestoreProject(long); err == nil || !strings.Contains(err.Error(), "member_session_id") {
		t.Fatalf("err = %v", err)
	}
}
