package piper

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	ort "github.com/yalue/onnxruntime_go"

	"readback/internal/fault"
	"readback/internal/tts/neural"
)

// An installed voice lives in a folder of its own under the voices folder:
// model.onnx, model.onnx.json and voice.json (what Readback learnt of it when it
// was installed). The folder is written under a temporary name and renamed when
// whole, so a voice is either there or not.
const (
	modelFile  = "model.onnx"
	configFile = "model.onnx.json"
	cardFile   = "MODEL_CARD" // Piper's card of a voice: its dataset and licence
)

// maxCard bounds a voice's card (they are a few hundred bytes).
const maxCard = 64 << 10

// Installed is a voice ready to speak.
type Installed = neural.Installed

// Install checks a voice — a model and its config, given as the two files or as a
// .zip or .tar.gz holding them — and copies it into dir. Nothing is installed when
// anything is wrong; the error names the file and the cause. ONNX Runtime must be
// started (the model's signature is read with it).
func Install(dir string, paths ...string) (*Installed, error) {
	files, err := neural.ReadFiles(paths)
	if err != nil {
		return nil, err
	}
	return InstallFiles(dir, files...)
}

// File is a file given by its name and bytes (dropped on the window).
type File = neural.File

// InstallFiles is Install for files given by their bytes.
func InstallFiles(dir string, files ...File) (*Installed, error) {
	v, err := install(dir, files)
	return v, neural.FromArchive(err, files)
}

func install(dir string, files []File) (*Installed, error) {
	model, config, card, err := gather(files)
	if err != nil {
		return nil, err
	}
	v, err := check(model, config)
	if err != nil {
		return nil, err
	}
	v.Licence = licence(card.Data)
	return neural.Commit(dir, model.Name, v, File{Name: modelFile, Data: model.Data}, File{Name: configFile, Data: config.Data}, File{Name: cardFile, Data: card.Data})
}

// Remove deletes an installed voice.
func Remove(dir, id string) error {
	found, err := neural.Remove(dir, id)
	if err == nil && !found {
		return fault.New(fault.NotFound, "no Piper voice %q is installed", id)
	}
	return err
}

// gather finds the model and its config among the files: the two files, or an
// archive holding them (the first .onnx and its .onnx.json).
func gather(given []File) (model, config, card File, err error) {
	files, err := neural.Unpack(given, wanted)
	if err != nil {
		return File{}, File{}, File{}, err
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
		return File{}, File{}, File{}, fault.New(fault.Invalid, "%s: no .onnx model among them (a Piper voice is NAME.onnx with NAME.onnx.json)", neural.Names(given))
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
	if len(model.Data) < neural.MinModel {
		return nil, fault.New(fault.Invalid, "%s: %d bytes is too small to be a voice", model.Name, len(model.Data))
	}
	ins, outs, err := ort.GetInputOutputInfoWithONNXData(model.Data)
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: not an ONNX model ONNX Runtime can read: %v", model.Name, err)
	}
	sig, err := checkSignature(ins, outs, c.NumSpeakers > 1)
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: %v", model.Name, err)
	}
	id := strings.TrimSuffix(model.Name, ".onnx")
	if !neural.IDPattern.MatchString(id) {
		return nil, fault.New(fault.Invalid, "%s: a voice's file name may hold letters, digits, '.', '_' and '-' only", model.Name)
	}
	sum := sha256.Sum256(model.Data)
	v := &Installed{Engine: Name, ID: id, Language: languageTag(c), Quality: c.Audio.Quality, Dataset: c.Dataset,
		SampleRate: c.Audio.SampleRate, SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(model.Data)), Outputs: sig.outputs()}
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

// signature is what a Piper model's outputs are named: its audio, and — a voice
// patched with its alignments (python3 -m piper.patch_voice_with_alignment) — the
// frames it spent on each id.
type signature struct {
	audio, alignment string
}

// outputs are the names a session asks for, in order.
func (s signature) outputs() []string {
	if s.alignment == "" {
		return []string{s.audio}
	}
	return []string{s.audio, s.alignment}
}

// signatureOf is what the voice's install read of its outputs; a voice installed
// before they were kept has Piper's one output, "output" (one with alignments was
// refused then).
func signatureOf(v *Installed) signature {
	switch len(v.Outputs) {
	case 0:
		return signature{audio: "output"}
	case 1:
		return signature{audio: v.Outputs[0]}
	}
	return signature{audio: v.Outputs[0], alignment: v.Outputs[1]}
}

// checkSignature: Piper's inputs by name and type; a float output of samples, and
// perhaps a second, the alignments (a float tensor of one frame count per id).
func checkSignature(ins, outs []ort.InputOutputInfo, multi bool) (signature, error) {
	var sig signature
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
			return sig, fmt.Errorf("the model takes an input %q that Piper voices do not have", in.Name)
		}
		if in.DataType != w {
			return sig, fmt.Errorf("the model's input %q is %v, not %v", in.Name, in.DataType, w)
		}
	}
	for name := range want {
		if !slices.Contains(got, name) {
			if name == "sid" {
				return sig, errors.New("the config says several speakers, but the model takes no speaker id (sid)")
			}
			return sig, fmt.Errorf("the model takes no %q input: it is not a Piper voice", name)
		}
	}
	// Piper's exporter gives [batch, 1, 1, samples]; others [1, 1, samples] or
	// [1, samples]. Every dimension but the last is one (or left open).
	if len(outs) < 1 || len(outs) > 2 || !flat(outs[0]) {
		return sig, errors.New("the model's output is not Piper's audio (a float tensor of samples)")
	}
	sig.audio = outs[0].Name
	if len(outs) == 2 {
		// Piper's patch names the output alone; its shape may be left unknown.
		if known := len(outs[1].Dimensions) > 0; outs[1].DataType != ort.TensorElementDataTypeFloat || known && !flat(outs[1]) {
			return sig, fmt.Errorf("the model's second output %q is not Piper's alignments (a float tensor of one frame count per id)", outs[1].Name)
		}
		sig.alignment = outs[1].Name
	}
	return sig, nil
}

// flat: a float tensor whose every dimension but the last is one (or left open).
func flat(o ort.InputOutputInfo) bool {
	dims := o.Dimensions
	if o.DataType != ort.TensorElementDataTypeFloat || len(dims) < 1 || len(dims) > 4 {
		return false
	}
	for _, d := range dims[:len(dims)-1] {
		if d != 1 && d != -1 {
			return false
		}
	}
	return true
}

// languageTag: "en_US" → "en-us"; else the eSpeak voice's language.
func languageTag(c *Config) string {
	tag := c.Language.Code
	if tag == "" {
		tag = c.Espeak.Voice
	}
	return strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
}

// wanted are the files of an archive a Piper voice is made of.
func wanted(base string) bool {
	return strings.HasSuffix(base, ".onnx") || strings.HasSuffix(base, ".onnx.json") || base == cardFile
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

// List returns the voices installed under dir, by ID.
func List(dir string) ([]*Installed, error) { return neural.List(dir) }
