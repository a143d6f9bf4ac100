// Package onnxgraph writes an ONNX model by hand — the few protobuf messages a graph
// needs — so that tests can make models with a real voice's signature (no registry
// here carries their weights).
package onnxgraph

import (
	"encoding/binary"
	"math"
)

// Element types of tensors.
const (
	Float = 1
	Int64 = 7
)

// Graph is a model's graph being written.
type Graph struct {
	nodes, inits, inputs, outputs [][]byte
	n                             int
}

// Node adds an operator from its inputs to its one output.
func (g *Graph) Node(op string, in []string, out string, attrs ...[]byte) {
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

// AttrInt is an integer attribute of a node.
func AttrInt(name string, v int64) []byte {
	b := bytesField(nil, 1, []byte(name))
	b = varintField(b, 3, uint64(v))
	return varintField(b, 20, 2) // AttributeProto.INT
}

// Ints is an int64 initializer of the shape (nil: a scalar).
func (g *Graph) Ints(name string, dims []int64, vals ...int64) {
	var b []byte
	for _, d := range dims {
		b = varintField(b, 1, uint64(d))
	}
	b = varintField(b, 2, Int64)
	var packed []byte
	for _, v := range vals {
		packed = binary.AppendUvarint(packed, uint64(v))
	}
	b = bytesField(b, 7, packed)
	b = bytesField(b, 8, []byte(name))
	g.inits = append(g.inits, b)
}

// Floats is a float initializer of the shape (nil: a scalar).
func (g *Graph) Floats(name string, dims []int64, vals ...float32) {
	var b []byte
	for _, d := range dims {
		b = varintField(b, 1, uint64(d))
	}
	b = varintField(b, 2, Float)
	var raw []byte
	for _, v := range vals {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
	}
	b = bytesField(b, 8, []byte(name))
	b = bytesField(b, 9, raw)
	g.inits = append(g.inits, b)
}

// Input declares an input; a dimension that is a number is fixed, a name symbolic.
func (g *Graph) Input(name string, elem int, dims ...string) {
	g.inputs = append(g.inputs, valueInfo(name, elem, dims))
}

// Output declares an output, as Input.
func (g *Graph) Output(name string, elem int, dims ...string) {
	g.outputs = append(g.outputs, valueInfo(name, elem, dims))
}

// UntypedOutput declares an output by its name alone, its type and shape left to
// ONNX Runtime's inference: what Piper's patch_voice_with_alignment appends.
func (g *Graph) UntypedOutput(name string) {
	g.outputs = append(g.outputs, bytesField(nil, 1, []byte(name)))
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

func (g *Graph) bytes(name string) []byte {
	var b []byte
	for _, n := range g.nodes {
		b = bytesField(b, 1, n)
	}
	b = bytesField(b, 2, []byte(name))
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

// Model is the ONNX model of the graph (opset 17), named as given.
func (g *Graph) Model(graph, producer string) []byte {
	var m []byte
	m = varintField(m, 1, 8) // ir_version
	m = bytesField(m, 2, []byte(producer))
	m = bytesField(m, 7, g.bytes(graph))
	m = bytesField(m, 8, varintField(bytesField(nil, 1, nil), 2, 17)) // opset_import: "" 17
	return m
}

// Tones adds the generated voices' audio: each value of tones (float, [1, N]: a
// pitch in units) said for reps samples (an int64 tile count [1, 1, reps]) as a
// sine advancing pitch × value radians a sample, reshaped to shape, into out.
func (g *Graph) Tones(tones, reps, shape string, pitch float32, out string) {
	g.Ints("tones_axis2", []int64{1}, 2)
	g.Floats("tones_zero", nil, 0)
	g.Floats("tones_step", nil, 1)
	g.Floats("tones_pitch", nil, pitch)
	g.Node("Unsqueeze", []string{tones, "tones_axis2"}, "tones_3")
	g.Node("Tile", []string{"tones_3", reps}, "tones_tiled")
	g.Node("Reshape", []string{"tones_tiled", shape}, "tones_per_sample")
	g.Node("Size", []string{"tones_per_sample"}, "tones_n")
	g.Node("Cast", []string{"tones_n"}, "tones_nf", AttrInt("to", Float))
	g.Node("Range", []string{"tones_zero", "tones_nf", "tones_step"}, "tones_t")
	g.Node("Mul", []string{"tones_per_sample", "tones_t"}, "tones_phase0")
	g.Node("Mul", []string{"tones_phase0", "tones_pitch"}, "tones_phase")
	g.Node("Sin", []string{"tones_phase"}, out)
}
