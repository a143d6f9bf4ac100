package app

import (
	"fmt"
	"sync"

	"readback/internal/audio"
	"readback/internal/tts"
)

// AuditionView is where an audition's WAV is, and whether the speaker played it
// already (then the window must not play it a second time).
type AuditionView struct {
	URL        string `json:"url"`
	Played     bool   `json:"played"`
	DurationMs int    `json:"duration_ms"`
}

// auditions keeps the last few things heard on request (a word as an entry says
// it, a sentence in a voice being chosen) for the window to fetch, and plays each
// on the speaker when there is one.
type auditions struct {
	player *Player
	mu     sync.Mutex
	wavs   map[string][]byte // served at /audition/NAME.wav
	order  []string          // the names kept, oldest first
	n      int               // names given so far
}

// keep is how many auditions are kept.
const keep = 8

func newAuditions(player *Player) *auditions {
	return &auditions{player: player, wavs: map[string][]byte{}}
}

// offer keeps the audio and, with a speaker, plays it.
func (h *auditions) offer(a *tts.Audio) *AuditionView {
	wav := audio.WAVBytes(a.SampleRate, a.Samples)
	h.mu.Lock()
	h.n++
	name := fmt.Sprintf("a%d", h.n)
	h.wavs[name] = wav
	h.order = append(h.order, name)
	if len(h.order) > keep {
		delete(h.wavs, h.order[0])
		h.order = h.order[1:]
	}
	h.mu.Unlock()
	played := h.player.playOnce(a)
	return &AuditionView{URL: "/audition/" + name + ".wav", Played: played, DurationMs: a.DurationMs()}
}

// get returns an audition's WAV, or nil.
func (h *auditions) get(name string) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.wavs[name]
}
