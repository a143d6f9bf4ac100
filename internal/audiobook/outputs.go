package audiobook

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"readback/internal/audio"
	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/store"
)

// OutputContext is what a conversion's outputs are checked against: nothing a
// writer gave Readback may be written over.
type OutputContext struct {
	Input   string // the manuscript's path as given on the command line ("" from the library)
	DataDir string // the library's folder: its database, packs and backups
	Title   string // the document's title, naming the file inside a folder given as the output
	SHA256  string // the manuscript's content: an existing file holding it is the manuscript
	Size    int64
}

// CheckOutput refuses a path a command would write a file to (a lexicon's export)
// that is a folder or one of the library's own files in dataDir.
func CheckOutput(path, dataDir string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fault.New(fault.Invalid, "%s is a folder: give the file to write", path)
	}
	if dataDir != "" && ofLibrary(path, dataDir) {
		return fault.New(fault.Invalid, "%s is one of the library's own files in %s: choose another place", path, dataDir)
	}
	return nil
}

// OutputsOf is what a library document's outputs are checked against.
func OutputsOf(st *store.Store, doc *store.Document) OutputContext {
	return OutputContext{DataDir: filepath.Dir(st.Path()), Title: doc.Title, SHA256: doc.SHA256, Size: doc.Size}
}

// ResolveOutputs settles every path q will write and refuses, naming both paths,
// one that is the manuscript (by its path, or by its content wherever it lies), a
// file in the library's folder, or another output of the same conversion. A folder
// given as a single file's output receives TITLE.EXT (the name the Save dialog
// proposes, once the title is known); an output whose extension disagrees with the
// format takes the format's, and a note says so. It may be called before the
// document is imported (without a title or content) and again after.
func ResolveOutputs(q *ConvertRequest, oc OutputContext) (notes []string, err error) {
	if q.Output == "" {
		return nil, fault.New(fault.Invalid, "no output file")
	}
	if q.Output, err = filepath.Abs(q.Output); err != nil {
		return nil, fault.New(fault.Invalid, "%s: %v", q.Output, err)
	}
	unnamed := false // a folder whose file is named once the title is known
	if fi, err := os.Stat(q.Output); err == nil && fi.IsDir() && !q.PerChapter && oc.Title == "" {
		unnamed = true
	} else if err == nil && fi.IsDir() && !q.PerChapter {
		format := q.Format
		if format == "" {
			format = "wav"
		}
		q.Output = filepath.Join(q.Output, FileName(oc.Title)+"."+format)
		notes = append(notes, fmt.Sprintf("%s is a folder: writing %s in it", filepath.Dir(q.Output), filepath.Base(q.Output)))
	} else if err == nil && !fi.IsDir() && q.PerChapter {
		return nil, fault.New(fault.Invalid, "%s is a file: one file per chapter needs a folder", q.Output)
	}
	if !q.PerChapter && !unnamed {
		ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(q.Output)), ".")
		switch {
		case q.Format == "" && slices.Contains(audio.Formats, ext):
			q.Format = ext
		case q.Format == "" && ext == "":
			q.Format = "wav"
			q.Output += ".wav"
		case q.Format == "":
			return nil, fault.New(fault.Invalid, "%s: unknown format %q: use %s (or --format)", q.Output, ext, strings.Join(audio.Formats, ", "))
		case ext != q.Format:
			was := q.Output
			q.Output = strings.TrimSuffix(q.Output, filepath.Ext(q.Output)) + "." + q.Format
			notes = append(notes, fmt.Sprintf("writing %s, not %s: the extension follows the format (%s)", filepath.Base(q.Output), filepath.Base(was), q.Format))
		}
	}
	if q.Subtitles != "" {
		if q.Subtitles, err = filepath.Abs(q.Subtitles); err != nil {
			return nil, fault.New(fault.Invalid, "%s: %v", q.Subtitles, err)
		}
		if ext := strings.ToLower(filepath.Ext(q.Subtitles)); ext != ".srt" && ext != ".vtt" {
			return nil, fault.New(fault.Invalid, "%s: subtitles are written as .srt or .vtt", q.Subtitles)
		}
	}
	outputs := []string{q.Output}
	if unnamed {
		outputs = nil // the folder itself is not written over; its file is checked later
	}
	if q.Subtitles != "" {
		if samePath(q.Subtitles, q.Output) {
			return nil, fault.New(fault.Invalid, "the audio and the subtitles would both be written to %s", q.Output)
		}
		outputs = append(outputs, q.Subtitles)
	}
	for i, o := range outputs {
		if oc.Input != "" && samePath(o, oc.Input) {
			return nil, fault.New(fault.Invalid, "%s is the manuscript being converted (%s): choose another file", o, oc.Input)
		}
		if oc.DataDir != "" && ofLibrary(o, oc.DataDir) {
			return nil, fault.New(fault.Invalid, "%s is one of the library's own files in %s: choose another place", o, oc.DataDir)
		}
		if !q.PerChapter || i > 0 {
			if same, err := holds(o, oc.SHA256, oc.Size); err != nil {
				return nil, err
			} else if same {
				return nil, fault.New(fault.Invalid, "%s holds this document's manuscript: choose another file", o)
			}
		}
	}
	return notes, nil
}

// samePath reports whether a and b name the same file: the same file on disk, or
// the same place once links are followed (for a file not written yet).
func samePath(a, b string) bool {
	if fa, err := os.Stat(a); err == nil {
		if fb, err := os.Stat(b); err == nil {
			return os.SameFile(fa, fb)
		}
	}
	return realPath(a) == realPath(b)
}

// ofLibrary reports whether path is, or lies in, one of the library's own files in
// dataDir (links followed). Other files there are the writer's: the folder may be
// one they also keep books in.
func ofLibrary(path, dataDir string) bool {
	rel, err := filepath.Rel(realPath(dataDir), realPath(path))
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel == "." // the folder itself
	}
	top, _, _ := strings.Cut(rel, string(filepath.Separator))
	for _, n := range config.Owned {
		if strings.HasPrefix(top, n) {
			return true
		}
	}
	return false
}

// realPath resolves the links of the longest part of p that exists.
func realPath(p string) string {
	p = filepath.Clean(p)
	var rest []string
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, rest...)...)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(append([]string{p}, rest...)...)
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}

// holds reports whether the file at path has the manuscript's content.
func holds(path, sum string, size int64) (bool, error) {
	if sum == "" {
		return false, nil
	}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && (!fi.Mode().IsRegular() || fi.Size() != size)) {
		return false, nil
	}
	if err != nil {
		return false, fault.New(fault.Invalid, "%s: %v", path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return false, nil // not readable: not compared, and the write will say why
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false, nil
	}
	return hex.EncodeToString(h.Sum(nil)) == sum, nil
}
