package b2b_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// sdkMethod is one method reached from b2b.Client through its exported
// sub-client fields, such as "Organizations.Members.Search".
type sdkMethod struct {
	name string
	fn   reflect.Value
}

// sdkMethods walks the exported pointer-to-struct fields of v (a sub-client)
// depth first and returns the exported methods of every client it reaches.
func sdkMethods(v reflect.Value, prefix string, seen map[reflect.Type]bool) []sdkMethod {
	if seen[v.Type()] {
		return nil
	}
	seen[v.Type()] = true
	var out []sdkMethod
	for i := range v.NumMethod() {
		out = append(out, sdkMethod{prefix + v.Type().Method(i).Name, v.Method(i)})
	}
	s := v.Elem()
	for i := range s.NumField() {
		f := s.Type().Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
			continue
		}
		if !strings.HasPrefix(f.Type.Elem().PkgPath(), "github.com/stytchkit/stytch-go/b2b") || s.Field(i).IsNil() {
			continue
		}
		out = append(out, sdkMethods(s.Field(i), prefix+f.Name+".", seen)...)
	}
	return out
}

// withoutRequestOptions are the methods that make no API request of their
// own for the caller, and so take no stytchapi.RequestOption.
var withoutRequestOptions = map[string]bool{
	"Core":                          true, // accessor
	"Sessions.Configure":            true, // local settings
	"Sessions.AuthenticateJWTLocal": true, // local validation against shared caches
	"IDP.IntrospectTokenLocal":      true, // local validation against the JWKS
}

var (
	ctxType       = reflect.TypeFor[context.Context]()
	errorType     = reflect.TypeFor[error]()
	reqOptsType   = reflect.TypeFor[[]stytchapi.RequestOption]()
	localJWTError = []error{sessions.ErrJWTInvalid, sessions.ErrJWTExpired, sessions.ErrJWKSUnavailable}
)

// Every method of the client, called with nil params and zero values for its
// other arguments, must neither panic nor send an invalid request: it either
// succeeds, answers with the API's error, or refuses locally (an invalid path
// parameter, or a JWT that cannot be validated).
func TestEveryMethodAcceptsNilParams(t *testing.T) {
	ts := mockserver.Start(t)
	methods := sdkMethods(reflect.ValueOf(ts.Client), "", map[reflect.Type]bool{})
	// The API surface has 68 endpoint methods plus accessors and local
	// helpers; far fewer means the walk lost a sub-client.
	if len(methods) < 70 {
		t.Fatalf("walked %d methods; the walk is missing sub-clients", len(methods))
	}
	for _, m := range methods {
		t.Run(m.name, func(t *testing.T) {
			mt := m.fn.Type()
			if !withoutRequestOptions[m.name] && !(mt.IsVariadic() && mt.In(mt.NumIn()-1) == reqOptsType) {
				t.Errorf("%s does not take ...stytchapi.RequestOption last: %s", m.name, mt)
			}
			if err := callWithZeroArgs(m.fn); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// callWithZeroArgs calls fn with a background context and zero values, and
// checks what it returns. A panic is reported as an error.
func callWithZeroArgs(fn reflect.Value) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panicked: %v", r)
		}
	}()
	ft := fn.Type()
	args := make([]reflect.Value, 0, ft.NumIn())
	for i := range ft.NumIn() {
		switch in := ft.In(i); {
		case ft.IsVariadic() && i == ft.NumIn()-1:
		case in == ctxType:
			args = append(args, reflect.ValueOf(context.Background()))
		default:
			args = append(args, reflect.Zero(in))
		}
	}
	out := fn.Call(args)
	for _, o := range out {
		switch {
		case o.Type() == errorType:
			if e, _ := o.Interface().(error); e != nil {
				if err := acceptable(e); err != nil {
					return err
				}
			}
		case isSeq2WithError(o.Type()):
			// An iterator (SearchAll): drain it; its errors must be
			// acceptable too.
			var iterErr error
			o.Call([]reflect.Value{reflect.MakeFunc(o.Type().In(0), func(a []reflect.Value) []reflect.Value {
				if e, _ := a[1].Interface().(error); e != nil {
					iterErr = acceptable(e)
				}
				return []reflect.Value{reflect.ValueOf(iterErr == nil)}
			})})
			if iterErr != nil {
				return iterErr
			}
		}
	}
	return nil
}

// acceptable reports an error that is none of those the walk allows.
func acceptable(err error) error {
	var apiErr *stytchapi.Error
	switch {
	case errors.As(err, &apiErr), errors.Is(err, stytchapi.ErrInvalidPathParam):
		return nil
	}
	for _, e := range localJWTError {
		if errors.Is(err, e) {
			return nil
		}
	}
	return fmt.Errorf("unexpected error %T: %v", err, err)
}

// isSeq2WithError reports whether t is an iter.Seq2[T, error].
func isSeq2WithError(t reflect.Type) bool {
	if t.Kind() != reflect.Func || t.NumIn() != 1 {
		return false
	}
	y := t.In(0)
	return y.Kind() == reflect.Func && y.NumIn() == 2 && y.In(1) == errorType && y.NumOut() == 1
}
