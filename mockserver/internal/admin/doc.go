// Package admin serves the mock's own /mock/ routes: the clock, the outbox,
// fixtures (sessions, access tokens), faults, policies and other project
// settings that tests set up or inspect.
//
// It may import apierr, ids, passwd, state, flows, httpkit and api, never
// dashboard or engine.
package admin
