package state

import (
	"net/netip"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
)

// MaxIPAllowlist is the most entries a project's IP allowlist may hold.
const MaxIPAllowlist = 10

// Fault limits.
const (
	MaxFaults           = 100
	MaxFaultLatencyMS   = 60_000
	MaxFaultRetryAfterS = 86_400
)

// PlatformState is a project's network-level settings: the IP allowlist,
// injected faults and defaults other areas read. It has its own small lock,
// taken only briefly and never while p.mu is held, so checking it costs API
// requests almost nothing.
type PlatformState struct {
	Mu        sync.RWMutex
	Allowlist []netip.Prefix
	Faults    []*FaultState
	FaultSeq  uint64

	// sessionDurationMinutes is the session duration used when a request
	// names none; 0 means the area's own default.
	SessionDurationMinutes int
}

// ParseIPAllowlist parses allowlist entries: IP addresses or CIDR prefixes,
// at most MaxIPAllowlist. The *apiError it returns has the Stytch type of the
// problem (allow_list_max_exceeded or invalid_ip_address).
func ParseIPAllowlist(entries []string) ([]netip.Prefix, error) {
	if len(entries) > MaxIPAllowlist {
		return nil, apierr.BadRequest("allow_list_max_exceeded", "The IP allowlist can hold at most %d entries; %d were given.", MaxIPAllowlist, len(entries))
	}
	out := make([]netip.Prefix, 0, len(entries))
	for i, s := range entries {
		s = strings.TrimSpace(s)
		var pfx netip.Prefix
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, apierr.BadRequest("invalid_ip_address", "allowlist[%d] (%q) is not an IP address or CIDR prefix.", i, apierr.Excerpt(s, 64))
			}
			pfx = p.Masked()
		} else {
			a, err := netip.ParseAddr(s)
			if err != nil || a.Zone() != "" {
				return nil, apierr.BadRequest("invalid_ip_address", "allowlist[%d] (%q) is not an IP address or CIDR prefix.", i, apierr.Excerpt(s, 64))
			}
			a = a.Unmap()
			pfx = netip.PrefixFrom(a, a.BitLen())
		}
		if pfx.Addr().Is4In6() {
			pfx = netip.PrefixFrom(pfx.Addr().Unmap(), max(pfx.Bits()-96, 0))
		}
		out = append(out, pfx)
	}
	return out, nil
}

// FormatAllowlist renders entries as users wrote them: single addresses
// without a prefix length.
func FormatAllowlist(pfxs []netip.Prefix) []string {
	out := make([]string, len(pfxs))
	for i, p := range pfxs {
		if p.IsSingleIP() {
			out[i] = p.Addr().String()
		} else {
			out[i] = p.String()
		}
	}
	return out
}

// SetAllowlist replaces the IP allowlist.
func (ps *PlatformState) SetAllowlist(pfxs []netip.Prefix) {
	ps.Mu.Lock()
	ps.Allowlist = pfxs
	ps.Mu.Unlock()
}

// GetAllowlist returns the IP allowlist as strings.
func (ps *PlatformState) GetAllowlist() []string {
	ps.Mu.RLock()
	defer ps.Mu.RUnlock()
	return FormatAllowlist(ps.Allowlist)
}

// Allowed reports whether addr may call the API. An empty allowlist allows
// everything; an unknown address (invalid) is allowed only then.
func (ps *PlatformState) Allowed(addr netip.Addr) bool {
	ps.Mu.RLock()
	defer ps.Mu.RUnlock()
	if len(ps.Allowlist) == 0 {
		return true
	}
	if !addr.IsValid() {
		return false
	}
	addr = addr.Unmap()
	for _, p := range ps.Allowlist {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// Fault is an injected failure: API requests of the project that match
// Method and Path get it instead of the normal handling. With Status, they
// are answered with that status and a Stytch error body (and Retry-After when
// RetryAfterSeconds is set); with DropConnection, the connection is closed
// without a response; with only LatencyMS, they are delayed and then handled
// normally (a latency also delays the other two kinds). Times is how many
// requests it applies to; 0 means until it is removed.
type Fault struct {
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
	// Hits counts the requests the fault has applied to (read-only).
	Hits int `json:"hits"`
}

// FaultState is an injected fault as the platform holds it.
type FaultState struct {
	Fault
}

var faultMethods = map[string]bool{
	"GET": true, "POST": true, "PUT": true,
	"PATCH": true, "DELETE": true, "HEAD": true,
}

// defaultFaultErrorType is the error_type sent for a status when the fault
// names none: a type from Stytch's registry that fits the status.
func defaultFaultErrorType(status int) string {
	switch {
	case status == 401:
		return "unauthorized_credentials"
	case status == 404:
		return "route_not_found"
	case status == 429:
		return "too_many_requests"
	case status == 502 || status == 503 || status == 504:
		return "server_unavailable"
	case status >= 500:
		return "internal_server_error"
	default:
		return "bad_request"
	}
}

// NormalizeFault validates f and fills its defaults. The error is an
// *apiError naming the bad field.
func NormalizeFault(f Fault) (Fault, error) {
	bad := func(format string, args ...any) (Fault, error) {
		return Fault{}, apierr.BadRequest("invalid_request_value", format, args...)
	}
	f.ID, f.Hits = "", 0
	f.Method = strings.ToUpper(strings.TrimSpace(f.Method))
	if f.Method != "" && !faultMethods[f.Method] {
		return bad("method must be GET, POST, PUT, PATCH, DELETE or HEAD, not %q.", apierr.Excerpt(f.Method, 16))
	}
	if f.Path != "" {
		if !strings.HasPrefix(f.Path, "/") || len(f.Path) > 512 {
			return bad("path must be a path pattern starting with \"/\", such as \"/v1/b2b/organizations/*\".")
		}
		if _, err := path.Match(f.Path, ""); err != nil {
			return bad("path %q is not a valid glob pattern.", apierr.Excerpt(f.Path, 64))
		}
	}
	switch {
	case f.Status == 0:
	case f.Status < 400 || f.Status > 599:
		return bad("status must be an HTTP error status between 400 and 599, not %d.", f.Status)
	}
	if f.Status != 0 && f.DropConnection {
		return bad("status and drop_connection cannot both be set: a dropped connection has no status.")
	}
	if f.Status == 0 && (f.ErrorType != "" || f.ErrorMessage != "" || f.RetryAfterSeconds != 0) {
		return bad("error_type, error_message and retry_after_seconds need a status.")
	}
	if f.Status == 0 && !f.DropConnection && f.LatencyMS == 0 {
		return bad("a fault needs a status, drop_connection or latency_ms.")
	}
	if f.LatencyMS < 0 || f.LatencyMS > MaxFaultLatencyMS {
		return bad("latency_ms must be between 0 and %d.", MaxFaultLatencyMS)
	}
	if f.RetryAfterSeconds < 0 || f.RetryAfterSeconds > MaxFaultRetryAfterS {
		return bad("retry_after_seconds must be between 0 and %d.", MaxFaultRetryAfterS)
	}
	if f.Times < 0 {
		return bad("times must be zero (until removed) or more.")
	}
	if len(f.ErrorType) > 128 || len(f.ErrorMessage) > 1024 {
		return bad("error_type must be at most 128 and error_message at most 1024 characters long.")
	}
	for _, c := range f.ErrorType {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return bad("error_type must be snake_case, such as \"too_many_requests\".")
		}
	}
	if f.ErrorType != "" && !apierr.Registered(f.ErrorType) {
		return bad("error_type %q is not in Stytch's registry of error types; a fault answers on /v1/ routes, which use only those.", f.ErrorType)
	}
	if f.Status != 0 && f.ErrorType == "" {
		f.ErrorType = defaultFaultErrorType(f.Status)
	}
	if f.Status != 0 && f.ErrorMessage == "" {
		f.ErrorMessage = "This error was injected by a stytch-mock fault."
	}
	return f, nil
}

// AddFault normalizes f, gives it an ID and adds it.
func (ps *PlatformState) AddFault(f Fault) (Fault, error) {
	f, err := NormalizeFault(f)
	if err != nil {
		return Fault{}, err
	}
	ps.Mu.Lock()
	defer ps.Mu.Unlock()
	if len(ps.Faults) >= MaxFaults {
		return Fault{}, apierr.BadRequest("invalid_request_value", "A project can hold at most %d faults; delete some first.", MaxFaults)
	}
	ps.FaultSeq++
	f.ID = "fault-" + strconv.FormatUint(ps.FaultSeq, 10)
	ps.Faults = append(ps.Faults, &FaultState{f})
	return f, nil
}

// ListFaults returns copies of the injected faults.
func (ps *PlatformState) ListFaults() []Fault {
	ps.Mu.RLock()
	defer ps.Mu.RUnlock()
	out := make([]Fault, len(ps.Faults))
	for i, f := range ps.Faults {
		out[i] = f.Fault
	}
	return out
}

// RemoveFault removes the fault with the ID and reports whether there was
// one.
func (ps *PlatformState) RemoveFault(id string) bool {
	ps.Mu.Lock()
	defer ps.Mu.Unlock()
	for i, f := range ps.Faults {
		if f.ID == id {
			ps.Faults = append(ps.Faults[:i], ps.Faults[i+1:]...)
			return true
		}
	}
	return false
}

// ClearFaults removes every fault and returns how many there were.
func (ps *PlatformState) ClearFaults() int {
	ps.Mu.Lock()
	defer ps.Mu.Unlock()
	n := len(ps.Faults)
	ps.Faults = nil
	return n
}

// TakeFault returns the first fault matching the request and counts the
// hit; a fault whose Times are used up is removed. ok is false when none
// matches.
func (ps *PlatformState) TakeFault(method, urlPath string) (Fault, bool) {
	ps.Mu.RLock()
	n := len(ps.Faults)
	ps.Mu.RUnlock()
	if n == 0 {
		return Fault{}, false
	}
	ps.Mu.Lock()
	defer ps.Mu.Unlock()
	for i, f := range ps.Faults {
		if f.Method != "" && f.Method != method && !(f.Method == "GET" && method == "HEAD") {
			continue
		}
		if f.Path != "" {
			if ok, _ := path.Match(f.Path, urlPath); !ok {
				continue
			}
		}
		f.Hits++
		out := f.Fault
		if f.Times > 0 && f.Hits >= f.Times {
			ps.Faults = append(ps.Faults[:i], ps.Faults[i+1:]...)
		}
		return out, true
	}
	return Fault{}, false
}

// SetSessionDuration sets the project's default session duration in
// minutes.
func (ps *PlatformState) SetSessionDuration(minutes int) {
	ps.Mu.Lock()
	ps.SessionDurationMinutes = minutes
	ps.Mu.Unlock()
}

// defaultSessionDurationMinutes returns the project's configured default
// session duration, or 0 when it has none; session endpoints read it.
func (p *Project) defaultSessionDurationMinutes() int {
	p.Platform.Mu.RLock()
	defer p.Platform.Mu.RUnlock()
	return p.Platform.SessionDurationMinutes
}
