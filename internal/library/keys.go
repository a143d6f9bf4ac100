package library

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"readback/internal/fault"
)

// Bounds on what the bucket may hand us. Keys and names come from other people's
// manifests and listings, so each is checked before it is used as a key or a path.
const (
	MaxKeyLen      = 512
	MaxNameLen     = 128
	MaxManifest    = 1 << 20 // a manifest or index object
	MaxVoiceFile   = 2 << 30 // one file of a voice pack
	MaxPackFiles   = 64
	MaxLexiconBody = 8 << 20
)

// CheckKey refuses a key (relative to the library's prefix) that could name
// something other than what it seems: empty, absolute, "." or ".." segments,
// backslashes, control or invalid characters, or too long.
func CheckKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("empty key")
	case len(key) > MaxKeyLen:
		return fmt.Errorf("key %.40q… is longer than %d bytes", key, MaxKeyLen)
	case !utf8.ValidString(key):
		return fmt.Errorf("key %q is not valid UTF-8", key)
	case strings.HasPrefix(key, "/"):
		return fmt.Errorf("key %q is absolute", key)
	case strings.Contains(key, "\\"):
		return fmt.Errorf("key %q holds a backslash", key)
	}
	for _, r := range key {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return fmt.Errorf("key %q holds a control character", key)
		}
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("key %q has an empty, '.' or '..' part", key)
		}
	}
	return nil
}

// CheckName refuses a name that is to become one part of a key or one file name:
// letters, digits and ". _ -" only, not starting with a dot.
func CheckName(what, name string) error {
	if name == "" || len(name) > MaxNameLen {
		return fmt.Errorf("%s %q must be 1–%d characters", what, name, MaxNameLen)
	}
	if name[0] == '.' {
		return fmt.Errorf("%s %q must not start with a dot", what, name)
	}
	if strings.HasSuffix(name, ".part") {
		return fmt.Errorf("%s %q ends in .part, which Readback keeps for downloads under way", what, name)
	}
	// Names Windows keeps for devices, with or without an extension.
	base := strings.ToUpper(strings.SplitN(name, ".", 2)[0])
	switch base {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		return fmt.Errorf("%s %q is a device name on Windows", what, name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return fmt.Errorf("%s %q may hold only letters, digits, '.', '_' and '-'", what, name)
		}
	}
	return nil
}

// CheckSHA256 refuses anything but 64 lower-case hex digits.
func CheckSHA256(what, sum string) error {
	if len(sum) != 64 {
		return fmt.Errorf("%s: checksum %q is not a SHA-256", what, sum)
	}
	for _, c := range sum {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return fmt.Errorf("%s: checksum %q is not a SHA-256", what, sum)
		}
	}
	return nil
}

// Within joins a relative path from the bucket to root and refuses any result that
// is not inside root.
func Within(root, rel string) (string, error) {
	if err := CheckKey(rel); err != nil {
		return "", err
	}
	p := filepath.Join(root, filepath.FromSlash(rel))
	r, err := filepath.Rel(root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return "", fmt.Errorf("path %q leaves %s", rel, root)
	}
	return p, nil
}

// OutsideData refuses a path the user gave for an output when it lies inside the
// data directory, which only Readback writes.
func OutsideData(path, data string) error {
	rel, err := filepath.Rel(data, path)
	if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fault.New(fault.Invalid, "%s is inside the data directory %s; write it somewhere else", path, data)
	}
	return nil
}

// CheckOutput refuses a path the user gave for an output unless it is absolute
// and outside the data directory.
func CheckOutput(path, data string) error {
	if !filepath.IsAbs(path) {
		return fault.New(fault.Invalid, "%q is not an absolute path", path)
	}
	return OutsideData(path, data)
}
