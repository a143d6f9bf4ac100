package neural

import (
	"strings"

	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

// A model that tells how long it spent on each id (Kokoro's timestamped exports,
// Piper voices patched with their alignments) times a part's words by clause: each
// clause's words lie within the samples its ids were said over, and eSpeak's
// timings place the words inside it.

// ClauseText is where each of eSpeak's clauses lies in text (byte offsets): its
// clauses are the text in order. A clause not found there is empty, at the end of
// the one before.
func ClauseText(clauses []espeak.Clause, text string) [][2]int {
	out := make([][2]int, len(clauses))
	at := 0
	for i, cl := range clauses {
		t := strings.TrimSpace(cl.Text)
		if j := strings.Index(text[at:], t); j >= 0 && t != "" {
			out[i] = [2]int{at + j, at + j + len(t)}
			at = out[i][1]
		} else {
			out[i] = [2]int{at, at}
		}
	}
	return out
}

// Spans are the samples each clause of a part was said over, as the model told.
type Spans struct {
	from, to []int
	set      []bool
	lost     bool // a run's durations did not match its ids
}

// NewSpans is the spans of a part of n clauses, none placed yet.
func NewSpans(n int) *Spans {
	return &Spans{from: make([]int, n), to: make([]int, n), set: make([]bool, n)}
}

// Place spreads one run's samples (n of them, from base in the part's audio) over
// its ids by the durations the model gave them (owners: each id's clause, -1 for
// none), and widens each clause's span to its ids'. Durations that do not match the
// ids lose the model's timing for the whole part.
func (s *Spans) Place(owners []int, durations []int64, base, n int) {
	if len(durations) != len(owners) {
		s.lost = true
		return
	}
	var total int64
	for _, d := range durations {
		total += max(d, 0)
	}
	if total == 0 {
		return
	}
	per := float64(n) / float64(total)
	var at int64
	for j, d := range durations {
		d = max(d, 0)
		if o := owners[j]; o >= 0 && o < len(s.set) {
			from, to := base+int(float64(at)*per), base+int(float64(at+d)*per)
			if !s.set[o] {
				s.from[o], s.to[o], s.set[o] = from, to, true
			} else {
				s.from[o], s.to[o] = min(s.from[o], from), max(s.to[o], to)
			}
		}
		at += d
	}
}

// Lose drops the model's timing for the part (a run that gave no durations).
func (s *Spans) Lose() { s.lost = true }

// WordMarks times a part's words (offset: where the part starts in the request;
// texts: each clause's place in the part, ClauseText; said: the part's audio at
// rate, starting startMs into the request's): each clause's words over its span
// when the model told every run's durations, else — or when a word would be lost
// that way — eSpeak's timings of the part warped onto where its audio speaks and
// pauses (Warp).
func (s *Spans) WordMarks(ref *tts.Audio, offset int, texts [][2]int, said []int16, rate, startMs int) []tts.Mark {
	whole := overSpeech(ref, offset, said, rate, startMs)
	if s == nil || s.lost {
		return whole
	}
	var out []tts.Mark
	for i, t := range texts {
		if i < len(s.set) && s.set[i] {
			out = append(out, SpreadWords(ref, offset, t[0], t[1], s.from[i]*1000/rate, s.to[i]*1000/rate)...)
		}
	}
	if len(out) != len(whole) {
		return whole
	}
	return out
}
