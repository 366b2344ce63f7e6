package stytchapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/stytchkit/stytch-go/stytchapi"
)

// custom has a json.Unmarshaler field and a map of any, the kinds of user
// types whose decoding must not change.
type custom struct {
	Value  upper          `json:"value"`
	Extra  map[string]any `json:"extra"`
	List   []string       `json:"list"`
	Number json.Number    `json:"number"`
	Raw    json.RawMessage
}

// upper is a json.Unmarshaler.
type upper string

func (u *upper) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*u = upper("<" + s + ">")
	return nil
}

// Successful bodies decode as encoding/json decodes them, including
// case-insensitive keys, Unmarshalers, maps of any and empty arrays.
func TestDecodeMatchesEncodingJSON(t *testing.T) {
	const body = `{"VALUE":"a","extra":{"n":1,"l":[true,null]},"list":[],"number":12.5,"raw":{"x":[1]}}`
	c, mt := newClient(t)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, body))
	got, err := stytchapi.Do[custom](context.Background(), c, stytchapi.Request{Method: http.MethodGet, Path: "/v1/x"})
	if err != nil {
		t.Fatal(err)
	}
	var want custom
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, *got); diff != "" {
		t.Errorf("decoded (-encoding/json +Do):\n%s", diff)
	}
	if got.List == nil {
		t.Error("an empty JSON array decoded to a nil slice")
	}
}

// A body that does not decode yields encoding/json's own error types.
func TestDecodeErrorsAreEncodingJSONErrors(t *testing.T) {
	c, mt := newClient(t)
	mt.RegisterResponder(http.MethodGet, "=~/syntax$", httpmock.NewStringResponder(200, `{"value":`))
	mt.RegisterResponder(http.MethodGet, "=~/type$", httpmock.NewStringResponder(200, `{"value":1}`))

	_, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{Method: http.MethodGet, Path: "/v1/syntax"})
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		t.Errorf("truncated body: error %v (%T) is not a *json.SyntaxError", err, errors.Unwrap(err))
	}
	_, err = stytchapi.Do[echo](context.Background(), c, stytchapi.Request{Method: http.MethodGet, Path: "/v1/type"})
	var typ *json.UnmarshalTypeError
	if !errors.As(err, &typ) || typ.Field != "value" {
		t.Errorf("wrong type: error %v is not a *json.UnmarshalTypeError for value", err)
	}
}

// Response buffers are reused between calls; concurrent calls must each see
// their own body.
func TestConcurrentCallsKeepTheirBodies(t *testing.T) {
	c, mt := newClient(t)
	mt.RegisterResponder(http.MethodGet, `=~^https://test\.stytch\.com/v1/echo/`, func(r *http.Request) (*http.Response, error) {
		return httpmock.NewStringResponse(200, `{"value":"`+r.URL.Path+`"}`), nil
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				id := string(rune('a'+g)) + string(rune('a'+i%26))
				out, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{
					Method: http.MethodGet, Path: "/v1/echo/{id}", PathParams: []string{id},
				})
				if err != nil {
					t.Error(err)
					return
				}
				if want := "/v1/echo/" + id; out.Value != want {
					t.Errorf("got %q, want %q", out.Value, want)
				}
			}
		}()
	}
	wg.Wait()
}
