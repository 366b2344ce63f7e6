package httpkit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// ErrOutboundForbidden is the error of a connection to an address the
// outbound policy does not allow.
var ErrOutboundForbidden = errors.New("outbound address not allowed")

// OutboundPolicy says where the mock's own outbound requests (session
// migration's UserInfo call today; OIDC, SCIM and OAuth fetches later) may
// go. Loopback addresses are always allowed; everything else must be named
// in Hosts (a host name, matched exactly and case-insensitively, dialled
// as resolved) or fall in one of Prefixes (checked on the address actually
// dialled, so a name that resolves there, or a redirect to it, is refused
// too).
type OutboundPolicy struct {
	Hosts    []string
	Prefixes []netip.Prefix
}

// ParseOutboundAllow reads allowlist entries: host names, IP addresses and
// CIDR prefixes.
func ParseOutboundAllow(entries []string) (OutboundPolicy, error) {
	var p OutboundPolicy
	for _, e := range entries {
		e = strings.TrimSpace(e)
		switch {
		case e == "":
			return OutboundPolicy{}, errors.New("an empty outbound allowlist entry")
		case strings.Contains(e, "/"):
			pfx, err := netip.ParsePrefix(e)
			if err != nil {
				return OutboundPolicy{}, fmt.Errorf("outbound allowlist entry %q: %w", e, err)
			}
			p.Prefixes = append(p.Prefixes, pfx.Masked())
		default:
			if ip, err := netip.ParseAddr(strings.Trim(e, "[]")); err == nil {
				p.Prefixes = append(p.Prefixes, netip.PrefixFrom(ip, ip.BitLen()))
				continue
			}
			p.Hosts = append(p.Hosts, strings.ToLower(strings.TrimSuffix(e, ".")))
		}
	}
	return p, nil
}

// allowsHost reports whether host is named in Hosts.
func (p OutboundPolicy) allowsHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, h := range p.Hosts {
		if h == host {
			return true
		}
	}
	return false
}

// allowsAddr reports whether ip is loopback or in Prefixes.
func (p OutboundPolicy) allowsAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsLoopback() {
		return true
	}
	for _, pfx := range p.Prefixes {
		if pfx.Contains(ip) {
			return true
		}
	}
	return false
}

// Client returns an HTTP client that connects only where p allows, ignores
// proxy settings from the environment (a proxy would dial for it), and
// gives up after timeout.
func (p OutboundPolicy) Client(timeout time.Duration) *http.Client {
	checked := &net.Dialer{Timeout: timeout, Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !p.allowsAddr(ap.Addr()) {
			return ErrOutboundForbidden
		}
		return nil
	}}
	open := &net.Dialer{Timeout: timeout}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, ErrOutboundForbidden
		}
		if p.allowsHost(host) {
			return open.DialContext(ctx, network, addr)
		}
		return checked.DialContext(ctx, network, addr)
	}
	return &http.Client{
		Timeout:   timeout,
		Transport: &http.Transport{Proxy: nil, DialContext: dial, TLSHandshakeTimeout: timeout, ResponseHeaderTimeout: timeout, MaxIdleConns: 4, IdleConnTimeout: 30 * time.Second},
	}
}
