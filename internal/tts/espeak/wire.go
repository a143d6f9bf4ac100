package espeak

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The speaker's protocol, in this machine's byte order for the samples (speaker and
// parent are the same program) and little-endian for the rest. A request is the
// text's length, the text and a byte saying what to do with it (a mode). A reply is
// a flags word (bit 0: the speaker retires after it), the voice that speaks, an
// error, the clauses of a transcription (IPA and source text), the events (kind,
// position, time) and the samples, each list after its length. The first
// reply, before any request, says the speaker is ready (or why not). Audio goes as
// bytes with no copy on either side: a sentence is a few hundred kilobytes, and every
// copy of it showed in the time a sentence takes.

// sayReply is what was said, or why not.
type sayReply struct {
	Samples []int16
	Events  []event
	Clauses []Clause
	Voice   string
	Retire  bool
	Err     string
}

// mode is what a request asks for.
type mode byte

const (
	sayText     mode = iota // say the text
	sayPhonemes             // say the text, reading [[…]] as eSpeak's phoneme mnemonics
	transcribe              // say nothing: give the text's phonemes in IPA, clause by clause
)

// limits on what a reply may announce, so that a damaged stream fails instead of
// allocating without end.
const (
	maxSamples = 1 << 28 // 3 hours at 22,050 Hz
	maxEvents  = 1 << 22
	maxString  = 1 << 20
)

func writeRequest(w *bufio.Writer, text string, how mode) error {
	var head [4]byte
	binary.LittleEndian.PutUint32(head[:], uint32(len(text)))
	w.Write(head[:])
	w.WriteString(text)
	w.WriteByte(byte(how))
	return w.Flush()
}

func readRequest(r *bufio.Reader) (text string, how mode, err error) {
	n, err := readUint32(r)
	if err != nil {
		return "", 0, err
	}
	if n > maxString*16 {
		return "", 0, fmt.Errorf("a request of %d bytes", n)
	}
	b := make([]byte, n+1)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", 0, err
	}
	return string(b[:n]), mode(b[n]), nil
}

func writeReply(w *bufio.Writer, rep *sayReply) error {
	var b []byte
	flags := uint32(0)
	if rep.Retire {
		flags |= 1
	}
	b = binary.LittleEndian.AppendUint32(b, flags)
	b = appendString(b, rep.Voice)
	b = appendString(b, rep.Err)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(rep.Clauses)))
	for _, c := range rep.Clauses {
		b = appendString(b, c.IPA)
		b = appendString(b, c.Text)
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(rep.Events)))
	for _, e := range rep.Events {
		for _, v := range [3]int{e.Kind, e.Pos, e.Ms} {
			b = binary.LittleEndian.AppendUint32(b, uint32(int32(v)))
		}
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(rep.Samples)))
	w.Write(b)
	w.Write(asBytes(rep.Samples))
	return w.Flush()
}

func readReply(r *bufio.Reader) (*sayReply, error) {
	var rep sayReply
	flags, err := readUint32(r)
	if err != nil {
		return nil, err
	}
	rep.Retire = flags&1 != 0
	if rep.Voice, err = readString(r); err != nil {
		return nil, err
	}
	if rep.Err, err = readString(r); err != nil {
		return nil, err
	}
	n, err := readUint32(r)
	if err != nil {
		return nil, err
	}
	if n > maxEvents {
		return nil, fmt.Errorf("a reply of %d clauses", n)
	}
	for range n {
		var c Clause
		if c.IPA, err = readString(r); err != nil {
			return nil, err
		}
		if c.Text, err = readString(r); err != nil {
			return nil, err
		}
		rep.Clauses = append(rep.Clauses, c)
	}
	n, err = readUint32(r)
	if err != nil {
		return nil, err
	}
	if n > maxEvents {
		return nil, fmt.Errorf("a reply of %d events", n)
	}
	ev := make([]byte, 12*n)
	if _, err := io.ReadFull(r, ev); err != nil {
		return nil, err
	}
	rep.Events = make([]event, n)
	for i := range rep.Events {
		v := func(k int) int { return int(int32(binary.LittleEndian.Uint32(ev[12*i+4*k:]))) }
		rep.Events[i] = event{Kind: v(0), Pos: v(1), Ms: v(2)}
	}
	if n, err = readUint32(r); err != nil {
		return nil, err
	}
	if n > maxSamples {
		return nil, fmt.Errorf("a reply of %d samples", n)
	}
	rep.Samples = make([]int16, n)
	if _, err := io.ReadFull(r, asBytes(rep.Samples)); err != nil {
		return nil, err
	}
	return &rep, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func readString(r *bufio.Reader) (string, error) {
	n, err := readUint32(r)
	if err != nil {
		return "", err
	}
	if n > maxString {
		return "", errors.New("a reply's text is too long")
	}
	b := make([]byte, n)
	_, err = io.ReadFull(r, b)
	return string(b), err
}

func readUint32(r *bufio.Reader) (uint32, error) {
	var b [4]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b[:]), nil
}
