package onnx

import (
	"debug/elf"
	"os"
	"runtime"
	"slices"

	"readback/internal/fault"
)

// MaxLibrary bounds the file taken for the runtime (the CPU build is about 20 MB;
// a build with every provider is a few hundred).
const MaxLibrary = 1 << 30

// apiEntry is the one function every ONNX Runtime library exports: the bindings
// reach everything else through it.
const apiEntry = "OrtGetApiBase"

// machines are the ELF machines this program runs on, by GOARCH, with the names a
// writer may know them by.
var machines = map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}

var machineNames = map[elf.Machine]string{elf.EM_X86_64: "x86-64 (amd64)", elf.EM_AARCH64: "ARM64", elf.EM_386: "32-bit x86", elf.EM_ARM: "32-bit ARM"}

func machineName(m elf.Machine) string {
	if n, ok := machineNames[m]; ok {
		return n
	}
	return m.String()
}

// Check tells whether the file at path is an ONNX Runtime library this program
// can load: a shared library for this processor that exports OrtGetApiBase. It
// reads the file; it loads nothing.
func Check(path string) error { return CheckAs(path, path) }

// CheckAs is Check of file, named path in what it says: a copy is checked in the
// place of the writer's file, and the writer hears of their own.
func CheckAs(file, path string) error {
	st, err := os.Stat(file)
	switch {
	case err != nil:
		return fault.New(fault.Invalid, "%s cannot be read: %v", path, err)
	case !st.Mode().IsRegular():
		return fault.New(fault.Invalid, "%s is not a file", path)
	case st.Size() > MaxLibrary:
		return fault.New(fault.Invalid, "%s is %d MB: more than ONNX Runtime's library ever is", path, st.Size()>>20)
	}
	f, err := elf.Open(file)
	if err != nil {
		return fault.New(fault.Invalid, "%s is not a library: choose ONNX Runtime's %s", path, Library)
	}
	defer f.Close()
	if want, ok := machines[runtime.GOARCH]; ok && f.Machine != want {
		return fault.New(fault.Invalid, "%s is built for %s, not this computer's %s", path, machineName(f.Machine), machineName(want))
	}
	if f.Class != elf.ELFCLASS64 {
		return fault.New(fault.Invalid, "%s is a 32-bit library: this computer needs the 64-bit one", path)
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

// Failed is why a library found here could not start (this process cannot load
// another), nil when none failed.
func Failed() error {
	mu.Lock()
	defer mu.Unlock()
	return loadErr
}
