package fault_test

import (
	"errors"
	"reflect"
	"testing"

	"readback/internal/fault"
)

// A message keeps its English format and its arguments, each formatted by its verb,
// for the window to translate.
func TestFormatAndArgs(t *testing.T) {
	e := fault.New(fault.Invalid, "%q: rate %.2g is outside 0.5–3 (100%% max, job %d)", "book.md", 3.14159, 7)
	if e.Message != `"book.md": rate 3.1 is outside 0.5–3 (100% max, job 7)` {
		t.Errorf("message %q", e.Message)
	}
	if want := []string{`"book.md"`, "3.1", "7"}; e.Format != "%q: rate %.2g is outside 0.5–3 (100%% max, job %d)" || !reflect.DeepEqual(e.Args, want) {
		t.Errorf("format %q args %q, want %q", e.Format, e.Args, want)
	}
	w := fault.Wrap(errors.New("disk full"), fault.Unavailable, "%s could not be written: %v", "/tmp/x", errors.New("disk full"))
	if !reflect.DeepEqual(w.Args, []string{"/tmp/x", "disk full"}) || !errors.Is(w, w.Err) {
		t.Errorf("wrapped: %q", w.Args)
	}
	if got := fault.FormatArgs("no verbs"); got != nil {
		t.Errorf("no verbs: %q", got)
	}
}

// A prefixed message keeps its own format behind "%s: ", so that it is translated too.
func TestPrefix(t *testing.T) {
	e := fault.Prefix("notes.pdf", fault.New(fault.Invalid, "the PDF has %d pages too many", 3))
	if e.Message != "notes.pdf: the PDF has 3 pages too many" || e.Format != "%s: the PDF has %d pages too many" ||
		!reflect.DeepEqual(e.Args, []string{"notes.pdf", "3"}) || e.Code != fault.Invalid {
		t.Errorf("%+v", e)
	}
}
