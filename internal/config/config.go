// Package config locates Readback's data on disk: the data directory (XDG, or
// --data-dir, or READBACK_HOME) and the files within it.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EnvHome names the environment variable that overrides the data directory.
const EnvHome = "READBACK_HOME"

// Paths are the locations of Readback's files.
type Paths struct {
	Data string // the data directory
}

// Resolve picks the data directory: the flag if given, else READBACK_HOME, else
// $XDG_DATA_HOME/readback, else ~/.local/share/readback.
func Resolve(flag string) (Paths, error) {
	dir := flag
	if dir == "" {
		dir = os.Getenv(EnvHome)
	}
	if dir == "" {
		if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" && filepath.IsAbs(xdg) {
			dir = filepath.Join(xdg, "readback")
		}
	}
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return Paths{}, fmt.Errorf("config: no data directory: set %s or --data-dir: %w", EnvHome, err)
		}
		dir = filepath.Join(home, ".local", "share", "readback")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Paths{}, fmt.Errorf("config: data directory %s: %w", dir, err)
	}
	return Paths{Data: abs}, nil
}

// Ensure creates the data directory, readable only by its owner.
func (p Paths) Ensure() error {
	if err := os.MkdirAll(p.Data, 0o700); err != nil {
		return fmt.Errorf("config: create data directory: %w", err)
	}
	return nil
}

// Database is the library's SQLite file.
func (p Paths) Database() string { return filepath.Join(p.Data, databaseName) }

// Owned are the names the library keeps in its data directory, each a file or
// folder or the start of their names (library.db-wal): the database, the log,
// sentence audio, installed voices (Piper's, Kokoro's models, Polly's list, the
// shared library's packs), remote work, backups and publishing's scratch. A file
// the writer asks to be written there is refused.
var Owned = []string{databaseName, logName, renditionsName, piperName, kokoroName, pollyName, "voices", "remote", "backups", ".publish-"}

// The names of the library's own files and folders that this package makes paths of.
const (
	databaseName   = "library.db"
	logName        = "readback.log"
	renditionsName = "renditions"
	piperName      = "piper"
	kokoroName     = "kokoro"
	pollyName      = "polly"
)

// Renditions is where sentence audio is kept (packs under it).
func (p Paths) Renditions() string { return RenditionsIn(p.Data) }

// RenditionsIn is the renditions folder of the data directory data.
func RenditionsIn(data string) string { return filepath.Join(data, renditionsName) }

// PiperVoices is where Piper voices are installed, one folder each (voices/ holds
// the shared library's voice packs, by their IDs).
func (p Paths) PiperVoices() string { return filepath.Join(p.Data, piperName) }

// KokoroModels is where Kokoro models are installed, one folder each (their voices,
// the styles, come with the program: kokoro.FindStyles).
func (p Paths) KokoroModels() string { return filepath.Join(p.Data, kokoroName) }

// PollyVoices is where Amazon Polly's voice list is kept between runs.
func (p Paths) PollyVoices() string { return filepath.Join(p.Data, pollyName, "voices.json") }

// Log is the app's log file.
func (p Paths) Log() string { return filepath.Join(p.Data, logName) }

// AudiobooksDir is where a new audiobook is proposed to go: the desktop's music
// folder (XDG_MUSIC_DIR, from the environment or ~/.config/user-dirs.dirs) with an
// Audiobooks folder in it, else ~/Audiobooks.
func AudiobooksDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	music := os.Getenv("XDG_MUSIC_DIR")
	if music == "" {
		cfg := os.Getenv("XDG_CONFIG_HOME")
		if cfg == "" {
			cfg = filepath.Join(home, ".config")
		}
		if b, err := os.ReadFile(filepath.Join(cfg, "user-dirs.dirs")); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(strings.TrimSpace(line), "XDG_MUSIC_DIR="); ok {
					music = strings.ReplaceAll(strings.Trim(v, `"`), "$HOME", home)
				}
			}
		}
	}
	if music == "" || !filepath.IsAbs(music) || music == home {
		return filepath.Join(home, "Audiobooks")
	}
	return filepath.Join(music, "Audiobooks")
}

// ExistingDir is dir, or its nearest parent that exists: where a library not made
// yet would go, for the disk it would be on and whether it could be written.
func ExistingDir(dir string) string {
	for {
		if _, err := os.Stat(dir); err == nil || filepath.Dir(dir) == dir {
			return dir
		}
		dir = filepath.Dir(dir)
	}
}

// Bundled are the places a file that comes with the program (the neural runtime,
// Kokoro's voice styles) is looked for, in order: beside the binary, the package's
// library folder relative to it and at /usr/lib/readback, then the data directory
// (when dataDir is not "").
func Bundled(name, dataDir string) []string {
	var out []string
	if exe, err := os.Executable(); err == nil {
		dir := filepath.Dir(exe)
		out = append(out, filepath.Join(dir, name), filepath.Join(dir, "..", "lib", "readback", name))
	}
	out = append(out, filepath.Join("/usr/lib/readback", name))
	if dataDir != "" {
		out = append(out, filepath.Join(dataDir, name))
	}
	return out
}
