package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// WriteSnapshot writes the project's snapshot to w as it renders it: the
// top-level keys in the order json.Marshal gives a map (sorted), each
// section in turn, and the organizations, members, sessions and events one
// record at a time, so exporting never holds the whole document in memory.
// The bytes are exactly those Snapshot returns. It holds p.Mu for reading
// for the whole time, so the sections are consistent with each other.
func WriteSnapshot(w io.Writer, p *state.Project, opt SnapshotOptions) error {
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	return WriteSnapshotLocked(w, p, opt)
}

// WriteSnapshotLocked is WriteSnapshot for a caller that holds p.Mu for
// reading. A write error of w stops it and is returned.
func WriteSnapshotLocked(w io.Writer, p *state.Project, opt SnapshotOptions) error {
	jw := &jsonWriter{w: w}
	secs := sections()
	byName := map[string]snapshotSection{}
	names := []string{"format", "version", "project"}
	for _, s := range secs {
		byName[s.name] = s
		names = append(names, s.name)
	}
	sort.Strings(names)
	jw.raw("{")
	first := true
	for _, name := range names {
		var value func() error
		switch name {
		case "format":
			value = func() error { jw.value(SnapshotFormat); return nil }
		case "version":
			value = func() error { jw.value(SnapshotVersion); return nil }
		case "project":
			value = func() error { jw.value(projectMetaOf(p)); return nil }
		default:
			s := byName[name]
			if stream := streamedSections[name]; stream != nil {
				value = func() error { return stream(jw, p, opt) }
				break
			}
			v, err := s.save(p, opt)
			if err != nil {
				return fmt.Errorf("snapshot section %s: %w", name, err)
			}
			if v == nil {
				continue // a section an area leaves out (the users of a B2B project)
			}
			value = func() error { jw.value(v); return nil }
		}
		if !first {
			jw.raw(",")
		}
		first = false
		jw.value(name)
		jw.raw(":")
		if err := value(); err != nil {
			return fmt.Errorf("snapshot section %s: %w", name, err)
		}
		if jw.err != nil {
			return jw.err
		}
	}
	jw.raw("}")
	return jw.err
}

// streamedSections are the sections written one record at a time: the
// ones that grow with a project.
var streamedSections = map[string]func(jw *jsonWriter, p *state.Project, opt SnapshotOptions) error{
	"organizations": streamOrgs,
	"members":       streamMembers,
	"sessions":      streamSessions,
	"events":        streamEvents,
}

// jsonWriter writes JSON pieces to w and keeps the first error.
type jsonWriter struct {
	w   io.Writer
	err error
	buf bytes.Buffer
}

func (jw *jsonWriter) raw(s string) {
	if jw.err == nil {
		_, jw.err = io.WriteString(jw.w, s)
	}
}

// value writes v as json.Marshal renders it.
func (jw *jsonWriter) value(v any) {
	if jw.err != nil {
		return
	}
	jw.buf.Reset()
	enc := json.NewEncoder(&jw.buf)
	if jw.err = enc.Encode(v); jw.err != nil {
		return
	}
	b := jw.buf.Bytes()
	_, jw.err = jw.w.Write(b[:len(b)-1]) // Encode adds a newline; Marshal does not
}

// list writes n elements as a JSON array; elem writes the i-th.
func (jw *jsonWriter) list(n int, elem func(i int) error) error {
	jw.raw("[")
	for i := 0; i < n && jw.err == nil; i++ {
		if i > 0 {
			jw.raw(",")
		}
		if err := elem(i); err != nil {
			return err
		}
	}
	jw.raw("]")
	return jw.err
}

func streamOrgs(jw *jsonWriter, p *state.Project, _ SnapshotOptions) error {
	rs := make([]*state.OrgRecord, 0, len(p.Orgs))
	for _, r := range p.Orgs {
		rs = append(rs, r)
	}
	sortBySeq(rs, func(r *state.OrgRecord) uint64 { return r.Seq })
	return jw.list(len(rs), func(i int) error {
		jw.value(orgEntryV2{Seq: rs[i].Seq, Organization: orgRecord(rs[i])})
		return nil
	})
}

func streamMembers(jw *jsonWriter, p *state.Project, _ SnapshotOptions) error {
	rs := make([]*state.MemberRecord, 0, len(p.Members))
	for _, r := range p.Members {
		rs = append(rs, r)
	}
	sortBySeq(rs, func(r *state.MemberRecord) uint64 { return r.Seq })
	return jw.list(len(rs), func(i int) error {
		e, err := memberEntry(rs[i])
		if err != nil {
			return err
		}
		jw.value(e)
		return nil
	})
}

func streamSessions(jw *jsonWriter, p *state.Project, _ SnapshotOptions) error {
	rs := sortedSessions(p)
	jw.raw(`{"token_key":`)
	jw.value(sessionTokenKey(p))
	jw.raw(`,"sessions":`)
	if err := jw.list(len(rs), func(i int) error {
		e, err := sessionEntry(rs[i])
		if err != nil {
			return err
		}
		jw.value(e)
		return nil
	}); err != nil {
		return err
	}
	jw.raw("}")
	return jw.err
}

// sortedSessions lists the member sessions oldest first, as the sessions
// section holds them.
func sortedSessions(p *state.Project) []*state.SessionRecord {
	rs := make([]*state.SessionRecord, 0, len(p.Sessions.ByID))
	for _, s := range p.Sessions.ByID {
		rs = append(rs, s)
	}
	slices.SortStableFunc(rs, func(a, b *state.SessionRecord) int {
		if c := a.StartedAt.Compare(b.StartedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return rs
}

func streamEvents(jw *jsonWriter, p *state.Project, opt SnapshotOptions) error {
	l := &p.Events
	l.Mu.Lock()
	defer l.Mu.Unlock()
	live := liveEvents(p, opt)
	jw.raw(`{"seq":`)
	jw.value(l.Seq)
	jw.raw(`,"events":`)
	if err := jw.list(len(live), func(i int) error {
		jw.value(eventEntry(live[i]))
		return nil
	}); err != nil {
		return err
	}
	jw.raw("}")
	return jw.err
}
