package ids

import (
	"strings"
	"testing"
)

func TestCheckProjectIDAndSecret(t *testing.T) {
	good := NewID("project", "test")
	if err := CheckProjectID("test", good); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"", "project-test-", "project-test-fixed", "project-live-" + good[len("project-test-"):], strings.ToUpper(good), good + "x", "project-test-" + strings.Repeat("a", 900000)} {
		if CheckProjectID("test", id) == nil {
			t.Errorf("CheckProjectID accepted %.60q", id)
		}
	}
	if err := CheckSecret("live", NewSecret("live")); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"", "s3", "secret-test-" + strings.Repeat("a", 31), "secret-live-" + strings.Repeat("a", 40), "secret-test-" + strings.Repeat("a", 31) + "!", "secret-test-" + strings.Repeat("a", 300)} {
		err := CheckSecret("test", s)
		if err == nil {
			t.Errorf("CheckSecret accepted %.60q", s)
		} else if len(s) > 14 && strings.Contains(err.Error(), s) {
			t.Errorf("error repeats the secret: %v", err)
		}
	}
	if err := CheckSecret("test", "secret-test-"+strings.Repeat("aZ9-_", 7)); err != nil {
		t.Fatal(err)
	}
}
