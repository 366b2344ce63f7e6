package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/netutil"

	"github.com/stytchkit/stytch-go/mockserver"
)

// serverLimits are the HTTP server's timeouts and caps and the mock's own
// limits, each a flag with an environment variable.
type serverLimits struct {
	readHeaderTimeout time.Duration
	readTimeout       time.Duration
	writeTimeout      time.Duration
	idleTimeout       time.Duration
	maxHeaderBytes    int
	maxConnections    int
	maxProjects       int
	maxOutbox         int
	maxImportBytes    int64
}

// limitFlag is one limit: its flag, environment variable and default.
type limitFlag struct {
	name, env, usage string
	dur              *time.Duration
	num              *int64
	def              int64 // nanoseconds for durations
}

// registerLimits adds the limit flags to fs. The returned function applies
// environment variables to the flags that were not given, and fills l.
func registerLimits(fs *flag.FlagSet) (finish func(set map[string]bool, getenv func(string) string) (serverLimits, error)) {
	var nums [5]int64
	var durs [4]time.Duration
	flags := []limitFlag{
		{name: "read-header-timeout", env: "STYTCH_MOCK_READ_HEADER_TIMEOUT", usage: "longest time to read a request's headers", dur: &durs[0], def: int64(10 * time.Second)},
		{name: "read-timeout", env: "STYTCH_MOCK_READ_TIMEOUT", usage: "longest time to read a whole request, body included", dur: &durs[1], def: int64(30 * time.Second)},
		{name: "write-timeout", env: "STYTCH_MOCK_WRITE_TIMEOUT", usage: "longest time from the end of a request's headers to the end of its answer", dur: &durs[2], def: int64(60 * time.Second)},
		{name: "idle-timeout", env: "STYTCH_MOCK_IDLE_TIMEOUT", usage: "how long an idle keep-alive connection stays open", dur: &durs[3], def: int64(60 * time.Second)},
		{name: "max-header-bytes", env: "STYTCH_MOCK_MAX_HEADER_BYTES", usage: "largest request header block, in bytes", num: &nums[0], def: 64 << 10},
		{name: "max-connections", env: "STYTCH_MOCK_MAX_CONNECTIONS", usage: "open connections at most; more wait to be accepted", num: &nums[1], def: 512},
		{name: "max-projects", env: "STYTCH_MOCK_MAX_PROJECTS", usage: "projects per server at most", num: &nums[2], def: mockserver.DefaultMaxProjects},
		{name: "max-outbox", env: "STYTCH_MOCK_MAX_OUTBOX", usage: "outbox messages kept per project, oldest dropped first", num: &nums[3], def: mockserver.DefaultMaxOutboxMessages},
		{name: "max-import-bytes", env: "STYTCH_MOCK_MAX_IMPORT_BYTES", usage: "largest POST /mock/import body, in bytes (one import runs at a time)", num: &nums[4], def: mockserver.DefaultMaxImportBytes},
	}
	for _, f := range flags {
		usage := fmt.Sprintf("%s [%s]", f.usage, f.env)
		if f.dur != nil {
			fs.DurationVar(f.dur, f.name, time.Duration(f.def), usage)
		} else {
			fs.Int64Var(f.num, f.name, f.def, usage)
		}
	}
	return func(set map[string]bool, getenv func(string) string) (serverLimits, error) {
		for _, f := range flags {
			if v := strings.TrimSpace(getenv(f.env)); v != "" && !set[f.name] {
				var err error
				if f.dur != nil {
					*f.dur, err = time.ParseDuration(v)
				} else {
					*f.num, err = strconv.ParseInt(v, 10, 64)
				}
				if err != nil {
					return serverLimits{}, fmt.Errorf("%s=%q: %w", f.env, v, err)
				}
			}
			if (f.dur != nil && *f.dur <= 0) || (f.num != nil && *f.num <= 0) {
				return serverLimits{}, fmt.Errorf("--%s must be positive", f.name)
			}
		}
		if nums[0] > 1<<24 || nums[1] > 1<<20 || nums[2] > 1<<24 || nums[3] > 1<<24 {
			return serverLimits{}, fmt.Errorf("a limit is out of range (--max-header-bytes at most %d, --max-connections %d, --max-projects and --max-outbox %d)", 1<<24, 1<<20, 1<<24)
		}
		return serverLimits{
			readHeaderTimeout: durs[0], readTimeout: durs[1], writeTimeout: durs[2], idleTimeout: durs[3],
			maxHeaderBytes: int(nums[0]), maxConnections: int(nums[1]),
			maxProjects: int(nums[2]), maxOutbox: int(nums[3]), maxImportBytes: nums[4],
		}, nil
	}
}

// mock returns the mock's own limits.
func (l serverLimits) mock() mockserver.Limits {
	return mockserver.Limits{MaxProjects: l.maxProjects, MaxOutboxMessages: l.maxOutbox, MaxImportBytes: l.maxImportBytes}
}

// server returns the HTTP server with the timeouts and header cap.
func (l serverLimits) server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.readHeaderTimeout,
		ReadTimeout:       l.readTimeout,
		WriteTimeout:      l.writeTimeout,
		IdleTimeout:       l.idleTimeout,
		MaxHeaderBytes:    l.maxHeaderBytes,
	}
}

// listener caps the open connections of ln.
func (l serverLimits) listener(ln net.Listener) net.Listener {
	return netutil.LimitListener(ln, l.maxConnections)
}
