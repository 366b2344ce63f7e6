package mockserver

import (
	"fmt"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// RedirectURL is a redirect URL registered for a project: the types it may
// be used for ("login", "signup", "invite", "reset_password", "discovery") and
// the types it is the default of. A TEST project starts with
// http://localhost:3000 registered as the default of every type; a LIVE
// project starts with none.
type RedirectURL = state.RedirectURL

// SetRedirectURLs replaces a project's redirect URLs, after checking them
// with the rules of the project's environment.
func (s *Server) SetRedirectURLs(projectID string, urls []RedirectURL) error {
	if err := s.engine.SetRedirectURLs(projectID, urls); err != nil {
		return fmt.Errorf("mockserver: %w", err)
	}
	return nil
}
