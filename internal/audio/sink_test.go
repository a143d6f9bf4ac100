package audio_test

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
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

// Samples written come back as written, through both ways of writing a WAV: at
// once, and streamed (PCM, samples, a copy from another file, silence).
func TestWAVRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := []int16{1, -2, 3, 32767, -32768, 0, 256, -257}
	path := filepath.Join(dir, "a.wav")
	if err := audio.WriteWAV(path, 22050, want); err != nil {
		t.Fatal(err)
	}
	if got := readWAV(t, path, 22050); !slices.Equal(got, want) {
		t.Errorf("WriteWAV: read back %v, want %v", got, want)
	}

	src := filepath.Join(dir, "pack.pcm")
	if err := os.WriteFile(src, append([]byte{0xAA, 0xBB, 0xCC}, audio.PCMBytes([]int16{7, -7, 1000})...), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stream := filepath.Join(dir, "b.wav")
	w, err := audio.CreateWAV(stream, 16000)
	if err != nil {
		t.Fatal(err)
	}
	steps := []error{w.WritePCM(audio.PCMBytes(want[:3])), w.WriteSamples(want[3:]), w.CopyPCM(f, 3, 6), w.WriteSilence(1)}
	if err := errors.Join(steps...); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	streamed := append(append(slices.Clone(want), 7, -7, 1000), make([]int16, 16)...) // 1 ms at 16 kHz
	if got := readWAV(t, stream, 16000); !slices.Equal(got, streamed) {
		t.Errorf("streamed: read back %v, want %v", got, streamed)
	}
}

// readWAV decodes a 16-bit mono WAV at rate, checking its header says so.
func readWAV(t *testing.T, path string, rate int) []int16 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := audio.ReadWAVInfo(f)
	if err != nil || info.SampleRate != rate || info.DataOffset != 44 {
		t.Fatalf("%s: %+v %v", path, info, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(data)) != info.DataOffset+info.DataBytes {
		t.Fatalf("%s: %d bytes, the header says %d", path, len(data), info.DataOffset+info.DataBytes)
	}
	pcm := data[info.DataOffset:]
	out := make([]int16, len(pcm)/2)
	for i := range out {
		out[i] = int16(binary.LittleEndian.Uint16(pcm[2*i:]))
	}
	return out
}
