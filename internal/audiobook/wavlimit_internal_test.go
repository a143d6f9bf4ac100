package audiobook

import (
	"errors"
	"testing"
	"time"

	"readback/internal/audio"
	"readback/internal/render"
)

// A book too long for one WAV file is refused before anything is written (it was
// refused after 4 GB had been); one file per chapter is judged chapter by chapter,
// the pauses counted too.
func TestWAVLimitBeforeWriting(t *testing.T) {
	const rate = 22050
	gig := int64(1 << 30)
	piece := func(section int, bytes int64, pauseMs int) placed {
		return placed{Item: &render.Item{Section: section}, bytes: bytes, pauseMs: pauseMs}
	}
	book := []placed{piece(0, 2*gig, 0), piece(1, 2*gig, 0), piece(2, gig/2, 0)}
	if err := fitsWAV(book, rate, false); !errors.Is(err, audio.ErrTooLongForWAV) {
		t.Fatalf("a 4.5 GB book as one WAV: %v", err)
	}
	if err := fitsWAV(book, rate, true); err != nil {
		t.Fatalf("per chapter: %v", err)
	}
	// 4 GB less 1 MB of speech, and an hour of pauses: over.
	paused := []placed{piece(0, audio.MaxWAVBytes-1<<20, 3_600_000)}
	if err := fitsWAV(paused, rate, true); !errors.Is(err, audio.ErrTooLongForWAV) {
		t.Fatalf("the pauses were not counted: %v", err)
	}
	if err := fitsWAV([]placed{piece(0, audio.MaxWAVBytes, 0)}, rate, false); err != nil {
		t.Fatalf("exactly the most a WAV holds: %v", err)
	}
}

// A long book's length is said right: 120 hours of samples times a second's
// nanoseconds overflowed (the 30x manual was "-114h10m58s of audio").
func TestDurationOfALongBook(t *testing.T) {
	const rate = 22050
	samples := int64(120*3600*rate + rate/2)
	if got, want := durationOf(samples, rate), 120*time.Hour+500*time.Millisecond; got != want {
		t.Fatalf("durationOf = %v, want %v", got, want)
	}
	if got := durationOf(441, 44100); got != 10*time.Millisecond {
		t.Fatalf("a short one: %v", got)
	}
}
