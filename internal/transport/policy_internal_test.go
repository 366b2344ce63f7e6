package transport

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestBackoffBounds(t *testing.T) {
	minWait, maxWait := 200*time.Millisecond, 5*time.Second
	bases := []time.Duration{ // attempt 1..8
		200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, 1600 * time.Millisecond,
		3200 * time.Millisecond, 5 * time.Second, 5 * time.Second, 5 * time.Second,
	}
	for i, base := range bases {
		attempt := i + 1
		lo, hi := base/2, base
		seen := map[time.Duration]bool{}
		for range 200 {
			d := backoff(minWait, maxWait, attempt)
			if d < lo || d > hi {
				t.Fatalf("backoff(attempt %d) = %v, want within [%v, %v]", attempt, d, lo, hi)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("backoff(attempt %d) took only %d distinct values in 200 draws: no jitter?", attempt, len(seen))
		}
	}
	if d := backoff(minWait, maxWait, 1000); d > maxWait {
		t.Errorf("backoff(attempt 1000) = %v, want <= %v", d, maxWait)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	type result struct {
		D  time.Duration
		OK bool
	}
	cases := map[string]result{
		"":                                 {0, false},
		"0":                                {0, true},
		"7":                                {7 * time.Second, true},
		" 2 ":                              {2 * time.Second, true},
		"-1":                               {0, false},
		"1.5":                              {0, false},
		"soon":                             {0, false},
		"Sat, 01 Mar 2025 12:00:30 GMT":    {30 * time.Second, true},
		"Saturday, 01-Mar-25 12:01:00 GMT": {time.Minute, true},
		"Sat Mar  1 12:00:05 2025":         {5 * time.Second, true},
		"Sat, 01 Mar 2025 11:00:00 GMT":    {0, true}, // in the past
		"99999999999999999999":             {0, false},
		"9999999999":                       {24 * time.Hour, true},
	}
	for in, want := range cases {
		d, ok := parseRetryAfter(in, now)
		if diff := cmp.Diff(want, result{d, ok}); diff != "" {
			t.Errorf("parseRetryAfter(%q) (-want +got):\n%s", in, diff)
		}
	}
}

func TestReadBodyLeavesBytesReadable(t *testing.T) {
	resp := &http.Response{Body: io.NopCloser(strings.NewReader(`{"error_type":"too_many_requests"}`)), ContentLength: -1}
	body, tooLarge, err := readBody(resp, nil, new(replayBody))
	if err != nil || tooLarge {
		t.Fatalf("readBody: tooLarge=%v err=%v", tooLarge, err)
	}
	again, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(body), string(again)); diff != "" {
		t.Errorf("resp.Body after readBody (-want +got):\n%s", diff)
	}
	if got := errorType(body); got != "too_many_requests" {
		t.Errorf("errorType = %q", got)
	}
}
