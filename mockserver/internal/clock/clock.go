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

// Advance moves the clock forward by d and returns the new time. A negative d
// is ignored: time in the mock never goes back, so nothing that expired
// comes back to life.
func (c *Clock) Advance(d time.Duration) time.Time {
	if d > 0 {
		c.mu.Lock()
		c.offset += d
		c.mu.Unlock()
	}
	return c.Now()
}

// Offset returns how far the clock has been advanced in total.
func (c *Clock) Offset() time.Duration {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.offset
}

// SetOffset sets the total advance to d (negative counts as zero). Unlike
// Advance it may move time back: it exists only to restore a project from a
// snapshot, which replaces the project's whole state at once.
func (c *Clock) SetOffset(d time.Duration) {
	c.mu.Lock()
	c.offset = max(d, 0)
	c.mu.Unlock()
}
