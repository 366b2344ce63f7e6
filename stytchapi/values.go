package stytchapi

// Bool returns a pointer to v, for optional boolean fields of request params.
func Bool(v bool) *bool { return &v }

// String returns a pointer to v, for optional string fields of request params.
func String(v string) *string { return &v }

// Int returns a pointer to v, for optional integer fields of request params.
func Int(v int) *int { return &v }

// Int32 returns a pointer to v, for optional int32 fields of request params.
func Int32(v int32) *int32 { return &v }

// Uint32 returns a pointer to v, for optional uint32 fields of request params.
func Uint32(v uint32) *uint32 { return &v }

// Ptr returns a pointer to v, for optional fields of any other type.
func Ptr[T any](v T) *T { return &v }
