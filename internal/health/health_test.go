package health_test

import (
	"os"
	"strings"
	"testing"

	"readback/internal/health"
)

func TestRedact(t *testing.T) {
	home, _ := os.UserHomeDir()
	in := "secret=abc123 token: xyz aws_access_key_id=AKIAABCDEFGHIJKLMNOP " + home + "/books X-Amz-Signature=deadbeef0123 password=hunter2;"
	got := health.Redact(in)
	for _, leak := range []string{"abc123", "xyz", "AKIAABCDEFGHIJKLMNOP", "deadbeef0123", "hunter2", home + "/"} {
		if strings.Contains(got, leak) {
			t.Errorf("%q left in %q", leak, got)
		}
	}
	if !strings.Contains(got, "~/books") || !strings.Contains(got, "secret=[redacted]") {
		t.Errorf("redacted: %q", got)
	}
}
