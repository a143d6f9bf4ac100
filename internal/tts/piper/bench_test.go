package piper_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	ort "github.com/yalue/onnxruntime_go"

	"readback/internal/onnx/onnxtest"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/piper"
	"readback/internal/tts/piper/pipertest"
)

const benchText = "The keeper climbed the hundred stairs at dusk, lit the lamp that had guarded the harbour for ninety years, and watched the boats come home."

// heavyLayers makes the generated model take about 100 ms for the sentence on one
// thread here: less than a real medium voice takes (its 8 s of speech at a real
// time factor of 0.1–0.3), so what the pipeline adds is, if anything, overstated.
const heavyLayers = 600

func heavyVoice(b *testing.B) (dir string) {
	b.Helper()
	onnxtest.Start(b)
	dir = b.TempDir()
	model, config := pipertest.Files(b, "en_US-bench-medium", pipertest.HeavyModel(heavyLayers), 1)
	if _, err := piper.Install(dir, model, config); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkPiperSentence is the whole pipeline for a sentence: eSpeak's phonemes,
// ids, the model, 16-bit conversion, and the word timings.
func BenchmarkPiperSentence(b *testing.B) {
	dir := heavyVoice(b)
	fe, err := espeak.New()
	if err != nil {
		b.Fatal(err)
	}
	defer fe.Close()
	e, err := piper.New(dir, fe)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	req := tts.Request{Text: benchText, Voice: "en_US-bench-medium", Prosody: tts.Normal}
	if _, err := e.Synthesize(context.Background(), req); err != nil { // the session opened
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Synthesize(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPiperBareRun is ONNX Runtime alone on the same ids, with the same
// session options: what the pipeline adds is the difference.
func BenchmarkPiperBareRun(b *testing.B) {
	dir := heavyVoice(b)
	fe, err := espeak.New()
	if err != nil {
		b.Fatal(err)
	}
	defer fe.Close()
	raw, _ := os.ReadFile(filepath.Join(dir, "en_US-bench-medium", "model.onnx.json"))
	cfg, err := piper.ParseConfig("model.onnx.json", raw)
	if err != nil {
		b.Fatal(err)
	}
	clauses, err := fe.IPA(context.Background(), "en-us", benchText)
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for _, s := range piper.Phonemes(clauses, cfg) {
		got, _ := piper.IDs(s, cfg)
		ids = append(ids, got...)
	}
	opts, _ := ort.NewSessionOptions()
	opts.SetIntraOpNumThreads(1)
	opts.SetInterOpNumThreads(1)
	s, err := ort.NewDynamicAdvancedSession(filepath.Join(dir, "en_US-bench-medium", "model.onnx"), []string{"input", "input_lengths", "scales"}, []string{"output"}, opts)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Destroy()
	in, _ := ort.NewTensor(ort.NewShape(1, int64(len(ids))), ids)
	lengths, _ := ort.NewTensor(ort.NewShape(1), []int64{int64(len(ids))})
	scales, _ := ort.NewTensor(ort.NewShape(3), []float32{0.667, 1, 0.8})
	b.ResetTimer()
	for b.Loop() {
		out := []ort.Value{nil}
		if err := s.Run([]ort.Value{in, lengths, scales}, out); err != nil {
			b.Fatal(err)
		}
		out[0].Destroy()
	}
}
