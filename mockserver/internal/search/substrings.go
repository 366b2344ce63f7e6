package search

import (
	"iter"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// gramLen is the length, in bytes, of the n-grams SubstringIndex keeps.
const gramLen = 3

// SubstringIndex finds the items whose text may contain a needle, through
// the byte trigrams of the texts: a text that contains the needle contains
// every trigram of the needle, so intersecting the trigrams' posting lists
// gives a superset of the matches, which the filter's own predicate then
// confirms. The index therefore never changes what a search finds, only
// how many items it tests.
//
// Items are uint32 IDs the caller chooses; a field byte keeps the texts of
// different filters apart in one index. Posting lists are roaring bitmaps,
// so adding and removing an item costs a few small copies whatever the
// number of items. The zero value is an empty index. It is not safe for
// concurrent use: callers hold their project's lock, for writing in
// Replace and at least for reading in Lookup.
type SubstringIndex struct {
	posts map[uint32]*roaring.Bitmap
}

// gramKey packs a field and a trigram into a posting key.
func gramKey(field byte, g string) uint32 {
	return uint32(field)<<24 | uint32(g[0])<<16 | uint32(g[1])<<8 | uint32(g[2])
}

// grams appends to dst the distinct keys of the trigrams of texts, sorted.
func grams(dst []uint32, field byte, texts []string) []uint32 {
	for _, t := range texts {
		for i := 0; i+gramLen <= len(t); i++ {
			dst = append(dst, gramKey(field, t[i:i+gramLen]))
		}
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

// Replace changes the texts of one field of item id from old to new. old
// must be exactly the texts last given as new for that field and item (nil
// for an item not indexed yet); new is nil to remove the item. Trigrams
// that old and new share are left alone, so an update that keeps a text
// costs little.
func (x *SubstringIndex) Replace(field byte, id uint32, old, new []string) {
	var buf [64]uint32
	before := grams(buf[:0], field, old)
	after := grams(nil, field, new)
	i, j := 0, 0
	for i < len(before) || j < len(after) {
		switch {
		case j == len(after) || (i < len(before) && before[i] < after[j]):
			if p := x.posts[before[i]]; p != nil {
				p.Remove(id)
				if p.IsEmpty() {
					delete(x.posts, before[i])
				}
			}
			i++
		case i == len(before) || after[j] < before[i]:
			if x.posts == nil {
				x.posts = map[uint32]*roaring.Bitmap{}
			}
			p := x.posts[after[j]]
			if p == nil {
				p = roaring.New()
				x.posts[after[j]] = p
			}
			p.Add(id)
			j++
		default:
			i++
			j++
		}
	}
}

// Lookup returns, in ascending order, the IDs of the items whose field may
// contain needle: every item whose text contains it, and perhaps others;
// n is how many. ok is false when the needle is shorter than a trigram,
// which the index cannot narrow. The sequence must be consumed before the
// next Replace.
func (x *SubstringIndex) Lookup(field byte, needle string) (ids iter.Seq[uint32], n int, ok bool) {
	found, ok := x.candidates(field, needle)
	if !ok {
		return nil, 0, false
	}
	if found == nil {
		return func(func(uint32) bool) {}, 0, true
	}
	return func(yield func(uint32) bool) { found.Iterate(yield) }, int(found.GetCardinality()), true
}

// candidates returns the intersection of the posting lists of needle's
// trigrams (nil for none), which may be one of the posting lists itself:
// callers must not change it.
func (x *SubstringIndex) candidates(field byte, needle string) (found *roaring.Bitmap, ok bool) {
	if len(needle) < gramLen {
		return nil, false
	}
	keys := grams(nil, field, []string{needle})
	lists := make([]*roaring.Bitmap, 0, len(keys))
	for _, k := range keys {
		p := x.posts[k]
		if p == nil {
			return nil, true
		}
		lists = append(lists, p)
	}
	slices.SortFunc(lists, func(a, b *roaring.Bitmap) int {
		ca, cb := a.GetCardinality(), b.GetCardinality()
		switch {
		case ca < cb:
			return -1
		case ca > cb:
			return 1
		}
		return 0
	})
	found = lists[0]
	if len(lists) > 1 {
		found = roaring.And(lists[0], lists[1])
		for _, p := range lists[2:] {
			if found.IsEmpty() {
				break
			}
			found.And(p)
		}
	}
	return found, true
}

// Count returns how many items' field contains needle, given verify, which
// returns how many of a batch of candidate items really contain it. A
// needle of exactly one trigram is counted from its posting list alone,
// which holds exactly the items whose text contains it; a longer one
// verifies every candidate. ok is false when the needle is shorter than a
// trigram.
func (x *SubstringIndex) Count(field byte, needle string, verify func(ids []uint32) int) (n int, ok bool) {
	found, ok := x.candidates(field, needle)
	if !ok || found == nil {
		return 0, ok
	}
	if len(needle) == gramLen {
		return int(found.GetCardinality()), true
	}
	var buf [256]uint32
	for it := found.ManyIterator(); ; {
		k := it.NextMany(buf[:])
		if k == 0 {
			return n, true
		}
		n += verify(buf[:k])
	}
}
