// Command quickstart runs the stytch-go quickstart end to end with no network
// and no Stytch account: it starts the mock server on a loopback port, then
// uses the SDK against it over real HTTP to create, find, update and delete
// an organization, and shows a Stytch error.
//
//	go run ./mockserver/cmd/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	// 1. Start the mock, exactly as `go run ./mockserver/cmd/stytch-mock` does.
	srv := mockserver.New(mockserver.Options{})
	creds, err := srv.CreateProject(mockserver.EnvTest)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	baseURL := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "mock server at %s, project %s\n", baseURL, creds.ProjectID)

	// 2. Point the SDK at it. Against Stytch itself, leave out WithBaseURL.
	client, err := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(baseURL))
	if err != nil {
		return err
	}

	created, err := client.Organizations.Create(ctx, &organizations.CreateParams{
		OrganizationName:     "Acme Corp",
		OrganizationSlug:     "acme",
		EmailAllowedDomains:  []string{"acme.com"},
		EmailJITProvisioning: organizations.Restricted,
	})
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	org := created.Organization
	fmt.Fprintf(out, "created %s (slug %q, email JIT %s for %v)\n", org.OrganizationID, org.OrganizationSlug, org.EmailJITProvisioning, org.EmailAllowedDomains)

	got, err := client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: "acme"})
	if err != nil {
		return fmt.Errorf("get by slug: %w", err)
	}
	fmt.Fprintf(out, "found it by slug: %s\n", got.Organization.OrganizationName)

	updated, err := client.Organizations.Update(ctx, &organizations.UpdateParams{
		OrganizationID: org.OrganizationID,
		MFAPolicy:      organizations.MFAPolicyRequiredForAll,
	})
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	fmt.Fprintf(out, "MFA policy is now %s\n", updated.Organization.MFAPolicy)

	for o, err := range client.Organizations.SearchAll(ctx, &organizations.SearchParams{
		Query: organizations.And(organizations.Filter("allowed_domains", []string{"acme.com"})),
	}) {
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		fmt.Fprintf(out, "search for acme.com found %s\n", o.OrganizationSlug)
	}

	// 3. Errors are *stytchapi.Error with Stytch's error_type.
	_, err = client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Copycat", OrganizationSlug: "acme"})
	var apiErr *stytchapi.Error
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("expected a Stytch error for a duplicate slug, got %v", err)
	}
	fmt.Fprintf(out, "duplicate slug: %d %s\n", apiErr.StatusCode, apiErr.ErrorType)

	if _, err := client.Organizations.Delete(ctx, &organizations.DeleteParams{OrganizationID: org.OrganizationID}); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	_, err = client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: org.OrganizationID})
	if !stytchapi.IsErrorType(err, stytchapi.ErrorTypeOrganizationNotFound) {
		return fmt.Errorf("expected organization_not_found after delete, got %v", err)
	}
	fmt.Fprintln(out, "deleted; Get now answers organization_not_found")
	return nil
}
