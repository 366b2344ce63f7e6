package clock

import (
	"sync"
	"testing"
	"time"
)

func TestAdvance(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := NewAt(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now = %v, want %v", got, start)
	}
	if got := c.Advance(90 * time.Minute); !got.Equal(start.Add(90 * time.Minute)) {
		t.Fatalf("Advance = %v", got)
	}
	c.Advance(-time.Hour)
	if got := c.Now(); !got.Equal(start.Add(90 * time.Minute)) {
		t.Fatalf("negative advance moved the clock to %v", got)
	}
	if c.Offset() != 90*time.Minute {
		t.Fatalf("Offset = %v", c.Offset())
	}
}

func TestConcurrentAdvance(t *testing.T) {
	c := NewAt(time.Unix(0, 0))
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); c.Advance(time.Second); _ = c.Now() }()
	}
	wg.Wait()
	if c.Offset() != 50*time.Second {
		t.Fatalf("Offset = %v, want 50s", c.Offset())
	}
}
