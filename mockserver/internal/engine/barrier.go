package engine

import "sync"

// barrier makes a project's changes visible only once they are durable
// (commit-before-visible). A write takes a ticket before its handler runs
// and resolves it once its commit has finished or failed; a read, after its
// handler ran and before its answer is sent, waits until every ticket taken
// before that point is resolved. A read can only have seen changes of writes
// whose tickets it waits for, so no answer ever shows a change that a crash
// could still lose. Writes of one project keep sharing fsyncs: nothing here
// serialises them.
type barrier struct {
	mu       sync.Mutex
	done     sync.Cond
	issued   uint64          // the last ticket taken
	through  uint64          // every ticket up to it is resolved
	resolved map[uint64]bool // resolved tickets above through
}

func newBarrier() *barrier {
	b := &barrier{resolved: map[uint64]bool{}}
	b.done.L = &b.mu
	return b
}

// begin takes a ticket for a write that is about to run.
func (b *barrier) begin() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.issued++
	return b.issued
}

// end resolves a write's ticket: its change is committed, or was undone.
func (b *barrier) end(ticket uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.resolved[ticket] = true
	for b.resolved[b.through+1] {
		delete(b.resolved, b.through+1)
		b.through++
	}
	b.done.Broadcast()
}

// await waits until every write that had begun when it was called is
// resolved.
func (b *barrier) await() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for target := b.issued; b.through < target; {
		b.done.Wait()
	}
}

// idle reports whether every write that has begun is resolved: no change
// of the project is waiting for its commit.
func (b *barrier) idle() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.through == b.issued
}
