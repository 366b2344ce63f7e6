package api

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/consumer/debug"
	"github.com/stytchkit/stytch-go/consumer/project"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// handleWhoami names the project the credentials authenticated. Mock
// projects have no display name: the name is the project ID.
func handleWhoami(rc *httpkit.Call) (any, error) {
	return &debug.WhoamiResponse{ProjectID: rc.Project.ID, Name: rc.Project.ID}, nil
}

// handleProjectMetrics counts, on a B2B project, its organizations, members
// that are not deleted, and M2M clients; on a consumer project, its users
// (active and pending: a deleted user is gone) and M2M clients.
func handleProjectMetrics(rc *httpkit.Call) (any, error) {
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	clients := project.ProjectMetric{MetricType: project.MetricM2MClientCount, Count: uint32(len(p.M2MClients))}
	if p.Vertical == state.VerticalConsumer {
		return &project.MetricsResponse{ProjectID: p.ID, Metrics: []project.ProjectMetric{
			{MetricType: project.MetricUserCount, Count: uint32(len(p.Users.ByID))},
			clients,
		}}, nil
	}
	members := 0
	for _, m := range p.Members {
		if m.Member.Status != organizations.StatusDeleted {
			members++
		}
	}
	return &project.MetricsResponse{ProjectID: p.ID, Metrics: []project.ProjectMetric{
		{MetricType: project.MetricOrganizationCount, Count: uint32(len(p.Orgs))},
		{MetricType: project.MetricMemberCount, Count: uint32(members)},
		clients,
	}}, nil
}
