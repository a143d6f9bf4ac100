package engines

import (
	"context"

	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/onnx"
	"readback/internal/tts"
	"readback/internal/tts/piper"
)

// Voices installs and removes the neural voices of this machine, for the window
// and the command line alike.
type Voices struct {
	Paths    config.Paths
	Registry *tts.Registry // the engines speaking; nil in a command that only installs
}

// Installed is what the window shows of the neural voices: whether they can speak
// here (and why not), and each installed voice.
type Installed struct {
	Available bool               `json:"available"`
	Reason    string             `json:"reason,omitempty"`  // why not
	Runtime   string             `json:"runtime,omitempty"` // ONNX Runtime's file, when found
	Voices    []*piper.Installed `json:"voices"`
}

// List returns the installed voices and whether they can speak.
func (v *Voices) List(context.Context) (*Installed, error) {
	out := &Installed{Available: true}
	path, err := onnx.Start(v.Paths.Data)
	if err != nil {
		out.Available, out.Reason = false, err.Error()
	} else {
		out.Runtime = path
	}
	if v.Registry != nil {
		if why, ok := v.Registry.Missing()[piper.Name]; ok && out.Available {
			out.Available, out.Reason = false, why
		}
	}
	vs, err := piper.List(v.Paths.PiperVoices())
	if err != nil {
		return nil, err
	}
	out.Voices = vs
	if out.Voices == nil {
		out.Voices = []*piper.Installed{}
	}
	return out, nil
}

// Add installs a voice from files on disk (its two files, or an archive).
func (v *Voices) Add(paths ...string) (*piper.Installed, error) {
	return v.add(func(dir string) (*piper.Installed, error) { return piper.Install(dir, paths...) })
}

// AddFiles installs a voice from files given by their bytes (dropped on the window).
func (v *Voices) AddFiles(files ...piper.File) (*piper.Installed, error) {
	return v.add(func(dir string) (*piper.Installed, error) { return piper.InstallFiles(dir, files...) })
}

func (v *Voices) add(install func(dir string) (*piper.Installed, error)) (*piper.Installed, error) {
	// The model's signature is read with the runtime that will speak it.
	if _, err := onnx.Start(v.Paths.Data); err != nil {
		return nil, fault.New(fault.Unavailable, "%v; Piper voices cannot be checked or spoken without it", err)
	}
	got, err := install(v.Paths.PiperVoices())
	if err != nil {
		return nil, err
	}
	v.forget(got.ID)
	return got, nil
}

// Remove removes an installed voice ("piper:ID" or "ID").
func (v *Voices) Remove(id string) error {
	_, id = tts.SplitVoice(id)
	if err := piper.Remove(v.Paths.PiperVoices(), id); err != nil {
		return err
	}
	v.forget(id)
	return nil
}

// forget makes the engine read the voice again at its next sentence.
func (v *Voices) forget(id string) {
	if v.Registry == nil {
		return
	}
	if e, err := v.Registry.Engine(piper.Name); err == nil {
		if p, ok := e.(*piper.Engine); ok {
			p.Forget(id)
		}
	}
}
