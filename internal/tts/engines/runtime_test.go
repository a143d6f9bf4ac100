package engines_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/onnx"
	"readback/internal/onnx/onnxtest"
	"readback/internal/tts"
	"readback/internal/tts/engines"
	"readback/internal/tts/kokoro"
	"readback/internal/tts/piper"
	"readback/internal/tts/piper/pipertest"
)

// A machine where ONNX Runtime is nowhere Readback looks: the engines start
// without Piper and Kokoro, saying why; the runtime the writer chooses is refused
// while a setting names another, and when it is not ONNX Runtime (nothing left in
// the data folder); the real one is kept in the data folder, started, and Piper and
// Kokoro speak in the running registry without a restart; choosing again is
// refused. This test owns the process's runtime: nothing else here starts it.
func TestUseRuntimeWithoutARestart(t *testing.T) {
	ctx := context.Background()
	runtime := onnxtest.Library(t)
	t.Setenv(onnx.Env, "")
	t.Setenv(kokoro.StylesEnv, "")
	styles := onnxtest.KokoroStyles(t) // the styles, where Readback would not look
	t.Setenv(kokoro.StylesEnv, "")
	paths := config.Paths{Data: t.TempDir()}
	if found, err := onnx.Find(paths.Data); err == nil {
		t.Skipf("ONNX Runtime is installed on this machine (%s): a machine without one cannot be tried here", found)
	}
	reg, err := engines.Open(paths)
	if err != nil {
		t.Fatal(err)
	}
	if why := reg.Missing()[piper.Name]; !strings.Contains(why, "ONNX Runtime (libonnxruntime.so.1) is not installed") {
		t.Fatalf("Piper is missing because %q", why)
	}
	v := &engines.Voices{Paths: paths, Registry: reg}
	kept := filepath.Join(paths.Data, onnx.Library)
	nothingKept := func(when string) {
		t.Helper()
		entries, _ := os.ReadDir(paths.Data)
		for _, e := range entries {
			if strings.Contains(e.Name(), onnx.Library) {
				t.Errorf("%s: %s was left in the data folder", when, e.Name())
			}
		}
	}

	t.Setenv(onnx.Env, "/opt/elsewhere/libonnxruntime.so.1")
	if _, err := v.UseRuntime(ctx, runtime); fault.CodeOf(err) != fault.Invalid || !strings.Contains(err.Error(), "READBACK_ONNXRUNTIME names /opt/elsewhere/libonnxruntime.so.1") {
		t.Errorf("with a setting naming another: %v", err)
	}
	t.Setenv(onnx.Env, "")
	nothingKept("refused for the setting")
	if _, err := v.UseRuntime(ctx, "/usr/bin/true"); fault.CodeOf(err) != fault.Invalid || err.Error() != "/usr/bin/true is not ONNX Runtime: it does not export OrtGetApiBase" {
		t.Errorf("a program that is not the runtime: %v", err)
	}
	nothingKept("refused for what it is")
	if onnx.Started() != "" {
		t.Fatal("a refused file was loaded")
	}

	t.Setenv(kokoro.StylesEnv, styles)
	got, err := v.UseRuntime(ctx, runtime)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Available || got.Runtime != kept {
		t.Fatalf("after choosing it: %+v", got)
	}
	if b, err := os.ReadFile(kept); err != nil || len(b) < 1<<20 {
		t.Fatalf("the copy kept: %d bytes, %v", len(b), err)
	}
	for _, name := range []string{piper.Name, kokoro.Name} {
		if _, err := reg.Engine(name); err != nil {
			t.Errorf("%s is not speaking after the runtime was chosen: %v", name, err)
		}
	}
	// A Piper voice installs and speaks in the running registry.
	if _, err := v.Add(pipertest.Files(t, "en_US-test-x_low", pipertest.Model(1), 1)); err != nil {
		t.Fatal(err)
	}
	p, _ := reg.Engine(piper.Name)
	if a, err := p.Synthesize(ctx, tts.Request{Text: "The runtime was chosen.", Voice: "en_US-test-x_low", Prosody: tts.Normal}); err != nil || len(a.Samples) == 0 {
		t.Errorf("the Piper voice: %v", err)
	}
	if _, err := v.UseRuntime(ctx, runtime); fault.CodeOf(err) != fault.Conflict || !strings.Contains(err.Error(), "already running here, from "+kept) {
		t.Errorf("choosing again: %v", err)
	}
}

// A runtime found at start that does not start (an incompatible build; here one
// whose OrtGetApiBase gives nothing) leaves this process unable to load another:
// the one the writer then chooses is checked and kept in the data folder, and the
// writer is told to restart, not told to choose again (which would delete it). Runs
// in a process of its own, which the failed start spoils.
func TestUseRuntimeAfterAFailedStart(t *testing.T) {
	if data := os.Getenv("READBACK_TEST_FAILED_START"); data != "" {
		failedStart(t, data)
		return
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "fake.c")
	if err := os.WriteFile(src, []byte("void *OrtGetApiBase(void) { return 0; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(dir, onnx.Library)
	if out, err := exec.Command("gcc", "-shared", "-fPIC", "-o", fake, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	cmd := exec.Command(os.Args[0], "-test.run=^TestUseRuntimeAfterAFailedStart$", "-test.v")
	cmd.Env = append(os.Environ(), "READBACK_TEST_FAILED_START="+data, onnx.Env+"="+fake, "READBACK_TEST_RUNTIME="+onnxtest.Library(t))
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("the process that failed to start the runtime: %v\n%s", err, out)
	}
	kept, err := os.ReadFile(filepath.Join(data, onnx.Library))
	real, _ := os.ReadFile(onnxtest.Library(t))
	if err != nil || !bytes.Equal(kept, real) {
		t.Errorf("the runtime chosen was not kept for the next start (%d bytes, %v)", len(kept), err)
	}
}

// failedStart is the process of TestUseRuntimeAfterAFailedStart whose runtime,
// named by READBACK_ONNXRUNTIME, fails to start.
func failedStart(t *testing.T, data string) {
	ctx := context.Background()
	paths := config.Paths{Data: data}
	reg, err := engines.Open(paths)
	if err != nil {
		t.Fatal(err)
	}
	if why := reg.Missing()[piper.Name]; !strings.Contains(why, "could not start") {
		t.Fatalf("Piper is missing because %q", why)
	}
	t.Setenv(onnx.Env, "")
	v := &engines.Voices{Paths: paths, Registry: reg}
	_, err = v.UseRuntime(ctx, os.Getenv("READBACK_TEST_RUNTIME"))
	if fault.CodeOf(err) != fault.Unavailable || !strings.HasPrefix(err.Error(), "ONNX Runtime is in "+data+" now; restart Readback to start it (the one found before could not start: ") {
		t.Errorf("choosing a runtime after one failed: %v", err)
	}
	if onnx.Started() != "" {
		t.Error("a runtime started after one failed")
	}
}
