package engine

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// FuzzAccessTokens checks that any access_tokens section either loads into
// tokens that save and load again unchanged, or fails cleanly.
func FuzzAccessTokens(f *testing.F) {
	h := strings.Repeat("ab", 32)
	for _, s := range []string{
		`[{"token_hash":"` + h + `","organization_id":"o","member_id":"m","client_id":"connected-app-test-1","scopes":["openid","full_access"],"first_party":true,"issued_at":"2024-01-01T00:00:00Z","exchanged":false}]`,
		`[{"token_hash":"` + h + `","organization_id":"o","member_id":"m","client_id":"c","scopes":[],"first_party":false,"issued_at":"2024-01-01T00:00:00Z","exchanged":true}]`,
		`[]`, `null`, `{}`, `[`, `[{"token_hash":"x"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p := state.NewProject("project-test-fuzz", "test", "secret")
		if err := store.LoadAccessTokens(p, raw); err != nil {
			return
		}
		out, err := store.SaveAccessTokens(p, store.SnapshotOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(out)
		q := state.NewProject("project-test-fuzz", "test", "secret")
		if err := store.LoadAccessTokens(q, b); err != nil {
			t.Fatalf("saved section %s does not load again: %v", b, err)
		}
		again, _ := store.SaveAccessTokens(q, store.SnapshotOptions{})
		if b2, _ := json.Marshal(again); string(b2) != string(b) {
			t.Fatalf("section changed on reload:\n%s\n%s", b, b2)
		}
	})
}
