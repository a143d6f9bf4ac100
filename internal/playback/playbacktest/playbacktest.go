// Package playbacktest gives tests the real speaker path on a machine with no
// sound card: ALSA's null device takes the audio as fast as it comes.
package playbacktest

import (
	"os"
	"path/filepath"
	"testing"

	"readback/internal/playback"
)

// Speaker opens the speaker on ALSA's null device. The speaker is opened once per
// process, so the device setting stays for the rest of the test binary's life.
func Speaker(tb testing.TB) *playback.Speaker {
	tb.Helper()
	conf := filepath.Join(tb.TempDir(), "asound.conf")
	if err := os.WriteFile(conf, []byte("pcm.!default { type null }\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	os.Setenv("ALSA_CONFIG_PATH", conf)
	sp, err := playback.OpenSpeaker()
	if err != nil {
		tb.Fatal(err)
	}
	return sp
}
