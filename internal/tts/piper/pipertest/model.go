// Package pipertest makes small Piper voices for tests: an ONNX model with the real
// signature of a Piper (VITS) voice and its .onnx.json. No registry here carries
// Piper's weights, so the tests generate this one instead. It says a tone for each
// phoneme id, its pitch from the id and the speaker, for length_scale × 256 samples
// (real voices take 256 samples a frame), so that what the front end fed it can be
// heard in what it says.
package pipertest

import (
	"encoding/binary"
	"encoding/json"
	"math"
)

// SamplesPerPhoneme is how long the model says each id at length_scale 1.
const SamplesPerPhoneme = 256

// Model is the ONNX model of a voice with the given number of speakers (1: no sid
// input, as Piper exports single-speaker voices).
func Model(speakers int) []byte { return model(speakers, 0) }

// HeavyModel is Model with work: layers of a 192×192 matrix product over every
// frame of the sentence, whose result is added in at nothing, so that a sentence
// costs about what a real voice's does (benchmarks compare the pipeline with the
// bare run of such a model).
func HeavyModel(layers int) []byte { return model(1, layers) }

func model(speakers, layers int) []byte {
	var g graph
	g.input("input", elemInt64, "batch", "phonemes")
	g.input("input_lengths", elemInt64, "batch")
	g.input("scales", elemFloat, "3")
	if speakers > 1 {
		g.input("sid", elemInt64, "batch")
	}
	g.output("output", elemFloat, "batch", "1", "1", "time") // as Piper's exporter gives it

	g.ints("one_idx", nil, 1)
	g.floats("per_phoneme", nil, SamplesPerPhoneme)
	g.ints("shape1", []int64{1}, 1)
	g.ints("ones2", []int64{2}, 1, 1)
	g.ints("axis2", []int64{1}, 2)
	g.ints("flat", []int64{4}, 1, 1, 1, -1)
	g.floats("zero", nil, 0)
	g.floats("step", nil, 1)
	g.floats("pitch", nil, float32(2*math.Pi*220/(50*22050)))
	g.floats("gain", nil, 0.3)

	g.node("Cast", []string{"input"}, "ids", attrInt("to", elemFloat))
	if speakers > 1 {
		g.node("Cast", []string{"sid"}, "sidf", attrInt("to", elemFloat))
		g.node("Add", []string{"ids", "sidf"}, "tones")
	} else {
		g.node("Identity", []string{"ids"}, "tones")
	}
	g.node("Gather", []string{"scales", "one_idx"}, "length_scale")
	g.node("Mul", []string{"length_scale", "per_phoneme"}, "reps_f")
	g.node("Cast", []string{"reps_f"}, "reps_i", attrInt("to", elemInt64))
	g.node("Reshape", []string{"reps_i", "shape1"}, "reps_1")
	g.node("Concat", []string{"ones2", "reps_1"}, "reps", attrInt("axis", 0))
	g.node("Unsqueeze", []string{"tones", "axis2"}, "tones3")
	g.node("Tile", []string{"tones3", "reps"}, "tiled")
	g.node("Reshape", []string{"tiled", "flat"}, "per_sample")
	g.node("Size", []string{"per_sample"}, "n")
	g.node("Cast", []string{"n"}, "nf", attrInt("to", elemFloat))
	g.node("Range", []string{"zero", "nf", "step"}, "t")
	g.node("Mul", []string{"per_sample", "t"}, "phase0")
	g.node("Mul", []string{"phase0", "pitch"}, "phase")
	g.node("Sin", []string{"phase"}, "wave")
	if layers == 0 {
		g.node("Mul", []string{"wave", "gain"}, "output")
	} else {
		// Frames of 192 values from the samples ([1, 1, 1, T] → [T/192, 192]),
		// multiplied through the layers, summed, and added in times zero.
		g.ints("frames", []int64{2}, -1, 192)
		g.ints("whole", []int64{1}, 1)
		g.floats("nothing", nil, 0)
		w := make([]float32, 192*192)
		for i := range w {
			w[i] = float32(math.Sin(float64(i))) / 192
		}
		g.floats("weights", []int64{192, 192}, w...)
		g.node("Slice", []string{"wave", "zero_i", "cut", "axis3"}, "even")
		g.ints("zero_i", []int64{1}, 0)
		g.ints("axis3", []int64{1}, 3)
		g.node("Size", []string{"wave"}, "wn")
		g.node("Div", []string{"wn", "step192"}, "nframes")
		g.ints("step192", nil, 192)
		g.node("Mul", []string{"nframes", "step192"}, "cut0")
		g.node("Reshape", []string{"cut0", "whole"}, "cut")
		g.node("Reshape", []string{"even", "frames"}, "x0")
		prev := "x0"
		for i := range layers {
			next := "x" + string(rune('a'+i%26)) + string(rune('a'+i/26))
			g.node("MatMul", []string{prev, "weights"}, next)
			prev = next
		}
		g.node("ReduceSum", []string{prev}, "total", attrInt("keepdims", 0))
		g.node("Mul", []string{"total", "nothing"}, "zero_out")
		g.node("Mul", []string{"wave", "gain"}, "loud")
		g.node("Add", []string{"loud", "zero_out"}, "output")
	}

	var m []byte
	m = varintField(m, 1, 8) // ir_version
	m = bytesField(m, 2, []byte("readback pipertest"))
	m = bytesField(m, 7, g.bytes())
	m = bytesField(m, 8, varintField(bytesField(nil, 1, nil), 2, 17)) // opset_import: "" 17
	return m
}

// Config is the voice's .onnx.json: eSpeak's en-us phonemes, ids for the symbols
// eSpeak NG writes in English (and the framing and punctuation Piper adds).
func Config(sampleRate, speakers int) []byte {
	ids := map[string][]int64{}
	for i, r := range []rune(symbols) {
		ids[string(r)] = []int64{int64(i)}
	}
	speakerIDs := map[string]int64{}
	if speakers > 1 {
		for i := range speakers {
			speakerIDs[string(rune('a'+i%26))+"-speaker-"+string(rune('0'+i/26))] = int64(i)
		}
	}
	c := map[string]any{
		"audio":          map[string]any{"sample_rate": sampleRate, "quality": "x_low"},
		"espeak":         map[string]any{"voice": "en-us"},
		"inference":      map[string]any{"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
		"phoneme_type":   "espeak",
		"phoneme_map":    map[string]any{},
		"phoneme_id_map": ids,
		"num_symbols":    len([]rune(symbols)),
		"num_speakers":   speakers,
		"speaker_id_map": speakerIDs,
		"language":       map[string]any{"code": "en_US"},
		"dataset":        "pipertest",
	}
	b, _ := json.MarshalIndent(c, "", "  ")
	return b
}

// symbols: the framing (pad, start, end), space and punctuation, Latin letters, and
// the IPA letters, marks and diacritics eSpeak NG writes.
const symbols = "_^$ !'(),-.:;?" + "abcdefghijklmnopqrstuvwxyz" +
	"æçðøħŋœɐɑɒɓɔɕɖɗɘəɚɛɜɞɟɠɡɢɣɤɥɦɧɨɪɫɬɭɮɯɰɱɲɳɴɵɶɸɹɺɻɽɾʀʁʂʃʄʈʉʊʋʌʍʎʏʐʑʒʔʕʘʙʛʜʝʟʡʢʲˈˌːˑ˞βθχᵻⱱ" +
	"\u0303\u0327\u0329\u032a\u032f\u0361"

// The ONNX protobuf, written by hand: the few messages a graph needs.

const (
	elemFloat = 1
	elemInt64 = 7
)

type graph struct {
	nodes, inits, inputs, outputs [][]byte
	n                             int
}

func (g *graph) node(op string, in []string, out string, attrs ...[]byte) {
	var b []byte
	for _, i := range in {
		b = bytesField(b, 1, []byte(i))
	}
	b = bytesField(b, 2, []byte(out))
	g.n++
	b = bytesField(b, 3, []byte(op+"_"+string(rune('a'+g.n%26))+string(rune('0'+g.n/26))))
	b = bytesField(b, 4, []byte(op))
	for _, a := range attrs {
		b = bytesField(b, 5, a)
	}
	g.nodes = append(g.nodes, b)
}

func attrInt(name string, v int64) []byte {
	b := bytesField(nil, 1, []byte(name))
	b = varintField(b, 3, uint64(v))
	return varintField(b, 20, 2) // AttributeProto.INT
}

// ints is an int64 initializer of the shape (nil: a scalar).
func (g *graph) ints(name string, dims []int64, vals ...int64) {
	var b []byte
	for _, d := range dims {
		b = varintField(b, 1, uint64(d))
	}
	b = varintField(b, 2, elemInt64)
	var packed []byte
	for _, v := range vals {
		packed = binary.AppendUvarint(packed, uint64(v))
	}
	b = bytesField(b, 7, packed)
	b = bytesField(b, 8, []byte(name))
	g.inits = append(g.inits, b)
}

// floats is a float initializer of the shape (nil: a scalar).
func (g *graph) floats(name string, dims []int64, vals ...float32) {
	var b []byte
	for _, d := range dims {
		b = varintField(b, 1, uint64(d))
	}
	b = varintField(b, 2, elemFloat)
	var raw []byte
	for _, v := range vals {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
	}
	b = bytesField(b, 8, []byte(name))
	b = bytesField(b, 9, raw)
	g.inits = append(g.inits, b)
}

func (g *graph) input(name string, elem int, dims ...string) {
	g.inputs = append(g.inputs, valueInfo(name, elem, dims))
}

func (g *graph) output(name string, elem int, dims ...string) {
	g.outputs = append(g.outputs, valueInfo(name, elem, dims))
}

// valueInfo: a dimension that is a number is fixed, a name is symbolic.
func valueInfo(name string, elem int, dims []string) []byte {
	var shape []byte
	for _, d := range dims {
		var dim []byte
		if n, ok := number(d); ok {
			dim = varintField(nil, 1, uint64(n))
		} else {
			dim = bytesField(nil, 2, []byte(d))
		}
		shape = bytesField(shape, 1, dim)
	}
	tensor := varintField(nil, 1, uint64(elem))
	tensor = bytesField(tensor, 2, shape)
	typ := bytesField(nil, 1, tensor)
	b := bytesField(nil, 1, []byte(name))
	return bytesField(b, 2, typ)
}

func number(s string) (int64, bool) {
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, s != ""
}

func (g *graph) bytes() []byte {
	var b []byte
	for _, n := range g.nodes {
		b = bytesField(b, 1, n)
	}
	b = bytesField(b, 2, []byte("piper"))
	for _, i := range g.inits {
		b = bytesField(b, 5, i)
	}
	for _, i := range g.inputs {
		b = bytesField(b, 11, i)
	}
	for _, o := range g.outputs {
		b = bytesField(b, 12, o)
	}
	return b
}

func varintField(b []byte, field int, v uint64) []byte {
	b = binary.AppendUvarint(b, uint64(field)<<3)
	return binary.AppendUvarint(b, v)
}

func bytesField(b []byte, field int, v []byte) []byte {
	b = binary.AppendUvarint(b, uint64(field)<<3|2)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}
