// Command genkokoro writes the generated test model (kokorotest) as a Kokoro model's
// two files, for tests outside Go (the window's end-to-end tests):
//
//	genkokoro DIR NAME  →  DIR/NAME.onnx (timestamped: it tells durations), DIR/config.json
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"readback/internal/tts/kokoro/kokorotest"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: genkokoro DIR NAME")
		os.Exit(2)
	}
	files := map[string][]byte{
		filepath.Join(os.Args[1], os.Args[2]+".onnx"): kokorotest.Model(true, "input_ids", "waveform"),
		filepath.Join(os.Args[1], "config.json"):      kokorotest.Config(),
	}
	for path, data := range files {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "genkokoro:", err)
			os.Exit(1)
		}
	}
}
