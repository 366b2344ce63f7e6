// Package conformance is the contract check between this SDK, stytch-mock and
// Stytch's live API: end-to-end flows, written once, that run against any
// Stytch base URL. Its tests are the whole package:
//
//	go test ./internal/conformance                    # against an in-process stytch-mock
//	STYTCH_PROJECT_ID=project-test-... STYTCH_SECRET=secret-test-... \
//	    go test -count=1 -v ./internal/conformance     # against your TEST project
//
// STYTCH_BASE_URL overrides the base URL (for a stytch-mock binary, say).
// Flows that need the mock's outbox or clock are skipped, with a message,
// against a real Stytch project.
package conformance
