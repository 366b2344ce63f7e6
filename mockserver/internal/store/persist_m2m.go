package store

import (
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// m2mClientRecordV2 is one entry of the "m2m_clients" section: an M2M
// client with its secrets as SHA-256 hashes (never in clear).
type m2mClientRecordV2 struct {
	Seq                uint64         `json:"seq"`
	ClientID           string         `json:"client_id"`
	ClientName         string         `json:"client_name"`
	ClientDescription  string         `json:"client_description"`
	Status             string         `json:"status"`
	Scopes             []string       `json:"scopes"`
	TrustedMetadata    map[string]any `json:"trusted_metadata"`
	SecretHash         string         `json:"secret_hash"`
	SecretLastFour     string         `json:"secret_last_four"`
	NextSecretHash     string         `json:"next_secret_hash,omitempty"`
	NextSecretLastFour string         `json:"next_secret_last_four,omitempty"`
	CreatedAt          time.Time      `json:"created_at"`
}

// saveM2MClients lists the clients oldest first. Callers hold p.mu.
func saveM2MClients(p *state.Project, _ SnapshotOptions) (any, error) {
	out := []m2mClientRecordV2{}
	for _, r := range p.M2MClientsInOrder() {
		rec := m2mClientRecordV2{
			Seq: r.Seq, ClientID: r.ClientID, ClientName: r.Name, ClientDescription: r.Description, Status: r.Status,
			Scopes: slices.Clone(r.Scopes), TrustedMetadata: state.DeepCopyJSON(r.TrustedMetadata),
			SecretHash: state.SecretHashHex(r.SecretHash), SecretLastFour: r.SecretLastFour, CreatedAt: r.CreatedAt,
		}
		if r.Rotating() {
			rec.NextSecretHash, rec.NextSecretLastFour = state.SecretHashHex(r.NextSecretHash), r.NextSecretLastFour
		}
		out = append(out, rec)
	}
	return out, nil
}

// loadM2MClients validates the clients as the API would accept them and
// restores them.
func loadM2MClients(dst *state.Project, raw json.RawMessage) error {
	var snap []m2mClientRecordV2
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("m2m_clients", "%v", err)
	}
	seen := map[string]bool{}
	seqs := map[uint64]bool{}
	recs := make([]*state.M2MClientRecord, 0, len(snap))
	for i, s := range snap {
		at := "m2m_clients[" + itoa(i) + "]"
		r := &state.M2MClientRecord{
			Seq: s.Seq, ClientID: s.ClientID, Name: s.ClientName, Description: s.ClientDescription, Status: s.Status,
			Scopes: slices.Clone(s.Scopes), TrustedMetadata: state.DeepCopyJSON(s.TrustedMetadata),
			SecretLastFour: s.SecretLastFour, CreatedAt: s.CreatedAt,
		}
		if r.Scopes == nil {
			r.Scopes = []string{}
		}
		if r.TrustedMetadata == nil {
			r.TrustedMetadata = map[string]any{}
		}
		switch {
		case s.Seq == 0 || seqs[s.Seq]:
			return SnapErr(at+".seq", "must be a positive number no other client has")
		case seen[s.ClientID]:
			return SnapErr(at+".client_id", "is listed twice")
		case !decodeHash(s.SecretHash, &r.SecretHash):
			return SnapErr(at+".secret_hash", "must be a hex SHA-256 hash")
		case len(s.SecretLastFour) != 4:
			return SnapErr(at+".secret_last_four", "must be 4 characters")
		case (s.NextSecretHash == "") != (s.NextSecretLastFour == ""):
			return SnapErr(at, "next_secret_hash and next_secret_last_four go together")
		case s.NextSecretHash != "" && !decodeHash(s.NextSecretHash, &r.NextSecretHash):
			return SnapErr(at+".next_secret_hash", "must be a hex SHA-256 hash")
		case s.NextSecretHash != "" && len(s.NextSecretLastFour) != 4:
			return SnapErr(at+".next_secret_last_four", "must be 4 characters")
		case s.CreatedAt.IsZero():
			return SnapErr(at+".created_at", "is required")
		}
		r.NextSecretLastFour = s.NextSecretLastFour
		if aerr := flows.CheckM2MClient(r); aerr != nil {
			return SnapErr(at, "%s", aerr.Message)
		}
		seen[s.ClientID], seqs[s.Seq] = true, true
		recs = append(recs, r)
	}
	for _, r := range recs {
		dst.PutM2MClient(r)
		dst.Seq = max(dst.Seq, r.Seq)
	}
	return nil
}

// decodeHash reads a hex SHA-256 hash into dst.
func decodeHash(h string, dst *[32]byte) bool {
	if !validHash(h) {
		return false
	}
	_, err := hex.Decode(dst[:], []byte(h))
	return err == nil
}
