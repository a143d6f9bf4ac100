package audio

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

const headerSize = 44

// WAVBytes is a whole WAV file of samples, in memory (a sentence, a word).
func WAVBytes(rate int, samples []int16) []byte {
	b := make([]byte, 0, headerSize+2*len(samples))
	b = append(b, header(rate, uint32(2*len(samples)))...)
	return append(b, PCMBytes(samples)...)
}

// WAVHeader is the 44-byte header of a 16-bit mono PCM WAV file.
func WAVHeader(rate int, dataBytes uint32) []byte { return header(rate, dataBytes) }

func header(rate int, dataBytes uint32) []byte {
	h := make([]byte, headerSize)
	copy(h[0:], "RIFF")
	binary.LittleEndian.PutUint32(h[4:], 36+dataBytes)
	copy(h[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:], 16)
	binary.LittleEndian.PutUint16(h[20:], 1) // PCM
	binary.LittleEndian.PutUint16(h[22:], 1) // mono
	binary.LittleEndian.PutUint32(h[24:], uint32(rate))
	binary.LittleEndian.PutUint32(h[28:], uint32(rate*2))
	binary.LittleEndian.PutUint16(h[32:], 2)
	binary.LittleEndian.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	binary.LittleEndian.PutUint32(h[40:], dataBytes)
	return h
}

// AtomicFile is a file written under a temporary name in its final folder and renamed
// into place only by Commit, after a sync: a crash, a full disk or a cancel never
// leaves a partial file under the final name.
type AtomicFile struct {
	f         *os.File
	final     string
	closed    bool
	committed bool
}

// CreateAtomic starts writing path.
func CreateAtomic(path string) (*AtomicFile, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// Named as TempName names, with CreateTemp's own unique part.
	f, err := os.CreateTemp(dir, fmt.Sprintf(".%s.%d.*.part", filepath.Base(path), os.Getpid()))
	if err != nil {
		return nil, err
	}
	// CreateTemp makes the file private; an exported book is an ordinary file.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &AtomicFile{f: f, final: path}, nil
}

// WriteFileAtomic writes a small file whole: under a temporary name, then renamed
// into place, so that a reader finds the old file or the new one.
func WriteFileAtomic(path string, data []byte) error {
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

func (a *AtomicFile) Write(p []byte) (int, error)               { return a.f.Write(p) }
func (a *AtomicFile) WriteAt(p []byte, off int64) (int, error)  { return a.f.WriteAt(p, off) }
func (a *AtomicFile) Seek(off int64, whence int) (int64, error) { return a.f.Seek(off, whence) }
func (a *AtomicFile) Name() string                              { return a.f.Name() }

// TempName is a temporary name for final, beside it, with the writer's process ID
// in it, so that a later run can tell the leftovers of a killed process from files
// still being written (SweepStale, LeftByKilled).
func TempName(final string) string {
	return filepath.Join(filepath.Dir(final), fmt.Sprintf(".%s.%d.%d.part", filepath.Base(final), os.Getpid(), time.Now().UnixNano()))
}

// LeftByKilled reports whether path is a temporary file named as TempName and
// CreateAtomic name theirs (".NAME.PID.N.part"), or one its writer kept beside it
// (".part.meta", ".part-journal"), that no writer will finish: its writer no longer
// runs, or it has not been written to for a day (a process ID taken again since).
func LeftByKilled(path string) bool {
	base := filepath.Base(path)
	i := strings.LastIndex(base, ".part")
	if i < 0 || !strings.HasPrefix(base, ".") || !slices.Contains([]string{"", ".meta", "-journal"}, base[i+len(".part"):]) {
		return false
	}
	fields := strings.Split(base[:i], ".") // "", NAME's fields…, PID, N
	if len(fields) < 4 || !digits(fields[len(fields)-1]) || !digits(fields[len(fields)-2]) {
		return false
	}
	pid, err := strconv.Atoi(fields[len(fields)-2])
	if err != nil || pid <= 0 {
		return false
	}
	if !ProcessAlive(pid) {
		return true
	}
	fi, err := os.Stat(path)
	return err == nil && time.Since(fi.ModTime()) > 24*time.Hour
}

func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// SweepStale removes the temporary files that killed processes left in dir and its
// subfolders (one level deep): those whose writer is no longer running.
func SweepStale(dir string) (removed int) {
	for _, pattern := range []string{filepath.Join(dir, ".*.part*"), filepath.Join(dir, "*", ".*.part*")} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if LeftByKilled(m) && os.Remove(m) == nil {
				removed++
			}
		}
	}
	return removed
}

// ProcessAlive reports whether pid runs; a zombie (killed, not yet reaped) does not.
func ProcessAlive(pid int) bool {
	if stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && i+2 < len(stat) {
			return stat[i+2] != 'Z' && stat[i+2] != 'X'
		}
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// Finish syncs and closes the file, still under its temporary name.
func (a *AtomicFile) Finish() error {
	if a.closed {
		return nil
	}
	if err := a.f.Sync(); err != nil {
		a.Abort()
		return err
	}
	a.closed = true
	if err := a.f.Close(); err != nil {
		os.Remove(a.f.Name())
		return err
	}
	return nil
}

// Commit finishes the file and renames it into place.
func (a *AtomicFile) Commit() error {
	if err := a.Finish(); err != nil {
		return err
	}
	if err := os.Rename(a.f.Name(), a.final); err != nil {
		os.Remove(a.f.Name())
		return err
	}
	a.committed = true
	return nil
}

// Abort removes the temporary file; after Commit it does nothing.
func (a *AtomicFile) Abort() {
	if a.committed {
		return
	}
	if !a.closed {
		a.closed = true
		a.f.Close()
	}
	os.Remove(a.f.Name())
}

// WAVWriter streams PCM into a WAV file whose sizes are patched in on Close.
type WAVWriter struct {
	out      *AtomicFile
	buf      *bufio.Writer
	rate     int
	bytes    int64
	err      error
	finished bool
}

// MaxWAVBytes is the most PCM a WAV file can hold (its sizes are 32-bit).
const MaxWAVBytes = 1<<32 - 1 - 36

// ErrTooLongForWAV is the error of more audio than a WAV file can hold.
var ErrTooLongForWAV = errors.New("the audio is longer than a WAV file can hold (about 27 hours at 22 kHz); export one file per chapter")

// CreateWAV starts a WAV file at path, written atomically.
func CreateWAV(path string, rate int) (*WAVWriter, error) {
	out, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	w := &WAVWriter{out: out, buf: bufio.NewWriterSize(out, 256<<10), rate: rate}
	if _, err := w.buf.Write(header(rate, 0)); err != nil {
		out.Abort()
		return nil, err
	}
	return w, nil
}

// SampleRate is the file's rate.
func (w *WAVWriter) SampleRate() int { return w.rate }

// Samples is how many samples have been written.
func (w *WAVWriter) Samples() int64 { return w.bytes / 2 }

// WritePCM appends little-endian 16-bit samples given as bytes.
func (w *WAVWriter) WritePCM(p []byte) error {
	if w.err != nil {
		return w.err
	}
	if w.bytes+int64(len(p)) > MaxWAVBytes {
		w.err = ErrTooLongForWAV
		return w.err
	}
	_, w.err = w.buf.Write(p)
	w.bytes += int64(len(p))
	return w.err
}

// CopyPCM appends n bytes of PCM read from f at offset off. Between two files the
// kernel copies the data (copy_file_range), so a long book's export does not pass
// every byte through user space.
func (w *WAVWriter) CopyPCM(f *os.File, off, n int64) error {
	if w.err != nil {
		return w.err
	}
	n &^= 1
	if w.bytes+n > MaxWAVBytes {
		w.err = ErrTooLongForWAV
		return w.err
	}
	if w.err = w.buf.Flush(); w.err != nil {
		return w.err
	}
	if _, w.err = f.Seek(off, io.SeekStart); w.err != nil {
		return w.err
	}
	var copied int64
	copied, w.err = io.Copy(w.out.f, io.LimitReader(f, n))
	w.bytes += copied
	if w.err == nil && copied != n {
		w.err = io.ErrUnexpectedEOF
	}
	return w.err
}

// WriteSamples appends samples.
func (w *WAVWriter) WriteSamples(s []int16) error {
	return w.WritePCM(PCMBytes(s))
}

// PCMBytes returns samples as little-endian bytes, without copying on a
// little-endian machine (every platform Readback ships on).
func PCMBytes(s []int16) []byte {
	if len(s) == 0 {
		return nil
	}
	if littleEndian {
		return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), 2*len(s))
	}
	b := make([]byte, 2*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}

var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

var zeros = make([]byte, 32<<10)

// WriteSilence appends ms milliseconds of silence.
func (w *WAVWriter) WriteSilence(ms int) error {
	n := SilenceSamples(ms, w.rate) * 2
	for n > 0 && w.err == nil {
		k := min(n, int64(len(zeros)))
		w.WritePCM(zeros[:k])
		n -= k
	}
	return w.err
}

// Close patches the header and commits the file. On any earlier error the file is
// removed instead and that error returned.
func (w *WAVWriter) Finish() error {
	if w.finished {
		return w.err
	}
	w.finished = true
	if w.err == nil {
		w.err = w.buf.Flush()
	}
	if w.err == nil {
		_, w.err = w.out.WriteAt(header(w.rate, uint32(w.bytes)), 0)
	}
	if w.err == nil {
		w.err = w.out.Finish()
	}
	w.buf = nil // its 256 KB go now, not when every chapter is done
	if w.err != nil {
		w.out.Abort()
	}
	return w.err
}

// Close finishes the file and names it.
func (w *WAVWriter) Close() error {
	if err := w.Finish(); err != nil {
		return err
	}
	return w.out.Commit()
}

// Abort removes the file being written.
func (w *WAVWriter) Abort() { w.out.Abort() }

// WriteWAV writes a whole WAV file atomically.
func WriteWAV(path string, rate int, samples []int16) error {
	w, err := CreateWAV(path, rate)
	if err != nil {
		return err
	}
	if err := w.WriteSamples(samples); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}

// WAVInfo describes a WAV file's PCM data.
type WAVInfo struct {
	SampleRate int
	DataOffset int64
	DataBytes  int64
}

// ReadWAVInfo reads the header of a 16-bit mono PCM WAV file, walking its chunks.
func ReadWAVInfo(r io.ReaderAt) (WAVInfo, error) {
	var h [12]byte
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return WAVInfo{}, fmt.Errorf("wav: %w", err)
	}
	if string(h[0:4]) != "RIFF" || string(h[8:12]) != "WAVE" {
		return WAVInfo{}, errors.New("wav: not a RIFF/WAVE file")
	}
	var info WAVInfo
	for off := int64(12); ; {
		var ch [8]byte
		if _, err := r.ReadAt(ch[:], off); err != nil {
			return WAVInfo{}, fmt.Errorf("wav: no data chunk: %w", err)
		}
		size := int64(binary.LittleEndian.Uint32(ch[4:]))
		switch string(ch[0:4]) {
		case "fmt ":
			var f [16]byte
			if _, err := r.ReadAt(f[:], off+8); err != nil {
				return WAVInfo{}, fmt.Errorf("wav: fmt chunk: %w", err)
			}
			if binary.LittleEndian.Uint16(f[0:]) != 1 || binary.LittleEndian.Uint16(f[2:]) != 1 || binary.LittleEndian.Uint16(f[14:]) != 16 {
				return WAVInfo{}, errors.New("wav: not 16-bit mono PCM")
			}
			info.SampleRate = int(binary.LittleEndian.Uint32(f[4:]))
		case "data":
			if info.SampleRate == 0 {
				return WAVInfo{}, errors.New("wav: data before fmt")
			}
			info.DataOffset, info.DataBytes = off+8, size
			return info, nil
		}
		off += 8 + size + size%2
	}
}
