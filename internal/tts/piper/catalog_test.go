package piper_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/fault"
	"readback/internal/onnx/onnxtest"
	"readback/internal/tts/piper"
	"readback/internal/tts/piper/pipertest"
)

// The catalogue lists the voices that have their two files, by language, with
// their size and a sample's address.
func TestCatalogLists(t *testing.T) {
	cs := pipertest.NewCatalogServer(t)
	vs, err := piper.Catalog(context.Background(), cs.Address())
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Key != "de_DE-probe-low" || vs[1].Key != "en_US-test-x_low" {
		t.Fatalf("voices %+v", vs)
	}
	want := int64(len(cs.Files["en/en_US/test/x_low/en_US-test-x_low.onnx"]) + len(cs.Files["en/en_US/test/x_low/en_US-test-x_low.onnx.json"]))
	if vs[1].Bytes != want || vs[1].Quality != "x_low" || vs[1].Sample != cs.URL+"/v1/en/en_US/test/x_low/samples/speaker_0.mp3" {
		t.Errorf("voice %+v", vs[1])
	}
	for _, bad := range []string{cs.URL + "/v1/none.json", "ftp://example.com/voices.json", cs.URL + "/v1/en/en_US/test/x_low/en_US-test-x_low.onnx"} {
		if _, err := piper.Catalog(context.Background(), bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	// Offline (a name that cannot be found), it says so in the web import's words.
	nowhere := "http://voices.nowhere.invalid/voices.json"
	if _, err := piper.Catalog(context.Background(), nowhere); err == nil || err.Error() != nowhere+": the name voices.nowhere.invalid could not be found (offline?)" {
		t.Errorf("offline: %v", err)
	}
}

// A voice downloads with its progress told, and installs; a download cut off
// resumes where it stopped (a range request), and a file whose checksum is not the
// catalogue's is refused with nothing installed.
func TestCatalogDownload(t *testing.T) {
	onnxtest.Start(t)
	cs := pipertest.NewCatalogServer(t)
	ctx := context.Background()
	vs, err := piper.Catalog(ctx, cs.Address())
	if err != nil {
		t.Fatal(err)
	}
	voice := vs[1]
	dir, parts := t.TempDir(), t.TempDir()

	cs.Cut(1000)
	if _, err := piper.Download(ctx, cs.Address(), voice, dir, parts, nil); err == nil || !strings.Contains(err.Error(), "resumes from there") {
		t.Fatalf("a cut download: %v", err)
	}
	if listed, _ := piper.List(dir); len(listed) != 0 {
		t.Fatal("a cut download installed a voice")
	}
	var seen []int64
	got, err := piper.Download(ctx, cs.Address(), voice, dir, parts, func(done, total int64) {
		if total != voice.Bytes || done > total || (len(seen) > 0 && done < seen[len(seen)-1]) {
			t.Errorf("progress %d of %d after %v", done, total, seen)
		}
		seen = append(seen, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "en_US-test-x_low" || got.Licence != "CC BY 4.0" || len(seen) == 0 || seen[len(seen)-1] != voice.Bytes {
		t.Errorf("installed %+v, progress %v", got, seen)
	}
	if len(cs.Ranges()) != 2 || cs.Ranges()[0] != "" || cs.Ranges()[1] != "bytes=1000-" {
		t.Errorf("the model's requests asked for %q: the second should resume at byte 1000", cs.Ranges())
	}
	if entries, _ := os.ReadDir(parts); len(entries) != 0 {
		t.Errorf("the partial files stayed after the install: %d", len(entries))
	}

	// Changed on the server: the checksum no longer matches.
	other := vs[0]
	cs.Files["de/de_DE/probe/low/de_DE-probe-low.onnx"] = append([]byte("x"), cs.Files["de/de_DE/probe/low/de_DE-probe-low.onnx"][1:]...)
	if _, err := piper.Download(ctx, cs.Address(), other, dir, parts, nil); err == nil || !strings.Contains(err.Error(), "de_DE-probe-low.onnx: its checksum is not the catalogue's") {
		t.Errorf("a damaged model: %v", err)
	}
	if _, err := os.Stat(filepath.Join(parts, "de_DE-probe-low", "de_DE-probe-low.onnx.part")); err == nil {
		t.Error("the damaged file was kept for resuming")
	}
	if listed, _ := piper.List(dir); len(listed) != 1 {
		t.Errorf("installed %d voices", len(listed))
	}

	// Cancelled: stopped, nothing installed.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := piper.Download(cctx, cs.Address(), other, dir, parts, nil); err == nil {
		t.Error("a cancelled download went on")
	}
}

// A catalogue voice's recording is fetched as the catalogue names it; a voice with
// none, and a recording too large to be one, are refused with the voice named.
func TestCatalogSample(t *testing.T) {
	cs := pipertest.NewCatalogServer(t)
	ctx := context.Background()
	vs, err := piper.Catalog(ctx, cs.Address())
	if err != nil {
		t.Fatal(err)
	}
	de, en := vs[0], vs[1]
	mp3 := append([]byte("ID3\x04"), make([]byte, 4096)...)
	cs.Files["en/en_US/test/x_low/samples/speaker_0.mp3"] = mp3
	got, err := piper.Sample(ctx, en)
	if err != nil || !bytes.Equal(got, mp3) {
		t.Fatalf("the recording: %d bytes, %v; want the %d served", len(got), err, len(mp3))
	}
	if _, err := piper.Sample(ctx, de); fault.CodeOf(err) != fault.NotFound || !strings.Contains(err.Error(), de.Key) {
		t.Errorf("a voice with no recording: %v", err)
	}
	cs.Files["en/en_US/test/x_low/samples/speaker_0.mp3"] = make([]byte, 8<<20+1)
	if _, err := piper.Sample(ctx, en); fault.CodeOf(err) != fault.TooLarge || !strings.Contains(err.Error(), en.Key) {
		t.Errorf("a recording of 8 MB and a byte: %v", err)
	}
}
