// Package httpkit is the mock's HTTP toolkit: the route table type with every
// fact about a route on its entry, the router, the Call a handler receives
// with its one body decoder, and the one JSON writer, which stamps request_id
// and status_code into every answer.
//
// It may import apierr, wire, state and flows, never api, admin, dashboard or
// engine.
package httpkit
