// Package search compiles the search queries of the list endpoints (filter
// operands, AND/OR, cursors and pages) into predicates over any record type.
//
// It may import apierr only.
package search
