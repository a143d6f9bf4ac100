package onnx

import (
	"debug/elf"
	"os"
	"runtime"
	"slices"

	"readback/internal/fault"
)

// maxLibrary bounds the file taken for the runtime (the CPU build is about 20 MB;
// a build with every provider is a few hundred).
const maxLibrary = 1 << 30

// apiEntry is the one function every ONNX Runtime library exports: the bindings
// reach everything else through it.
const apiEntry = "OrtGetApiBase"

// machines are the ELF machines this program runs on, by GOARCH.
var machines = map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}

// Check tells whether the file at path is an ONNX Runtime library this program
// can load: a shared library for this processor that exports OrtGetApiBase. It
// reads the file; it loads nothing.
func Check(path string) error {
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return fault.New(fault.Invalid, "%s cannot be read: %v", path, err)
	case !st.Mode().IsRegular():
		return fault.New(fault.Invalid, "%s is not a file", path)
	case st.Size() > maxLibrary:
		return fault.New(fault.Invalid, "%s is %d MB: more than ONNX Runtime's library ever is", path, st.Size()>>20)
	}
	f, err := elf.Open(path)
	if err != nil {
		return fault.New(fault.Invalid, "%s is not a library: choose ONNX Runtime's %s", path, Library)
	}
	defer f.Close()
	if want, ok := machines[runtime.GOARCH]; ok && (f.Machine != want || f.Class != elf.ELFCLASS64) {
		return fault.New(fault.Invalid, "%s is built for %s, not this computer's %s", path, f.Machine, want)
	}
	if f.Type != elf.ET_DYN {
		return fault.New(fault.Invalid, "%s is not a shared library", path)
	}
	syms, err := f.DynamicSymbols()
	if err != nil || !slices.ContainsFunc(syms, func(s elf.Symbol) bool { return s.Name == apiEntry && s.Section != elf.SHN_UNDEF }) {
		return fault.New(fault.Invalid, "%s is not ONNX Runtime: it does not export %s", path, apiEntry)
	}
	return nil
}

// Started is the library loaded, "" while none is.
func Started() string {
	mu.Lock()
	defer mu.Unlock()
	return loaded
}
