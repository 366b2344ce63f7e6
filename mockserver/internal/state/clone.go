package state

import "time"

// DeepCopyJSON copies a decoded JSON object.
func DeepCopyJSON(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = deepCopyValue(v)
	}
	return out
}

// deepCopyValue copies a decoded JSON value.
func deepCopyValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return DeepCopyJSON(t)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopyValue(e)
		}
		return out
	default:
		return v
	}
}

// CloneTime returns a copy of t (nil for nil).
func CloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

// objectOrEmpty returns m, or an empty object when m is nil, for the object
// fields Stytch always sends ({} when empty, never null or missing).
func objectOrEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
