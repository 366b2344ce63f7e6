package state

import (
	"encoding/base64"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Event is one event-log entry. Each API request writes a "start" entry and
// then exactly one "success" or "error" entry with the same RequestID.
//
// Entries hold no request bodies, query strings, headers, tokens or secrets:
// Route is the route's pattern (e.g. /v1/b2b/organizations/{organization_id}),
// and the only identifiers copied from the path are OrganizationID and
// MemberID.
type Event struct {
	EventID        string    `json:"event_id"`
	RequestID      string    `json:"request_id"`
	Action         string    `json:"action"`
	Status         string    `json:"status"` // start, success or error
	Timestamp      time.Time `json:"timestamp"`
	Method         string    `json:"method"`
	Route          string    `json:"route"`
	OrganizationID string    `json:"organization_id,omitempty"`
	MemberID       string    `json:"member_id,omitempty"`
	HTTPStatus     int       `json:"http_status,omitempty"`
	ErrorType      string    `json:"error_type,omitempty"`
	DurationMS     float64   `json:"duration_ms,omitempty"`

	Seq uint64
}

// Event statuses.
const (
	EventStart   = "start"
	EventSuccess = "success"
	EventError   = "error"
)

// EventRetention is how long events are kept, in mock time.
const EventRetention = 30 * 24 * time.Hour

// MaxEventsPerProject bounds a project's log whatever its age: past it the
// oldest entries are dropped first. It keeps a long load test from eating
// memory; ordinary tests never reach it.
const MaxEventsPerProject = 500_000

// Event page sizes.
const (
	DefaultEventLimit = 100
	MaxEventLimit     = 1000
)

// EventFilter selects events. Zero fields match everything. Since is
// inclusive and Until exclusive. Limit 0 means no limit; Cursor continues a
// previous page.
type EventFilter struct {
	Status    string
	Action    string
	RequestID string
	Since     time.Time
	Until     time.Time
	Limit     int
	Cursor    string
}

// EventPage is one page of events, newest first. NextCursor is empty on the
// last page.
type EventPage struct {
	Events     []Event
	NextCursor string
}

// eventLog is a project's events, oldest first, in events[head:]. Dropped
// entries are only skipped until the dead prefix is large enough to be worth
// compacting, which keeps add amortized O(1).
type eventLog struct {
	Mu     sync.Mutex
	Seq    uint64
	Head   int
	Events []Event
}

// add appends e and drops what has left the retention window at e's time.
func (l *eventLog) Add(e Event) {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	l.Seq++
	e.Seq = l.Seq
	e.EventID = "event-" + strconv.FormatUint(l.Seq, 10)
	l.Events = append(l.Events, e)
	l.pruneLocked(e.Timestamp)
}

// prune drops the entries that have left the retention window at now.
func (l *eventLog) Prune(now time.Time) {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	l.pruneLocked(now)
}

// snapshot returns a copy of the events retained at now, oldest first.
func (l *eventLog) Snapshot(now time.Time) []Event {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	l.pruneLocked(now)
	return slices.Clone(l.Events[l.Head:])
}

func (l *eventLog) pruneLocked(now time.Time) {
	limit := now.Add(-EventRetention)
	for l.Head < len(l.Events) && (l.Events[l.Head].Timestamp.Before(limit) || len(l.Events)-l.Head > MaxEventsPerProject) {
		l.Events[l.Head] = Event{}
		l.Head++
	}
	if l.Head > 1024 && l.Head*2 > len(l.Events) {
		n := copy(l.Events, l.Events[l.Head:])
		clear(l.Events[n:])
		l.Events = l.Events[:n]
		l.Head = 0
	}
}

// cursor encodes the position after which a page continues.
func encodeEventCursor(seq uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("events:" + strconv.FormatUint(seq, 10)))
}

func decodeEventCursor(c string) (uint64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	s, ok := strings.CutPrefix(string(b), "events:")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, false
	}
	return n, true
}

// validateEventFilter checks f; the error names the bad field.
func validateEventFilter(f EventFilter) error {
	switch f.Status {
	case "", EventStart, EventSuccess, EventError:
	default:
		return fmt.Errorf("status must be one of start, success or error, not %q", f.Status)
	}
	if f.Limit < 0 {
		return fmt.Errorf("limit must not be negative")
	}
	if f.Cursor != "" {
		if _, ok := decodeEventCursor(f.Cursor); !ok {
			return fmt.Errorf("cursor is not a cursor this server returned")
		}
	}
	return nil
}

// query returns the events matching f that are retained at now, newest
// first, pruning expired entries on the way.
func (l *eventLog) Query(now time.Time, f EventFilter) (EventPage, error) {
	if err := validateEventFilter(f); err != nil {
		return EventPage{}, err
	}
	l.Mu.Lock()
	defer l.Mu.Unlock()
	l.pruneLocked(now)
	live := l.Events[l.Head:]
	end := len(live)
	if f.Cursor != "" {
		after, _ := decodeEventCursor(f.Cursor)
		// Continue with the entries older than the cursor's.
		end = sort.Search(len(live), func(i int) bool { return live[i].Seq >= after })
	}
	var page EventPage
	for i := end - 1; i >= 0; i-- {
		e := &live[i]
		if !f.matches(e) {
			continue
		}
		if f.Limit > 0 && len(page.Events) == f.Limit {
			page.NextCursor = encodeEventCursor(page.Events[len(page.Events)-1].Seq)
			break
		}
		page.Events = append(page.Events, *e)
	}
	if page.Events == nil {
		page.Events = []Event{}
	}
	return page, nil
}

func (f *EventFilter) matches(e *Event) bool {
	return (f.Status == "" || e.Status == f.Status) &&
		(f.Action == "" || e.Action == f.Action) &&
		(f.RequestID == "" || e.RequestID == f.RequestID) &&
		(f.Since.IsZero() || !e.Timestamp.Before(f.Since)) &&
		(f.Until.IsZero() || e.Timestamp.Before(f.Until))
}
