package kokoro

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	ort "github.com/yalue/onnxruntime_go"

	"readback/internal/fault"
	"readback/internal/tts/neural"
)

// An installed Kokoro model lives in a folder of its own under the models folder:
// model.onnx, config.json and voice.json, written whole (tts/neural).
const (
	modelFile  = "model.onnx"
	configFile = "config.json"
)

// Installed is a model ready to speak, with each style found.
type Installed = neural.Installed

// File is a file given by its name and bytes.
type File = neural.File

// Install checks a Kokoro model — its .onnx and its config.json, given as the two
// files or as a .zip or .tar.gz holding them — and copies it into dir. Nothing is
// installed when anything is wrong; the error names the file and the cause. ONNX
// Runtime must be started (the model's signature is read with it).
func Install(dir string, paths ...string) (*Installed, error) {
	files, err := neural.ReadFiles(paths)
	if err != nil {
		return nil, err
	}
	return InstallFiles(dir, files...)
}

// InstallFiles is Install for files given by their bytes.
func InstallFiles(dir string, files ...File) (*Installed, error) {
	v, err := install(dir, files)
	return v, neural.FromArchive(err, files)
}

func install(dir string, files []File) (*Installed, error) {
	model, config, err := gather(files)
	if err != nil {
		return nil, err
	}
	v, err := check(model, config)
	if err != nil {
		return nil, err
	}
	return neural.Commit(dir, model.Name, v, File{Name: modelFile, Data: model.Data}, File{Name: configFile, Data: config.Data})
}

// Is says whether the files (or the archives among them) are a Kokoro model rather
// than a Piper voice: a .json beside the model that is Kokoro's config.
func Is(files []File) bool {
	got, err := neural.Unpack(files, wanted)
	if err != nil {
		return false
	}
	for _, f := range got {
		if strings.HasSuffix(f.Name, ".json") && !strings.HasSuffix(f.Name, ".onnx.json") && IsConfig(f.Data) {
			return true
		}
	}
	return false
}

// Remove deletes an installed model.
func Remove(dir, id string) error {
	found, err := neural.Remove(dir, id)
	if err == nil && !found {
		return fault.New(fault.NotFound, "no Kokoro model %q is installed", id)
	}
	return err
}

// List returns the models installed under dir, by ID.
func List(dir string) ([]*Installed, error) { return neural.List(dir) }

func wanted(base string) bool {
	return strings.HasSuffix(base, ".onnx") || strings.HasSuffix(base, ".json")
}

// gather finds the model and its config among the files or in an archive.
func gather(given []File) (model, config File, err error) {
	files, err := neural.Unpack(given, wanted)
	if err != nil {
		return File{}, File{}, err
	}
	for _, f := range files {
		switch {
		case strings.HasSuffix(f.Name, ".onnx"):
			if model.Name != "" {
				return File{}, File{}, fault.New(fault.Invalid, "%s and %s: one model at a time", model.Name, f.Name)
			}
			model = f
		case strings.HasSuffix(f.Name, ".json") && IsConfig(f.Data):
			config = f
		}
	}
	if model.Name == "" {
		return File{}, File{}, fault.New(fault.Invalid, "%s: no .onnx model among them (a Kokoro model is its .onnx with its config.json)", neural.Names(given))
	}
	if config.Name == "" {
		return File{}, File{}, fault.New(fault.Invalid, "%s: its config.json (the vocabulary) is missing (a Kokoro model comes with one)", model.Name)
	}
	return model, config, nil
}

// check reads what a model is and refuses what Readback cannot speak with.
func check(model, config File) (*Installed, error) {
	if _, err := ParseConfig(config.Name, config.Data); err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	if len(model.Data) < neural.MinModel {
		return nil, fault.New(fault.Invalid, "%s: %d bytes is too small to be a model", model.Name, len(model.Data))
	}
	ins, outs, err := ort.GetInputOutputInfoWithONNXData(model.Data)
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: not an ONNX model ONNX Runtime can read: %v", model.Name, err)
	}
	sig, err := signatureOf(ins, outs)
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: %v", model.Name, err)
	}
	id := strings.TrimSuffix(model.Name, ".onnx")
	if !neural.IDPattern.MatchString(id) {
		return nil, fault.New(fault.Invalid, "%s: a model's file name may hold letters, digits, '.', '_' and '-' only", model.Name)
	}
	sum := sha256.Sum256(model.Data)
	return &Installed{Engine: Name, ID: id, SampleRate: SampleRate, Dataset: "Kokoro",
		SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(model.Data)), Inputs: sig.inputs(), Outputs: sig.outputs()}, nil
}

// signature is what a Kokoro model's inputs and outputs are named: the exports
// differ (onnx-community's "input_ids" → "waveform", kokoro-onnx's "tokens" →
// "audio"; a timestamped export adds "durations", each token's length).
type signature struct {
	ids, audio, durations string
}

func (s signature) inputs() []string { return []string{s.ids, "style", "speed"} }

func (s signature) outputs() []string {
	if s.durations == "" {
		return []string{s.audio}
	}
	return []string{s.audio, s.durations}
}

// kept is the signature the model's install read, if it was kept.
func kept(v *Installed) (signature, bool) {
	if len(v.Inputs) == 0 || len(v.Outputs) == 0 {
		return signature{}, false
	}
	s := signature{ids: v.Inputs[0], audio: v.Outputs[0]}
	if len(v.Outputs) > 1 {
		s.durations = v.Outputs[1]
	}
	return s, true
}

func signatureOf(ins, outs []ort.InputOutputInfo) (signature, error) {
	var s signature
	var names []string
	for _, in := range ins {
		names = append(names, in.Name)
		switch in.Name {
		case "input_ids", "tokens":
			if in.DataType != ort.TensorElementDataTypeInt64 {
				return s, fmt.Errorf("the model's input %q is %v, not int64 token ids", in.Name, in.DataType)
			}
			s.ids = in.Name
		case "style", "speed":
			if in.DataType != ort.TensorElementDataTypeFloat {
				return s, fmt.Errorf("the model's input %q is %v, not float", in.Name, in.DataType)
			}
		default:
			return s, fmt.Errorf("the model takes an input %q: not a Kokoro model (they take token ids, a style and a speed)", in.Name)
		}
	}
	if s.ids == "" || !slices.Contains(names, "style") || !slices.Contains(names, "speed") {
		return s, errors.New("the model does not take token ids, a style and a speed: not a Kokoro model")
	}
	for _, out := range outs {
		switch {
		case out.Name == "durations" && out.DataType == ort.TensorElementDataTypeInt64:
			s.durations = out.Name
		case out.DataType == ort.TensorElementDataTypeFloat && s.audio == "":
			s.audio = out.Name
		}
	}
	if s.audio == "" {
		return s, errors.New("the model gives no audio (a float tensor of samples)")
	}
	return s, nil
}
