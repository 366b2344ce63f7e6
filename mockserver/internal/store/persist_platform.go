package store

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// platformSnapshot is the "platform" section: IP allowlist, faults (with
// their hit counts) and defaults.
type platformSnapshot struct {
	IPAllowlist            []string        `json:"ip_allowlist"`
	Faults                 []faultRecordV2 `json:"faults"`
	FaultSeq               uint64          `json:"fault_seq"`
	SessionDurationMinutes int             `json:"session_duration_minutes"`
}

// faultRecordV2 is one injected fault and its hit count.
type faultRecordV2 struct {
	ID                string `json:"fault_id"`
	Method            string `json:"method,omitempty"`
	Path              string `json:"path,omitempty"`
	Status            int    `json:"status,omitempty"`
	ErrorType         string `json:"error_type,omitempty"`
	ErrorMessage      string `json:"error_message,omitempty"`
	RetryAfterSeconds int    `json:"retry_after_seconds,omitempty"`
	LatencyMS         int    `json:"latency_ms,omitempty"`
	DropConnection    bool   `json:"drop_connection,omitempty"`
	Times             int    `json:"times"`
	Hits              int    `json:"hits"`
}

// savePlatform renders the platform settings under their own lock.
func savePlatform(p *state.Project, _ SnapshotOptions) (any, error) {
	ps := &p.Platform
	ps.Mu.RLock()
	defer ps.Mu.RUnlock()
	out := platformSnapshot{IPAllowlist: state.FormatAllowlist(ps.Allowlist), Faults: make([]faultRecordV2, len(ps.Faults)), FaultSeq: ps.FaultSeq, SessionDurationMinutes: ps.SessionDurationMinutes}
	for i, f := range ps.Faults {
		out.Faults[i] = faultRecordV2(f.Fault)
	}
	return out, nil
}

// loadPlatform validates every entry as the admin API does.
func loadPlatform(dst *state.Project, raw json.RawMessage) error {
	var snap platformSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("platform", "%v", err)
	}
	pfxs, err := state.ParseIPAllowlist(snap.IPAllowlist)
	if err != nil {
		return SnapErr("platform.ip_allowlist", "%s", apiMessage(err))
	}
	if len(snap.Faults) > state.MaxFaults {
		return SnapErr("platform.faults", "at most %d faults", state.MaxFaults)
	}
	ids := map[string]bool{}
	faults := make([]*state.FaultState, 0, len(snap.Faults))
	for i, f := range snap.Faults {
		at := "platform.faults[" + itoa(i) + "]"
		n, nerr := state.NormalizeFault(state.Fault(f))
		if nerr != nil {
			return SnapErr(at, "%s", apiMessage(nerr))
		}
		num, ok := strings.CutPrefix(f.ID, "fault-")
		seq, perr := strconv.ParseUint(num, 10, 64)
		if !ok || perr != nil || seq == 0 || seq > snap.FaultSeq || ids[f.ID] {
			return SnapErr(at+".fault_id", "must be a unique fault-<n> with n at most fault_seq")
		}
		if f.Hits < 0 {
			return SnapErr(at+".hits", "must not be negative")
		}
		ids[f.ID] = true
		n.ID, n.Hits = f.ID, f.Hits
		faults = append(faults, &state.FaultState{Fault: n})
	}
	if d := snap.SessionDurationMinutes; d != 0 && (d < state.MinSessionMinutes || d > state.MaxSessionMinutes) {
		return SnapErr("platform.session_duration_minutes", "must be between %d and %d, or 0", state.MinSessionMinutes, state.MaxSessionMinutes)
	}
	dst.Platform.Allowlist, dst.Platform.Faults, dst.Platform.FaultSeq = pfxs, faults, snap.FaultSeq
	dst.Platform.SessionDurationMinutes = snap.SessionDurationMinutes
	return nil
}
