package piper

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
	"unicode/utf8"

	ort "github.com/yalue/onnxruntime_go"

	"readback/internal/fault"
)

// An installed voice lives in a folder of its own under the voices folder:
// model.onnx, model.onnx.json and voice.json (what Readback learnt of it when it
// was installed). The folder is written under a temporary name and renamed when
// whole, so a voice is either there or not.
const (
	modelFile  = "model.onnx"
	configFile = "model.onnx.json"
	infoFile   = "voice.json"
	cardFile   = "MODEL_CARD" // Piper's card of a voice: its dataset and licence
)

// maxCard bounds a voice's card (they are a few hundred bytes).
const maxCard = 64 << 10

// Installed is a voice ready to speak.
type Installed struct {
	ID         string   `json:"id"` // the model's file name without .onnx
	Language   string   `json:"language"`
	Quality    string   `json:"quality,omitempty"`
	Dataset    string   `json:"dataset,omitempty"`
	SampleRate int      `json:"sample_rate"`
	Speakers   []string `json:"speakers,omitempty"` // a multi-speaker voice's names, by id
	SHA256     string   `json:"sha256"`             // the model's: part of its renditions' keys
	Bytes      int64    `json:"bytes"`
	// Licence is what the voice's card (MODEL_CARD, when it came with one) says of
	// its licence: usually the dataset's licence, as a name or an address.
	Licence string `json:"licence,omitempty"`

	dir string
}

// Limits on what is installed: the largest Piper voices are about 120 MB.
const (
	maxModel = 1 << 30
	minModel = 1 << 10
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// List returns the voices installed under dir, by ID. A folder that is not a whole
// voice (a failed install's leftovers) is skipped.
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
		b, err := os.ReadFile(filepath.Join(dir, e.Name(), infoFile))
		if err != nil {
			continue
		}
		var v Installed
		if json.Unmarshal(b, &v) != nil || v.ID != e.Name() {
			continue
		}
		v.dir = filepath.Join(dir, e.Name())
		out = append(out, &v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// readInfo reads an installed voice's voice.json.
func readInfo(dir, id string) (*Installed, error) {
	if !idPattern.MatchString(id) {
		return nil, fmt.Errorf("piper: %q is not a voice's name", id)
	}
	b, err := os.ReadFile(filepath.Join(dir, id, infoFile))
	if err != nil {
		return nil, fmt.Errorf("piper: no voice %q is installed", id)
	}
	var v Installed
	if err := json.Unmarshal(b, &v); err != nil || v.ID != id {
		return nil, fmt.Errorf("piper: the voice %q is damaged (its %s)", id, infoFile)
	}
	v.dir = filepath.Join(dir, id)
	return &v, nil
}

// Install checks a voice — a model and its config, given as the two files or as a
// .zip or .tar.gz holding them — and copies it into dir. Nothing is installed when
// anything is wrong; the error names the file and the cause. ONNX Runtime must be
// started (the model's signature is read with it).
func Install(dir string, paths ...string) (*Installed, error) {
	files, err := read(paths)
	if err != nil {
		return nil, err
	}
	return InstallFiles(dir, files...)
}

// File is a file given by its name and bytes (dropped on the window).
type File struct {
	Name string
	Data []byte
}

// InstallFiles is Install for files given by their bytes.
func InstallFiles(dir string, files ...File) (*Installed, error) {
	model, config, card, err := gather(files)
	if err != nil {
		return nil, err
	}
	v, err := check(model, config)
	if err != nil {
		return nil, err
	}
	v.Licence = licence(card.Data)
	if _, err := os.Stat(filepath.Join(dir, v.ID)); err == nil {
		have, _ := List(dir)
		for _, h := range have {
			if h.ID == v.ID && h.SHA256 == v.SHA256 {
				return h, nil // the same voice again
			}
		}
		return nil, fault.New(fault.Conflict, "%s: a different voice named %q is installed; remove it first", model.Name, v.ID)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	sweep(dir)
	tmp, err := os.MkdirTemp(dir, ".install-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	info, _ := json.MarshalIndent(v, "", "  ")
	for _, f := range []struct {
		name string
		data []byte
	}{{modelFile, model.Data}, {configFile, config.Data}, {infoFile, info}, {cardFile, card.Data}} {
		if f.data == nil {
			continue
		}
		if err := writeSynced(filepath.Join(tmp, f.name), f.data); err != nil {
			return nil, err
		}
	}
	if err := os.Rename(tmp, filepath.Join(dir, v.ID)); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, v.ID)); serr == nil {
			return nil, fault.New(fault.Conflict, "%s: a voice named %q was installed meanwhile", model.Name, v.ID)
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

// Remove deletes an installed voice.
func Remove(dir, id string) error {
	if !idPattern.MatchString(id) {
		return fault.New(fault.Invalid, "%q is not a voice's name", id)
	}
	path := filepath.Join(dir, id)
	if _, err := os.Stat(filepath.Join(path, infoFile)); err != nil {
		return fault.New(fault.NotFound, "no Piper voice %q is installed", id)
	}
	// Renamed first, so that a voice half removed is no longer listed.
	gone := filepath.Join(dir, ".removed-"+id)
	os.RemoveAll(gone)
	if err := os.Rename(path, gone); err != nil {
		return err
	}
	return os.RemoveAll(gone)
}

// read reads the files at paths, each within the size of the largest voice.
func read(paths []string) ([]File, error) {
	var files []File
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fault.New(fault.NotFound, "%s: %v", p, errors.Unwrap(err))
		}
		if st.Size() > maxModel {
			return nil, fault.New(fault.TooLarge, "%s: %d MB is larger than any voice (at most %d MB)", p, st.Size()>>20, maxModel>>20)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		files = append(files, File{filepath.Base(p), data})
	}
	return files, nil
}

// gather finds the model and its config among the files: the two files, or an
// archive holding them (the first .onnx and its .onnx.json).
func gather(given []File) (model, config, card File, err error) {
	var files []File
	var names []string
	for _, f := range given {
		names = append(names, f.Name)
		if len(f.Data) > maxModel {
			return File{}, File{}, File{}, fault.New(fault.TooLarge, "%s: %d MB is larger than any voice (at most %d MB)", f.Name, len(f.Data)>>20, maxModel>>20)
		}
		switch {
		case strings.HasSuffix(f.Name, ".zip"):
			got, err := unzip(f.Name, f.Data)
			if err != nil {
				return File{}, File{}, File{}, err
			}
			files = append(files, got...)
		case strings.HasSuffix(f.Name, ".tar.gz") || strings.HasSuffix(f.Name, ".tgz"):
			got, err := untar(f.Name, f.Data)
			if err != nil {
				return File{}, File{}, File{}, err
			}
			files = append(files, got...)
		default:
			files = append(files, f)
		}
	}
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".onnx") {
			if model.Name != "" {
				return File{}, File{}, File{}, fault.New(fault.Invalid, "%s and %s: one voice at a time", model.Name, f.Name)
			}
			model = f
		}
	}
	if model.Name == "" {
		return File{}, File{}, File{}, fault.New(fault.Invalid, "%s: no .onnx model among them (a Piper voice is NAME.onnx with NAME.onnx.json)", strings.Join(names, ", "))
	}
	for _, f := range files {
		if f.Name == model.Name+".json" {
			config = f
		}
		if f.Name == cardFile && len(f.Data) <= maxCard {
			card = f
		}
	}
	if config.Name == "" {
		return File{}, File{}, File{}, fault.New(fault.Invalid, "%s: its config %s.json is missing (Piper voices come as the two files)", model.Name, model.Name)
	}
	return model, config, card, nil
}

// check reads what a voice is and refuses what Readback cannot speak with.
func check(model, config File) (*Installed, error) {
	c, err := ParseConfig(config.Name, config.Data)
	if err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	if len(model.Data) < minModel {
		return nil, fault.New(fault.Invalid, "%s: %d bytes is too small to be a voice", model.Name, len(model.Data))
	}
	ins, outs, err := ort.GetInputOutputInfoWithONNXData(model.Data)
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: not an ONNX model ONNX Runtime can read: %v", model.Name, err)
	}
	if err := checkSignature(ins, outs, c.NumSpeakers > 1); err != nil {
		return nil, fault.New(fault.Invalid, "%s: %v", model.Name, err)
	}
	id := strings.TrimSuffix(model.Name, ".onnx")
	if !idPattern.MatchString(id) {
		return nil, fault.New(fault.Invalid, "%s: a voice's file name may hold letters, digits, '.', '_' and '-' only", model.Name)
	}
	sum := sha256.Sum256(model.Data)
	v := &Installed{ID: id, Language: languageTag(c), Quality: c.Audio.Quality, Dataset: c.Dataset,
		SampleRate: c.Audio.SampleRate, SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(model.Data))}
	if c.NumSpeakers > 1 {
		v.Speakers = make([]string, c.NumSpeakers)
		for name, sid := range c.SpeakerIDMap {
			v.Speakers[sid] = name
		}
		for i, s := range v.Speakers {
			if s == "" {
				v.Speakers[i] = fmt.Sprint(i)
			}
		}
	}
	return v, nil
}

// checkSignature: Piper's inputs by name and type, one float output of rank 2 or 3.
func checkSignature(ins, outs []ort.InputOutputInfo, multi bool) error {
	want := map[string]ort.TensorElementDataType{
		"input": ort.TensorElementDataTypeInt64, "input_lengths": ort.TensorElementDataTypeInt64, "scales": ort.TensorElementDataTypeFloat,
	}
	if multi {
		want["sid"] = ort.TensorElementDataTypeInt64
	}
	var got []string
	for _, in := range ins {
		got = append(got, in.Name)
		w, ok := want[in.Name]
		if !ok {
			return fmt.Errorf("the model takes an input %q that Piper voices do not have", in.Name)
		}
		if in.DataType != w {
			return fmt.Errorf("the model's input %q is %v, not %v", in.Name, in.DataType, w)
		}
	}
	for name := range want {
		if !slices.Contains(got, name) {
			if name == "sid" {
				return errors.New("the config says several speakers, but the model takes no speaker id (sid)")
			}
			return fmt.Errorf("the model takes no %q input: it is not a Piper voice", name)
		}
	}
	// Piper's exporter gives [batch, 1, 1, samples]; others [1, 1, samples] or
	// [1, samples]. Every dimension but the last is one (or left open).
	if len(outs) != 1 || outs[0].DataType != ort.TensorElementDataTypeFloat || len(outs[0].Dimensions) < 1 || len(outs[0].Dimensions) > 4 {
		return errors.New("the model's output is not Piper's audio (one float tensor of samples)")
	}
	dims := outs[0].Dimensions
	for _, d := range dims[:len(dims)-1] {
		if d != 1 && d != -1 {
			return fmt.Errorf("the model's output has the shape %v, not one of samples", dims)
		}
	}
	return nil
}

// languageTag: "en_US" → "en-us"; else the eSpeak voice's language.
func languageTag(c *Config) string {
	tag := c.Language.Code
	if tag == "" {
		tag = c.Espeak.Voice
	}
	return strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
}

// unzip and untar read an archive's voice files (by base name; at most 8, each
// within the model limit as it streams).
func unzip(name string, data []byte) ([]File, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: not a zip archive: %v", name, err)
	}
	a := &archive{name: name}
	for _, f := range zr.File {
		if !wanted(f.Name) {
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

func untar(name string, data []byte) ([]File, error) {
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
		if h.Typeflag != tar.TypeReg || !wanted(h.Name) {
			continue
		}
		if err := a.add(h.Name, tr); err != nil {
			return nil, err
		}
	}
}

// maxEntries is how many voice files an archive may hold (a voice is two; a folder
// of a few voices is refused as "one voice at a time" anyway).
const maxEntries = 8

// archive gathers an archive's voice files within maxEntries and, all together,
// the size of the largest voice.
type archive struct {
	name  string
	out   []File
	bytes int64
}

func (a *archive) add(entry string, r io.Reader) error {
	if len(a.out) == maxEntries {
		return fault.New(fault.Invalid, "%s: more than %d voice files: one voice at a time", a.name, maxEntries)
	}
	b, err := readLimited(r, a.name, entry)
	if err != nil {
		return err
	}
	if a.bytes += int64(len(b)); a.bytes > maxModel {
		return fault.New(fault.TooLarge, "%s: its voice files come to more than any voice (at most %d MB)", a.name, maxModel>>20)
	}
	a.out = append(a.out, File{filepath.Base(entry), b})
	return nil
}

func wanted(name string) bool {
	base := filepath.Base(name)
	return !strings.HasPrefix(base, ".") && (strings.HasSuffix(base, ".onnx") || strings.HasSuffix(base, ".onnx.json") || base == cardFile)
}

// licence reads the licence line of a voice's card ("* License: MIT", "License:
// https://…"), or "".
func licence(card []byte) string {
	for _, line := range strings.Split(string(card), "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "*-"))
		if k, v, ok := strings.Cut(line, ":"); ok && (strings.EqualFold(k, "license") || strings.EqualFold(k, "licence")) {
			if v = strings.TrimSpace(v); len(v) <= 200 && utf8.ValidString(v) {
				return v
			}
		}
	}
	return ""
}

func readLimited(r io.Reader, archive, name string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxModel+1))
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: %s: %v", archive, name, err)
	}
	if len(b) > maxModel {
		return nil, fault.New(fault.TooLarge, "%s: %s is larger than any voice (at most %d MB)", archive, name, maxModel>>20)
	}
	return b, nil
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
