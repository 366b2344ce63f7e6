package scim

import (
	"fmt"
	"strings"

	escim "github.com/elimity-com/scim"
	filter "github.com/scim2/filter-parser/v2"
)

// ApplyPatch applies validated PATCH operations (RFC 7644 §3.5.2) to
// attrs, a resource's attributes, in order. It covers the shapes Okta and
// Microsoft Entra ID send: replace without a path (a map of attributes,
// possibly with dotted or URN-qualified keys), simple and sub-attribute
// paths, extension paths, and value-filter paths such as
// emails[type eq "work"].value and members[value eq "id"].
func ApplyPatch(attrs map[string]any, ops []escim.PatchOperation) error {
	for i, op := range ops {
		if err := applyOp(attrs, op); err != nil {
			return fmt.Errorf("operation %d: %w", i, err)
		}
	}
	return nil
}

func applyOp(attrs map[string]any, op escim.PatchOperation) error {
	kind := strings.ToLower(op.Op)
	if op.Path == nil {
		if kind == escim.PatchOperationRemove {
			return fmt.Errorf("remove needs a path")
		}
		m, ok := op.Value.(map[string]any)
		if !ok {
			return fmt.Errorf("an operation without a path needs an object value")
		}
		for k, v := range m {
			if strings.EqualFold(k, "id") {
				continue
			}
			p, err := filter.ParsePath([]byte(k))
			if err != nil {
				// A URN-qualified extension object: merge it.
				if sub, ok := v.(map[string]any); ok {
					ext := containerFor(attrs, k, true)
					for sk, sv := range sub {
						setKey(ext, sk, sv)
					}
					continue
				}
				return fmt.Errorf("invalid attribute %q", k)
			}
			if err := applyPath(attrs, kind, p, v); err != nil {
				return err
			}
		}
		return nil
	}
	return applyPath(attrs, kind, *op.Path, op.Value)
}

// containerFor returns the map an attribute path's URI prefix names: attrs
// itself, or the extension object (created when create is set).
func containerFor(attrs map[string]any, urn string, create bool) map[string]any {
	if urn == "" || strings.EqualFold(urn, "urn:ietf:params:scim:schemas:core:2.0:User") || strings.EqualFold(urn, "urn:ietf:params:scim:schemas:core:2.0:Group") {
		return attrs
	}
	k := keyOf(attrs, urn)
	if m, ok := attrs[k].(map[string]any); ok {
		return m
	}
	if !create {
		return nil
	}
	m := map[string]any{}
	attrs[k] = m
	return m
}

// keyOf returns the key of m that equals name case-insensitively, or name.
func keyOf(m map[string]any, name string) string {
	if _, ok := m[name]; ok {
		return name
	}
	for k := range m {
		if strings.EqualFold(k, name) {
			return k
		}
	}
	return name
}

func setKey(m map[string]any, name string, v any) { m[keyOf(m, name)] = v }

func applyPath(attrs map[string]any, kind string, p filter.Path, value any) error {
	ap := p.AttributePath
	urn := ""
	if ap.URIPrefix != nil {
		urn = *ap.URIPrefix
	}
	ctr := containerFor(attrs, urn, kind != escim.PatchOperationRemove)
	if ctr == nil {
		return nil // removing from an extension the resource does not have
	}
	name := keyOf(ctr, ap.AttributeName)
	if p.ValueExpression == nil {
		if ap.SubAttribute != nil {
			sub, _ := ctr[name].(map[string]any)
			if sub == nil {
				if kind == escim.PatchOperationRemove {
					return nil
				}
				sub = map[string]any{}
				ctr[name] = sub
			}
			if kind == escim.PatchOperationRemove {
				delete(sub, keyOf(sub, *ap.SubAttribute))
			} else {
				setKey(sub, *ap.SubAttribute, value)
			}
			return nil
		}
		switch kind {
		case escim.PatchOperationRemove:
			if list, ok := ctr[name].([]any); ok && value != nil {
				// Entra removes members by listing them as the value.
				ctr[name] = removeValues(list, value)
				return nil
			}
			delete(ctr, name)
		case escim.PatchOperationAdd:
			if list, ok := ctr[name].([]any); ok {
				ctr[name] = addValues(list, value)
				return nil
			}
			ctr[name] = value
		default:
			ctr[name] = value
		}
		return nil
	}
	list, _ := ctr[name].([]any)
	matched := 0
	kept := list[:0:0]
	for _, e := range list {
		em, ok := e.(map[string]any)
		if !ok || !matches(em, p.ValueExpression) {
			kept = append(kept, e)
			continue
		}
		matched++
		switch {
		case kind == escim.PatchOperationRemove && p.SubAttribute == nil:
			continue // drop the element
		case kind == escim.PatchOperationRemove:
			delete(em, keyOf(em, *p.SubAttribute))
		case p.SubAttribute != nil:
			setKey(em, *p.SubAttribute, value)
		default:
			if vm, ok := value.(map[string]any); ok {
				for k, v := range vm {
					setKey(em, k, v)
				}
			}
		}
		kept = append(kept, em)
	}
	if matched == 0 && kind != escim.PatchOperationRemove {
		// Add the element the filter describes (Entra sends
		// emails[type eq "work"].value for a user without one).
		em := equalities(p.ValueExpression)
		if p.SubAttribute != nil {
			em[*p.SubAttribute] = value
		} else if vm, ok := value.(map[string]any); ok {
			for k, v := range vm {
				em[k] = v
			}
		}
		kept = append(kept, em)
	}
	ctr[name] = kept
	return nil
}

// valueOf is the "value" sub-attribute of a multi-valued element.
func valueOf(e any) any {
	if m, ok := e.(map[string]any); ok {
		return m[keyOf(m, "value")]
	}
	return e
}

// asList returns v as a list of elements.
func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// addValues appends the elements of v whose value list does not hold yet.
func addValues(list []any, v any) []any {
	out := append([]any{}, list...)
	for _, e := range asList(v) {
		dup := false
		for _, o := range out {
			if fmt.Sprint(valueOf(o)) == fmt.Sprint(valueOf(e)) && valueOf(e) != nil {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, e)
		}
	}
	return out
}

// removeValues drops the elements of list whose value v lists.
func removeValues(list []any, v any) []any {
	out := []any{}
	for _, o := range list {
		drop := false
		for _, e := range asList(v) {
			if fmt.Sprint(valueOf(o)) == fmt.Sprint(valueOf(e)) {
				drop = true
				break
			}
		}
		if !drop {
			out = append(out, o)
		}
	}
	return out
}

// matches evaluates a value filter against one element of a multi-valued
// attribute. String comparisons ignore case (caseExact is false for the
// sub-attributes filters name: type, value, display, primary).
func matches(e map[string]any, expr filter.Expression) bool {
	switch x := expr.(type) {
	case *filter.AttributeExpression:
		name := x.AttributePath.AttributeName
		if x.AttributePath.SubAttribute != nil {
			name = *x.AttributePath.SubAttribute
		}
		v, present := e[keyOf(e, name)]
		return compare(v, present, x.Operator, x.CompareValue)
	case *filter.LogicalExpression:
		if x.Operator == filter.AND {
			return matches(e, x.Left) && matches(e, x.Right)
		}
		return matches(e, x.Left) || matches(e, x.Right)
	case *filter.NotExpression:
		return !matches(e, x.Expression)
	}
	return false
}

func compare(v any, present bool, op filter.CompareOperator, want any) bool {
	if op == filter.PR {
		return present && v != nil && v != ""
	}
	if !present {
		return false
	}
	vs, ws := strings.ToLower(fmt.Sprint(v)), strings.ToLower(fmt.Sprint(want))
	switch op {
	case filter.EQ:
		return vs == ws
	case filter.NE:
		return vs != ws
	case filter.CO:
		return strings.Contains(vs, ws)
	case filter.SW:
		return strings.HasPrefix(vs, ws)
	case filter.EW:
		return strings.HasSuffix(vs, ws)
	case filter.GT:
		return vs > ws
	case filter.GE:
		return vs >= ws
	case filter.LT:
		return vs < ws
	case filter.LE:
		return vs <= ws
	}
	return false
}

// equalities returns the attribute-eq-value pairs of a filter joined by
// and, as the fields of a new element.
func equalities(expr filter.Expression) map[string]any {
	out := map[string]any{}
	var walk func(filter.Expression)
	walk = func(expr filter.Expression) {
		switch x := expr.(type) {
		case *filter.AttributeExpression:
			if x.Operator == filter.EQ {
				name := x.AttributePath.AttributeName
				if x.AttributePath.SubAttribute != nil {
					name = *x.AttributePath.SubAttribute
				}
				out[name] = x.CompareValue
			}
		case *filter.LogicalExpression:
			if x.Operator == filter.AND {
				walk(x.Left)
				walk(x.Right)
			}
		}
	}
	walk(expr)
	return out
}
