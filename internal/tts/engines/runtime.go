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
)

// UseRuntime takes the ONNX Runtime library at path for this machine, for a
// writer whose system has none: checked to be ONNX Runtime for this computer,
// copied into the data folder (one of the places looked in at every start),
// started, and Piper and Kokoro voices speak at once, without a restart.
func (v *Voices) UseRuntime(ctx context.Context, path string) (*Installed, error) {
	if named := os.Getenv(onnx.Env); named != "" {
		return nil, fault.New(fault.Invalid, "%s names %s, and Readback looks for ONNX Runtime only there: change or unset it instead", onnx.Env, named)
	}
	if running := onnx.Started(); running != "" {
		return nil, fault.New(fault.Conflict, "ONNX Runtime is already running here, from %s", running)
	}
	if v.Paths.Data == "" {
		return nil, fault.New(fault.Invalid, "there is no data folder to hold ONNX Runtime")
	}
	if err := onnx.Check(path); err != nil {
		return nil, err
	}
	dest := filepath.Join(v.Paths.Data, onnx.Library)
	if err := copyAtomic(path, dest); err != nil {
		return nil, fault.Wrap(err, fault.Unavailable, "ONNX Runtime could not be copied into %s: %v", v.Paths.Data, err)
	}
	if _, err := onnx.Start(v.Paths.Data); err != nil {
		// A library that does not start would fail every start after; this process
		// cannot load another until it restarts.
		os.Remove(dest)
		return nil, fault.Wrap(err, fault.Unavailable, "%v: restart Readback before choosing another", err)
	}
	if v.Registry != nil {
		if e, err := v.Registry.Engine(espeak.Name); err == nil {
			if fe, ok := e.(*espeak.Engine); ok {
				openNeural(v.Registry, v.Paths, fe)
			}
		}
	}
	return v.List(ctx)
}

// copyAtomic copies the file at src to dst whole, or leaves dst as it was.
func copyAtomic(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := audio.CreateAtomic(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Abort()
		return err
	}
	return out.Commit()
}
