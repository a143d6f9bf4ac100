package audiobook

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/pmezard/go-difflib/difflib"
	"golang.org/x/sys/unix"

	"readback/internal/audio"
	"readback/internal/render"
)

// Piece is one rendition in an exported WAV file and the silence after it, in bytes.
type Piece struct {
	Key   string `json:"k"`
	PCM   int64  `json:"b"`
	Pause int64  `json:"p"`
}

const wavHeader = 44

// errNoPatch means the file cannot be patched and must be written whole.
var errNoPatch = errors.New("render: the export cannot be patched in place")

// source is where a new piece's PCM comes from.
type source struct {
	pack   string
	offset int64
}

// patchWAV changes the WAV file at path from the old layout to the new one in
// place, writing only what differs. The pieces are aligned (difflib on their
// keys); each run of changed pieces is a region. Regions are done from the last to
// the first, so that moving one never moves another: the rest of the file after a
// region is moved by the filesystem (FALLOC_FL_INSERT_RANGE / COLLAPSE_RANGE move
// whole blocks without copying them) and the region written. So that what follows
// moves by whole blocks, the silence after a region's last piece grows by less
// than a block (under 93 ms at 22,050 Hz with 4 KB blocks). It returns the layout
// as written, padding included. The caller has dropped the file's export record
// first: a crash halfway leaves a file the next export writes whole.
//
// It fails with errNoPatch where the filesystem cannot move blocks, or where the
// change is too large to be worth it; the caller then writes a new file.
func patchWAV(path string, rate int, old, fresh []Piece, src []source) ([]Piece, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, errNoPatch
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var fs unix.Statfs_t
	if err := unix.Fstatfs(int(f.Fd()), &fs); err != nil {
		return nil, errNoPatch
	}
	block := int64(fs.Bsize)
	if block <= 0 || block%2 != 0 {
		return nil, errNoPatch
	}
	oldTotal := sizeOf(old)
	if st.Size() != wavHeader+oldTotal || !validHeader(f, rate, oldTotal) {
		return nil, errNoPatch
	}
	regions, curSrc := align(old, fresh, src, block)
	if regions == nil {
		return nil, errNoPatch
	}
	var writes int64
	for _, g := range regions {
		writes += sizeOf(fresh[g.n1:g.n2]) + block
	}
	if writes > oldTotal/4 || len(regions) > 256 {
		return nil, errNoPatch // a new file is about as cheap
	}
	cur := append([]Piece(nil), old...)
	fd := int(f.Fd())
	for k := len(regions) - 1; k >= 0; k-- {
		g := regions[k]
		P := wavHeader + sizeOf(cur[:g.o1])
		oldMid := sizeOf(cur[g.o1:g.o2])
		tail := sizeOf(cur[g.o2:])
		newMid := append([]Piece(nil), fresh[g.n1:g.n2]...)
		delta := sizeOf(newMid) - oldMid
		moveTail := tail >= 4*block
		if moveTail {
			pad := (block - ((delta%block)+block)%block) % block
			newMid[len(newMid)-1].Pause += pad
			delta += pad
		}
		cur = append(append(append([]Piece(nil), cur[:g.o1]...), newMid...), cur[g.o2:]...)
		curSrc = append(append(append([]source(nil), curSrc[:g.o1]...), src[g.n1:g.n2]...), curSrc[g.o2:]...)
		A := P / block * block
		switch {
		case !moveTail:
			// Nothing worth moving after it (the last region only): write to the end.
			if err := f.Truncate(wavHeader + sizeOf(cur)); err != nil {
				return nil, err
			}
		case delta > 0:
			if err := unix.Fallocate(fd, unix.FALLOC_FL_INSERT_RANGE, A, delta); err != nil {
				return nil, errNoPatch
			}
		case delta < 0:
			if err := unix.Fallocate(fd, unix.FALLOC_FL_COLLAPSE_RANGE, A, -delta); err != nil {
				return nil, errNoPatch
			}
		}
		to := P + sizeOf(newMid)
		if !moveTail {
			to = wavHeader + sizeOf(cur)
		}
		if err := writeRange(f, cur, curSrc, A, to); err != nil {
			return nil, err
		}
	}
	total := sizeOf(cur)
	if total > 1<<32-1-36 {
		return nil, errNoPatch
	}
	// The whole header: a region at the very start moves it with the audio.
	if _, err := f.WriteAt(audio.WAVHeader(rate, uint32(total)), 0); err != nil {
		return nil, err
	}
	if err := f.Sync(); err != nil {
		return nil, err
	}
	return cur, nil
}

func sizeOf(ps []Piece) int64 {
	var n int64
	for _, p := range ps {
		n += p.PCM + p.Pause
	}
	return n
}

// region is a run of old pieces [o1, o2) that becomes the new pieces [n1, n2).
type region struct{ o1, o2, n1, n2 int }

// align finds the regions where fresh differs from old, each with at least one new
// piece and at least two blocks of unchanged audio from the next, and the source of
// each old piece that stays. A piece is unchanged when only an earlier patch's
// padding tells it apart; the padding then stays.
func align(old, fresh []Piece, src []source, block int64) ([]region, []source) {
	ids := func(ps []Piece) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.Key + ":" + strconv.FormatInt(p.PCM, 10)
		}
		return out
	}
	m := difflib.NewMatcherWithJunk(ids(old), ids(fresh), false, nil)
	oldSrc := make([]source, len(old))
	var regions []region
	add := func(g region) {
		if n := len(regions); n > 0 && regions[n-1].o2 >= g.o1 {
			regions[n-1].o2, regions[n-1].n2 = max(regions[n-1].o2, g.o2), max(regions[n-1].n2, g.n2)
			return
		}
		regions = append(regions, g)
	}
	for _, op := range m.GetOpCodes() {
		if op.Tag != 'e' {
			add(region{op.I1, op.I2, op.J1, op.J2})
			continue
		}
		for k := 0; k < op.I2-op.I1; k++ {
			o, n := old[op.I1+k], fresh[op.J1+k]
			oldSrc[op.I1+k] = src[op.J1+k]
			if o.Pause < n.Pause || o.Pause-n.Pause >= block {
				add(region{op.I1 + k, op.I1 + k + 1, op.J1 + k, op.J1 + k + 1})
			}
		}
	}
	// Widen regions that add nothing (a deletion) by the piece before them, and join
	// regions too close to move one without the other.
	var out []region
	for _, g := range regions {
		if g.n1 == g.n2 {
			switch {
			case g.o1 > 0 && g.n1 > 0:
				g.o1, g.n1 = g.o1-1, g.n1-1
			case g.o2 < len(old) && g.n2 < len(fresh):
				g.o2, g.n2 = g.o2+1, g.n2+1
			default:
				return nil, nil
			}
		}
		if n := len(out); n > 0 && (out[n-1].o2 >= g.o1 || sizeOf(old[out[n-1].o2:g.o1]) < 2*block) {
			out[n-1].o2, out[n-1].n2 = max(out[n-1].o2, g.o2), max(out[n-1].n2, g.n2)
			continue
		}
		out = append(out, g)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, oldSrc
}

func validHeader(f *os.File, rate int, data int64) bool {
	h := make([]byte, wavHeader)
	if _, err := f.ReadAt(h, 0); err != nil {
		return false
	}
	return string(h[0:4]) == "RIFF" && string(h[8:16]) == "WAVEfmt " && string(h[36:40]) == "data" &&
		binary.LittleEndian.Uint32(h[24:]) == uint32(rate) && int64(binary.LittleEndian.Uint32(h[40:])) == data
}

// writeRange writes the bytes of the new layout that fall in [from, to) of the file
// at their places.
func writeRange(f *os.File, layout []Piece, src []source, from, to int64) error {
	from = max(from, wavHeader)
	at := int64(wavHeader)
	packs := packFiles{}
	defer packs.close()
	// Open before writing (see Export): a compaction may remove a pack meanwhile.
	for _, s := range src {
		if s.pack != "" {
			if _, err := packs.open(s.pack); err != nil {
				return err
			}
		}
	}
	zeros := make([]byte, 32<<10)
	for i, p := range layout {
		if at >= to {
			break
		}
		end := at + p.PCM + p.Pause
		if end <= from {
			at = end
			continue
		}
		// The PCM part.
		if lo, hi := max(at, from), min(at+p.PCM, to); lo < hi {
			pf, err := packs.open(src[i].pack)
			if err != nil {
				return err
			}
			r := io.NewSectionReader(pf, src[i].offset+(lo-at), hi-lo)
			if _, err := io.Copy(io.NewOffsetWriter(f, lo), r); err != nil {
				return fmt.Errorf("write piece %d: %w", i, err)
			}
		}
		// The silence after it.
		for lo, hi := max(at+p.PCM, from), min(end, to); lo < hi; {
			n := min(hi-lo, int64(len(zeros)))
			if _, err := f.WriteAt(zeros[:n], lo); err != nil {
				return err
			}
			lo += n
		}
		at = end
	}
	return nil
}

func marshalLayout(ps []Piece) []byte {
	b, _ := json.Marshal(ps)
	return b
}

func unmarshalLayout(b []byte) []Piece {
	var ps []Piece
	if json.Unmarshal(b, &ps) != nil {
		return nil
	}
	return ps
}

// patchExport tries to bring the WAV at o.Path from its recorded export to items in
// place. ok is false when it cannot, and the file must be written whole.
func (r *Exporter) patchExport(ctx context.Context, docID int64, items []render.Item, o ExportOptions) (res *ExportResult, ok bool, err error) {
	if o.Format != "wav" || o.PerChapter || o.Subtitles != "" {
		return nil, false, nil
	}
	last, err := r.Store().LastExport(ctx, o.Path)
	if err != nil || last == nil || last.DocumentID != docID || last.Layout == nil {
		return nil, false, err
	}
	if st, err := os.Stat(o.Path); err != nil || st.Size() != last.Size || st.ModTime().UnixNano() != last.MtimeNs {
		return nil, false, nil // changed by someone else since
	}
	old := unmarshalLayout(last.Layout)
	plan, rate, err := r.place(ctx, items, o)
	if err != nil || old == nil || anyResampled(plan, rate) {
		return nil, false, err // audio converted to the book's rate is written, not copied
	}
	fresh, src := layoutOf(plan, rate)
	if err := r.Store().ForgetExport(ctx, o.Path); err != nil {
		return nil, false, err
	}
	layout, err := patchWAV(o.Path, rate, old, fresh, src)
	if errors.Is(err, errNoPatch) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("export %s: %w", o.Path, err)
	}
	var samples int64
	for _, p := range layout {
		samples += (p.PCM + p.Pause) / 2
	}
	return &ExportResult{Duration: durationOf(samples, rate), Files: []string{o.Path}, Layout: layout}, true, nil
}

func layoutOf(plan []placed, rate int) ([]Piece, []source) {
	ps := make([]Piece, len(plan))
	src := make([]source, len(plan))
	for i, p := range plan {
		ps[i] = Piece{Key: p.Key, PCM: p.bytes, Pause: silenceBytes(p.pauseMs, rate)}
		src[i] = source{pack: p.pack, offset: p.offset}
	}
	return ps, src
}

// silenceBytes is what WAVWriter.WriteSilence writes for ms.
func silenceBytes(ms, rate int) int64 { return 2 * audio.SilenceSamples(ms, rate) }
