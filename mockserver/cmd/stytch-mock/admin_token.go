package main

import (
	"crypto/rand"
	"encoding/base64"
	"net"
	"net/netip"
	"strings"
)

// loopbackAddr reports whether a listen address is on loopback only:
// localhost or a loopback IP. An empty host (every interface) or any
// other name is not.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// newAdminToken returns a fresh random admin token.
func newAdminToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms.
	return "admin-" + base64.RawURLEncoding.EncodeToString(b[:])
}
