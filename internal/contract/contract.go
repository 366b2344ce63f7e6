// Package contract loads the machine-readable description of the Stytch API
// (testdata/contract) and checks Go types and live JSON against it. The SDK's
// and the mock's contract tests use it; it is not part of the public API.
package contract

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// Field is one JSON field of a request, response or named type.
type Field struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Required bool   `json:"required"`
	Format   string `json:"format"`
	Ref      string `json:"ref"`
	Items    *Field `json:"items"`
	Nullable bool   `json:"nullable"`
}

// Endpoint is one API endpoint.
type Endpoint struct {
	Name        string  `json:"name"`
	Area        string  `json:"area"`
	Method      string  `json:"method"`
	Path        string  `json:"path"`
	PathParams  []Field `json:"path_params"`
	QueryParams []Field `json:"query_params"`
	Request     []Field `json:"request"`
	Response    []Field `json:"response"`
}

// Type is a named object type.
type Type struct {
	GoName string  `json:"go_name"`
	Fields []Field `json:"fields"`
}

// Contract is one endpoints file with its types file.
type Contract struct {
	Endpoints []Endpoint
	Types     map[string]Type
}

// Load reads <dir>/<name>.json and <dir>/<name>_types.json, e.g. name "b2b".
func Load(dir, name string) (*Contract, error) {
	var eps struct {
		Endpoints []Endpoint `json:"endpoints"`
	}
	var types struct {
		Types map[string]Type `json:"types"`
	}
	if err := readJSON(filepath.Join(dir, name+".json"), &eps); err != nil {
		return nil, err
	}
	if err := readJSON(filepath.Join(dir, name+"_types.json"), &types); err != nil {
		return nil, err
	}
	return &Contract{Endpoints: eps.Endpoints, Types: types.Types}, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// LoadErrorTypes reads Stytch's published registry of error types
// (<dir>/error_types.json) as a set. It checks that the file's count
// matches its list.
func LoadErrorTypes(dir string) (map[string]bool, error) {
	var f struct {
		Count      int      `json:"count"`
		ErrorTypes []string `json:"error_types"`
	}
	path := filepath.Join(dir, "error_types.json")
	if err := readJSON(path, &f); err != nil {
		return nil, err
	}
	if f.Count != len(f.ErrorTypes) || f.Count == 0 {
		return nil, fmt.Errorf("%s: count %d, %d types listed", path, f.Count, len(f.ErrorTypes))
	}
	out := make(map[string]bool, len(f.ErrorTypes))
	for _, e := range f.ErrorTypes {
		out[e] = true
	}
	return out, nil
}

// Endpoint returns the endpoint with the given dotted name.
func (c *Contract) Endpoint(name string) (Endpoint, bool) {
	for _, e := range c.Endpoints {
		if e.Name == name {
			return e, true
		}
	}
	return Endpoint{}, false
}

// jsonFields returns the JSON fields of a struct type: name -> (field, omitempty).
// The fields of an untagged embedded struct are promoted, as encoding/json
// does; a field of the outer struct wins over a promoted one.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
			for name, pf := range jsonFields(f.Type) {
				if _, ok := out[name]; !ok {
					out[name] = pf
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}

func hasOmit(f reflect.StructField) bool {
	_, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
	return strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
}

// CheckStruct compares the JSON fields of Go struct type t with fields and,
// recursively, the named types they reference. response says whether t is
// read from the API (required fields must then not be omitted when empty).
// It returns one message per difference.
func (c *Contract) CheckStruct(where string, t reflect.Type, fields []Field, response bool) []string {
	var problems []string
	c.checkStruct(where, t, fields, response, map[reflect.Type]bool{}, &problems)
	sort.Strings(problems)
	return problems
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func (c *Contract) checkStruct(where string, t reflect.Type, fields []Field, response bool, seen map[reflect.Type]bool, problems *[]string) {
	t = deref(t)
	if t.Kind() != reflect.Struct {
		*problems = append(*problems, fmt.Sprintf("%s: Go type %s is not a struct", where, t))
		return
	}
	if seen[t] {
		return
	}
	seen[t] = true
	goFields := jsonFields(t)
	want := map[string]Field{}
	for _, f := range fields {
		want[f.Name] = f
	}
	for name := range goFields {
		if _, ok := want[name]; !ok {
			*problems = append(*problems, fmt.Sprintf("%s: Go field %q is not in the contract", where, name))
		}
	}
	for _, f := range fields {
		gf, ok := goFields[f.Name]
		if !ok {
			*problems = append(*problems, fmt.Sprintf("%s: contract field %q is missing from %s", where, f.Name, t.Name()))
			continue
		}
		if response && f.Required && hasOmit(gf) && deref(gf.Type).Kind() != reflect.Struct {
			*problems = append(*problems, fmt.Sprintf("%s.%s: required in the contract but tagged omitempty", where, f.Name))
		}
		c.checkValue(where+"."+f.Name, gf.Type, f, response, seen, problems)
	}
}

func (c *Contract) checkValue(where string, gt reflect.Type, f Field, response bool, seen map[reflect.Type]bool, problems *[]string) {
	gt = deref(gt)
	kindOK := map[string][]reflect.Kind{
		"string":  {reflect.String, reflect.Struct}, // time.Time is a struct
		"integer": {reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint32, reflect.Uint64},
		"number":  {reflect.Float64, reflect.Float32},
		"boolean": {reflect.Bool},
		"object":  {reflect.Struct, reflect.Map, reflect.Interface},
		"array":   {reflect.Slice},
		"any":     {reflect.Interface},
	}[f.Type]
	if !slices.Contains(kindOK, gt.Kind()) {
		*problems = append(*problems, fmt.Sprintf("%s: contract type %s, Go type %s", where, f.Type, gt))
		return
	}
	switch {
	case f.Ref != "":
		rt, ok := c.Types[f.Ref]
		if !ok {
			*problems = append(*problems, fmt.Sprintf("%s: unknown contract type %s", where, f.Ref))
			return
		}
		c.checkStruct(where+"("+f.Ref+")", gt, rt.Fields, response, seen, problems)
	case f.Type == "array" && f.Items != nil:
		c.checkValue(where+"[]", gt.Elem(), *f.Items, response, seen, problems)
	}
}

// CheckJSON checks that a decoded JSON object carries every required field
// of fields with the right JSON type, recursively. It returns one message per
// problem.
func (c *Contract) CheckJSON(where string, obj map[string]any, fields []Field) []string {
	var problems []string
	c.checkJSON(where, obj, fields, &problems)
	return problems
}

func (c *Contract) checkJSON(where string, obj map[string]any, fields []Field, problems *[]string) {
	for _, f := range fields {
		v, present := obj[f.Name]
		if !present {
			if f.Required {
				*problems = append(*problems, fmt.Sprintf("%s: required field %q is missing", where, f.Name))
			}
			continue
		}
		if v == nil {
			if f.Required && !f.Nullable {
				*problems = append(*problems, fmt.Sprintf("%s: required field %q is null", where, f.Name))
			}
			continue
		}
		c.checkJSONValue(where+"."+f.Name, v, f, problems)
	}
}

func (c *Contract) checkJSONValue(where string, v any, f Field, problems *[]string) {
	ok := false
	switch f.Type {
	case "string":
		_, ok = v.(string)
	case "integer":
		n, isNum := v.(float64)
		ok = isNum && n == float64(int64(n))
	case "number":
		_, ok = v.(float64)
	case "boolean":
		_, ok = v.(bool)
	case "object":
		_, ok = v.(map[string]any)
	case "array":
		_, ok = v.([]any)
	case "any":
		ok = true
	}
	if !ok {
		*problems = append(*problems, fmt.Sprintf("%s: want JSON %s, got %T", where, f.Type, v))
		return
	}
	if f.Ref != "" {
		if m, isObj := v.(map[string]any); isObj {
			c.checkJSON(where, m, c.Types[f.Ref].Fields, problems)
		}
	}
	if f.Type == "array" && f.Items != nil {
		for i, e := range v.([]any) {
			c.checkJSONValue(fmt.Sprintf("%s[%d]", where, i), e, *f.Items, problems)
		}
	}
}
