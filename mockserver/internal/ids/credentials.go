package ids

import (
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// MinSecretChars is how many URL-safe characters a caller-chosen secret
// needs after its "secret-<env>-" prefix; generated secrets have 36.
const MinSecretChars = 32

// CheckProjectID reports whether id is a well-formed project ID of env:
// "project-<env>-" and a UUID in its canonical lower-case form, as Stytch
// and NewID make them. The error never repeats id.
func CheckProjectID(env, id string) error {
	prefix := "project-" + env + "-"
	rest, ok := strings.CutPrefix(id, prefix)
	if !ok {
		return fmt.Errorf("project_id must start with %q", prefix)
	}
	u, err := uuid.Parse(rest)
	if err != nil || len(rest) != 36 || u.String() != rest {
		return fmt.Errorf("project_id must be %q followed by a lower-case UUID, like %s", prefix, NewID("project", env))
	}
	return nil
}

// CheckSecret reports whether secret is a well-formed project secret of
// env: "secret-<env>-" and at least MinSecretChars URL-safe characters
// (letters, digits, - and _). The error never repeats the secret.
func CheckSecret(env, secret string) error {
	prefix := "secret-" + env + "-"
	rest, ok := strings.CutPrefix(secret, prefix)
	if !ok {
		return fmt.Errorf("secret must start with %q", prefix)
	}
	if len(rest) < MinSecretChars || len(rest) > 256 {
		return fmt.Errorf("secret must be %q followed by %d to 256 URL-safe characters", prefix, MinSecretChars)
	}
	for _, c := range rest {
		if !(c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return fmt.Errorf("secret must be %q followed by URL-safe characters only (letters, digits, - and _)", prefix)
		}
	}
	return nil
}
