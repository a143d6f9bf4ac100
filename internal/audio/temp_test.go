package audio_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"readback/internal/audio"
)

// SweepStale removes what killed writers left — a temporary file, and the
// metadata an ffmpeg export keeps beside its own — and nothing a running writer
// is still writing, nor a writer's own file that only looks alike.
func TestSweepStaleTakesOnlyWhatKilledWritersLeft(t *testing.T) {
	dir := t.TempDir()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead := gone.Process.Pid
	live, err := audio.CreateAtomic(filepath.Join(dir, "book.wav"))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	liveMP3 := audio.TempName(filepath.Join(dir, "book.mp3"))
	stale := []string{
		fmt.Sprintf(".book.mp3.%d.1796165137106000000.part", dead),
		fmt.Sprintf(".book.mp3.%d.1796165137106000000.part.meta", dead),
		filepath.Join("chapters", fmt.Sprintf(".01 The Keeper.mp3.%d.42.part", dead)),
	}
	kept := []string{
		filepath.Base(liveMP3), filepath.Base(liveMP3) + ".meta",
		"my.part1.mp3", ".notes.part", fmt.Sprintf("book.mp3.%d.7.part", dead),
		fmt.Sprintf(".mix.%d.05.party-notes", dead), fmt.Sprintf(".mix.%d.x.part", dead), // a writer's own, alike
	}
	for _, name := range append(append([]string{}, stale...), kept...) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A file of this process's shape untouched for two days: its process ID was
	// taken again since (after a restart), no writer will finish it.
	forgotten := fmt.Sprintf(".book.flac.%d.99.part", os.Getpid())
	if err := os.WriteFile(filepath.Join(dir, forgotten), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	twoDays := time.Now().Add(-48 * time.Hour)
	os.Chtimes(filepath.Join(dir, forgotten), twoDays, twoDays)
	stale = append(stale, forgotten)
	if n := audio.SweepStale(dir); n != len(stale) {
		t.Errorf("%d files removed, want %d", n, len(stale))
	}
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s, left by a process no longer running, is still there", name)
		}
	}
	for _, name := range append(kept, filepath.Base(live.Name())) {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
}
