// Package clock is the mock server's one source of time. Every expiry in the
// mock reads it, and tests move it forward to make tokens and sessions expire
// without waiting.
package clock

import (
	"sync"
	"time"
)

// Clock is wall-clock time plus an offset that only grows. It is safe for
// concurrent use. Times are UTC.
type Clock struct {
	mu     sync.RWMutex
	offset time.Duration
	now    func() time.Time
}

// New returns a Clock that follows the wall clock until it is advanced.
func New() *Clock { return &Clock{now: time.Now} }

// NewAt returns a Clock frozen at start plus whatever it is advanced by; it
// does not follow the wall clock. It is for deterministic tests.
func NewAt(start time.Time) *Clock {
	return &Clock{now: func() time.Time { return start }}
}

// Now returns the mock's current time.
func (c *Clock) Now() time.Time {
	c.mu.RLock()
	off := c.offset
	c.mu.RUnlock()
	return c.now().Add(off).UTC()
}

// MaxOffset bounds a clock's total advance: a hundred years, far below the
// overflow of time.Duration (about 292 years), so every time the mock
// computes stays representable and signable.
const MaxOffset = 100 * 365 * 24 * time.Hour

// Advance moves the clock forward by d and returns the new time. A negative d
// is ignored: time in the mock never goes back, so nothing that expired
// comes back to life. The total advance stops at MaxOffset; use TryAdvance
// to be told instead.
func (c *Clock) Advance(d time.Duration) time.Time {
	if d > 0 {
		c.mu.Lock()
		c.offset += min(d, MaxOffset-c.offset)
		c.mu.Unlock()
	}
	return c.Now()
}

// TryAdvance moves the clock forward by d, zero or more, unless that would
// take its total advance past MaxOffset; then it changes nothing and
// reports false. It returns the clock's time either way.
func (c *Clock) TryAdvance(d time.Duration) (time.Time, bool) {
	c.mu.Lock()
	ok := d >= 0 && d <= MaxOffset-c.offset
	if ok {
		c.offset += d
	}
	c.mu.Unlock()
	return c.Now(), ok
}

// Offset returns how far the clock has been advanced in total.
func (c *Clock) Offset() time.Duration {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.offset
}

// SetOffset sets the total advance to d (negative counts as zero, and more
// than MaxOffset as MaxOffset). Unlike
// Advance it may move time back: it exists only to restore a project from a
// snapshot, which replaces the project's whole state at once.
func (c *Clock) SetOffset(d time.Duration) {
	c.mu.Lock()
	c.offset = min(max(d, 0), MaxOffset)
	c.mu.Unlock()
}
