package jsondec_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stytchkit/stytch-go/internal/jsondec"
)

type sample struct {
	Name    string          `json:"name"`
	List    []string        `json:"list"`
	Any     map[string]any  `json:"any"`
	When    *time.Time      `json:"when"`
	Raw     json.RawMessage `json:"raw"`
	Skipped string          `json:"-"`
}

// Unmarshal gives encoding/json's result for valid input, including its
// v1 quirks (case-insensitive keys, empty arrays as empty slices).
func TestSameResultAsEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{"name":"a","list":[],"any":{"n":1,"b":[true,null,"x"]},"when":"2026-01-02T03:04:05.123Z","raw":{"k":[1, 2]}}`,
		`{"NAME":"b","List":["x","y"],"when":null,"Skipped":"no"}`,
		`{"name":"dup","name":"last"}`,
		`{}`,
	} {
		var want, got sample
		wantErr := json.Unmarshal([]byte(in), &want)
		gotErr := jsondec.Unmarshal([]byte(in), &got)
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("%s: errors differ: %v vs %v", in, wantErr, gotErr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-encoding/json +jsondec):\n%s", in, diff)
		}
		if want.List != nil && got.List == nil {
			t.Errorf("%s: empty array decoded to nil", in)
		}
	}
}

// Failures are encoding/json's, error types and all, and leave no partial
// result of the fast decoder behind.
func TestFailuresAreEncodingJSONs(t *testing.T) {
	for in, target := range map[string]any{
		`{"name":`:              new(*json.SyntaxError),
		`{"name":1}`:            new(*json.UnmarshalTypeError),
		`{"list":"x","name":1}`: new(*json.UnmarshalTypeError),
	} {
		var want, got sample
		wantErr := json.Unmarshal([]byte(in), &want)
		gotErr := jsondec.Unmarshal([]byte(in), &got)
		if !errors.As(gotErr, target) {
			t.Errorf("%s: error %v (%T) is not a %T", in, gotErr, gotErr, target)
		}
		if wantErr.Error() != gotErr.Error() {
			t.Errorf("%s: error %q, want %q", in, gotErr, wantErr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: partial result (-encoding/json +jsondec):\n%s", in, diff)
		}
	}
}
