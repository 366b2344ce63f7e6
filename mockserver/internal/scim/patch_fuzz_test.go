package scim

import (
	"encoding/json"
	"testing"

	escim "github.com/elimity-com/scim"
	filter "github.com/scim2/filter-parser/v2"
)

// FuzzPatchAndFilter feeds hostile PATCH operations and filters to the
// request decoder: the filter rewrite, the path and filter parsers and
// ApplyPatch must never panic, and a rewritten filter must never grow
// without bound.
func FuzzPatchAndFilter(f *testing.F) {
	f.Add(`emails[type eq "work"].value eq "a@b.c"`, `emails[type eq "work"].value`, `"x@y.z"`, "replace")
	f.Add(`userName eq "ada"`, `members[value eq "id"]`, `null`, "remove")
	f.Add(`externalId eq "e"`, `name.givenName`, `"Ada"`, "add")
	f.Add(`x`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`, `{"a":[1,{"b":2}]}`, "Replace")
	f.Add(`a[b eq "c" or d eq "e"].f eq "g"`, `members`, `[{"value":"id"}]`, "Remove")
	f.Fuzz(func(t *testing.T, rawFilter, path, value, op string) {
		out := NormalizeFilter(rawFilter)
		if len(out) > len(rawFilter)+16 {
			t.Fatalf("filter grew: %q -> %q", rawFilter, out)
		}
		_, _ = filter.ParseFilter([]byte(out))
		var v any
		if json.Unmarshal([]byte(value), &v) != nil {
			v = value
		}
		attrs := map[string]any{"userName": "ada", "emails": []any{map[string]any{"type": "work", "value": "a@b.c"}}, "members": []any{map[string]any{"value": "id"}}}
		var ops []escim.PatchOperation
		if p, err := filter.ParsePath([]byte(path)); err == nil {
			ops = append(ops, escim.PatchOperation{Op: op, Path: &p, Value: v})
		}
		ops = append(ops, escim.PatchOperation{Op: op, Value: v})
		_ = ApplyPatch(attrs, ops)
	})
}
