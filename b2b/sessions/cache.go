package sessions

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/stytchkit/stytch-go/b2b/rbac"
)

// roleSet answers "does role grant action on resource" for the project
// roles plus one organization's custom roles.
type roleSet map[string]map[string]map[string]bool // role -> resource -> action ("*" = all)

func (r roleSet) grants(role, resource, action string) bool {
	acts := r[role][resource]
	return acts["*"] || acts[action]
}

func (r roleSet) add(roles []rbac.PolicyRole) {
	for _, role := range roles {
		if r[role.RoleID] != nil {
			continue // project roles win over same-named org roles
		}
		res := map[string]map[string]bool{}
		for _, p := range role.Permissions {
			if res[p.ResourceID] == nil {
				res[p.ResourceID] = map[string]bool{}
			}
			for _, a := range p.Actions {
				res[p.ResourceID][a] = true
			}
		}
		r[role.RoleID] = res
	}
}

type policyEntry struct {
	roles   roleSet
	project *rbac.Policy
	fetched time.Time
}

// policyCache caches the project policy and each organization's merged
// roles for a TTL. Concurrent misses of one key make one request.
type policyCache struct {
	client *rbac.Client
	ttl    time.Duration
	now    func() time.Time

	mu      sync.RWMutex
	entries map[string]*policyEntry // "" = project policy; else organization ID
	flight  flightGroup
}

func newPolicyCache(c *rbac.Client, ttl time.Duration, now func() time.Time) *policyCache {
	return &policyCache{client: c, ttl: ttl, now: now, entries: map[string]*policyEntry{}}
}

func (p *policyCache) fresh(key string) (*policyEntry, *policyEntry) {
	p.mu.RLock()
	e := p.entries[key]
	p.mu.RUnlock()
	if e != nil && p.now().Sub(e.fetched) < p.ttl {
		return e, e
	}
	return nil, e
}

func (p *policyCache) store(key string, e *policyEntry) {
	p.mu.Lock()
	p.entries[key] = e
	p.mu.Unlock()
}

// projectPolicy returns the cached project policy.
func (p *policyCache) projectPolicy(ctx context.Context) (*policyEntry, error) {
	if e, _ := p.fresh(""); e != nil {
		return e, nil
	}
	v, err := p.flight.do("", func() (any, error) {
		if e, _ := p.fresh(""); e != nil {
			return e, nil
		}
		// The fetch is shared: one caller giving up must not fail the others.
		resp, err := p.client.Policy(context.WithoutCancel(ctx), nil)
		if err != nil {
			return nil, err
		}
		pol := resp.Policy
		if pol == nil {
			pol = &rbac.Policy{}
		}
		e := &policyEntry{project: pol, fetched: p.now()}
		p.store("", e)
		return e, nil
	})
	if err != nil {
		if _, stale := p.fresh(""); stale != nil {
			return stale, nil
		}
		return nil, fmt.Errorf("%w: %w", ErrPolicyUnavailable, err)
	}
	return v.(*policyEntry), nil
}

// roles returns the project roles merged with an organization's roles.
func (p *policyCache) roles(ctx context.Context, orgID string) (roleSet, error) {
	if e, _ := p.fresh(orgID); e != nil {
		return e.roles, nil
	}
	v, err := p.flight.do(orgID, func() (any, error) {
		if e, _ := p.fresh(orgID); e != nil {
			return e, nil
		}
		proj, err := p.projectPolicy(ctx)
		if err != nil {
			return nil, err
		}
		org, err := p.client.Organizations.GetOrgPolicy(context.WithoutCancel(ctx), &rbac.GetOrgPolicyParams{OrganizationID: orgID})
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrPolicyUnavailable, err)
		}
		rs := roleSet{}
		rs.add(proj.project.Roles)
		rs.add(org.OrgPolicy.Roles)
		fetched := p.now()
		if proj.fetched.Before(fetched) {
			fetched = proj.fetched
		}
		e := &policyEntry{roles: rs, fetched: fetched}
		p.store(orgID, e)
		return e, nil
	})
	if err != nil {
		if _, stale := p.fresh(orgID); stale != nil {
			return stale.roles, nil
		}
		return nil, err
	}
	return v.(*policyEntry).roles, nil
}

// flightGroup runs one call per key at a time; concurrent callers of the
// same key wait for it and share its result (a minimal singleflight).
type flightGroup struct {
	mu    sync.Mutex
	calls map[string]*flightCall
}

type flightCall struct {
	done chan struct{}
	val  any
	err  error
}

func (g *flightGroup) do(key string, fn func() (any, error)) (any, error) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = map[string]*flightCall{}
	}
	if c := g.calls[key]; c != nil {
		g.mu.Unlock()
		<-c.done
		return c.val, c.err
	}
	c := &flightCall{done: make(chan struct{})}
	g.calls[key] = c
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		delete(g.calls, key)
		g.mu.Unlock()
		close(c.done)
	}()
	c.val, c.err = fn()
	return c.val, c.err
}
