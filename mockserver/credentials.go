package mockserver

import (
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// CheckCredentialsFormat reports whether caller-chosen credentials have
// Stytch's shape, as POST /mock/projects and stytch-mock's --project-id and
// --secret require: a project ID "project-test-<uuid>" or
// "project-live-<uuid>", and a secret "secret-<same environment>-" followed
// by at least 32 URL-safe characters. The error never repeats the secret.
func CheckCredentialsFormat(projectID, secret string) error {
	env := EnvTest
	if strings.HasPrefix(projectID, "project-live-") {
		env = EnvLive
	}
	if err := ids.CheckProjectID(env, projectID); err != nil {
		return err
	}
	return ids.CheckSecret(env, secret)
}
