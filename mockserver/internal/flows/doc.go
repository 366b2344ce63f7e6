// Package flows holds the mock's domain rules: the login pipeline (primary
// factor, intermediate session, MFA) and each factor's checks, and the
// validation of what requests carry. It works on plain values (the time, the
// acting member as an Actor), never on the HTTP request.
//
// It may import apierr, ids, passwd and state; it must not import net/http,
// httpkit or any layer above it.
package flows
