package audiobook_test

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/audio"
	"readback/internal/audiobook"
	"readback/internal/render"
	"readback/internal/store"
)

// A sentence that clips (as a loud voice would) is found by the release check of
// the converted file and named: the fix list points at it, in its chapter.
func TestReleaseCheckPointsAtTheSentence(t *testing.T) {
	if _, err := os.Stat("/usr/bin/ffmpeg"); err != nil {
		t.Fatal("the release check needs ffmpeg (scripts/bootstrap installs it)")
	}
	ctx := context.Background()
	f := newFixture(t, book)
	b, err := f.r.Book(ctx, f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.r.RenderAll(ctx, b.Items, nil); err != nil {
		t.Fatal(err)
	}
	// "Rain fell all night." (the last sentence, in chapter Two) is made to clip,
	// and so is chapter Two's heading: each rendition's samples become a
	// full-scale square wave for 100 ms.
	rain, two := b.Items[len(b.Items)-1], b.Items[len(b.Items)-3]
	for _, it := range []render.Item{two, rain} {
		recs, err := f.r.Existing(ctx, []string{it.Key})
		if err != nil {
			t.Fatal(err)
		}
		rec := recs[it.Key]
		pack, err := os.OpenFile(f.r.PackPath(rec.Pack), os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		square := make([]byte, 2*rec.SampleRate/10)
		for i := 0; i < len(square); i += 2 {
			v := uint16(0x7fff)
			if i%4 == 2 {
				v = 0x8000
			}
			binary.LittleEndian.PutUint16(square[i:], v)
		}
		middle := rec.Offset + 2*(rec.Samples/2) // half way into the sentence, on a sample's first byte
		if _, err := pack.WriteAt(square, middle); err != nil {
			t.Fatal(err)
		}
		pack.Close()
	}
	if two.Text != "Two" {
		t.Fatalf("chapter Two's heading is %q", two.Text)
	}

	q := audiobook.ConvertRequest{DocumentID: f.doc, Voice: voice, Format: "wav", Output: filepath.Join(f.dir, "book.wav")}
	if _, err := f.x.Convert(ctx, q, nil, nil); err != nil {
		t.Fatal(err)
	}
	ebu, _ := audio.TargetByID("ebu-r128")
	check, err := f.x.CheckConversion(ctx, q, ebu)
	if err != nil {
		t.Fatal(err)
	}
	if !check.Current || check.Report.OK {
		t.Fatalf("current %v, report ok %v", check.Current, check.Report.OK)
	}
	var clips, peaks []audiobook.Fix
	for _, fx := range check.Fixes {
		switch fx.Check {
		case "clipping":
			clips = append(clips, fx)
		case "peak":
			peaks = append(peaks, fx)
		}
	}
	// Two places in the chapter: the measure is said at the first, not again.
	if len(clips) != 2 || clips[0].Ord != two.Ord || clips[1].Ord != rain.Ord || clips[1].Part != "Two" || clips[1].Text != "Rain fell all night." {
		t.Fatalf("clipping fixes: %+v (all: %+v)", clips, check.Fixes)
	}
	if !strings.HasSuffix(clips[0].Says, "samples are clipped: lower the level") || clips[1].Says != "clipped here too (place 2 of 2)" {
		t.Errorf("the clipping fixes say %q, then %q", clips[0].Says, clips[1].Says)
	}
	if len(peaks) != 1 || peaks[0].Ord != two.Ord {
		t.Errorf("peak fixes: %+v", peaks)
	}
	// Every fix with a place points at a sentence of the book.
	for _, fx := range check.Fixes {
		if fx.Part != "" && fx.Ord < 0 {
			t.Errorf("a chapter's fix without a sentence: %+v", fx)
		}
	}

	// Once the text changes, the file no longer holds the book as it reads.
	if err := f.st.Apply(ctx, f.doc, "edit", []store.Edit{{Kind: "segment", Ord: b.Items[0].Ord, State: store.SegmentState{Skipped: true}}}); err != nil {
		t.Fatal(err)
	}
	if check, err = f.x.CheckConversion(ctx, q, ebu); err != nil || check.Current {
		t.Errorf("after an edit: current %v, %v", check != nil && check.Current, err)
	}
}

// Writing the files reports its own progress, up to the whole book.
func TestConvertReportsEncoding(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	var calls [][2]int64
	q := audiobook.ConvertRequest{DocumentID: f.doc, Voice: voice, Format: "flac", Output: filepath.Join(f.dir, "book.flac"),
		Encoding: func(done, total int64) { calls = append(calls, [2]int64{done, total}) }}
	if _, err := f.x.Convert(ctx, q, nil, nil); err != nil {
		t.Fatal(err)
	}
	if len(calls) < 7 {
		t.Fatalf("%d reports for 7 sentences", len(calls))
	}
	for i, c := range calls {
		if c[1] != calls[0][1] || c[0] > c[1] || (i > 0 && c[0] <= calls[i-1][0]) {
			t.Fatalf("report %d: %v (after %v)", i, c, calls[max(i-1, 0)])
		}
	}
	if last := calls[len(calls)-1]; last[0] != last[1] {
		t.Errorf("the last report %v is not the whole book", last)
	}
}

// A book converted with its subtitles beside it is the book as it reads: the
// release check does not say it changed since (it did, for every such book).
func TestReleaseCheckOfABookWithSubtitles(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	q := audiobook.ConvertRequest{DocumentID: f.doc, Voice: voice, Format: "wav", Output: filepath.Join(f.dir, "book.wav"),
		Subtitles: filepath.Join(f.dir, "book.srt")}
	if _, err := f.x.Convert(ctx, q, nil, nil); err != nil {
		t.Fatal(err)
	}
	ebu, _ := audio.TargetByID("ebu-r128")
	check, err := f.x.CheckConversion(ctx, q, ebu)
	if err != nil {
		t.Fatal(err)
	}
	if !check.Current {
		t.Error("a book converted with subtitles, unchanged since, is said to have changed")
	}
	// Converted again without them, the file is already the book: not written again.
	q.Subtitles = ""
	res, err := f.x.Convert(ctx, q, nil, nil)
	if err != nil || !res.UpToDate {
		t.Errorf("again without subtitles: up to date %v, %v", res != nil && res.UpToDate, err)
	}
}
