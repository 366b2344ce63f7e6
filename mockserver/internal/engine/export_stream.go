package engine

import (
	"bufio"
	"bytes"
	"io"
	"net/http"

	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// ExportTo writes a project's snapshot to w as it renders it (see Export):
// the document is never held in memory whole.
func (e *Engine) ExportTo(projectID string, w io.Writer) error {
	p, err := e.mustProject(projectID)
	if err != nil {
		return err
	}
	return store.WriteSnapshot(w, p, store.SnapshotOptions{})
}

// exportTries is how often a streamed export waits for the project's
// pending commits before it renders into memory instead.
const exportTries = 8

// handleExport answers the project's snapshot, streamed. With a data
// directory it must show only committed changes (commit-before-visible):
// it renders under the project's read lock, which keeps every write from
// changing the project meanwhile, at a moment when no write is waiting for
// its commit. If writes keep coming so that no such moment is found, it
// renders into memory under the lock and sends it once the writes it saw
// are committed, as a read always did.
func (e *Engine) handleExport(rc *httpkit.Call) (any, error) {
	p := rc.Project
	var bar *barrier
	if ps := e.persist.Load(); ps != nil {
		bar = ps.barrier(p.ID)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	return &httpkit.Stream{Header: h, Write: func(w io.Writer) error {
		return exportCommitted(w, p, bar)
	}}, nil
}

// exportCommitted writes p's snapshot to w once no change of it is waiting
// for its commit (bar nil: the project is not persisted).
func exportCommitted(w io.Writer, p *state.Project, bar *barrier) error {
	for range exportTries {
		if bar != nil {
			bar.await()
		}
		p.Mu.RLock()
		if bar == nil || bar.idle() {
			err := store.WriteSnapshotLocked(w, p, store.SnapshotOptions{})
			p.Mu.RUnlock()
			return err
		}
		p.Mu.RUnlock()
	}
	var buf bytes.Buffer
	p.Mu.RLock()
	err := store.WriteSnapshotLocked(&buf, p, store.SnapshotOptions{})
	p.Mu.RUnlock()
	if err != nil {
		return err
	}
	bar.await()
	_, err = buf.WriteTo(w)
	return err
}

// writeStream sends a streamed answer. A failure once the body has begun
// drops the connection (see httpkit.Stream).
func (e *Engine) writeStream(w http.ResponseWriter, st *httpkit.Stream, action string) {
	for k, vs := range st.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 32<<10)
	err := st.Write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		if e.logger != nil {
			e.logger.Error("mock could not finish a streamed answer", "action", action, "error", err)
		}
		panic(http.ErrAbortHandler)
	}
}
