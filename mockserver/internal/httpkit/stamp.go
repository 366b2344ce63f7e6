package httpkit

import (
	"reflect"
	"strings"
	"sync"
)

// stampFields is where a response type keeps its request_id and
// status_code: the index paths of the fields, nil when absent.
type stampFields struct {
	requestID  []int
	statusCode []int
}

var stampCache sync.Map // reflect.Type -> *stampFields

// stamp sets the request_id and status_code fields of a response, a pointer
// to a struct, wherever they sit among its (embedded) fields. Domain code
// never fills them: only the HTTP layer knows the request and the status.
func stamp(v any, requestID string, status int) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return
	}
	rv = rv.Elem()
	sf := stampFieldsOf(rv.Type())
	if sf.requestID != nil {
		if f, err := rv.FieldByIndexErr(sf.requestID); err == nil && f.CanSet() {
			f.SetString(requestID)
		}
	}
	if sf.statusCode != nil {
		if f, err := rv.FieldByIndexErr(sf.statusCode); err == nil && f.CanSet() {
			f.SetInt(int64(status))
		}
	}
}

func stampFieldsOf(t reflect.Type) *stampFields {
	if c, ok := stampCache.Load(t); ok {
		return c.(*stampFields)
	}
	sf := &stampFields{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "request_id" && f.Type.Kind() == reflect.String && sf.requestID == nil:
			sf.requestID = f.Index
		case name == "status_code" && f.Type.Kind() >= reflect.Int && f.Type.Kind() <= reflect.Int64 && sf.statusCode == nil:
			sf.statusCode = f.Index
		}
	}
	stampCache.Store(t, sf)
	return sf
}
