package engine

import (
	"net/http"
	"net/netip"
	"path"
	"strconv"
	"strings"
	"sync"
)

// MaxIPAllowlist is the most entries a project's IP allowlist may hold.
const MaxIPAllowlist = 10

// Fault limits.
const (
	MaxFaults           = 100
	MaxFaultLatencyMS   = 60_000
	MaxFaultRetryAfterS = 86_400
)

// platformState is a project's network-level settings: the IP allowlist,
// injected faults and defaults other areas read. It has its own small lock,
// taken only briefly and never while p.mu is held, so checking it costs API
// requests almost nothing.
type platformState struct {
	mu        sync.RWMutex
	allowlist []netip.Prefix
	faults    []*faultState
	faultSeq  uint64

	// sessionDurationMinutes is the session duration used when a request
	// names none; 0 means the area's own default.
	sessionDurationMinutes int
}

// ParseIPAllowlist parses allowlist entries: IP addresses or CIDR prefixes,
// at most MaxIPAllowlist. The *apiError it returns has the Stytch type of the
// problem (allow_list_max_exceeded or invalid_ip_address).
func ParseIPAllowlist(entries []string) ([]netip.Prefix, error) {
	if len(entries) > MaxIPAllowlist {
		return nil, badRequest("allow_list_max_exceeded", "The IP allowlist can hold at most %d entries; %d were given.", MaxIPAllowlist, len(entries))
	}
	out := make([]netip.Prefix, 0, len(entries))
	for i, s := range entries {
		s = strings.TrimSpace(s)
		var pfx netip.Prefix
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, badRequest("invalid_ip_address", "allowlist[%d] (%q) is not an IP address or CIDR prefix.", i, truncate(s, 64))
			}
			pfx = p.Masked()
		} else {
			a, err := netip.ParseAddr(s)
			if err != nil || a.Zone() != "" {
				return nil, badRequest("invalid_ip_address", "allowlist[%d] (%q) is not an IP address or CIDR prefix.", i, truncate(s, 64))
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

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// formatAllowlist renders entries as users wrote them: single addresses
// without a prefix length.
func formatAllowlist(pfxs []netip.Prefix) []string {
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

func (ps *platformState) setAllowlist(pfxs []netip.Prefix) {
	ps.mu.Lock()
	ps.allowlist = pfxs
	ps.mu.Unlock()
}

func (ps *platformState) getAllowlist() []string {
	ps.mu.RLock()
	defer ps.mu.RUnlock()
	return formatAllowlist(ps.allowlist)
}

// allowed reports whether addr may call the API. An empty allowlist allows
// everything; an unknown address (invalid) is allowed only then.
func (ps *platformState) allowed(addr netip.Addr) bool {
	ps.mu.RLock()
	defer ps.mu.RUnlock()
	if len(ps.allowlist) == 0 {
		return true
	}
	if !addr.IsValid() {
		return false
	}
	addr = addr.Unmap()
	for _, p := range ps.allowlist {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// clientAddr returns the address a request comes from: the first
// X-Forwarded-For entry when trustXFF is set and the header is present,
// otherwise the connection's remote address. The zero Addr means unknown.
func clientAddr(r *http.Request, trustXFF bool) netip.Addr {
	if trustXFF {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			return parseHostAddr(strings.TrimSpace(first))
		}
	}
	return parseHostAddr(r.RemoteAddr)
}

// parseHostAddr parses "addr", "addr:port" or "[addr]:port".
func parseHostAddr(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if a, err := netip.ParseAddr(s); err == nil {
		return a.WithZone("").Unmap()
	}
	return netip.Addr{}
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

type faultState struct {
	Fault
}

var faultMethods = map[string]bool{
	http.MethodGet: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodHead: true,
}

// defaultFaultErrorType is the error_type sent for a status when the fault
// names none.
func defaultFaultErrorType(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "bad_request"
	case http.StatusUnauthorized:
		return "unauthorized_credentials"
	case http.StatusNotFound:
		return "route_not_found"
	case http.StatusTooManyRequests:
		return "too_many_requests"
	case http.StatusInternalServerError:
		return "internal_server_error"
	case http.StatusBadGateway:
		return "bad_gateway"
	case http.StatusServiceUnavailable:
		return "server_unavailable"
	case http.StatusGatewayTimeout:
		return "gateway_timeout"
	default:
		return "mock_injected_fault"
	}
}

// NormalizeFault validates f and fills its defaults. The error is an
// *apiError naming the bad field.
func NormalizeFault(f Fault) (Fault, error) {
	bad := func(format string, args ...any) (Fault, error) {
		return Fault{}, badRequest("invalid_request_value", format, args...)
	}
	f.ID, f.Hits = "", 0
	f.Method = strings.ToUpper(strings.TrimSpace(f.Method))
	if f.Method != "" && !faultMethods[f.Method] {
		return bad("method must be GET, POST, PUT, PATCH, DELETE or HEAD, not %q.", truncate(f.Method, 16))
	}
	if f.Path != "" {
		if !strings.HasPrefix(f.Path, "/") || len(f.Path) > 512 {
			return bad("path must be a path pattern starting with \"/\", such as \"/v1/b2b/organizations/*\".")
		}
		if _, err := path.Match(f.Path, ""); err != nil {
			return bad("path %q is not a valid glob pattern.", truncate(f.Path, 64))
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
	if f.Status != 0 && f.ErrorType == "" {
		f.ErrorType = defaultFaultErrorType(f.Status)
	}
	if f.Status != 0 && f.ErrorMessage == "" {
		f.ErrorMessage = "This error was injected by a stytch-mock fault."
	}
	return f, nil
}

func (ps *platformState) addFault(f Fault) (Fault, error) {
	f, err := NormalizeFault(f)
	if err != nil {
		return Fault{}, err
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if len(ps.faults) >= MaxFaults {
		return Fault{}, badRequest("invalid_request_value", "A project can hold at most %d faults; delete some first.", MaxFaults)
	}
	ps.faultSeq++
	f.ID = "fault-" + strconv.FormatUint(ps.faultSeq, 10)
	ps.faults = append(ps.faults, &faultState{f})
	return f, nil
}

func (ps *platformState) listFaults() []Fault {
	ps.mu.RLock()
	defer ps.mu.RUnlock()
	out := make([]Fault, len(ps.faults))
	for i, f := range ps.faults {
		out[i] = f.Fault
	}
	return out
}

func (ps *platformState) removeFault(id string) bool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for i, f := range ps.faults {
		if f.ID == id {
			ps.faults = append(ps.faults[:i], ps.faults[i+1:]...)
			return true
		}
	}
	return false
}

func (ps *platformState) clearFaults() int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	n := len(ps.faults)
	ps.faults = nil
	return n
}

// takeFault returns the first fault matching the request and counts the
// hit; a fault whose Times are used up is removed. ok is false when none
// matches.
func (ps *platformState) takeFault(method, urlPath string) (Fault, bool) {
	ps.mu.RLock()
	n := len(ps.faults)
	ps.mu.RUnlock()
	if n == 0 {
		return Fault{}, false
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for i, f := range ps.faults {
		if f.Method != "" && f.Method != method && !(f.Method == http.MethodGet && method == http.MethodHead) {
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
			ps.faults = append(ps.faults[:i], ps.faults[i+1:]...)
		}
		return out, true
	}
	return Fault{}, false
}

func (ps *platformState) setSessionDuration(minutes int) {
	ps.mu.Lock()
	ps.sessionDurationMinutes = minutes
	ps.mu.Unlock()
}

// defaultSessionDurationMinutes returns the project's configured default
// session duration, or 0 when it has none; session endpoints read it.
func (p *project) defaultSessionDurationMinutes() int {
	p.platform.mu.RLock()
	defer p.platform.mu.RUnlock()
	return p.platform.sessionDurationMinutes
}
