package pipertest_test

import (
	"math"
	"testing"

	ort "github.com/yalue/onnxruntime_go"

	"readback/internal/onnx/onnxtest"
	"readback/internal/tts/piper/pipertest"
)

// The generated model has a Piper voice's signature and says SamplesPerPhoneme ×
// length_scale samples for each id, a tone whose pitch follows the id.
func TestModelRuns(t *testing.T) {
	onnxtest.Start(t)
	for _, speakers := range []int{1, 4} {
		model := pipertest.Model(speakers)
		ins, outs, err := ort.GetInputOutputInfoWithONNXData(model)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"input", "input_lengths", "scales"}
		if speakers > 1 {
			want = append(want, "sid")
		}
		if len(ins) != len(want) || len(outs) != 1 || outs[0].Name != "output" {
			t.Fatalf("inputs %v, outputs %v", ins, outs)
		}
		names := want
		s, err := ort.NewDynamicAdvancedSessionWithONNXData(model, names, []string{"output"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids := []int64{1, 0, 50, 0, 20, 0, 2}
		in, _ := ort.NewTensor(ort.NewShape(1, int64(len(ids))), ids)
		lengths, _ := ort.NewTensor(ort.NewShape(1), []int64{int64(len(ids))})
		scales, _ := ort.NewTensor(ort.NewShape(3), []float32{0.667, 0.5, 0.8})
		inputs := []ort.Value{in, lengths, scales}
		if speakers > 1 {
			sid, _ := ort.NewTensor(ort.NewShape(1), []int64{2})
			inputs = append(inputs, sid)
		}
		out := []ort.Value{nil}
		if err := s.Run(inputs, out); err != nil {
			t.Fatal(err)
		}
		audio := out[0].(*ort.Tensor[float32])
		shape := audio.GetShape()
		samples := audio.GetData()
		if len(shape) != 4 || shape[0] != 1 || shape[1] != 1 || shape[2] != 1 || len(samples) != len(ids)*pipertest.SamplesPerPhoneme/2 {
			t.Errorf("%d speakers: output %v, %d samples", speakers, shape, len(samples))
		}
		peak := 0.0
		for _, v := range samples {
			peak = max(peak, math.Abs(float64(v)))
		}
		if peak < 0.2 || peak > 1 {
			t.Errorf("%d speakers: peak %.2f", speakers, peak)
		}
		out[0].Destroy()
		s.Destroy()
	}
}
