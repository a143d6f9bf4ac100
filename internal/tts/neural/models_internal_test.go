package neural

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	ort "github.com/yalue/onnxruntime_go"
)

// The sentences at once and each one's threads use the cores and no more: on two
// cores, two sentences on a thread each; on sixteen, four on four threads each.
func TestThreadsForTheCores(t *testing.T) {
	for _, c := range []struct{ cores, parallel, threads int }{
		{0, 1, 1}, {1, 1, 1}, {2, 2, 1}, {3, 3, 1}, {4, 4, 1}, {6, 4, 1}, {8, 4, 2}, {16, 4, 4}, {64, 4, 16},
	} {
		got := commonFor(c.cores)
		if got.Parallel != c.parallel || got.Threads != c.threads {
			t.Errorf("%d cores: %d at once × %d threads; want %d × %d", c.cores, got.Parallel, got.Threads, c.parallel, c.threads)
		}
		if c.cores > 0 && got.Parallel*got.Threads > c.cores {
			t.Errorf("%d cores: %d threads in all", c.cores, got.Parallel*got.Threads)
		}
	}
}

// A model that fails to open is not read again for each sentence while its folder
// is unchanged; a file replaced there, or a minute gone, tries it anew.
func TestFailedOpenAnsweredAgain(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.onnx")
	os.WriteFile(model, []byte("damaged"), 0o644)
	mo := &Model[int]{Info: &Installed{ID: "v", dir: dir}}
	opens := 0
	open := func(*Model[int]) (*ort.DynamicAdvancedSession, error) {
		opens++
		return nil, errors.New("protobuf parsing failed")
	}
	for range 3 {
		if _, err := mo.Session(open); err == nil || err.Error() != "protobuf parsing failed" {
			t.Fatalf("err %v", err)
		}
	}
	if opens != 1 {
		t.Errorf("opened %d times for three sentences of an unchanged damaged model", opens)
	}
	os.WriteFile(model, []byte("mended, longer"), 0o644)
	mo.Session(open)
	if opens != 2 {
		t.Errorf("a replaced model was not tried again (%d opens)", opens)
	}
	mo.failedAt = mo.failedAt.Add(-failureKept)
	mo.Session(open)
	if opens != 3 {
		t.Errorf("a failure older than %s was not tried again (%d opens)", failureKept, opens)
	}
}
