// Package pipertest makes small Piper voices for tests: an ONNX model with the real
// signature of a Piper (VITS) voice and its .onnx.json. No registry here carries
// Piper's weights, so the tests generate this one instead. It says a tone for each
// phoneme id, its pitch from the id and the speaker, for length_scale × 256 samples
// (real voices take 256 samples a frame), so that what the front end fed it can be
// heard in what it says.
package pipertest

import (
	"encoding/json"
	"math"

	"readback/internal/onnx/onnxgraph"
)

// SamplesPerPhoneme is how long the model says each id at length_scale 1.
const SamplesPerPhoneme = 256

// Model is the ONNX model of a voice with the given number of speakers (1: no sid
// input, as Piper exports single-speaker voices).
func Model(speakers int) []byte { return model(speakers, 0, false) }

// AlignedModel is Model as a voice patched with its alignments is
// (python3 -m piper.patch_voice_with_alignment): a second output, the frames of
// HopLength samples it said each id for.
func AlignedModel(speakers int) []byte { return model(speakers, 0, true) }

// HopLength is the samples of a frame, as in Piper's configs.
const HopLength = 256

// HeavyModel is Model with work: layers of a 192×192 matrix product over every
// frame of the sentence, whose result is added in at nothing, so that a sentence
// costs about what a real voice's does (benchmarks compare the pipeline with the
// bare run of such a model).
func HeavyModel(layers int) []byte { return model(1, layers, false) }

func model(speakers, layers int, aligned bool) []byte {
	var g onnxgraph.Graph
	g.Input("input", onnxgraph.Int64, "batch", "phonemes")
	g.Input("input_lengths", onnxgraph.Int64, "batch")
	g.Input("scales", onnxgraph.Float, "3")
	if speakers > 1 {
		g.Input("sid", onnxgraph.Int64, "batch")
	}
	g.Output("output", onnxgraph.Float, "batch", "1", "1", "time") // as Piper's exporter gives it
	if aligned {
		// The Ceil of VITS's duration predictor, named alone as Piper's patch
		// appends it (its type and shape inferred by the runtime).
		g.UntypedOutput("/dp/Ceil_output_0")
	}

	g.Ints("one_idx", nil, 1)
	g.Floats("per_phoneme", nil, SamplesPerPhoneme)
	g.Ints("shape1", []int64{1}, 1)
	g.Ints("ones2", []int64{2}, 1, 1)
	g.Ints("flat", []int64{4}, 1, 1, 1, -1)
	g.Floats("gain", nil, 0.3)

	g.Node("Cast", []string{"input"}, "ids", onnxgraph.AttrInt("to", onnxgraph.Float))
	if speakers > 1 {
		g.Node("Cast", []string{"sid"}, "sidf", onnxgraph.AttrInt("to", onnxgraph.Float))
		g.Node("Add", []string{"ids", "sidf"}, "tones")
	} else {
		g.Node("Identity", []string{"ids"}, "tones")
	}
	g.Node("Gather", []string{"scales", "one_idx"}, "length_scale")
	g.Node("Mul", []string{"length_scale", "per_phoneme"}, "reps_f")
	g.Node("Cast", []string{"reps_f"}, "reps_i", onnxgraph.AttrInt("to", onnxgraph.Int64))
	g.Node("Reshape", []string{"reps_i", "shape1"}, "reps_1")
	g.Node("Concat", []string{"ones2", "reps_1"}, "reps", onnxgraph.AttrInt("axis", 0))
	g.Tones("tones", "reps", "flat", float32(2*math.Pi*220/(50*22050)), "wave")
	if aligned {
		// Every id is said for length_scale × 256 samples: length_scale frames.
		g.Floats("zero", nil, 0)
		g.Floats("frames_per", nil, SamplesPerPhoneme/HopLength)
		g.Ints("by_id", []int64{3}, 1, 1, -1)
		g.Node("Mul", []string{"ids", "zero"}, "ids0")
		g.Node("Mul", []string{"length_scale", "frames_per"}, "frames")
		g.Node("Add", []string{"ids0", "frames"}, "w")
		g.Node("Reshape", []string{"w", "by_id"}, "/dp/Ceil_output_0")
	}
	if layers == 0 {
		g.Node("Mul", []string{"wave", "gain"}, "output")
	} else {
		// Frames of 192 values from the samples ([1, 1, 1, T] → [T/192, 192]),
		// multiplied through the layers, summed, and added in times zero.
		g.Ints("frames", []int64{2}, -1, 192)
		g.Ints("whole", []int64{1}, 1)
		g.Floats("nothing", nil, 0)
		w := make([]float32, 192*192)
		for i := range w {
			w[i] = float32(math.Sin(float64(i))) / 192
		}
		g.Floats("weights", []int64{192, 192}, w...)
		g.Node("Slice", []string{"wave", "zero_i", "cut", "axis3"}, "even")
		g.Ints("zero_i", []int64{1}, 0)
		g.Ints("axis3", []int64{1}, 3)
		g.Node("Size", []string{"wave"}, "wn")
		g.Node("Div", []string{"wn", "step192"}, "nframes")
		g.Ints("step192", nil, 192)
		g.Node("Mul", []string{"nframes", "step192"}, "cut0")
		g.Node("Reshape", []string{"cut0", "whole"}, "cut")
		g.Node("Reshape", []string{"even", "frames"}, "x0")
		prev := "x0"
		for i := range layers {
			next := "x" + string(rune('a'+i%26)) + string(rune('a'+i/26))
			g.Node("MatMul", []string{prev, "weights"}, next)
			prev = next
		}
		g.Node("ReduceSum", []string{prev}, "total", onnxgraph.AttrInt("keepdims", 0))
		g.Node("Mul", []string{"total", "nothing"}, "zero_out")
		g.Node("Mul", []string{"wave", "gain"}, "loud")
		g.Node("Add", []string{"loud", "zero_out"}, "output")
	}

	return g.Model("piper", "readback pipertest")
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
