// Package neural holds what the neural engines (Piper, Kokoro) share: how a model is
// installed — read, unpacked from an archive, checked by its engine, then written
// into a folder of its own under a temporary name and renamed when whole, so that a
// voice is either there or not — and how their audio is cut at the writer's pauses
// and its words timed.
package neural

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"readback/internal/fault"
)

// InfoFile is what Readback learnt of an installed model when it was installed.
const InfoFile = "voice.json"

// Installed is a model ready to speak.
type Installed struct {
	// Engine is the engine speaking it ("piper", "kokoro").
	Engine     string   `json:"engine,omitempty"`
	ID         string   `json:"id"` // the model's file name without .onnx
	Language   string   `json:"language"`
	Quality    string   `json:"quality,omitempty"`
	Dataset    string   `json:"dataset,omitempty"`
	SampleRate int      `json:"sample_rate"`
	Speakers   []string `json:"speakers,omitempty"` // a multi-speaker model's names, by id
	SHA256     string   `json:"sha256"`             // the model's: part of its renditions' keys
	// ConfigSHA256 is the checksum of the config files the model speaks by (Piper's
	// phoneme map and scales, Kokoro's symbols), set when installed: the same model
	// with another config speaks otherwise. Empty for a model installed before it
	// was kept.
	ConfigSHA256 string `json:"config_sha256,omitempty"`
	Bytes        int64  `json:"bytes"`
	// Licence is what the voice's card says of its licence, when it came with one.
	Licence string `json:"licence,omitempty"`
	// Inputs and Outputs are the model's, as its engine names them in its order,
	// read at install (Piper: its audio, then its alignments when it has them;
	// Kokoro: its ids, style and speed in, audio and perhaps durations out), so
	// that the model is loaded once when it first speaks. Empty for a model
	// installed before they were kept.
	Inputs  []string `json:"inputs,omitempty"`
	Outputs []string `json:"outputs,omitempty"`
	// InstalledAt is when it was installed (zero for a model installed before it was
	// kept, which is older than any that has it): an engine's default model is the
	// one installed first, so that installing another changes no document's voice.
	InstalledAt time.Time `json:"installed_at,omitzero"`

	dir string
}

// Dir is the installed model's folder.
func (v *Installed) Dir() string { return v.dir }

// Version is what the model's renditions are keyed by: its checksum and its
// config's, so that a voice removed and added again with another config does not
// reuse the audio of the first.
func (v *Installed) Version() string {
	if v.ConfigSHA256 == "" {
		return v.SHA256
	}
	return v.SHA256 + "+" + v.ConfigSHA256
}

// configSum is the checksum of the .json files among files (by name, in order).
func configSum(files []File) string {
	var configs []File
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".json") {
			configs = append(configs, f)
		}
	}
	slices.SortFunc(configs, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	h := sha256.New()
	for _, f := range configs {
		fmt.Fprintf(h, "%s %d\n", f.Name, len(f.Data))
		h.Write(f.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Limits on what is installed: the largest Piper voices are about 120 MB, Kokoro's
// model 330 MB.
const (
	MaxModel = 1 << 30
	MinModel = 1 << 10
)

// IDPattern is what an installed model's name may be: it names its folder.
var IDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// List returns the models installed under dir, by ID. A folder that is not a whole
// model (a failed install's leftovers) is skipped.
func List(dir string) ([]*Installed, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []*Installed
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name(), InfoFile))
		if err != nil {
			continue
		}
		var v Installed
		if json.Unmarshal(b, &v) != nil || v.ID != e.Name() {
			continue
		}
		v.dir = filepath.Join(dir, e.Name())
		v.sumConfig()
		out = append(out, &v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// ByAge orders models as they were installed, the first first (by name among those
// installed before the time was kept, which come before the others).
func ByAge(models []*Installed) {
	slices.SortStableFunc(models, func(a, b *Installed) int { return a.InstalledAt.Compare(b.InstalledAt) })
}

// ReadInfo reads an installed model's voice.json; engine names it in errors.
func ReadInfo(engine, dir, id string) (*Installed, error) {
	if !IDPattern.MatchString(id) {
		return nil, fmt.Errorf("%s: %q is not a voice's name", engine, id)
	}
	b, err := os.ReadFile(filepath.Join(dir, id, InfoFile))
	if err != nil {
		return nil, fmt.Errorf("%s: no voice %q is installed", engine, id)
	}
	var v Installed
	if err := json.Unmarshal(b, &v); err != nil || v.ID != id {
		return nil, fmt.Errorf("%s: the voice %q is damaged (its %s)", engine, id, InfoFile)
	}
	v.dir = filepath.Join(dir, id)
	v.sumConfig()
	return &v, nil
}

// sumConfig gives a model installed before its config's checksum was kept the
// checksum of the config files in its folder, as Commit would have: the same
// voice installed then and now, here or on a teammate's computer, keys its audio
// alike (and shares it through the library).
func (v *Installed) sumConfig() {
	if v.ConfigSHA256 != "" {
		return
	}
	entries, err := os.ReadDir(v.dir)
	if err != nil {
		return
	}
	var files []File
	for _, e := range entries {
		if e.Name() == InfoFile || !strings.HasSuffix(e.Name(), ".json") || !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(v.dir, e.Name()))
		if err != nil {
			return // unreadable: the model's checksum alone, as before
		}
		files = append(files, File{Name: e.Name(), Data: data})
	}
	v.ConfigSHA256 = configSum(files)
}

// File is a file given by its name and bytes.
type File struct {
	Name string
	Data []byte
}

// FromArchive names, before err, the archive the writer gave when given is one
// archive: an error about a file inside it (its model, its config) is named after
// what the writer has in hand. An error already naming the archive (Unpack's) is
// left as it is, and so is one about files given loose, or from several places.
func FromArchive(err error, given []File) error {
	fe, ok := errors.AsType[*fault.Error](err)
	if !ok || len(given) != 1 || !isArchive(given[0].Name) || strings.HasPrefix(fe.Message, given[0].Name+": ") {
		return err
	}
	return fault.Prefix(given[0].Name, fe)
}

func isArchive(name string) bool {
	return strings.HasSuffix(name, ".zip") || strings.HasSuffix(name, ".tar.gz") || strings.HasSuffix(name, ".tgz")
}

// Commit writes a checked model's files into a folder of its own under dir, named
// v.ID, with its voice.json; given names the file the writer gave, for errors. The
// same model with the same config installed again is no change; another model, or
// the same one with another config, under the same name is refused.
func Commit(dir, given string, v *Installed, files ...File) (*Installed, error) {
	if _, err := os.Stat(filepath.Join(dir, v.ID)); err == nil {
		have, _ := List(dir)
		for _, h := range have {
			if h.ID != v.ID || h.SHA256 != v.SHA256 {
				continue
			}
			for _, f := range files {
				if !strings.HasSuffix(f.Name, ".json") {
					continue // the model is compared by its checksum; a card changes no word
				}
				if old, err := os.ReadFile(filepath.Join(h.Dir(), f.Name)); err != nil || !bytes.Equal(old, f.Data) {
					return nil, fault.New(fault.Conflict, "%s: the voice %q is installed with this model and another config; remove it first to install this one", given, v.ID)
				}
			}
			return h, nil // the same voice again
		}
		return nil, fault.New(fault.Conflict, "%s: a different voice named %q is installed; remove it first", given, v.ID)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	sweep(dir)
	v.ConfigSHA256 = configSum(files)
	v.InstalledAt = time.Now().UTC()
	tmp, err := os.MkdirTemp(dir, ".install-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	info, _ := json.MarshalIndent(v, "", "  ")
	for _, f := range append(files, File{Name: InfoFile, Data: info}) {
		if f.Data == nil {
			continue
		}
		if err := writeSynced(filepath.Join(tmp, f.Name), f.Data); err != nil {
			return nil, err
		}
	}
	if err := os.Rename(tmp, filepath.Join(dir, v.ID)); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, v.ID)); serr == nil {
			return nil, fault.New(fault.Conflict, "%s: a voice named %q was installed meanwhile", given, v.ID)
		}
		return nil, err
	}
	v.dir = filepath.Join(dir, v.ID)
	return v, nil
}

// sweep removes what installs and removals a crash interrupted, once nothing can be
// writing it any more (an hour on).
func sweep(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".install-") && !strings.HasPrefix(e.Name(), ".removed-") {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// Remove deletes an installed model; found is false when there is none by that
// name (each engine says so in its words).
func Remove(dir, id string) (found bool, err error) {
	if !IDPattern.MatchString(id) {
		return false, fault.New(fault.Invalid, "%q is not a voice's name", id)
	}
	path := filepath.Join(dir, id)
	if _, err := os.Stat(filepath.Join(path, InfoFile)); err != nil {
		return false, nil
	}
	// Renamed first, so that a voice half removed is no longer listed.
	gone := filepath.Join(dir, ".removed-"+id)
	os.RemoveAll(gone)
	if err := os.Rename(path, gone); err != nil {
		return true, err
	}
	return true, os.RemoveAll(gone)
}

// ReadFiles reads the files at paths, each within the size of the largest model.
func ReadFiles(paths []string) ([]File, error) {
	var files []File
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fault.New(fault.NotFound, "%s: %v", p, errors.Unwrap(err))
		}
		if st.Size() > MaxModel {
			return nil, fault.New(fault.TooLarge, "%s: %d MB is larger than any voice (at most %d MB)", p, st.Size()>>20, MaxModel>>20)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: filepath.Base(p), Data: data})
	}
	return files, nil
}

// Unpack returns the files given, each archive (.zip, .tar.gz) replaced by the
// entries in it that wanted takes (by base name).
func Unpack(given []File, wanted func(base string) bool) ([]File, error) {
	var files []File
	for _, f := range given {
		if len(f.Data) > MaxModel {
			return nil, fault.New(fault.TooLarge, "%s: %d MB is larger than any voice (at most %d MB)", f.Name, len(f.Data)>>20, MaxModel>>20)
		}
		var got []File
		var err error
		switch {
		case strings.HasSuffix(f.Name, ".zip"):
			got, err = unzip(f.Name, f.Data, wanted)
		case strings.HasSuffix(f.Name, ".tar.gz") || strings.HasSuffix(f.Name, ".tgz"):
			got, err = untar(f.Name, f.Data, wanted)
		default:
			got = []File{f}
		}
		if err != nil {
			return nil, err
		}
		files = append(files, got...)
	}
	return files, nil
}

// Names lists the files' names, for errors.
func Names(files []File) string {
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

func unzip(name string, data []byte, wanted func(string) bool) ([]File, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: not a zip archive: %v", name, err)
	}
	a := &archive{name: name}
	for _, f := range zr.File {
		if !a.wants(f.Name, wanted) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fault.New(fault.Invalid, "%s: %s: %v", name, f.Name, err)
		}
		err = a.add(f.Name, rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	return a.out, nil
}

func untar(name string, data []byte, wanted func(string) bool) ([]File, error) {
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: not a .tar.gz archive: %v", name, err)
	}
	tr := tar.NewReader(gz)
	a := &archive{name: name}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return a.out, nil
		}
		if err != nil {
			return nil, fault.New(fault.Invalid, "%s: a damaged archive: %v", name, err)
		}
		if h.Typeflag != tar.TypeReg || !a.wants(h.Name, wanted) {
			continue
		}
		if err := a.add(h.Name, tr); err != nil {
			return nil, err
		}
	}
}

// maxEntries is how many voice files an archive may hold (a voice is two or three;
// a folder of a few voices is refused as "one voice at a time" anyway).
const maxEntries = 8

// archive gathers an archive's voice files within maxEntries and, all together,
// the size of the largest model.
type archive struct {
	name  string
	out   []File
	bytes int64
}

func (a *archive) wants(entry string, wanted func(string) bool) bool {
	base := filepath.Base(entry)
	return !strings.HasPrefix(base, ".") && wanted(base)
}

func (a *archive) add(entry string, r io.Reader) error {
	if len(a.out) == maxEntries {
		return fault.New(fault.Invalid, "%s: more than %d voice files: one voice at a time", a.name, maxEntries)
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxModel+1))
	if err != nil {
		return fault.New(fault.Invalid, "%s: %s: %v", a.name, entry, err)
	}
	if len(b) > MaxModel {
		return fault.New(fault.TooLarge, "%s: %s is larger than any voice (at most %d MB)", a.name, entry, MaxModel>>20)
	}
	if a.bytes += int64(len(b)); a.bytes > MaxModel {
		return fault.New(fault.TooLarge, "%s: its voice files come to more than any voice (at most %d MB)", a.name, MaxModel>>20)
	}
	a.out = append(a.out, File{Name: filepath.Base(entry), Data: b})
	return nil
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
