package apierr

//go:generate go run ../../../internal/gen/errortypes -kind mock -registry ../../../testdata/contract/error_types.json -out registry_gen.go
