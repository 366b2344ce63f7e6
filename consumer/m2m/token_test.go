package m2m_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// m2mClient returns the test server's M2M client on the project's clock.
func m2mClient(ts *mockserver.TestServer) *m2m.Client {
	c := m2m.NewB2BClient(ts.Client.Core())
	c.Configure(m2m.LocalConfig{Now: ts.Clock().Now})
	return c
}

func token(t *testing.T, c *m2m.Client, id, secret string, scopes ...string) string {
	t.Helper()
	tok, err := c.Token(ctx, &m2m.TokenParams{ClientID: id, ClientSecret: secret, Scopes: scopes})
	if err != nil {
		t.Fatal(err)
	}
	if tok.TokenType != "bearer" || tok.ExpiresIn != 3600 || tok.AccessToken == "" {
		t.Fatalf("token %+v", tok)
	}
	return tok.AccessToken
}

func TestTokenAndLocalValidation(t *testing.T) {
	ts := mockserver.Start(t)
	c := m2mClient(ts)
	cl := create(t, c, "svc", "read:users", "write:users", "admin")
	at := token(t, c, cl.ClientID, cl.ClientSecret)

	// Stytch's M2M claims, RS256, signed with the project's key.
	tok, _, err := jwt.NewParser().ParseUnverified(at, jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	mc := tok.Claims.(jwt.MapClaims)
	if tok.Method.Alg() != "RS256" || tok.Header["kid"] == nil || mc["sub"] != cl.ClientID || mc["client_id"] != cl.ClientID ||
		mc["scope"] != "read:users write:users admin" || mc["iss"] != "stytch.com/"+ts.ProjectID {
		t.Fatalf("claims %v header %v", mc, tok.Header)
	}
	if aud, _ := mc.GetAudience(); !slices.Equal(aud, []string{ts.ProjectID}) {
		t.Fatalf("aud %v", aud)
	}
	iat, _ := mc.GetIssuedAt()
	exp, _ := mc.GetExpirationTime()
	if age := ts.Clock().Now().Sub(iat.Time); exp.Sub(iat.Time) != time.Hour || age < 0 || age > 5*time.Second {
		t.Fatalf("iat %v exp %v now %v", iat, exp, ts.Clock().Now())
	}

	claims, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: at, RequiredScopes: []string{"read:users", "admin"}})
	if err != nil {
		t.Fatal(err)
	}
	if claims.ClientID != cl.ClientID || !slices.Equal(claims.Scopes, []string{"read:users", "write:users", "admin"}) || !claims.ExpiresAt.Equal(exp.Time) {
		t.Fatalf("claims %+v", claims)
	}
	if _, ok := claims.CustomClaims["client_id"]; ok {
		t.Fatal("client_id reported as a custom claim")
	}

	_, err = c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: at, RequiredScopes: []string{"delete:users"}})
	if !errors.Is(err, m2m.ErrScopeDenied) || !stytchapi.IsErrorType(err, "m2m_authorization_error") {
		t.Fatalf("missing scope: %v", err)
	}
	var apiErr *stytchapi.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 {
		t.Fatalf("missing scope: %v", err)
	}

	// A custom authorization function replaces the default check.
	var seen [2][]string
	allowAll := func(granted, required []string) bool { seen = [2][]string{granted, required}; return true }
	if _, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: at, RequiredScopes: []string{"delete:users"}, AuthorizationFunc: allowAll}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen[1], []string{"delete:users"}) || len(seen[0]) != 3 {
		t.Fatalf("authorization func saw %v", seen)
	}
	denyAll := func(_, _ []string) bool { return false }
	if _, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: at, RequiredScopes: []string{"read:users"}, AuthorizationFunc: denyAll}); !errors.Is(err, m2m.ErrScopeDenied) {
		t.Fatalf("deny-all func: %v", err)
	}

	// Narrowed token: only what was asked for.
	narrow := token(t, c, cl.ClientID, cl.ClientSecret, "read:users")
	if _, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: narrow, RequiredScopes: []string{"write:users"}}); !errors.Is(err, m2m.ErrScopeDenied) {
		t.Fatalf("narrowed token has write:users: %v", err)
	}
	if got, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: narrow}); err != nil || !slices.Equal(got.Scopes, []string{"read:users"}) {
		t.Fatalf("narrowed: %+v %v", got, err)
	}
	_, err = c.Token(ctx, &m2m.TokenParams{ClientID: cl.ClientID, ClientSecret: cl.ClientSecret, Scopes: []string{"read:users", "root"}})
	wantOAuth2(t, err, 400, "invalid_scope")

	// Max age, expiry, tampering.
	ts.Clock().Advance(10 * time.Minute)
	if _, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: at, MaxTokenAge: 5 * time.Minute}); !errors.Is(err, m2m.ErrJWTTooOld) {
		t.Fatalf("max age: %v", err)
	}
	ts.Clock().Advance(51 * time.Minute)
	if _, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: at}); !errors.Is(err, m2m.ErrJWTExpired) {
		t.Fatalf("expired: %v", err)
	}
	fresh := token(t, c, cl.ClientID, cl.ClientSecret)
	parts := strings.Split(fresh, ".")
	forged := parts[0] + "." + strings.TrimRight(parts[1], "A") + "B." + parts[2]
	if _, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: forged}); !errors.Is(err, m2m.ErrJWTInvalid) {
		t.Fatalf("tampered: %v", err)
	}
	if _, err := c.AuthenticateToken(ctx, nil); !errors.Is(err, m2m.ErrJWTInvalid) {
		t.Fatalf("nil params: %v", err)
	}

	// Another project's token is not this project's.
	creds, other := ts.NewProject(t, mockserver.EnvTest)
	ocl := create(t, other.M2M, "other", "read:users")
	otok := token(t, other.M2M, ocl.ClientID, ocl.ClientSecret)
	if _, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: otok}); !errors.Is(err, m2m.ErrJWTInvalid) {
		t.Fatalf("foreign token: %v", err)
	}
	if _, err := c.Token(ctx, &m2m.TokenParams{ClientID: ocl.ClientID, ClientSecret: ocl.ClientSecret}); !stytchapi.IsErrorType(err, "invalid_client") {
		t.Fatalf("another project's client at this project's endpoint: %v (%s)", err, creds.ProjectID)
	}
}

func TestTokenRefusals(t *testing.T) {
	ts := mockserver.Start(t)
	c := m2mClient(ts)
	cl := create(t, c, "svc", "read:users")
	_, err := c.Token(ctx, &m2m.TokenParams{ClientID: cl.ClientID, ClientSecret: cl.ClientSecret + "x"})
	wrong := wantOAuth2(t, err, 401, "invalid_client")
	_, err = c.Token(ctx, &m2m.TokenParams{ClientID: "m2m-client-test-nope", ClientSecret: cl.ClientSecret})
	unknown := wantOAuth2(t, err, 401, "invalid_client")
	if wrong.ErrorMessage != unknown.ErrorMessage {
		t.Fatalf("wrong secret and unknown client answer differently: %q vs %q", wrong.ErrorMessage, unknown.ErrorMessage)
	}
	if strings.Contains(wrong.Error(), cl.ClientSecret) {
		t.Fatal("the error quotes the secret")
	}
	_, err = c.Token(ctx, nil)
	wantOAuth2(t, err, 400, "invalid_request")

	inactive := m2m.StatusInactive
	if _, err := c.Clients.Update(ctx, &m2m.ClientsUpdateParams{ClientID: cl.ClientID, Status: &inactive}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Token(ctx, &m2m.TokenParams{ClientID: cl.ClientID, ClientSecret: cl.ClientSecret})
	wantOAuth2(t, err, 401, "invalid_client")
	active := m2m.StatusActive
	if _, err := c.Clients.Update(ctx, &m2m.ClientsUpdateParams{ClientID: cl.ClientID, Status: &active}); err != nil {
		t.Fatal(err)
	}
	at := token(t, c, cl.ClientID, cl.ClientSecret)
	if _, err := c.Clients.Delete(ctx, &m2m.ClientsDeleteParams{ClientID: cl.ClientID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Token(ctx, &m2m.TokenParams{ClientID: cl.ClientID, ClientSecret: cl.ClientSecret})
	wantOAuth2(t, err, 401, "invalid_client")
	// Tokens already issued stay valid until they expire.
	if _, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: at}); err != nil {
		t.Fatalf("token of a deleted client: %v", err)
	}
}

// wantOAuth2 checks that err is the OAuth2 error code with status, as the
// SDK reports it (ErrorType is the OAuth2 error code).
func wantOAuth2(t *testing.T, err error, status int, code stytchapi.ErrorType) *stytchapi.Error {
	t.Helper()
	var e *stytchapi.Error
	if !errors.As(err, &e) || e.StatusCode != status || e.ErrorType != code || e.ErrorMessage == "" || e.RequestID == "" {
		t.Fatalf("want %d %s, got %v", status, code, err)
	}
	return e
}

// post sends a raw token request without the project's credentials.
func post(t *testing.T, ts *mockserver.TestServer, projectID, contentType, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(ts.URL+"/v1/public/"+projectID+"/oauth2/token", contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	return resp.StatusCode, out
}

func TestTokenWireFormats(t *testing.T) {
	ts := mockserver.Start(t)
	c := m2mClient(ts)
	cl := create(t, c, "svc", "read:users", "write:users")
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {cl.ClientID}, "client_secret": {cl.ClientSecret}, "scope": {"write:users"}}
	status, out := post(t, ts, ts.ProjectID, "application/x-www-form-urlencoded", form.Encode())
	if status != 200 || out["token_type"] != "bearer" || out["expires_in"] != float64(3600) || out["access_token"] == nil {
		t.Fatalf("form: %d %v", status, out)
	}
	js, _ := json.Marshal(map[string]string{"grant_type": "client_credentials", "client_id": cl.ClientID, "client_secret": cl.ClientSecret, "scope": "read:users"})
	status, out = post(t, ts, ts.ProjectID, "application/json", string(js))
	if status != 200 {
		t.Fatalf("json: %d %v", status, out)
	}
	claims, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: out["access_token"].(string)})
	if err != nil || !slices.Equal(claims.Scopes, []string{"read:users"}) {
		t.Fatalf("json token: %+v %v", claims, err)
	}

	// Errors have the OAuth2 shape, not Stytch's.
	bad := url.Values{"grant_type": {"client_credentials"}, "client_id": {cl.ClientID}, "client_secret": {"wrong"}}
	status, out = post(t, ts, ts.ProjectID, "application/x-www-form-urlencoded", bad.Encode())
	if status != 401 || out["error"] != "invalid_client" || out["error_description"] == "" || out["status_code"] != float64(401) ||
		!strings.HasPrefix(out["request_id"].(string), "request-id-test-") || out["error_type"] != nil {
		t.Fatalf("OAuth2 error: %d %v", status, out)
	}
	for _, tc := range []struct {
		name, contentType, body, want string
		status                        int
	}{
		{"password grant", "application/x-www-form-urlencoded", "grant_type=password&client_id=a&client_secret=b", "unsupported_grant_type", 400},
		{"no grant", "application/x-www-form-urlencoded", "client_id=a&client_secret=b", "invalid_request", 400},
		{"repeated parameter", "application/x-www-form-urlencoded", form.Encode() + "&client_id=other", "invalid_request", 400},
		{"broken form", "application/x-www-form-urlencoded", "grant_type=%zz", "invalid_request", 400},
		{"broken JSON", "application/json", `{"grant_type":`, "invalid_request", 400},
		{"unknown scope", "application/json", `{"grant_type":"client_credentials","client_id":"` + cl.ClientID + `","client_secret":"` + cl.ClientSecret + `","scope":"root"}`, "invalid_scope", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out := post(t, ts, ts.ProjectID, tc.contentType, tc.body)
			if status != tc.status || out["error"] != tc.want {
				t.Fatalf("%d %v", status, out)
			}
		})
	}
	status, out = post(t, ts, "project-test-00000000-0000-0000-0000-000000000000", "application/x-www-form-urlencoded", form.Encode())
	if status != 401 || out["error"] != "invalid_client" {
		t.Fatalf("unknown project: %d %v", status, out)
	}
}

func TestTokenSurvivesKeyRotation(t *testing.T) {
	ts := mockserver.Start(t)
	c := m2mClient(ts)
	cl := create(t, c, "svc", "read:users")
	before := token(t, c, cl.ClientID, cl.ClientSecret)
	kid := ts.RotateKeys(t)
	after := token(t, c, cl.ClientID, cl.ClientSecret)
	if tok, _, _ := jwt.NewParser().ParseUnverified(after, jwt.MapClaims{}); tok.Header["kid"] != kid {
		t.Fatalf("new token signed by %v, want %s", tok.Header["kid"], kid)
	}
	ts.Clock().Advance(59 * time.Minute)
	for _, at := range []string{before, after} {
		if _, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: at}); err != nil {
			t.Fatalf("after rotation: %v", err)
		}
	}
}

// The consumer client reads the project's keys at /v1/sessions/jwks/.
func TestConsumerClientFetchesConsumerJWKS(t *testing.T) {
	ts := mockserver.Start(t)
	var hits atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		if strings.HasPrefix(path, "/v1/sessions/jwks/") {
			hits.Add(1)
			path = "/v1/b2b/sessions/jwks/" + strings.TrimPrefix(path, "/v1/sessions/jwks/")
		}
		body, _ := io.ReadAll(r.Body)
		req, _ := http.NewRequest(r.Method, ts.URL+path, bytes.NewReader(body))
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), 502)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	t.Cleanup(proxy.Close)
	core, err := stytchapi.NewClient(ts.ProjectID, ts.Secret, stytchapi.WithBaseURL(proxy.URL))
	if err != nil {
		t.Fatal(err)
	}
	c := m2m.NewClient(core)
	cl := create(t, c, "svc", "read:users")
	at := token(t, c, cl.ClientID, cl.ClientSecret)
	if _, err := c.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: at, RequiredScopes: []string{"read:users"}}); err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 1 {
		t.Fatalf("consumer JWKS fetched %d times", hits.Load())
	}
}

func TestDefaultScopeAuthorization(t *testing.T) {
	for _, tc := range []struct {
		granted, required []string
		want              bool
	}{
		{[]string{"read:users"}, []string{"read:users"}, true},
		{[]string{"read:*"}, []string{"read:users", "read:invoices"}, true},
		{[]string{"read:*"}, []string{"write:users"}, false},
		{[]string{"read:users"}, []string{"read:users", "write:users"}, false},
		{[]string{"admin"}, []string{"admin"}, true},
		{[]string{"admin"}, []string{"admin:users"}, false},
		{[]string{"*:users"}, []string{"read:users"}, false},
		{nil, nil, true},
	} {
		if got := m2m.DefaultScopeAuthorization(tc.granted, tc.required); got != tc.want {
			t.Errorf("granted %v required %v: %v", tc.granted, tc.required, got)
		}
	}
}
