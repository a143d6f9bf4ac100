package engines

import (
	"context"
	"io"
	"os"
	"path/filepath"

	"readback/internal/audio"
	"readback/internal/fault"
	"readback/internal/onnx"
	"readback/internal/tts/espeak"
	"readback/internal/tts/piper"
)

// UseRuntime takes the ONNX Runtime library at path for this machine, for a
// writer whose system has none that starts: copied into the data folder (one of
// the places looked in at every start, before the system's), checked to be ONNX
// Runtime for this computer, started, and Piper and Kokoro voices speak at once,
// without a restart. When a runtime found at start failed to start, this process
// cannot load another: the copy is kept for the next start.
func (v *Voices) UseRuntime(ctx context.Context, path string) (*Installed, error) {
	v.neural.Lock()
	defer v.neural.Unlock()
	if running := onnx.Started(); running != "" {
		return nil, fault.New(fault.Conflict, "ONNX Runtime is already running here, from %s", running)
	}
	if named := os.Getenv(onnx.Env); named != "" {
		return nil, fault.New(fault.Invalid, "%s names %s, and Readback looks for ONNX Runtime only there: change or unset it instead", onnx.Env, named)
	}
	if v.Paths.Data == "" {
		return nil, fault.New(fault.Invalid, "there is no data folder to hold ONNX Runtime")
	}
	audio.SweepStale(v.Paths.Data) // the copy a killed attempt left
	dest := filepath.Join(v.Paths.Data, onnx.Library)
	if err := copyChecked(path, dest); err != nil {
		return nil, err
	}
	if failed := onnx.Failed(); failed != nil {
		return nil, fault.New(fault.Unavailable, "ONNX Runtime is in %s now; restart Readback to start it (the one found before could not start: %v)", v.Paths.Data, failed)
	}
	if _, err := onnx.Start(v.Paths.Data); err != nil {
		// It would fail every start after, and this process cannot load another.
		os.Remove(dest)
		return nil, fault.Wrap(err, fault.Unavailable, "%v; restart Readback before choosing another", err)
	}
	return v.list(ctx) // which registers Piper and Kokoro
}

// copyChecked copies the file at src to dst — a temporary copy first, bounded,
// and that copy is what is checked and renamed into place, so the file loaded is
// the one checked — or leaves dst as it was.
func copyChecked(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return onnx.Check(src) // says why it cannot be read
	}
	defer in.Close()
	failed := func(err error) error {
		return fault.Wrap(err, fault.Unavailable, "ONNX Runtime could not be copied into %s: %v", filepath.Dir(dst), err)
	}
	out, err := audio.CreateAtomic(dst)
	if err != nil {
		return failed(err)
	}
	defer out.Abort()
	if _, err := io.Copy(out, io.LimitReader(in, onnx.MaxLibrary+1)); err != nil {
		return failed(err)
	}
	if err := out.Finish(); err != nil {
		return failed(err)
	}
	if err := onnx.CheckAs(out.Name(), src); err != nil {
		return err
	}
	if err := out.Commit(); err != nil {
		return failed(err)
	}
	return nil
}

// registerNeural registers Piper and Kokoro once the runtime runs and they are
// not speaking yet (the runtime found or chosen since the engines started). The
// caller holds v.neural.
func (v *Voices) registerNeural() {
	if v.Registry == nil || onnx.Started() == "" {
		return
	}
	if _, err := v.Registry.Engine(piper.Name); err == nil {
		return
	}
	e, err := v.Registry.Engine(espeak.Name)
	if err != nil {
		return
	}
	if fe, ok := e.(*espeak.Engine); ok {
		openNeural(v.Registry, v.Paths, fe)
	}
}
