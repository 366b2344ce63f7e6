package engine

import (
	"sync"
	"time"
)

// Event is one event-log entry. Each API request writes a "start" entry and
// then exactly one "success" or "error" entry with the same RequestID.
type Event struct {
	RequestID  string    `json:"request_id"`
	Action     string    `json:"action"`
	Status     string    `json:"status"` // start, success or error
	Timestamp  time.Time `json:"timestamp"`
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	HTTPStatus int       `json:"http_status,omitempty"`
	ErrorType  string    `json:"error_type,omitempty"`
	DurationMS float64   `json:"duration_ms,omitempty"`
}

// eventRetention is how long events are kept, in mock time.
const eventRetention = 30 * 24 * time.Hour

// eventLog is a project's events, oldest first.
type eventLog struct {
	mu     sync.Mutex
	events []Event
}

// add appends e and drops what is older than the retention window at e's time.
func (l *eventLog) add(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cut := 0
	limit := e.Timestamp.Add(-eventRetention)
	for cut < len(l.events) && l.events[cut].Timestamp.Before(limit) {
		cut++
	}
	if cut > 0 {
		l.events = append(l.events[:0], l.events[cut:]...)
	}
	l.events = append(l.events, e)
}

// snapshot returns a copy of the events still retained at now.
func (l *eventLog) snapshot(now time.Time) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	limit := now.Add(-eventRetention)
	out := make([]Event, 0, len(l.events))
	for _, e := range l.events {
		if !e.Timestamp.Before(limit) {
			out = append(out, e)
		}
	}
	return out
}
