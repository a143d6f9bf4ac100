// Package kokorotest makes a small Kokoro model for tests: an ONNX model with the
// real signature of Kokoro v1.0's exports (token ids framed by the pad, a style
// row, a speed → samples at 24 kHz, and, as the timestamped export does, each
// token's duration), its config.json, and voice styles of the real size. No
// registry here carries Kokoro's weights. It says a tone for each token, its pitch
// from the id and the style's first value, for Units/speed units of 600 samples
// (Kokoro's unit of duration), so that what the front end fed it can be heard in
// what it says.
package kokorotest

import (
	"encoding/binary"
	"encoding/json"
	"math"

	"readback/internal/onnx/onnxgraph"
)

// Units is how many units of 600 samples the model says each token for at speed 1.
const Units = 4

// SamplesPerUnit is the length of Kokoro's unit of duration.
const SamplesPerUnit = 600

// Model is the ONNX model; durations adds the "durations" output. names are the
// exports' input and output names: "input_ids"/"waveform" (onnx-community's) or
// "tokens"/"audio" (kokoro-onnx's).
func Model(durations bool, ids, audio string) []byte {
	var g onnxgraph.Graph
	g.Input(ids, onnxgraph.Int64, "1", "tokens")
	g.Input("style", onnxgraph.Float, "1", "256")
	g.Input("speed", onnxgraph.Float, "1")
	g.Output(audio, onnxgraph.Float, "samples")
	if durations {
		g.Output("durations", onnxgraph.Int64, "tokens")
	}

	g.Ints("zero_idx", nil, 0)
	g.Floats("units", nil, Units)
	g.Floats("one", nil, 1)
	g.Floats("per_unit", nil, SamplesPerUnit)
	g.Floats("style_gain", nil, 8)
	g.Ints("ones2", []int64{2}, 1, 1)
	g.Ints("flat", []int64{1}, -1)
	g.Floats("zero", nil, 0)
	g.Floats("gain", nil, 0.3)

	g.Node("Cast", []string{ids}, "ids_f", onnxgraph.AttrInt("to", onnxgraph.Float))
	// The style's first value moves the pitch: two styles sound apart.
	g.Node("Gather", []string{"style", "zero_idx"}, "style_row", onnxgraph.AttrInt("axis", 1))
	g.Node("Mul", []string{"style_row", "style_gain"}, "shift")
	g.Node("Add", []string{"ids_f", "shift"}, "tones")
	// Each token lasts round(Units/speed) units, at least one.
	g.Node("Div", []string{"units", "speed"}, "u0")
	g.Node("Round", []string{"u0"}, "u1")
	g.Node("Max", []string{"u1", "one"}, "u")
	g.Node("Mul", []string{"u", "per_unit"}, "reps_f")
	g.Node("Cast", []string{"reps_f"}, "reps_i", onnxgraph.AttrInt("to", onnxgraph.Int64))
	g.Node("Concat", []string{"ones2", "reps_i"}, "reps", onnxgraph.AttrInt("axis", 0))
	g.Tones("tones", "reps", "flat", float32(2*math.Pi*220/(50*24000)), "wave")
	g.Node("Mul", []string{"wave", "gain"}, audio)
	if durations {
		g.Node("Mul", []string{"ids_f", "zero"}, "d0")
		g.Node("Add", []string{"d0", "u"}, "d1")
		g.Node("Cast", []string{"d1"}, "d2", onnxgraph.AttrInt("to", onnxgraph.Int64))
		g.Node("Reshape", []string{"d2", "flat"}, "durations")
	}
	return g.Model("kokoro", "readback kokorotest")
}

// Config is the model's config.json: a vocabulary of the symbols eSpeak NG writes
// (ids from 1; 0 is the pad), and n_token.
func Config() []byte {
	vocab := map[string]int{}
	for i, r := range []rune(Symbols) {
		vocab[string(r)] = i + 1
	}
	b, _ := json.MarshalIndent(map[string]any{"vocab": vocab, "n_token": len([]rune(Symbols)) + 1, "istftnet": map[string]any{}}, "", "  ")
	return b
}

// Symbols: Kokoro's punctuation and space, then the letters and the IPA eSpeak NG
// writes for the languages Kokoro reads through it.
const Symbols = ";:,.!?—…\"()“” " + "abcdefghijklmnopqrstuvwxyz" +
	"æçðøŋœɐɑɒɔɕəɚɛɜɟɡɣɥɨɪɲɳɹɾʁʃʊʋʌʎʒʔʝʰʲˈˌːβθχᵻ" + "\u0303"

// Style is a voice style of the real size whose every row starts with first (the
// model's pitch shift) and is otherwise filled from seed.
func Style(first float32, seed int) []byte {
	b := make([]byte, 0, 510*256*4)
	for row := range 510 {
		for i := range 256 {
			v := float32(math.Sin(float64(seed*1000+row*256+i))) / 4
			if i == 0 {
				v = first
			}
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		}
	}
	return b
}
