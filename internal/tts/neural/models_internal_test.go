package neural

import "testing"

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
