package search

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTextColumnRandom checks Text, Contains and CountContaining against a
// map of the texts while items are set, changed and cleared, through many
// compactions.
func TestTextColumnRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var c TextColumn
	want := map[uint32]string{}
	word := func() string {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteByte("abc-é"[rng.IntN(6)])
		}
		return b.String()
	}
	compactions := 0
	for step := range 20000 {
		id := uint32(rng.IntN(300))
		s := word()
		if rng.IntN(5) == 0 {
			s = ""
		}
		before := len(c.buf)
		c.Set(id, s)
		want[id] = s
		if len(c.buf) < before {
			compactions++
		}
		if step%500 != 0 {
			continue
		}
		w := word()
		needle := []byte(w[:min(3, len(w))])
		var ids []uint32
		wantN := 0
		for id := range uint32(320) {
			if got := c.Text(id); got != want[id] {
				t.Fatalf("step %d: Text(%d) = %q, want %q", step, id, got, want[id])
			}
			if got := c.Contains(id, needle); got != strings.Contains(want[id], string(needle)) {
				t.Fatalf("step %d: Contains(%d, %q) = %v for %q", step, id, needle, got, want[id])
			}
			if id%2 == 0 {
				ids = append(ids, id)
				if strings.Contains(want[id], string(needle)) {
					wantN++
				}
			}
		}
		if got := c.CountContaining(ids, needle); got != wantN {
			t.Fatalf("step %d: CountContaining(%q) = %d, want %d", step, needle, got, wantN)
		}
	}
	live := 0
	for _, s := range want {
		live += len(s)
	}
	if compactions == 0 || len(c.buf)-c.dead != live || c.dead > len(c.buf)/2+minCompact {
		t.Fatalf("%d compactions; buffer %d bytes, %d dead, %d live", compactions, len(c.buf), c.dead, live)
	}
}
