package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// bigProject is the v1 fixture grown to n more members (and a session for
// every tenth), so export has large sections to stream.
func bigProject(t testing.TB, n int) *state.Project {
	t.Helper()
	p, _, err := RestoreProject(readFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl *state.MemberRecord
	for _, r := range p.Members {
		if tmpl == nil || r.Seq < tmpl.Seq {
			tmpl = r
		}
	}
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range n {
		r := &state.MemberRecord{Seq: p.Seq + 1, EmailID: fmt.Sprintf("email-test-%036d", i)}
		p.Seq++
		r.Member = tmpl.Member
		r.Member.MemberID = fmt.Sprintf("member-test-%036d", i)
		r.Member.EmailAddress = fmt.Sprintf("user%d@example.com", i)
		r.Member.Name = fmt.Sprintf("User <%d> & co", i) // HTML escaping must match json.Marshal
		r.Member.RetiredEmailAddresses, r.Member.SSORegistrations, r.Member.OAuthRegistrations, r.Member.ExternalID = r.Member.RetiredEmailAddresses[:0:0], nil, nil, ""
		p.InsertMember(r)
		if i%10 == 0 {
			s := &state.SessionRecord{ID: fmt.Sprintf("session-test-%036d", i), MemberID: r.Member.MemberID, OrgID: r.Member.OrganizationID,
				TokenHash: fmt.Sprintf("%064x", i), StartedAt: start.Add(time.Duration(i%7) * time.Second), LastAccessedAt: start, ExpiresAt: start.Add(time.Hour),
				Claims: map[string]any{"n": float64(i)}}
			p.Sessions.ByID[s.ID] = s
			p.Sessions.ByToken[s.TokenHash] = s.ID
		}
	}
	p.TakeChanges()
	return p
}

// snapshotWhole is how Snapshot rendered a project before it streamed:
// every section built, then the whole document marshalled at once. It is
// the reference the streamed bytes must equal.
func snapshotWhole(p *state.Project, opt SnapshotOptions) ([]byte, error) {
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	doc := map[string]any{"format": SnapshotFormat, "version": SnapshotVersion, "project": projectMetaOf(p)}
	for _, s := range sections() {
		v, err := s.save(p, opt)
		if err != nil {
			return nil, err
		}
		if v != nil {
			doc[s.name] = v
		}
	}
	return json.Marshal(doc)
}

// The streamed export is byte for byte what marshalling the whole document
// gave, and it imports back to the same snapshot.
func TestWriteSnapshotMatchesWholeDocumentAndRoundTrips(t *testing.T) {
	p := bigProject(t, 2000)
	want, err := snapshotWhole(p, SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := WriteSnapshot(&got, p, SnapshotOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		i := 0
		for i < len(want) && i < got.Len() && want[i] == got.Bytes()[i] {
			i++
		}
		t.Fatalf("streamed export differs from the whole document at byte %d:\n got %.200q\nwant %.200q", i, got.Bytes()[i:], want[i:])
	}
	q, _, err := RestoreProject(got.Bytes())
	if err != nil {
		t.Fatalf("import of the streamed export: %v", err)
	}
	if len(q.Members) != len(p.Members) || len(q.Sessions.ByID) != len(p.Sessions.ByID) {
		t.Fatalf("restored %d members, %d sessions; want %d, %d", len(q.Members), len(q.Sessions.ByID), len(p.Members), len(p.Sessions.ByID))
	}
	again, err := Snapshot(q, SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, want) {
		i := 0
		for i < len(want) && i < len(again) && want[i] == again[i] {
			i++
		}
		t.Fatalf("export of the imported snapshot differs at byte %d:\n got %.200q\nwant %.200q", i, again[i:], want[i:])
	}
}

// A failing writer stops the export with its error.
func TestWriteSnapshotStopsOnWriteError(t *testing.T) {
	p := bigProject(t, 100)
	w := &failAfter{n: 4096}
	if err := WriteSnapshot(w, p, SnapshotOptions{}); !errors.Is(err, errDiskGone) {
		t.Fatalf("err = %v, want the writer's", err)
	}
}

type failAfter struct{ n int }

var errDiskGone = errors.New("disk gone")

func (f *failAfter) Write(b []byte) (int, error) {
	if f.n -= len(b); f.n < 0 {
		return 0, errDiskGone
	}
	return len(b), nil
}

// peakHeap runs f and returns the most heap it held above what was live
// before, sampled every 100µs.
func peakHeap(f func()) uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	base := s[0].Value.Uint64()
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base && v-base > peak {
				peak = v - base
			}
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Microsecond):
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	return peak
}

// BenchmarkExport100kMembers reports the peak heap of exporting a project
// of 100,000 members as the whole document (before) and streamed (after).
func BenchmarkExport100kMembers(b *testing.B) {
	p := bigProject(b, 100_000)
	for _, c := range []struct {
		name string
		run  func() error
	}{
		{"whole", func() error {
			data, err := snapshotWhole(p, SnapshotOptions{})
			_, _ = io.Discard.Write(data)
			return err
		}},
		{"streamed", func() error { return WriteSnapshot(io.Discard, p, SnapshotOptions{}) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				peak = max(peak, peakHeap(func() {
					if err := c.run(); err != nil {
						b.Fatal(err)
					}
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}
