package playback

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/speaker"
)

// ErrNoDevice means the machine has no audio output Readback can open.
var ErrNoDevice = errors.New("no audio output device")

// Rate is the rate the speaker runs at: eSpeak's own, so that its audio plays
// without conversion. Clips at other rates are converted when loaded.
const Rate = 22050

// bufferTime is how much audio the speaker holds: short enough that pause and
// seek are heard at once, long enough not to stutter on a busy machine.
const bufferTime = 60 * time.Millisecond

var speakerOnce struct {
	sync.Once
	err error
}

// Speaker is the machine's audio output through beep (ALSA on Linux).
type Speaker struct{}

// OpenSpeaker starts the audio output once per process. beep's Init succeeds even
// where no device exists; Resume is what opens the device, so its error is the
// truth about the machine.
func OpenSpeaker() (*Speaker, error) {
	speakerOnce.Do(func() {
		sr := beep.SampleRate(Rate)
		if err := speaker.Init(sr, sr.N(bufferTime)); err != nil {
			speakerOnce.err = fmt.Errorf("%w: %v", ErrNoDevice, err)
			return
		}
		if err := speaker.Resume(); err != nil {
			speakerOnce.err = fmt.Errorf("%w: %v", ErrNoDevice, err)
		}
	})
	if speakerOnce.err != nil {
		return nil, speakerOnce.err
	}
	return &Speaker{}, nil
}

// Play starts pulling s; it plays until it reports it is done.
func (*Speaker) Play(s beep.Streamer) { speaker.Play(s) }

// Latency is how far the audio heard lags the audio pulled.
func (*Speaker) Latency() time.Duration { return bufferTime }
