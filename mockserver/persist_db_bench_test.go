package mockserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver"
)

// dataDirProject returns a server persisting to a fresh data directory,
// with a project of one organization ("org") and n members m0..m{n-1},
// loaded through an import (one write), and a function that runs a
// request and fails the benchmark on any answer but 200.
func dataDirProject(b *testing.B, n int) (*mockserver.Server, string, func(method, path, body string)) {
	b.Helper()
	srv := mockserver.New(mockserver.Options{})
	if _, err := srv.OpenDataDir(b.TempDir()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	id, do := addDataDirProject(b, srv, n)
	return srv, id, do
}

// addDataDirProject adds such a project to srv.
func addDataDirProject(b *testing.B, srv *mockserver.Server, n int) (string, func(method, path, body string)) {
	b.Helper()
	creds, err := srv.CreateProject(mockserver.EnvTest)
	if err != nil {
		b.Fatal(err)
	}
	do := func(method, path, body string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.SetBasicAuth(creds.ProjectID, creds.Secret)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Errorf("%s %s: %d %s", method, path, rec.Code, rec.Body) // Errorf: called from writer goroutines
		}
	}
	do(http.MethodPost, "/v1/b2b/organizations", `{"organization_name":"Org","organization_slug":"org"}`)
	do(http.MethodPost, "/v1/b2b/organizations/org/members", `{"email_address":"m0@org.example"}`)
	snap, err := srv.Export(creds.ProjectID)
	if err != nil {
		b.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(snap, &doc); err != nil {
		b.Fatal(err)
	}
	var members []map[string]any
	if err := json.Unmarshal(doc["members"], &members); err != nil {
		b.Fatal(err)
	}
	one, _ := json.Marshal(members[0])
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i := range n {
		if i > 0 {
			buf.WriteByte(',')
		}
		m := strings.ReplaceAll(string(one), "m0@org.example", fmt.Sprintf("m%d@org.example", i))
		m = strings.Replace(m, `"member_id":"`, fmt.Sprintf(`"member_id":"m%d-`, i), 1)
		m = strings.Replace(m, `"seq":`, fmt.Sprintf(`"seq":%d`, 1000+i), 1) // the original seq becomes digits after it
		buf.WriteString(m)
	}
	buf.WriteByte(']')
	doc["members"] = buf.Bytes()
	snap, _ = json.Marshal(doc)
	if err := srv.Import(creds.ProjectID, snap); err != nil {
		b.Fatal(err)
	}
	if b.Failed() {
		b.FailNow()
	}
	return creds.ProjectID, do
}

// BenchmarkMemberUpdateDataDir measures one member update, committed to
// the data directory's database, in projects of 100 and 100,000 members:
// the cost follows the size of the change, not of the project. It reports
// the median (p50-ns) besides the mean.
func BenchmarkMemberUpdateDataDir(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			srv, id, do := dataDirProject(b, n)
			ids := memberIDs(b, srv, id)
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				t := time.Now()
				do(http.MethodPut, "/v1/b2b/organizations/org/members/"+ids[i%len(ids)], fmt.Sprintf(`{"name":"Name %d"}`, i))
				times = append(times, time.Since(t))
			}
			b.StopTimer()
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
		})
	}
}

// memberIDs lists the member IDs of a project.
func memberIDs(b *testing.B, srv *mockserver.Server, projectID string) []string {
	b.Helper()
	var out []string
	{
		snap, err := srv.Export(projectID)
		if err != nil {
			b.Fatal(err)
		}
		var doc struct {
			Members []struct {
				Member struct {
					MemberID string `json:"member_id"`
				} `json:"member"`
			} `json:"members"`
		}
		if err := json.Unmarshal(snap, &doc); err != nil {
			b.Fatal(err)
		}
		for _, m := range doc.Members {
			out = append(out, m.Member.MemberID)
		}
	}
	return out
}

// BenchmarkConcurrentWriters measures member updates per second with one
// and with eight concurrent writers (each on its own member of one
// project of 100 members), and with eight writers on eight projects of one
// server (writers=8-projects=8): the committer puts concurrent saves into
// one transaction, so they share an fsync.
func BenchmarkConcurrentWriters(b *testing.B) {
	defer b.Run("writers=8-projects=8", func(b *testing.B) {
		srv := mockserver.New(mockserver.Options{})
		if _, err := srv.OpenDataDir(b.TempDir()); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = srv.Close() })
		var targets []func(i int)
		for range 8 {
			id, do := addDataDirProject(b, srv, 100)
			member := memberIDs(b, srv, id)[0]
			targets = append(targets, func(i int) {
				do(http.MethodPut, "/v1/b2b/organizations/org/members/"+member, fmt.Sprintf(`{"name":"Name %d"}`, i))
			})
		}
		b.ResetTimer()
		start := time.Now()
		var wg sync.WaitGroup
		for w, write := range targets {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < b.N; i += len(targets) {
					write(i)
				}
			}()
		}
		wg.Wait()
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "writes/s")
	})
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			srv, id, do := dataDirProject(b, 100)
			ids := memberIDs(b, srv, id)
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := w; i < b.N; i += writers {
						do(http.MethodPut, "/v1/b2b/organizations/org/members/"+ids[w], fmt.Sprintf(`{"name":"Name %d"}`, i))
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "writes/s")
		})
	}
}
