package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestSubstringIndexRandom checks Lookup against brute force while items
// are added, changed and removed: it returns every item whose text
// contains the needle, and for a needle of exactly one trigram nothing
// else.
func TestSubstringIndexRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcAB.-é0")
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	var x SubstringIndex
	texts := map[uint32][]string{} // the texts of field 1 by item
	other := map[uint32][]string{} // field 2, which must never leak into field 1
	for step := range 4000 {
		id := uint32(rng.IntN(200))
		switch rng.IntN(3) {
		case 0, 1:
			next := make([]string, rng.IntN(3))
			for i := range next {
				next[i] = word(rng.IntN(8))
			}
			x.Replace(1, id, texts[id], next)
			texts[id] = next
			o := []string{word(6)}
			x.Replace(2, id, other[id], o)
			other[id] = o
		default:
			x.Replace(1, id, texts[id], nil)
			delete(texts, id)
		}
		if step%20 != 0 {
			continue
		}
		for range 10 {
			needle := word(3 + rng.IntN(3))
			if rng.IntN(2) == 0 && len(texts[id]) > 0 && len(texts[id][0]) >= 3 {
				s := texts[id][0]
				i := rng.IntN(len(s) - 2)
				needle = s[i : i+3+rng.IntN(len(s)-i-2)]
			}
			ids, n, ok := x.Lookup(1, needle)
			if !ok {
				t.Fatalf("Lookup(%q) not ok", needle)
			}
			got := slices.Collect(ids)
			if len(got) != n || !slices.IsSorted(got) {
				t.Fatalf("Lookup(%q) = %v, n %d: not %d sorted IDs", needle, got, n, len(got))
			}
			for item, ts := range texts {
				has := slices.ContainsFunc(ts, func(s string) bool { return strings.Contains(s, needle) })
				in := slices.Contains(got, item)
				if has && !in {
					t.Fatalf("step %d: Lookup(%q) = %v misses item %d %q", step, needle, got, item, ts)
				}
				if len(needle) == 3 && in && !has {
					t.Fatalf("step %d: Lookup(%q) = %v has item %d %q", step, needle, got, item, ts)
				}
			}
			for _, item := range got {
				if _, live := texts[item]; !live {
					t.Fatalf("step %d: Lookup(%q) = %v has removed item %d", step, needle, got, item)
				}
			}
		}
	}
	if _, _, ok := x.Lookup(1, "ab"); ok {
		t.Fatal("a needle of two bytes was narrowed")
	}
}
