package store

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// eventsSnapshot is the "events" section: the retained event log, oldest
// first, and the counter event IDs continue from.
type eventsSnapshot struct {
	Seq    uint64          `json:"seq"`
	Events []eventSnapshot `json:"events"`
}

// eventSnapshot is one stored event.
type eventSnapshot struct {
	Seq            uint64    `json:"seq"`
	EventID        string    `json:"event_id"`
	RequestID      string    `json:"request_id"`
	Action         string    `json:"action"`
	Status         string    `json:"status"`
	Timestamp      time.Time `json:"timestamp"`
	Method         string    `json:"method"`
	Route          string    `json:"route"`
	OrganizationID string    `json:"organization_id,omitempty"`
	MemberID       string    `json:"member_id,omitempty"`
	HTTPStatus     int       `json:"http_status,omitempty"`
	ErrorType      string    `json:"error_type,omitempty"`
	DurationMS     float64   `json:"duration_ms,omitempty"`
}

// saveEvents lists the retained events; with opt.maxEvents only the newest.
func saveEvents(p *state.Project, opt SnapshotOptions) (any, error) {
	l := &p.Events
	l.Mu.Lock()
	defer l.Mu.Unlock()
	live := liveEvents(p, opt)
	out := eventsSnapshot{Seq: l.Seq, Events: make([]eventSnapshot, len(live))}
	for i, e := range live {
		out.Events[i] = eventEntry(e)
	}
	return out, nil
}

// liveEvents are the retained events, with opt.MaxEvents only the newest.
// Callers hold p.Events.Mu.
func liveEvents(p *state.Project, opt SnapshotOptions) []state.Event {
	l := &p.Events
	live := l.Events[l.Head:]
	if opt.MaxEvents > 0 && len(live) > opt.MaxEvents {
		live = live[len(live)-opt.MaxEvents:]
	}
	return live
}

// eventEntry converts one event to its stored form.
func eventEntry(e state.Event) eventSnapshot {
	return eventSnapshot{Seq: e.Seq, EventID: e.EventID, RequestID: e.RequestID, Action: e.Action, Status: e.Status,
		Timestamp: e.Timestamp, Method: e.Method, Route: e.Route, OrganizationID: e.OrganizationID, MemberID: e.MemberID,
		HTTPStatus: e.HTTPStatus, ErrorType: e.ErrorType, DurationMS: e.DurationMS}
}

// loadEvents checks that the log is in order, so cursors keep working.
func loadEvents(dst *state.Project, raw json.RawMessage) error {
	var snap eventsSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("events", "%v", err)
	}
	var prev uint64
	evs := make([]state.Event, len(snap.Events))
	for i, e := range snap.Events {
		if e.Seq <= prev || e.Seq > snap.Seq {
			return SnapErr("events.events["+itoa(i)+"].seq", "must grow and be at most events.seq")
		}
		switch e.Status {
		case state.EventStart, state.EventSuccess, state.EventError:
		default:
			return SnapErr("events.events["+itoa(i)+"].status", "must be start, success or error")
		}
		prev = e.Seq
		ev := state.Event{Seq: e.Seq, EventID: e.EventID, RequestID: e.RequestID, Action: e.Action, Status: e.Status,
			Timestamp: e.Timestamp, Method: e.Method, Route: e.Route, OrganizationID: e.OrganizationID, MemberID: e.MemberID,
			HTTPStatus: e.HTTPStatus, ErrorType: e.ErrorType, DurationMS: e.DurationMS}
		if !strings.HasPrefix(ev.EventID, "event-") {
			ev.EventID = "event-" + strconv.FormatUint(e.Seq, 10)
		}
		evs[i] = ev
	}
	dst.Events.Seq, dst.Events.Events, dst.Events.Head = snap.Seq, evs, 0
	return nil
}
