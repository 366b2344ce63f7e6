package engine

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Default limits; see Limits.
const (
	DefaultMaxProjects       = 10_000
	DefaultMaxOutboxMessages = state.DefaultMaxOutboxMessages
	DefaultMaxImportBytes    = 64 << 20
)

// Limits bound what callers can make the engine hold. A zero field takes
// its default.
type Limits struct {
	// MaxProjects is how many projects the engine holds at most
	// (DefaultMaxProjects). Creating or importing one more is refused;
	// projects loaded from a data directory at start are all kept.
	MaxProjects int
	// MaxOutboxMessages is how many messages each project's outbox keeps;
	// past it the oldest are dropped first (DefaultMaxOutboxMessages).
	MaxOutboxMessages int
	// MaxImportBytes is the largest snapshot POST /mock/import reads
	// (DefaultMaxImportBytes). Only one import runs at a time.
	MaxImportBytes int64
}

// withDefaults fills the zero fields.
func (l Limits) withDefaults() Limits {
	if l.MaxProjects <= 0 {
		l.MaxProjects = DefaultMaxProjects
	}
	if l.MaxOutboxMessages <= 0 {
		l.MaxOutboxMessages = DefaultMaxOutboxMessages
	}
	if l.MaxImportBytes <= 0 {
		l.MaxImportBytes = DefaultMaxImportBytes
	}
	return l
}

// ErrProjectLimit is returned (wrapped) when the engine already holds
// Limits.MaxProjects projects.
var ErrProjectLimit = errors.New("project limit reached")

// ErrImportBusy is returned by an import that found another one running.
var ErrImportBusy = errors.New("another import is running")

// checkRoomLocked refuses a new project id past Limits.MaxProjects; an
// existing id (an import that replaces it) always has room. Callers hold
// e.mu.
func (e *Engine) checkRoomLocked(id string) error {
	if _, exists := e.projects[id]; exists || len(e.projects) < e.limits.MaxProjects {
		return nil
	}
	return fmt.Errorf("%w: this server holds %d projects, its maximum (see --max-projects)", ErrProjectLimit, e.limits.MaxProjects)
}

// adopt applies the engine's per-project limits to a project about to
// become visible.
func (e *Engine) adopt(p *state.Project) *state.Project {
	p.Outbox.SetLimit(e.limits.MaxOutboxMessages)
	return p
}

// beginImport takes the one import slot without waiting; done releases it.
func (e *Engine) beginImport() (done func(), err error) {
	select {
	case e.importSlot <- struct{}{}:
		return func() { <-e.importSlot }, nil
	default:
		return nil, ErrImportBusy
	}
}

// importBusy is the answer to an import that found another one running.
func importBusy() *apierr.Error {
	return apierr.New(http.StatusTooManyRequests, "import_in_progress", "Another import is running on this server; retry when it has finished.")
}

// outboundTimeout bounds each of the mock's own outbound requests.
const outboundTimeout = 5 * time.Second

// outboundClient is the client of the mock's own outbound requests: to
// loopback and the allowed entries. Entries that do not parse are skipped
// (the binary checks them with httpkit.ParseOutboundAllow first).
func outboundClient(entries []string) *http.Client {
	var p httpkit.OutboundPolicy
	for _, e := range entries {
		if one, err := httpkit.ParseOutboundAllow([]string{e}); err == nil {
			p.Hosts = append(p.Hosts, one.Hosts...)
			p.Prefixes = append(p.Prefixes, one.Prefixes...)
		}
	}
	return p.Client(outboundTimeout)
}
