package app

import (
	"encoding/base64"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readback/internal/fault"
	"readback/internal/tts/engines"
	"readback/internal/tts/neural"
)

// Voices is the handler of the neural voices in Settings: listed, added (from the
// file dialog or dropped on the window), removed.
type Voices struct {
	session *Session
	service *engines.Voices
}

// NewVoices returns the handler.
func NewVoices(session *Session, service *engines.Voices) *Voices {
	return &Voices{session: session, service: service}
}

// InstalledVoices is what the Voices section shows.
type InstalledVoices = engines.Installed

// List returns the installed voices and whether they can speak here.
func (v *Voices) List() (*InstalledVoices, error) { return v.service.List(v.session.Context()) }

// Choose shows the file dialog and installs the voice picked: a Piper voice's two
// files, a Kokoro model and its config.json, or an archive holding them. Nothing
// picked: nil.
func (v *Voices) Choose() (*neural.Installed, error) {
	paths, err := runtime.OpenMultipleFilesDialog(v.session.Context(), runtime.OpenDialogOptions{
		Title: "Add a voice (a Piper voice's .onnx and .onnx.json, a Kokoro model's .onnx and config.json, or an archive)",
		Filters: []runtime.FileFilter{
			{DisplayName: "Piper and Kokoro voices (*.onnx, *.json, *.zip, *.tar.gz)", Pattern: "*.onnx;*.json;*.zip;*.tar.gz;*.tgz"},
			{DisplayName: "All files", Pattern: "*"},
		},
	})
	if err != nil {
		return nil, noFileDialog(err)
	}
	if len(paths) == 0 {
		return nil, nil
	}
	return v.changed(v.service.Add(paths...))
}

// DroppedFile is a file dropped on the window: its name and its bytes in base64.
type DroppedFile struct {
	Name string `json:"name"`
	Data string `json:"data"`
}

// AddFiles installs the voice dropped on the window.
func (v *Voices) AddFiles(files []DroppedFile) (*neural.Installed, error) {
	var got []neural.File
	for _, f := range files {
		raw, err := decodeDropped(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		got = append(got, neural.File{Name: f.Name, Data: raw})
	}
	return v.changed(v.service.AddFiles(got...))
}

// AddPaths installs the voice whose files were dropped on the window (their paths:
// the window, not the page, takes a drop; see app/window/drop.go).
func (v *Voices) AddPaths(paths []string) (*neural.Installed, error) {
	if len(paths) == 0 {
		return nil, fault.New(fault.Invalid, "no files were dropped")
	}
	return v.changed(v.service.Add(paths...))
}

// ChooseRuntime asks for ONNX Runtime's library file and takes it (UseRuntime);
// nothing picked: nil.
func (v *Voices) ChooseRuntime() (*InstalledVoices, error) {
	path, err := runtime.OpenFileDialog(v.session.Context(), runtime.OpenDialogOptions{
		Title:   "Choose ONNX Runtime (libonnxruntime.so.1) for Piper and Kokoro voices",
		Filters: []runtime.FileFilter{{DisplayName: "ONNX Runtime (libonnxruntime.so*)", Pattern: "libonnxruntime.so*"}, {DisplayName: "All files", Pattern: "*"}},
	})
	if err != nil {
		return nil, noFileDialog(err)
	}
	if path == "" {
		return nil, nil
	}
	return v.UseRuntime(path)
}

// UseRuntime takes the ONNX Runtime library at path: checked, copied into the data
// folder, started; neural voices speak at once.
func (v *Voices) UseRuntime(path string) (*InstalledVoices, error) {
	got, err := v.service.UseRuntime(v.session.Context(), path)
	if err == nil {
		v.session.Emit("voices:changed", nil)
	}
	return got, err
}

// CatalogEntry is a voice of the catalogue as the window lists it.
type CatalogEntry = engines.CatalogEntry

// Catalog lists the voice catalogue chosen in Settings.
func (v *Voices) Catalog() ([]CatalogEntry, error) { return v.service.Catalog(v.session.Context(), "") }

// DownloadProgress is what "voices:progress" carries.
type DownloadProgress struct {
	Key   string `json:"key"`
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
}

// Download fetches a catalogue voice and installs it; its progress arrives as
// "voices:progress" events.
func (v *Voices) Download(key string) (*neural.Installed, error) {
	return v.changed(v.service.Download(v.session.Context(), "", key, func(done, total int64) {
		v.session.Emit("voices:progress", DownloadProgress{Key: key, Done: done, Total: total})
	}))
}

// CancelDownload stops a download (what arrived is kept for the next attempt).
func (v *Voices) CancelDownload(key string) bool { return v.service.Cancel(key) }

// Sample is a catalogue voice's recording, base64-encoded (the window's pages play
// only their own audio).
func (v *Voices) Sample(key string) (string, error) {
	b, err := v.service.Sample(v.session.Context(), "", key)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// Remove removes an installed voice.
func (v *Voices) Remove(id string) error {
	_, err := v.changed(nil, v.service.Remove(id))
	return err
}

// changed tells the window that the installed voices changed (the Voices section
// lists them again; the voice pickers read them when they open).
func (v *Voices) changed(got *neural.Installed, err error) (*neural.Installed, error) {
	if err == nil {
		v.session.Emit("voices:changed", nil)
	}
	return got, err
}
