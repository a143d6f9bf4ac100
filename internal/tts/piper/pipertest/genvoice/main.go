// Command genvoice writes the generated test voice (pipertest) as a Piper voice's two
// files, for tests outside Go (the window's end-to-end tests):
//
//	genvoice DIR NAME [SPEAKERS]  →  DIR/NAME.onnx, DIR/NAME.onnx.json
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"readback/internal/tts/piper/pipertest"
)

func main() {
	if len(os.Args) < 3 || len(os.Args) > 4 {
		fmt.Fprintln(os.Stderr, "usage: genvoice DIR NAME [SPEAKERS]")
		os.Exit(2)
	}
	speakers := 1
	if len(os.Args) == 4 {
		n, err := strconv.Atoi(os.Args[3])
		if err != nil || n < 1 {
			fmt.Fprintln(os.Stderr, "genvoice: SPEAKERS is a count from 1")
			os.Exit(2)
		}
		speakers = n
	}
	model := filepath.Join(os.Args[1], os.Args[2]+".onnx")
	for path, data := range map[string][]byte{model: pipertest.Model(speakers), model + ".json": pipertest.Config(22050, speakers)} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "genvoice:", err)
			os.Exit(1)
		}
	}
}
