// Package store persists projects: snapshots of a project's records in their
// persisted JSON format, their validation on restore, and the data directory
// on disk.
//
// It may import apierr, wire, passwd, state and flows, never the HTTP layers.
package store
