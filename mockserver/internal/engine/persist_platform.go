package engine

import (
	"encoding/json"
	"strconv"
	"strings"
)

// platformSnapshot is the "platform" section: IP allowlist, faults (with
// their hit counts) and defaults.
type platformSnapshot struct {
	IPAllowlist            []string `json:"ip_allowlist"`
	Faults                 []Fault  `json:"faults"`
	FaultSeq               uint64   `json:"fault_seq"`
	SessionDurationMinutes int      `json:"session_duration_minutes"`
}

func init() {
	registerSnapshotSection(snapshotSection{name: "platform", order: 80, save: savePlatform, load: loadPlatform})
}

func savePlatform(p *project, _ snapshotOptions) (any, error) {
	ps := &p.platform
	ps.mu.RLock()
	defer ps.mu.RUnlock()
	out := platformSnapshot{IPAllowlist: formatAllowlist(ps.allowlist), Faults: make([]Fault, len(ps.faults)), FaultSeq: ps.faultSeq, SessionDurationMinutes: ps.sessionDurationMinutes}
	for i, f := range ps.faults {
		out.Faults[i] = f.Fault
	}
	return out, nil
}

// loadPlatform validates every entry as the admin API does.
func loadPlatform(dst *project, raw json.RawMessage) error {
	var snap platformSnapshot
	if err := decodeStrict(raw, &snap); err != nil {
		return snapErr("platform", "%v", err)
	}
	pfxs, err := ParseIPAllowlist(snap.IPAllowlist)
	if err != nil {
		return snapErr("platform.ip_allowlist", "%s", apiMessage(err))
	}
	if len(snap.Faults) > MaxFaults {
		return snapErr("platform.faults", "at most %d faults", MaxFaults)
	}
	ids := map[string]bool{}
	faults := make([]*faultState, 0, len(snap.Faults))
	for i, f := range snap.Faults {
		at := "platform.faults[" + itoa(i) + "]"
		n, nerr := NormalizeFault(f)
		if nerr != nil {
			return snapErr(at, "%s", apiMessage(nerr))
		}
		num, ok := strings.CutPrefix(f.ID, "fault-")
		seq, perr := strconv.ParseUint(num, 10, 64)
		if !ok || perr != nil || seq == 0 || seq > snap.FaultSeq || ids[f.ID] {
			return snapErr(at+".fault_id", "must be a unique fault-<n> with n at most fault_seq")
		}
		if f.Hits < 0 {
			return snapErr(at+".hits", "must not be negative")
		}
		ids[f.ID] = true
		n.ID, n.Hits = f.ID, f.Hits
		faults = append(faults, &faultState{n})
	}
	if d := snap.SessionDurationMinutes; d != 0 && (d < minSessionMinutes || d > maxSessionMinutes) {
		return snapErr("platform.session_duration_minutes", "must be between %d and %d, or 0", minSessionMinutes, maxSessionMinutes)
	}
	dst.platform.allowlist, dst.platform.faults, dst.platform.faultSeq = pfxs, faults, snap.FaultSeq
	dst.platform.sessionDurationMinutes = snap.SessionDurationMinutes
	return nil
}
