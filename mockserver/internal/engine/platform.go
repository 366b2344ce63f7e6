package engine

import (
	"net/http"
	"net/netip"
	"strings"
)

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
