// Package api serves the Stytch B2B routes of the mock: each handler decodes
// its request, calls the domain rules in flows and the records in state, and
// answers. It holds no domain rules of its own and never sets request_id or
// status_code (httpkit.WriteJSON stamps them).
//
// It may import apierr, ids, passwd, search, state, flows and httpkit, never
// admin, dashboard or engine.
package api
