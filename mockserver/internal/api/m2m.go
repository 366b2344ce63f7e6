package api

import (
	"slices"

	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/search"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// m2mClientView is the API's view of a client: never a secret, only the
// last four characters of each.
func m2mClientView(r *state.M2MClientRecord) m2m.M2MClient {
	return m2m.M2MClient{
		ClientID: r.ClientID, ClientName: r.Name, ClientDescription: r.Description,
		Status: m2m.Status(r.Status), Scopes: slices.Clone(r.Scopes),
		ClientSecretLastFour: r.SecretLastFour, NextClientSecretLastFour: r.NextSecretLastFour,
		TrustedMetadata: state.DeepCopyJSON(r.TrustedMetadata),
	}
}

func handleM2MClientCreate(rc *httpkit.Call) (any, error) {
	var b flows.M2MCreate
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	r, secret, aerr := flows.NewM2MClient(p, &b, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	p.PutM2MClient(r)
	v := m2mClientView(r)
	return &m2m.ClientsCreateResponse{M2MClient: m2m.M2MClientWithClientSecret{
		ClientID: v.ClientID, ClientSecret: secret, ClientName: v.ClientName, ClientDescription: v.ClientDescription,
		Status: v.Status, Scopes: v.Scopes, ClientSecretLastFour: v.ClientSecretLastFour, TrustedMetadata: v.TrustedMetadata,
	}}, nil
}

func handleM2MClientGet(rc *httpkit.Call) (any, error) {
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	r, aerr := p.M2MClient(rc.Param("client_id"))
	if aerr != nil {
		return nil, aerr
	}
	return &m2m.ClientsGetResponse{M2MClient: m2mClientView(r)}, nil
}

func handleM2MClientUpdate(rc *httpkit.Call) (any, error) {
	var b flows.M2MClientFields
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return writeM2MClient(rc, func(r *state.M2MClientRecord) (*state.M2MClientRecord, error) {
		next, aerr := flows.UpdateM2MClient(r, &b)
		if aerr != nil {
			return nil, aerr
		}
		return next, nil
	}, func(next *state.M2MClientRecord) any {
		return &m2m.ClientsUpdateResponse{M2MClient: m2mClientView(next)}
	})
}

func handleM2MClientDelete(rc *httpkit.Call) (any, error) {
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	r, aerr := p.M2MClient(rc.Param("client_id"))
	if aerr != nil {
		return nil, aerr
	}
	p.DeleteM2MClient(r.ClientID)
	return &m2m.ClientsDeleteResponse{ClientID: r.ClientID}, nil
}

func handleM2MClientSearch(rc *httpkit.Call) (any, error) {
	var b search.SearchBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	cs, aerr := search.CompileSearch(&b, search.M2MVocabulary, state.M2MSearchFilters())
	if aerr != nil {
		return nil, aerr
	}
	page, total, next := cs.Page(p.M2MClientsInOrder(), func(r *state.M2MClientRecord) uint64 { return r.Seq })
	out := make([]m2m.M2MClient, len(page))
	for i, r := range page {
		out[i] = m2mClientView(r)
	}
	return &m2m.ClientsSearchResponse{M2MClients: out, ResultsMetadata: m2m.ResultsMetadata{Total: int32(total), NextCursor: next}}, nil
}

func handleM2MRotateStart(rc *httpkit.Call) (any, error) {
	var secret string
	return writeM2MClient(rc, func(r *state.M2MClientRecord) (*state.M2MClientRecord, error) {
		next, s, aerr := flows.StartM2MRotation(r)
		if aerr != nil {
			return nil, aerr
		}
		secret = s
		return next, nil
	}, func(next *state.M2MClientRecord) any {
		v := m2mClientView(next)
		return &m2m.ClientsSecretsRotateStartResponse{M2MClient: m2m.M2MClientWithNextClientSecret{
			ClientID: v.ClientID, NextClientSecret: secret, ClientName: v.ClientName, ClientDescription: v.ClientDescription,
			Status: v.Status, Scopes: v.Scopes, ClientSecretLastFour: v.ClientSecretLastFour, TrustedMetadata: v.TrustedMetadata,
			NextClientSecretLastFour: v.NextClientSecretLastFour,
		}}
	})
}

func handleM2MRotate(rc *httpkit.Call) (any, error) {
	return finishM2MRotation(rc, true)
}

func handleM2MRotateCancel(rc *httpkit.Call) (any, error) {
	return finishM2MRotation(rc, false)
}

func finishM2MRotation(rc *httpkit.Call, commit bool) (any, error) {
	return writeM2MClient(rc, func(r *state.M2MClientRecord) (*state.M2MClientRecord, error) {
		next, aerr := flows.FinishM2MRotation(r, commit)
		if aerr != nil {
			return nil, aerr
		}
		return next, nil
	}, func(next *state.M2MClientRecord) any {
		if commit {
			return &m2m.ClientsSecretsRotateResponse{M2MClient: m2mClientView(next)}
		}
		return &m2m.ClientsSecretsRotateCancelResponse{M2MClient: m2mClientView(next)}
	})
}

// writeM2MClient runs change on the client the path names under the
// project's write lock, stores the copy it returns and answers with view of
// it. change must not modify the record it is given.
func writeM2MClient(rc *httpkit.Call, change func(*state.M2MClientRecord) (*state.M2MClientRecord, error), view func(*state.M2MClientRecord) any) (any, error) {
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	r, aerr := p.M2MClient(rc.Param("client_id"))
	if aerr != nil {
		return nil, aerr
	}
	next, err := change(r)
	if err != nil {
		return nil, err
	}
	p.PutM2MClient(next)
	return view(next), nil
}
