// Package state holds the records of each mock project (organizations,
// members, sessions, links, codes, policies, events, the outbox) with their
// indexes and lock discipline: methods say whether callers hold Project.Mu.
//
// It may import apierr, clock, ids, passwd and search; it must not import
// net/http or any layer above it.
package state
