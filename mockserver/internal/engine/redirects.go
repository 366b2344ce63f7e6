package engine

import (
	"fmt"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SetRedirectURLs replaces a project's redirect URL registry.
func (e *Engine) SetRedirectURLs(projectID string, urls []state.RedirectURL) error {
	p := e.Project(projectID)
	if p == nil {
		return fmt.Errorf("no project %q", projectID)
	}
	if err := state.ValidateRedirectURLs(p.Env, urls); err != nil {
		return err
	}
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.RedirectURLs = state.CloneRedirectURLs(urls)
	return nil
}
