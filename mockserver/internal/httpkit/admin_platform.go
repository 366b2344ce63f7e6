package httpkit

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// decodeStrict decodes the JSON body into v like decode, and also rejects
// unknown fields, so a typo in an admin call fails instead of being ignored.
func (rc *ReqCtx) DecodeStrict(v any) error {
	body := bytes.TrimSpace(rc.Body)
	if len(body) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field != "":
			return apierr.BadRequest("invalid_request_value", "The value of %s must be of type %s, not %s.", typeErr.Field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
		case errors.As(err, &typeErr):
			return apierr.BadRequest("invalid_request_value", "The request body must be a JSON object.")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return apierr.BadRequest("invalid_request_value", "The request body has an unknown field %s.", state.Truncate(strings.TrimPrefix(err.Error(), "json: unknown field "), 80))
		}
		return apierr.BadRequest("bad_request", "The request body is not valid JSON.")
	}
	if dec.More() {
		return apierr.BadRequest("bad_request", "The request body must hold exactly one JSON object.")
	}
	return nil
}
