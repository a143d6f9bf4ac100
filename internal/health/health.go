// Package health is the laptop's health check (what the service's health endpoint
// was): the speech engines and their versions, the audio device, ffmpeg, the disk,
// the library's integrity and the shared library's state — gathered into a report
// a writer can read, and copy for a bug report with their home folder, user name
// and anything secret-looking taken out.
package health

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/library"
	"readback/internal/onnx"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/kokoro"
	"readback/internal/tts/piper"
)

// disk adds the free space where the library is (or would be: the disk of its
// nearest existing folder).
func disk(dataDir string, add func(string, bool, string, ...any)) {
	var fs syscall.Statfs_t
	if err := syscall.Statfs(config.ExistingDir(dataDir), &fs); err != nil {
		add("disk", false, "%s: %v", dataDir, err)
		return
	}
	free := int64(fs.Bavail) * int64(fs.Bsize)
	add("disk", free > 1<<30, "%.1f GB free where the library is (%s)", float64(free)/1e9, dataDir)
}

// Check is one line of the report.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
	// Format and Args are Detail before formatting, for the window to translate.
	Format string   `json:"format"`
	Args   []string `json:"args"`
}

// Report is the health check.
type Report struct {
	Version string  `json:"version"`
	System  string  `json:"system"`
	At      string  `json:"at"`
	Checks  []Check `json:"checks"`
}

// Inputs are what the report looks at; the caller owns them.
type Inputs struct {
	Version string
	DataDir string
	Store   *store.Store
	Engines *tts.Registry
	// AudioDevice is the outcome of opening the speaker (nil: it opened), when the
	// caller tried; Skipped leaves the line out.
	AudioDevice      error
	AudioDeviceTried bool
	// EnginesOnly stops after what makes sound: the engines, the neural runtime,
	// the audio device and ffmpeg (Settings' list of engines; no disk or library scan).
	EnginesOnly bool
}

// Gather runs every check. None of them changes anything.
func Gather(ctx context.Context, in Inputs) *Report {
	r := &Report{Version: in.Version, System: runtime.GOOS + "/" + runtime.GOARCH + ", " + runtime.Version(), At: time.Now().UTC().Format(time.RFC3339)}
	add := func(name string, ok bool, format string, args ...any) {
		c := Check{Name: name, OK: ok}
		c.Detail, c.Format, c.Args = fault.Say(format, args...)
		r.Checks = append(r.Checks, c)
	}
	// Speech engines.
	if in.Engines != nil {
		for _, name := range in.Engines.Names() {
			e, err := in.Engines.Engine(name)
			if err != nil {
				add("engine "+name, false, "%v", err)
				continue
			}
			if tts.IsDormant(e) {
				if _, missing := in.Engines.Missing()[name]; !missing {
					add("engine "+name, true, "turned off")
				}
				continue
			}
			vs, err := e.Voices(ctx)
			if err != nil {
				add("engine "+name, false, "version %s; its voices could not be listed: %v", e.Version(), err)
				continue
			}
			if len(vs) == 0 && (name == piper.Name || name == kokoro.Name) {
				add("engine "+name, true, "version %s, no voices installed yet", e.Version())
				continue
			}
			if len(vs) == 1 {
				add("engine "+name, true, "version %s, one voice", e.Version())
				continue
			}
			add("engine "+name, len(vs) > 0, "version %s, %d voices", e.Version(), len(vs))
		}
		// An optional engine that could not start here is no fault, but says why.
		missing := in.Engines.Missing()
		for _, name := range slices.Sorted(maps.Keys(missing)) {
			add("engine "+name, name != espeak.Name, "unavailable: %s", missing[name])
		}
	}
	// The neural runtime (Piper and Kokoro voices).
	if path, err := onnx.Find(in.DataDir); err != nil {
		add("neural runtime", true, "%s", err.Error())
	} else {
		add("neural runtime", true, "ONNX Runtime found: %s", path)
	}
	if dir, err := kokoro.FindStyles(in.DataDir); err != nil {
		add("kokoro styles", true, "%s", err.Error())
	} else if _, err := kokoro.ReadGrades(dir); err != nil {
		add("kokoro styles", true, "Kokoro's voice styles found: %s (their grades are not shown: %v)", dir, err)
	} else {
		add("kokoro styles", true, "Kokoro's voice styles found: %s", dir)
	}
	// Audio.
	if in.AudioDeviceTried {
		if in.AudioDevice == nil {
			add("audio device", true, "the speaker opened")
		} else {
			add("audio device", true, "none (%v): the window plays the audio itself", in.AudioDevice)
		}
	}
	// ffmpeg.
	if out, err := exec.CommandContext(ctx, "ffmpeg", "-hide_banner", "-version").Output(); err == nil {
		// "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) …": its version, without the notice.
		first, _, _ := strings.Cut(strings.SplitN(string(out), "\n", 2)[0], " Copyright")
		add("ffmpeg", true, "%s", strings.TrimSpace(first))
	} else {
		add("ffmpeg", false, "not found: MP3, Opus and M4B export and the release check need it (sudo apt install ffmpeg)")
	}
	if in.EnginesOnly {
		return r
	}
	// Disk.
	if in.DataDir != "" {
		disk(in.DataDir, add)
		dir := config.RenditionsIn(in.DataDir)
		add("sentence audio", true, "%.1f MB in %s", float64(dirSize(dir))/1e6, dir)
	}
	// The library.
	if in.Store != nil {
		if err := in.Store.IntegrityCheck(ctx); err != nil {
			add("library", false, "SQLite's integrity check: %v", err)
		} else {
			add("library", true, "SQLite's integrity check: ok")
		}
		if s, ok, err := library.LoadSettings(ctx, in.Store); err == nil && ok {
			st, _ := library.LastStatus(ctx, in.Store)
			last := "never synced"
			if st.LastOKAt > 0 {
				last = "last synced " + time.UnixMilli(st.LastOKAt).UTC().Format(time.RFC3339)
			}
			detail := fmt.Sprintf("bucket %s at %s, %s", s.S3.Bucket, orAWS(s.S3.Endpoint), last)
			if st.Error != "" {
				detail += "; the last attempt failed: " + st.Error
			}
			add("shared library", st.Error == "", "%s", detail)
		} else {
			add("shared library", true, "not set up")
		}
	}
	return r
}

func orAWS(endpoint string) string {
	if endpoint == "" {
		return "AWS"
	}
	return endpoint
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// secretish finds what looks like a credential in free text.
var secretish = regexp.MustCompile(`(?i)((?:secret|token|password|passwd|signature|credential|access[_-]?key)[a-z_-]*\s*[=:]\s*)[^\s&;,]+|AKIA[0-9A-Z]{16}|X-Amz-Signature=[0-9a-f]+`)

// Text renders the report for copying: the home folder becomes ~, the user's name
// <user>, and anything that looks like a credential [redacted].
func (r *Report) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Readback %s on %s, %s\n", r.Version, r.System, r.At)
	for _, c := range r.Checks {
		mark := "ok"
		if !c.OK {
			mark = "PROBLEM"
		}
		fmt.Fprintf(&b, "%-16s %-8s %s\n", c.Name, mark, c.Detail)
	}
	return Redact(b.String())
}

// Redact takes out of text the home folder, the user's name and credentials.
func Redact(text string) string {
	text = secretish.ReplaceAllStringFunc(text, func(m string) string {
		if sub := secretish.FindStringSubmatch(m); sub[1] != "" {
			return sub[1] + "[redacted]"
		}
		return "[redacted]"
	})
	if home, err := os.UserHomeDir(); err == nil && len(home) > 1 {
		text = strings.ReplaceAll(text, home, "~")
	}
	if u, err := user.Current(); err == nil && len(u.Username) > 2 {
		text = regexp.MustCompile(`\b`+regexp.QuoteMeta(u.Username)+`\b`).ReplaceAllString(text, "<user>")
	}
	return text
}
