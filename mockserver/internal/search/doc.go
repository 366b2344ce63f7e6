// Package search compiles the search queries of the list endpoints (filter
// operands, AND/OR, cursors and pages) into predicates over any record type.
//
// Of the mock's packages it may import apierr only; substring indexes keep
// their posting lists in roaring bitmaps (github.com/RoaringBitmap/roaring).
package search
