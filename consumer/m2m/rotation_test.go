package m2m_test

import (
	"sync"
	"testing"

	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// works reports whether secret obtains a token for the client.
func works(t *testing.T, c *m2m.Client, id, secret string) bool {
	t.Helper()
	_, err := c.Token(ctx, &m2m.TokenParams{ClientID: id, ClientSecret: secret})
	if err != nil && !stytchapi.IsErrorType(err, "invalid_client") {
		t.Fatal(err)
	}
	return err == nil
}

func TestSecretRotation(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client.M2M
	cl := create(t, c, "svc", "read:users")
	id, old := cl.ClientID, cl.ClientSecret
	s := c.Clients.Secrets

	_, err := s.Rotate(ctx, &m2m.ClientsSecretsRotateParams{ClientID: id})
	apitest.WantError(t, err, 400, "m2m_client_not_rotating_secret")
	_, err = s.RotateCancel(ctx, &m2m.ClientsSecretsRotateCancelParams{ClientID: id})
	apitest.WantError(t, err, 400, "m2m_client_not_rotating_secret")
	_, err = s.RotateStart(ctx, &m2m.ClientsSecretsRotateStartParams{ClientID: "m2m-client-test-nope"})
	apitest.WantError(t, err, 404, "m2m_client_not_found")

	// Start: both secrets work until the rotation ends.
	started, err := s.RotateStart(ctx, &m2m.ClientsSecretsRotateStartParams{ClientID: id})
	if err != nil {
		t.Fatal(err)
	}
	next := started.M2MClient.NextClientSecret
	if next == "" || next == old || started.M2MClient.NextClientSecretLastFour != next[len(next)-4:] || started.M2MClient.ClientSecretLastFour != cl.ClientSecretLastFour {
		t.Fatalf("start %+v", started.M2MClient)
	}
	if !works(t, c, id, old) || !works(t, c, id, next) {
		t.Fatal("during a rotation both secrets must work")
	}
	got, _ := c.Clients.Get(ctx, &m2m.ClientsGetParams{ClientID: id})
	if got.M2MClient.NextClientSecretLastFour != started.M2MClient.NextClientSecretLastFour {
		t.Fatalf("get during rotation %+v", got.M2MClient)
	}
	_, err = s.RotateStart(ctx, &m2m.ClientsSecretsRotateStartParams{ClientID: id})
	apitest.WantError(t, err, 400, "m2m_client_already_rotating_secret")
	if !works(t, c, id, next) {
		t.Fatal("a refused second start replaced the next secret")
	}

	// Rotate: only the next secret works.
	rot, err := s.Rotate(ctx, &m2m.ClientsSecretsRotateParams{ClientID: id})
	if err != nil {
		t.Fatal(err)
	}
	if rot.M2MClient.ClientSecretLastFour != next[len(next)-4:] || rot.M2MClient.NextClientSecretLastFour != "" {
		t.Fatalf("rotate %+v", rot.M2MClient)
	}
	if works(t, c, id, old) || !works(t, c, id, next) {
		t.Fatal("after rotate only the new secret may work")
	}

	// Start then cancel: the next secret is dropped.
	again, err := s.RotateStart(ctx, &m2m.ClientsSecretsRotateStartParams{ClientID: id})
	if err != nil {
		t.Fatal(err)
	}
	dropped := again.M2MClient.NextClientSecret
	cancelled, err := s.RotateCancel(ctx, &m2m.ClientsSecretsRotateCancelParams{ClientID: id})
	if err != nil {
		t.Fatal(err)
	}
	if cancelled.M2MClient.NextClientSecretLastFour != "" || cancelled.M2MClient.ClientSecretLastFour != next[len(next)-4:] {
		t.Fatalf("cancel %+v", cancelled.M2MClient)
	}
	if works(t, c, id, dropped) || !works(t, c, id, next) {
		t.Fatal("after cancel only the current secret may work")
	}
}

// Concurrent rotation calls: exactly one start and one rotate win, and the
// secrets that work afterwards are exactly the winner's.
func TestSecretRotationRaces(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client.M2M
	cl := create(t, c, "svc", "read:users")
	const n = 12
	race := func(call func() (string, error)) (wins []string, errs []error) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := call()
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				} else {
					wins = append(wins, v)
				}
			}()
		}
		wg.Wait()
		return wins, errs
	}
	wins, errs := race(func() (string, error) {
		r, err := c.Clients.Secrets.RotateStart(ctx, &m2m.ClientsSecretsRotateStartParams{ClientID: cl.ClientID})
		if err != nil {
			return "", err
		}
		return r.M2MClient.NextClientSecret, nil
	})
	if len(wins) != 1 {
		t.Fatalf("%d concurrent starts succeeded", len(wins))
	}
	for _, err := range errs {
		apitest.WantError(t, err, 400, "m2m_client_already_rotating_secret")
	}
	next := wins[0]

	// Token requests with either secret race the rotation: each answers
	// 200 or invalid_client, and the old secret never works afterwards.
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Token(ctx, &m2m.TokenParams{ClientID: cl.ClientID, ClientSecret: cl.ClientSecret})
			if err != nil && !stytchapi.IsErrorType(err, "invalid_client") {
				t.Error(err)
			}
		}()
	}
	wins, errs = race(func() (string, error) {
		r, err := c.Clients.Secrets.Rotate(ctx, &m2m.ClientsSecretsRotateParams{ClientID: cl.ClientID})
		if err != nil {
			return "", err
		}
		return r.M2MClient.ClientSecretLastFour, nil
	})
	wg.Wait()
	if len(wins) != 1 || wins[0] != next[len(next)-4:] {
		t.Fatalf("concurrent rotates: %v", wins)
	}
	for _, err := range errs {
		apitest.WantError(t, err, 400, "m2m_client_not_rotating_secret")
	}
	if works(t, c, cl.ClientID, cl.ClientSecret) || !works(t, c, cl.ClientID, next) {
		t.Fatal("after the race only the next secret may work")
	}
}
