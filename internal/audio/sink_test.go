package audio_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/audio"
)

// Without ffmpeg, the formats that need it say how to get it, and nothing is written.
func TestFormatsWithoutFFmpeg(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	dir := t.TempDir()
	for _, f := range []string{"mp3", "opus", "m4b"} {
		_, err := audio.Create(context.Background(), f, filepath.Join(dir, "book."+f), 22050, audio.Tags{})
		if !errors.Is(err, audio.ErrNoFFmpeg) || !strings.Contains(err.Error(), "sudo apt install ffmpeg") {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, f := range []string{"wav", "flac"} {
		s, err := audio.Create(context.Background(), f, filepath.Join(dir, "book."+f), 22050, audio.Tags{})
		if err != nil {
			t.Fatalf("%s needs no ffmpeg: %v", f, err)
		}
		s.WriteSilence(100)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files: %v", entries)
	}
}

func TestWAVRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.wav")
	if err := audio.WriteWAV(path, 22050, []int16{1, -2, 3, 32767, -32768}); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	defer f.Close()
	info, err := audio.ReadWAVInfo(f)
	if err != nil || info.SampleRate != 22050 || info.DataBytes != 10 || info.DataOffset != 44 {
		t.Fatalf("%+v %v", info, err)
	}
}
