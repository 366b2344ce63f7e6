package state

import "strings"

// ForbiddenURLScheme reports whether scheme (any case) is one a redirect or
// logo URL may never use, because a browser that follows it runs code or
// reads local data: javascript:, data:, vbscript:, file:, blob: and about:.
// Every other scheme is http(s) or a native app's (myapp://...).
func ForbiddenURLScheme(scheme string) bool {
	switch strings.ToLower(strings.TrimSpace(scheme)) {
	case "javascript", "data", "vbscript", "file", "blob", "about":
		return true
	}
	return false
}
