package audiobook

import "testing"

// A chapter's start as the file keeps it (to the millisecond, so a fraction before
// its first sentence's) leads to that sentence, not to the previous chapter's
// last: a writer was sent to "the front page" for a loud MathML chapter.
func TestSentenceAtAChaptersRoundedStart(t *testing.T) {
	starts := []float64{0, 2.5, 101.4913, 104.2}
	for _, c := range []struct {
		sec  float64
		want int
	}{
		{0, 0}, {1, 0}, {2.5, 1}, {101.491, 2}, {101.4913, 2}, {103, 2}, {104.2, 3}, {500, 3}, {-1, -1},
	} {
		if got := sentenceAt(starts, c.sec); got != c.want {
			t.Errorf("at %g s: sentence %d, want %d", c.sec, got, c.want)
		}
	}
}
