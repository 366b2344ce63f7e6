// Package wire is the one way the mock reads JSON: request bodies (through
// httpkit) and project snapshots (through store). It decodes exactly one
// value, keeps numbers in interface values as json.Number, optionally refuses
// unknown fields, and reports problems as typed errors that each caller turns
// into its own error format.
package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// ErrSyntax is returned for input that is not JSON.
var ErrSyntax = errors.New("not valid JSON")

// ErrTrailing is returned when more than one value follows.
var ErrTrailing = errors.New("trailing data after the value")

// TypeError says that a value has the wrong JSON type. Field is the dotted
// path of the value, "" for the top-level value.
type TypeError struct {
	Field string
	Want  string // string, boolean, number, array or object
	Got   string // the JSON kind found
}

func (e *TypeError) Error() string {
	if e.Field == "" {
		return "the value must be a JSON " + e.Want
	}
	return "the value of " + e.Field + " must be of type " + e.Want + ", not " + e.Got
}

// UnknownFieldError names a field the target does not have, in strict mode.
type UnknownFieldError struct {
	Name string
}

func (e *UnknownFieldError) Error() string { return "unknown field " + e.Name }

// Decode reads data into v. Leading and trailing white space is ignored; with
// allowEmpty, empty input leaves v as it is. With strict, fields v does not
// have are refused.
func Decode(data []byte, v any, strict, allowEmpty bool) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		if allowEmpty {
			return nil
		}
		return ErrSyntax
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr):
			return &TypeError{Field: typeErr.Field, Want: kindOf(typeErr.Type.Kind().String()), Got: typeErr.Value}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return &UnknownFieldError{Name: strings.TrimPrefix(err.Error(), "json: unknown field ")}
		}
		return ErrSyntax
	}
	if dec.More() {
		return ErrTrailing
	}
	return nil
}

// kindOf names the JSON kind that a Go kind decodes from.
func kindOf(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "map", "struct", "ptr", "interface":
		return "object"
	default:
		return "number"
	}
}
