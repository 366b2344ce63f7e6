package stytchapi

//go:generate go run ../internal/gen/errortypes -kind sdk -registry ../testdata/contract/error_types.json -out error_types_gen.go
