package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// migrateV1 rewrites the sections of a version-1 snapshot into version 2,
// in place. Version 2 changed only what version 1 wrote but never read:
//
//   - members[i].member.roles and .is_admin are dropped (always derived);
//   - events.events[i].Seq, a duplicate of events.events[i].seq, is dropped;
//   - a null detail of a factor, or null
//     members[i].member.scim_registration.scim_attributes, is dropped.
//
// A version-1 factor detail other than those factorRecordV2 holds, or SCIM
// attributes, cannot be kept (the mock never writes them; only a
// hand-written file has them): the snapshot is refused with an error that
// names the field.
func migrateV1(doc map[string]json.RawMessage) error {
	steps := []struct {
		section string
		fix     func(v any) error
	}{
		{"members", migrateMembersV1},
		{"events", migrateEventsV1},
		{"sessions", migrateSessionsV1},
		{"auth", migrateAuthV1},
	}
	for _, s := range steps {
		raw, ok := doc[s.section]
		if !ok {
			continue
		}
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return SnapErr(s.section, "%v", err)
		}
		if err := s.fix(v); err != nil {
			return err
		}
		out, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", s.section, err)
		}
		doc[s.section] = out
	}
	return nil
}

// objects returns the JSON objects of v, a list; other values are left to
// the section's own validation.
func objects(v any) []map[string]any {
	l, _ := v.([]any)
	out := make([]map[string]any, 0, len(l))
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func migrateMembersV1(v any) error {
	for i, e := range objects(v) {
		m, _ := e["member"].(map[string]any)
		if m == nil {
			continue
		}
		delete(m, "roles")
		delete(m, "is_admin")
		if reg, _ := m["scim_registration"].(map[string]any); reg != nil {
			if a, ok := reg["scim_attributes"]; ok && a != nil {
				return SnapErr(fmt.Sprintf("members[%d].member.scim_registration.scim_attributes", i), "cannot be migrated to version %d (no stored record holds SCIM attributes)", SnapshotVersion)
			}
			delete(reg, "scim_attributes")
		}
	}
	return nil
}

func migrateEventsV1(v any) error {
	obj, _ := v.(map[string]any)
	for _, e := range objects(obj["events"]) {
		delete(e, "Seq")
	}
	return nil
}

func migrateSessionsV1(v any) error {
	obj, _ := v.(map[string]any)
	for i, s := range objects(obj["sessions"]) {
		for j, f := range objects(s["authentication_factors"]) {
			if err := migrateFactorV1(f, fmt.Sprintf("sessions.sessions[%d].authentication_factors[%d]", i, j)); err != nil {
				return err
			}
		}
	}
	return nil
}

func migrateAuthV1(v any) error {
	obj, _ := v.(map[string]any)
	for i, s := range objects(obj["intermediate_sessions"]) {
		for j, f := range objects(s["factors"]) {
			if fac, _ := f["factor"].(map[string]any); fac != nil {
				if err := migrateFactorV1(fac, fmt.Sprintf("auth.intermediate_sessions[%d].factors[%d].factor", i, j)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// migrateFactorV1 drops null details the record does not hold and refuses
// the others.
func migrateFactorV1(f map[string]any, at string) error {
	known := factorKeysV2()
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch {
		case known[k]:
		case f[k] == nil:
			delete(f, k)
		default:
			return SnapErr(at+"."+k, "cannot be migrated to version %d (the mock never writes this factor detail, and no stored record holds it)", SnapshotVersion)
		}
	}
	return nil
}
