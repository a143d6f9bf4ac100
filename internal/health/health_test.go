package health_test

import (
	"context"
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

// Settings' list of engines asks only about what makes sound: no disk scan, no
// integrity check of the library.
func TestEnginesOnly(t *testing.T) {
	dir := t.TempDir()
	full := health.Gather(context.Background(), health.Inputs{DataDir: dir})
	only := health.Gather(context.Background(), health.Inputs{DataDir: dir, EnginesOnly: true})
	names := func(r *health.Report) (out []string) {
		for _, c := range r.Checks {
			out = append(out, c.Name)
		}
		return out
	}
	if got := strings.Join(names(only), ","); got != "neural runtime,kokoro styles,ffmpeg" {
		t.Errorf("engines only: %s", got)
	}
	if got := strings.Join(names(full), ","); !strings.Contains(got, "disk") {
		t.Errorf("the full report: %s", got)
	}
	// ffmpeg's version, as Settings shows it: not its copyright notice.
	for _, c := range only.Checks {
		if c.Name == "ffmpeg" && (!strings.HasPrefix(c.Detail, "ffmpeg version ") || strings.Contains(c.Detail, "Copyright")) {
			t.Errorf("ffmpeg: %q", c.Detail)
		}
	}
}
