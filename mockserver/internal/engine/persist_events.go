package engine

import (
	"encoding/json"
	"strconv"
	"strings"
)

// eventsSnapshot is the "events" section: the retained event log, oldest
// first, and the counter event IDs continue from.
type eventsSnapshot struct {
	Seq    uint64          `json:"seq"`
	Events []eventSnapshot `json:"events"`
}

type eventSnapshot struct {
	Seq uint64 `json:"seq"`
	Event
}

func init() {
	registerSnapshotSection(snapshotSection{name: "events", order: 70, save: saveEvents, load: loadEvents})
}

// saveEvents lists the retained events; with opt.maxEvents only the newest.
func saveEvents(p *project, opt snapshotOptions) (any, error) {
	l := &p.events
	l.mu.Lock()
	defer l.mu.Unlock()
	live := l.events[l.head:]
	if opt.maxEvents > 0 && len(live) > opt.maxEvents {
		live = live[len(live)-opt.maxEvents:]
	}
	out := eventsSnapshot{Seq: l.seq, Events: make([]eventSnapshot, len(live))}
	for i, e := range live {
		out.Events[i] = eventSnapshot{Seq: e.seq, Event: e}
	}
	return out, nil
}

// loadEvents checks that the log is in order, so cursors keep working.
func loadEvents(dst *project, raw json.RawMessage) error {
	var snap eventsSnapshot
	if err := decodeStrict(raw, &snap); err != nil {
		return snapErr("events", "%v", err)
	}
	var prev uint64
	evs := make([]Event, len(snap.Events))
	for i, e := range snap.Events {
		if e.Seq <= prev || e.Seq > snap.Seq {
			return snapErr("events.events["+itoa(i)+"].seq", "must grow and be at most events.seq")
		}
		switch e.Status {
		case EventStart, EventSuccess, EventError:
		default:
			return snapErr("events.events["+itoa(i)+"].status", "must be start, success or error")
		}
		prev = e.Seq
		ev := e.Event
		ev.seq = e.Seq
		if !strings.HasPrefix(ev.EventID, "event-") {
			ev.EventID = "event-" + strconv.FormatUint(e.Seq, 10)
		}
		evs[i] = ev
	}
	dst.events.seq, dst.events.events, dst.events.head = snap.Seq, evs, 0
	return nil
}
