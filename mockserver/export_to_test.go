package mockserver_test

import (
	"bytes"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver"
)

// ExportTo writes what Export returns, and it imports into a new server.
func TestExportToWritesTheSnapshot(t *testing.T) {
	ts := mockserver.Start(t)
	populate(t, ts)
	var buf bytes.Buffer
	if err := ts.ExportTo(ts.ProjectID, &buf); err != nil {
		t.Fatal(err)
	}
	whole, err := ts.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if !sameState(t, buf.Bytes(), whole) {
		t.Fatal("ExportTo differs from Export")
	}
	srv := mockserver.New(mockserver.Options{})
	if err := srv.Import(ts.ProjectID, buf.Bytes()); err != nil {
		t.Fatalf("import of ExportTo's snapshot: %v", err)
	}
	if err := ts.ExportTo("project-test-00000000-0000-0000-0000-000000000000", &buf); err == nil {
		t.Fatal("ExportTo of an unknown project succeeded")
	}
}
