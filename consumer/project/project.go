// Package project is the client for project-level information: Metrics
// counts what the project holds (users or organizations and members, and
// M2M clients).
package project

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client calls the project endpoints. Get one with NewClient.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// MetricType names what a ProjectMetric counts.
type MetricType string

// Metric types.
const (
	MetricUnknown           MetricType = "UNKNOWN"
	MetricUserCount         MetricType = "USER_COUNT"
	MetricOrganizationCount MetricType = "ORGANIZATION_COUNT"
	MetricMemberCount       MetricType = "MEMBER_COUNT"
	MetricM2MClientCount    MetricType = "M2M_CLIENT_COUNT"
)

// ProjectMetric is one count.
type ProjectMetric struct {
	MetricType MetricType `json:"metric_type"`
	Count      uint32     `json:"count"`
}

// MetricsParams are the (empty) parameters of Metrics.
type MetricsParams struct{}

// MetricsResponse holds the project's metrics.
type MetricsResponse struct {
	RequestID  string          `json:"request_id"`
	ProjectID  string          `json:"project_id"`
	Metrics    []ProjectMetric `json:"metrics"`
	StatusCode int32           `json:"status_code"`
}

// Count returns the count of metric type t, and whether the response has
// it.
func (r *MetricsResponse) Count(t MetricType) (uint32, bool) {
	for _, m := range r.Metrics {
		if m.MetricType == t {
			return m.Count, true
		}
	}
	return 0, false
}

// Metrics returns the project's counts: for a B2B project its
// organizations, members and M2M clients; for a consumer project its users
// and M2M clients.
func (c *Client) Metrics(ctx context.Context, params *MetricsParams, opts ...stytchapi.RequestOption) (*MetricsResponse, error) {
	return stytchapi.Do[MetricsResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/projects/metrics", Options: opts,
	})
}
