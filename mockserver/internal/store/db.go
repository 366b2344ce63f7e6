package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// DBFile is the database file of a data directory.
const DBFile = "stytch-mock.db"

// dbSchema is the value of the root bucket's "schema" key; a database with
// another value is refused. Version 2 added the per-project "sessions"
// bucket; a version 1 database (sessions whole in the sessions section) is
// read as it is and marked version 2 on open, and each of its projects
// moves its sessions into the bucket on its next save.
const dbSchema = "stytch-mock-store/2"

// dbSchemaV1 is the schema before sessions had one key each.
const dbSchemaV1 = "stytch-mock-store/1"

// Bucket and key names of the database; docs/storage.md describes them.
var (
	bucketRoot     = []byte("stytch-mock")
	bucketProjects = []byte("projects")
	keySchema      = []byte("schema")
	keyProject     = []byte("project")
	keyEventsSeq   = []byte("events_seq")
	bucketSections = []byte("sections")
	bucketOrgs     = []byte("organizations")
	bucketMembers  = []byte("members")
	bucketEvents   = []byte("events")
	bucketSessions = []byte("sessions")
)

// DBStore is a Store on an embedded bbolt database, <dir>/stytch-mock.db.
// Each project is a bucket: its "project" record, its small sections (one
// key each, rewritten only when their bytes change), and one key per
// organization, member and event (written only when that record changed).
// Saves of all projects are committed by one committer goroutine, which
// puts every save waiting at that moment into one transaction: concurrent
// writers share an fsync (group commit).
type DBStore struct {
	db   *bolt.DB
	path string

	mu    sync.Mutex
	cache map[string]*projCache // by project ID: what the database holds

	queue  chan *dbJob
	stop   chan struct{}
	done   chan struct{}
	closed sync.RWMutex // held for reading while queueing; Close takes it
	isShut bool

	// commitHook, when set, runs in the commit's transaction after each
	// job is applied; an error fails the whole transaction. Tests use it
	// to see what a save writes and to make a commit fail.
	commitHook atomic.Pointer[func(job *dbJob) error]
}

// SetCommitFault makes every commit run f, inside the bbolt transaction,
// for each project it writes; an error from f fails that transaction as a
// disk error would (nothing of it is stored). A nil f removes it. It is
// for tests of what a failed commit leaves behind.
func (s *DBStore) SetCommitFault(f func(projectID string) error) {
	if f == nil {
		s.commitHook.Store(nil)
		return
	}
	h := func(job *dbJob) error { return f(job.id) }
	s.commitHook.Store(&h)
}

// ErrClosed is the error of a save after Close.
var ErrClosed = errors.New("the database is closed")

// projCache is what the database holds of one project, as hashes, so a
// save writes only what differs.
type projCache struct {
	// p is the project object the cache is in step with; another object
	// (an import, a reset, a reload) is written whole.
	p        *state.Project
	meta     [32]byte
	sections map[string][32]byte
	orgs     map[string]recRow
	members  map[string]recRow
	sessions map[string]recRow
	// sessionsWhole is set for a project whose sessions the database still
	// holds in the sessions section (schema 1): its next save writes every
	// session to the bucket.
	sessionsWhole bool
	// eventsSeq is the seq of the newest stored event.
	eventsSeq uint64
}

// recRow is one stored record: its key and the hash of its bytes.
type recRow struct {
	key  string
	hash [32]byte
}

// dbJob is one save waiting for the committer.
type dbJob struct {
	id     string
	whole  bool // drop the project's bucket first
	delete bool // drop the project and write nothing
	meta   []byte
	evSeq  uint64
	// puts and dels are by bucket name ("sections", "organizations",
	// "members", "sessions", "events").
	puts map[string][]kv
	dels map[string][][]byte
	// evKeep, when set, deletes stored events older than it.
	evKeep []byte
	err    chan error
}

type kv struct{ k, v []byte }

// OpenDBStore opens (creating it, mode 0600, in dir created 0700) the
// database of a data directory. A file that is not a stytch-mock database
// is refused with an error naming it.
func OpenDBStore(dir string) (*DBStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(dir, DBFile)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("%s: in use by another process (another stytch-mock on this data directory?)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: not a stytch-mock database (%w)", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketRoot)
		if root == nil {
			if k, _ := tx.Cursor().First(); k != nil {
				return fmt.Errorf("holds bucket %q, not stytch-mock's", apiExcerpt(k))
			}
			root, err := tx.CreateBucket(bucketRoot)
			if err != nil {
				return err
			}
			if err := root.Put(keySchema, []byte(dbSchema)); err != nil {
				return err
			}
			_, err = root.CreateBucket(bucketProjects)
			return err
		}
		switch v := root.Get(keySchema); string(v) {
		case dbSchema:
		case dbSchemaV1:
			if err := root.Put(keySchema, []byte(dbSchema)); err != nil {
				return err
			}
		default:
			return fmt.Errorf("schema %q, this server reads %q and %q", apiExcerpt(v), dbSchemaV1, dbSchema)
		}
		if root.Bucket(bucketProjects) == nil {
			return errors.New("has no projects bucket")
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("%s: not a stytch-mock database: %w", path, err)
	}
	s := &DBStore{db: db, path: path, cache: map[string]*projCache{}, queue: make(chan *dbJob, 1024), stop: make(chan struct{}), done: make(chan struct{})}
	go s.commitLoop()
	return s, nil
}

func apiExcerpt(b []byte) string {
	if len(b) > 40 {
		b = b[:40]
	}
	return string(b)
}

// Path is the database file.
func (s *DBStore) Path() string { return s.path }

// Close commits the saves already queued, stops the committer and closes
// the database. Saves after Close fail with ErrClosed; closing twice does
// nothing.
func (s *DBStore) Close() error {
	s.closed.Lock()
	if s.isShut {
		s.closed.Unlock()
		return nil
	}
	s.isShut = true
	s.closed.Unlock()
	close(s.stop)
	<-s.done
	return s.db.Close()
}

// CheckID refuses IDs a data directory never held: the same rule as
// DirStore, so a data directory can move between the two.
func (s *DBStore) CheckID(id string) error {
	if !FileSafe(id) {
		return (&DirStore{}).CheckID(id)
	}
	return nil
}

// Save writes what changed in the project since its last save and returns
// once that is committed.
func (s *DBStore) Save(p *state.Project) error {
	wait, err := s.Begin(p)
	if err != nil {
		return err
	}
	return wait()
}

// Begin renders what changed in p since its last save and queues it for
// the committer; wait returns once it is committed. The engine calls Begin
// with its per-project save lock held (so the saves of one project queue
// in order) and wait without it (so saves of one project share fsyncs).
func (s *DBStore) Begin(p *state.Project) (wait func() error, err error) {
	if err := s.CheckID(p.ID); err != nil {
		return nil, err
	}
	job, err := s.render(p)
	if err != nil {
		return nil, fmt.Errorf("project %s: %w", p.ID, err)
	}
	return s.enqueue(job), nil
}

func (s *DBStore) enqueue(job *dbJob) func() error {
	job.err = make(chan error, 1)
	s.closed.RLock()
	if s.isShut {
		job.err <- ErrClosed
	} else {
		s.queue <- job
	}
	s.closed.RUnlock()
	return func() error {
		if err := <-job.err; err != nil {
			return fmt.Errorf("project %s: %w", job.id, err)
		}
		return nil
	}
}

// Delete forgets a project.
func (s *DBStore) Delete(id string) error {
	s.mu.Lock()
	delete(s.cache, id)
	s.mu.Unlock()
	return s.enqueue(&dbJob{id: id, delete: true})()
}

// render builds the job that brings the database in step with p, and
// updates the cache to what the database holds once it is committed.
func (s *DBStore) render(p *state.Project) (*dbJob, error) {
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	s.mu.Lock()
	c := s.cache[p.ID]
	s.mu.Unlock()
	job := &dbJob{id: p.ID, puts: map[string][]kv{}, dels: map[string][][]byte{}}
	changes := p.TakeChanges()
	if c == nil || c.p != p {
		c = newProjCache()
		c.p = p
		job.whole = true
		changes = state.Changes{}
		for id := range p.Orgs {
			changes.Orgs = append(changes.Orgs, id)
		}
		for id := range p.Members {
			changes.Members = append(changes.Members, id)
		}
		c.sessionsWhole = true
	}
	if c.sessionsWhole {
		changes.Sessions = changes.Sessions[:0]
		for id := range p.Sessions.ByID {
			changes.Sessions = append(changes.Sessions, id)
		}
		c.sessionsWhole = false
	}
	meta, err := json.Marshal(projectMetaOf(p))
	if err != nil {
		return nil, err
	}
	if h := sha256.Sum256(meta); h != c.meta || job.whole {
		job.meta, c.meta = meta, h
	}
	for _, sec := range sections() {
		if _, ok := recordSections[sec.name]; ok {
			continue
		}
		save := sec.save
		if sec.name == "sessions" {
			save = saveSessionsHead // the sessions themselves have a key each
		}
		v, err := save(p, SnapshotOptions{})
		if err != nil {
			return nil, fmt.Errorf("section %s: %w", sec.name, err)
		}
		b := []byte("null")
		if v != nil {
			if b, err = json.Marshal(v); err != nil {
				return nil, fmt.Errorf("section %s: %w", sec.name, err)
			}
		}
		if h := sha256.Sum256(b); h != c.sections[sec.name] || job.whole {
			c.sections[sec.name] = h
			job.puts[string(bucketSections)] = append(job.puts[string(bucketSections)], kv{[]byte(sec.name), b})
		}
	}
	for _, id := range changes.Orgs {
		var entry any
		var seq uint64
		if r := p.Orgs[id]; r != nil {
			entry, seq = orgEntryV2{Seq: r.Seq, Organization: orgRecord(r)}, r.Seq
		}
		k := seqKey(seq)
		if err := job.record(c.orgs, string(bucketOrgs), id, k[:], entry); err != nil {
			return nil, err
		}
	}
	for _, id := range changes.Members {
		var entry any
		var seq uint64
		if r := p.Members[id]; r != nil {
			e, err := memberEntry(r)
			if err != nil {
				return nil, fmt.Errorf("member %s: %w", id, err)
			}
			entry, seq = e, r.Seq
		}
		k := seqKey(seq)
		if err := job.record(c.members, string(bucketMembers), id, k[:], entry); err != nil {
			return nil, err
		}
	}
	for _, id := range changes.Sessions {
		var entry any
		if s := p.Sessions.ByID[id]; s != nil {
			e, err := sessionEntry(s)
			if err != nil {
				return nil, err
			}
			entry = e
		}
		if err := job.record(c.sessions, string(bucketSessions), id, []byte(id), entry); err != nil {
			return nil, err
		}
	}
	job.events(p, c)
	s.mu.Lock()
	s.cache[p.ID] = c
	s.mu.Unlock()
	return job, nil
}

// record queues one organization, member or session under key: written
// when its bytes changed, deleted when entry is nil.
func (job *dbJob) record(rows map[string]recRow, bucket, id string, key []byte, entry any) error {
	old, had := rows[id]
	if entry == nil {
		if had {
			job.dels[bucket] = append(job.dels[bucket], []byte(old.key))
			delete(rows, id)
		}
		return nil
	}
	b, err := json.Marshal(entry)
	if err != nil {
		return fmt.Errorf("%s %s: %w", bucket, id, err)
	}
	row := recRow{key: string(key), hash: sha256.Sum256(b)}
	if had && row == old {
		return nil
	}
	if had && row.key != old.key {
		job.dels[bucket] = append(job.dels[bucket], []byte(old.key))
	}
	rows[id] = row
	job.puts[bucket] = append(job.puts[bucket], kv{key, b})
	return nil
}

// newProjCache is an empty cache: the database holds nothing of the
// project.
func newProjCache() *projCache {
	return &projCache{sections: map[string][32]byte{}, orgs: map[string]recRow{}, members: map[string]recRow{}, sessions: map[string]recRow{}}
}

// events queues the events newer than the newest stored one, and drops
// the stored ones that left the newest MaxPersistedEvents.
func (job *dbJob) events(p *state.Project, c *projCache) {
	l := &p.Events
	l.Mu.Lock()
	defer l.Mu.Unlock()
	live := l.Events[l.Head:]
	if len(live) > MaxPersistedEvents {
		live = live[len(live)-MaxPersistedEvents:]
	}
	for _, e := range live {
		if e.Seq <= c.eventsSeq && !job.whole {
			continue
		}
		b, _ := json.Marshal(eventEntry(e)) // plain fields: cannot fail
		k := seqKey(e.Seq)
		job.puts[string(bucketEvents)] = append(job.puts[string(bucketEvents)], kv{k[:], b})
	}
	if len(live) > 0 {
		k := seqKey(live[0].Seq)
		job.evKeep = k[:]
	} else {
		job.evKeep = []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	}
	c.eventsSeq, job.evSeq = l.Seq, l.Seq
}

// recordSections are the sections kept one record per key. The sessions
// section is not among them: its token_key stays in the sections bucket,
// each session has a key in the sessions bucket.
var recordSections = map[string]struct{}{"organizations": {}, "members": {}, "events": {}}

func seqKeyString(seq uint64) string {
	k := seqKey(seq)
	return string(k[:])
}

func seqKey(seq uint64) [8]byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], seq)
	return k
}

// commitLoop commits every queued save; the saves waiting when a commit
// starts go into one transaction, in the order they were queued.
func (s *DBStore) commitLoop() {
	defer close(s.done)
	for {
		var batch []*dbJob
		select {
		case j := <-s.queue:
			batch = append(batch, j)
		case <-s.stop:
			select {
			case j := <-s.queue:
				batch = append(batch, j) // commit what was queued before Close
			default:
				return
			}
		}
	more:
		for len(batch) < 256 {
			select {
			case j := <-s.queue:
				batch = append(batch, j)
			default:
				break more
			}
		}
		err := s.db.Update(func(tx *bolt.Tx) error {
			hook := s.commitHook.Load()
			for _, j := range batch {
				if err := j.apply(tx); err != nil {
					return fmt.Errorf("project %s: %w", j.id, err)
				}
				if hook != nil {
					if err := (*hook)(j); err != nil {
						return fmt.Errorf("project %s: %w", j.id, err)
					}
				}
			}
			return nil
		})
		if err != nil {
			// Nothing of the batch is stored: forget what the cache
			// believed, so the next save of each project writes it whole.
			s.mu.Lock()
			for _, j := range batch {
				delete(s.cache, j.id)
			}
			s.mu.Unlock()
		}
		for _, j := range batch {
			j.err <- err
		}
	}
}

// apply writes one job in tx.
func (job *dbJob) apply(tx *bolt.Tx) error {
	projects := tx.Bucket(bucketRoot).Bucket(bucketProjects)
	if job.delete || job.whole {
		if err := projects.DeleteBucket([]byte(job.id)); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
			return err
		}
		if job.delete {
			return nil
		}
	}
	pb, err := projects.CreateBucketIfNotExists([]byte(job.id))
	if err != nil {
		return err
	}
	if job.meta != nil {
		if err := pb.Put(keyProject, job.meta); err != nil {
			return err
		}
	}
	seq := seqKey(job.evSeq)
	if err := pb.Put(keyEventsSeq, seq[:]); err != nil {
		return err
	}
	for _, name := range [][]byte{bucketSections, bucketOrgs, bucketMembers, bucketSessions, bucketEvents} {
		b, err := pb.CreateBucketIfNotExists(name)
		if err != nil {
			return err
		}
		for _, k := range job.dels[string(name)] {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		for _, p := range job.puts[string(name)] {
			if err := b.Put(p.k, p.v); err != nil {
				return err
			}
		}
	}
	if job.evKeep != nil {
		c := pb.Bucket(bucketEvents).Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k, job.evKeep) < 0; k, _ = c.First() {
			if err := c.Delete(); err != nil {
				return err
			}
		}
	}
	return nil
}

// List restores every project of the database. An error names the file
// and the project.
func (s *DBStore) List() ([]Stored, error) {
	var out []Stored
	err := s.db.View(func(tx *bolt.Tx) error {
		projects := tx.Bucket(bucketRoot).Bucket(bucketProjects)
		return projects.ForEachBucket(func(id []byte) error {
			st, c, err := loadProject(projects.Bucket(id))
			if err != nil {
				return fmt.Errorf("project %q: %w", apiExcerpt(id), err)
			}
			if st.Project.ID != string(id) {
				return fmt.Errorf("project %q: holds project %q", apiExcerpt(id), st.Project.ID)
			}
			s.mu.Lock()
			s.cache[st.Project.ID] = c
			s.mu.Unlock()
			out = append(out, st)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.path, err)
	}
	return out, nil
}

// Load restores one project as the database holds it; ok is false when
// the database has no such project.
func (s *DBStore) Load(id string) (st Stored, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bucketRoot).Bucket(bucketProjects).Bucket([]byte(id))
		if pb == nil {
			return nil
		}
		var c *projCache
		if st, c, err = loadProject(pb); err != nil {
			return fmt.Errorf("project %q: %w", apiExcerpt([]byte(id)), err)
		}
		ok = true
		s.mu.Lock()
		s.cache[id] = c
		s.mu.Unlock()
		return nil
	})
	if err != nil {
		return Stored{}, false, fmt.Errorf("%s: %w", s.path, err)
	}
	return st, ok, nil
}

// loadProject rebuilds a snapshot document from a project's bucket and
// restores it through RestoreProject, so the database is validated exactly
// as an import is. It returns the cache of what the bucket holds.
func loadProject(pb *bolt.Bucket) (Stored, *projCache, error) {
	meta := pb.Get(keyProject)
	if meta == nil {
		return Stored{}, nil, errors.New("has no project record")
	}
	c := newProjCache()
	c.meta = sha256.Sum256(meta)
	doc := map[string]json.RawMessage{
		"format":  json.RawMessage(`"` + SnapshotFormat + `"`),
		"version": json.RawMessage(fmt.Sprint(SnapshotVersion)),
		"project": bytes.Clone(meta),
	}
	if b := pb.Bucket(bucketSections); b != nil {
		if err := b.ForEach(func(k, v []byte) error {
			c.sections[string(k)] = sha256.Sum256(v)
			doc[string(k)] = bytes.Clone(v)
			return nil
		}); err != nil {
			return Stored{}, nil, err
		}
	}
	list := func(name []byte) json.RawMessage {
		var buf bytes.Buffer
		buf.WriteByte('[')
		if b := pb.Bucket(name); b != nil {
			_ = b.ForEach(func(_, v []byte) error {
				if buf.Len() > 1 {
					buf.WriteByte(',')
				}
				buf.Write(v)
				return nil
			})
		}
		buf.WriteByte(']')
		return buf.Bytes()
	}
	doc["organizations"], doc["members"] = list(bucketOrgs), list(bucketMembers)
	if pb.Bucket(bucketSessions) == nil {
		c.sessionsWhole = true // schema 1: the section holds the sessions
	} else if head, ok := doc["sessions"]; ok {
		var h struct {
			TokenKey json.RawMessage `json:"token_key"`
		}
		if err := json.Unmarshal(head, &h); err != nil || h.TokenKey == nil {
			return Stored{}, nil, SnapErr("sessions", "the section must be an object with token_key")
		}
		doc["sessions"] = json.RawMessage(fmt.Sprintf(`{"token_key":%s,"sessions":%s}`, h.TokenKey, list(bucketSessions)))
	}
	evSeq := pb.Get(keyEventsSeq)
	if len(evSeq) != 8 {
		return Stored{}, nil, errors.New("events_seq: must be 8 bytes")
	}
	c.eventsSeq = binary.BigEndian.Uint64(evSeq)
	doc["events"] = json.RawMessage(fmt.Sprintf(`{"seq":%d,"events":%s}`, c.eventsSeq, list(bucketEvents)))
	data, err := json.Marshal(doc)
	if err != nil {
		return Stored{}, nil, err
	}
	p, offset, err := RestoreProject(data)
	if err != nil {
		return Stored{}, nil, err
	}
	p.TakeChanges() // loading marked every record; the database holds them
	c.p = p
	for id, r := range p.Orgs {
		c.orgs[id] = recRow{key: seqKeyString(r.Seq)} // zero hash: rewritten on its next change
	}
	for id, r := range p.Members {
		c.members[id] = recRow{key: seqKeyString(r.Seq)}
	}
	if !c.sessionsWhole {
		for id := range p.Sessions.ByID {
			c.sessions[id] = recRow{key: id}
		}
	}
	return Stored{Project: p, ClockOffset: offset}, c, nil
}
