// Command genvoice writes the generated test voice (pipertest) as a Piper voice's two
// files, for tests outside Go (the window's end-to-end tests):
//
//	genvoice DIR NAME [SPEAKERS [LAYERS]]  →  DIR/NAME.onnx, DIR/NAME.onnx.json
//
// LAYERS makes a single-speaker model that works as hard as a real voice
// (pipertest.HeavyModel), for benchmarks.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"readback/internal/tts/piper/pipertest"
)

func main() {
	if len(os.Args) < 3 || len(os.Args) > 5 {
		fmt.Fprintln(os.Stderr, "usage: genvoice DIR NAME [SPEAKERS [LAYERS]]")
		os.Exit(2)
	}
	speakers := 1
	if len(os.Args) >= 4 {
		n, err := strconv.Atoi(os.Args[3])
		if err != nil || n < 1 {
			fmt.Fprintln(os.Stderr, "genvoice: SPEAKERS is a count from 1")
			os.Exit(2)
		}
		speakers = n
	}
	onnx := pipertest.Model(speakers)
	if len(os.Args) == 5 {
		layers, err := strconv.Atoi(os.Args[4])
		if err != nil || layers < 1 || speakers != 1 {
			fmt.Fprintln(os.Stderr, "genvoice: LAYERS is a count from 1, for one speaker")
			os.Exit(2)
		}
		onnx = pipertest.HeavyModel(layers)
	}
	model := filepath.Join(os.Args[1], os.Args[2]+".onnx")
	for path, data := range map[string][]byte{model: onnx, model + ".json": pipertest.Config(22050, speakers)} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "genvoice:", err)
			os.Exit(1)
		}
	}
}
