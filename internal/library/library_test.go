package library_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"readback/internal/fault"
	"readback/internal/library"
	"readback/internal/library/librarytest"
	"readback/internal/store"
)

// remotes are the implementations the library's own tests run on: in memory, and
// a real S3-compatible server.
func remotes(t *testing.T) map[string]func(t *testing.T) library.Remote {
	var v *librarytest.Versity
	n := 0
	return map[string]func(t *testing.T) library.Remote{
		"mem": func(t *testing.T) library.Remote {
			m := library.NewMem()
			srv := httptest.NewServer(m)
			t.Cleanup(srv.Close)
			m.BaseURL = srv.URL
			return m
		},
		"s3": func(t *testing.T) library.Remote {
			if v == nil {
				v = librarytest.StartVersity(t)
			}
			n++
			return newS3(t, v, "lib"+strings.Repeat("x", n))
		},
	}
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newLibrary(t *testing.T, r library.Remote, author string) *library.Library {
	t.Helper()
	dir := t.TempDir()
	l := library.New(r, openStore(t), dir, library.Settings{ShareRenditions: true, Author: author}, nil)
	t.Cleanup(func() { l.Close() })
	return l
}

func voiceDir(t *testing.T, spec string, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, library.VoiceSpecFile), []byte(spec), 0o644)
	for name, b := range files {
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	return dir
}

// listFiles lists every file under dir, relative.
func listFiles(t *testing.T, dir string) []string {
	var out []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

func TestVoicePacks(t *testing.T) {
	ctx := context.Background()
	for name, newRemote := range remotes(t) {
		t.Run(name, func(t *testing.T) {
			r := newRemote(t)
			a, b := newLibrary(t, r, "alice"), newLibrary(t, r, "bob")
			model := librarytest.Bytes(3<<20, 21)
			spec := `{"id":"lessac","name":"Lessac","engine":"piper","language":"en-us","licence":"CC-BY-4.0"}`
			m, err := a.PublishVoice(ctx, voiceDir(t, spec, map[string][]byte{"lessac.onnx": model, "lessac.onnx.json": []byte(`{"audio":{"sample_rate":22050}}`)}))
			if err != nil {
				t.Fatal(err)
			}
			if m.Version != 1 || len(m.Files) != 2 {
				t.Fatalf("published %+v", m)
			}
			vs, err := b.Voices(ctx)
			if err != nil || len(vs) != 1 || vs[0].State != library.VoiceNotInstalled || vs[0].Remote != 1 {
				t.Fatalf("B sees %+v (%v)", vs, err)
			}
			if _, err := b.InstallVoice(ctx, "lessac", 0, nil); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(filepath.Join(b.VoicesDir(), "lessac", "1", "lessac.onnx"))
			if !bytes.Equal(got, model) {
				t.Error("the installed model differs from the published one")
			}
			// Version 2, with the same model: only what changed travels.
			m2, err := a.PublishVoice(ctx, voiceDir(t, spec, map[string][]byte{"lessac.onnx": model, "lessac.onnx.json": []byte(`{"audio":{"sample_rate":22050},"v":2}`)}))
			if err != nil || m2.Version != 2 {
				t.Fatalf("second publish: %+v %v", m2, err)
			}
			vs, _ = b.Voices(ctx)
			if vs[0].State != library.VoiceUpdate || vs[0].Local != 1 || vs[0].Remote != 2 {
				t.Errorf("B sees %+v, want an update from 1 to 2", vs[0])
			}
			if _, err := b.InstallVoice(ctx, "lessac", 0, nil); err != nil {
				t.Fatal(err)
			}
			if vs, _ = b.Voices(ctx); vs[0].State != library.VoiceInstalled || vs[0].Local != 2 {
				t.Errorf("after the update B sees %+v", vs[0])
			}
			if got := listFiles(t, b.VoicesDir()); strings.Join(got, ",") != "lessac/2/lessac.onnx,lessac/2/lessac.onnx.json,lessac/2/manifest.json" {
				t.Errorf("after the update the voices folder holds %v", got)
			}
		})
	}
}

func TestConcurrentPublishOfOneVersion(t *testing.T) {
	ctx := context.Background()
	for name, newRemote := range remotes(t) {
		t.Run(name, func(t *testing.T) {
			r := newRemote(t)
			a, b := newLibrary(t, r, "alice"), newLibrary(t, r, "bob")
			dirA := voiceDir(t, `{"id":"narrator","name":"Narrator","engine":"espeak","version":3,"preset":{"engine":"espeak","voice":"en-gb-x-rp","rate":1.1}}`, nil)
			dirB := voiceDir(t, `{"id":"narrator","name":"Narrator","engine":"espeak","version":3,"preset":{"engine":"espeak","voice":"en-us","rate":0.9}}`, nil)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, l := range []*library.Library{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = l.PublishVoice(ctx, []string{dirA, dirB}[i])
				}()
			}
			wg.Wait()
			won, lost := 0, 0
			for _, err := range errs {
				switch {
				case err == nil:
					won++
				case fault.CodeOf(err) == fault.Conflict && strings.Contains(err.Error(), "publish again to make version 4"):
					lost++
				default:
					t.Errorf("unexpected: %v", err)
				}
			}
			if won != 1 || lost != 1 {
				t.Fatalf("%d won, %d were told: %v", won, lost, errs)
			}
			m, err := a.ReadVoiceManifest(ctx, "narrator", 3)
			if err != nil {
				t.Fatal(err)
			}
			winner := 0
			if errs[0] != nil {
				winner = 1
			}
			if want := []string{"en-gb-x-rp", "en-us"}[winner]; m.Preset.Voice != want || m.Author != []string{"alice", "bob"}[winner] {
				t.Errorf("version 3 holds %+v by %s, want the winner's", m.Preset, m.Author)
			}
			x, _, err := a.ReadIndex(ctx)
			if err != nil || x.Voices["narrator"].Latest != 3 {
				t.Errorf("the index says %+v (%v)", x.Voices, err)
			}
		})
	}
}

// putManifest writes a hostile manifest straight into the bucket.
func putManifest(t *testing.T, r library.Remote, key string, m any) {
	t.Helper()
	body, _ := json.Marshal(m)
	if _, err := library.NewClient(r).UploadBytes(context.Background(), key, body, library.PutOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestHostileVoiceManifests(t *testing.T) {
	ctx := context.Background()
	for name, newRemote := range remotes(t) {
		t.Run(name, func(t *testing.T) {
			r := newRemote(t)
			c := library.NewClient(r)
			model := librarytest.Bytes(100_000, 31)
			sum := librarytest.Sum(model)
			if _, err := c.UploadBytes(ctx, "voices/evil/files/"+sum, model, library.PutOptions{}); err != nil {
				t.Fatal(err)
			}
			// Bytes stored under a checksum that is not theirs.
			forged := librarytest.Sum([]byte("other"))
			if _, err := c.UploadBytes(ctx, "voices/evil/files/"+forged, model, library.PutOptions{}); err != nil {
				t.Fatal(err)
			}
			base := map[string]any{"format": "readback-voice/1", "id": "evil", "name": "Evil", "engine": "piper", "version": 1}
			cases := []struct {
				name  string
				files []map[string]any
				want  string
			}{
				{"dot-dot file name", []map[string]any{{"name": "../../../escaped", "sha256": sum, "size": len(model)}}, "file name"},
				{"absolute file name", []map[string]any{{"name": "/etc/passwd", "sha256": sum, "size": len(model)}}, "file name"},
				{"control character", []map[string]any{{"name": "a\nb", "sha256": sum, "size": len(model)}}, "file name"},
				{"a download's partial name", []map[string]any{{"name": "m.onnx", "sha256": sum, "size": len(model)}, {"name": "m.onnx.part", "sha256": sum, "size": len(model)}}, ".part"},
				{"a device name", []map[string]any{{"name": "NUL.onnx", "sha256": sum, "size": len(model)}}, "device"},
				{"oversize", []map[string]any{{"name": "m.onnx", "sha256": sum, "size": int64(3) << 30}}, "out of bounds"},
				{"wrong checksum", []map[string]any{{"name": "m.onnx", "sha256": forged, "size": len(model)}}, "checksum mismatch"},
				{"not a checksum", []map[string]any{{"name": "m.onnx", "sha256": "../" + sum[3:], "size": len(model)}}, "SHA-256"},
			}
			for i, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					l := newLibrary(t, r, "bob")
					m := map[string]any{}
					for k, v := range base {
						m[k] = v
					}
					m["version"] = i + 1
					m["files"] = tc.files
					putManifest(t, r, "voices/evil/"+itoa(i+1)+"/manifest.json", m)
					_, err := l.InstallVoice(ctx, "evil", i+1, nil)
					if err == nil || !strings.Contains(err.Error(), tc.want) {
						t.Fatalf("install: %v, want a refusal about %q", err, tc.want)
					}
					if !strings.Contains(err.Error(), "evil") {
						t.Errorf("the refusal does not name the voice or object: %v", err)
					}
					for _, f := range listFiles(t, filepath.Dir(l.DataDir)) {
						if !strings.HasPrefix(filepath.Base(f), "library.db") {
							t.Errorf("left behind: %s", f)
						}
					}
					if packs, _ := l.Store.VoicePacks(ctx); len(packs) != 0 {
						t.Errorf("recorded as installed: %v", packs)
					}
				})
			}
			// The id itself from the index or the user is checked too.
			l := newLibrary(t, r, "bob")
			if _, err := l.InstallVoice(ctx, "../evil", 1, nil); err == nil {
				t.Error("a voice id with .. was accepted")
			}
		})
	}
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+i))) }

func TestHostileRenditionIndex(t *testing.T) {
	ctx := context.Background()
	r := library.NewMem()
	c := library.NewClient(r)
	pack := librarytest.Bytes(4000, 41)
	psum := librarytest.Sum(pack)
	c.UploadBytes(ctx, "renditions/packs/"+psum+".pcm", pack, library.PutOptions{})
	key := librarytest.Sum([]byte("a rendition"))
	entry := func(over map[string]any) map[string]any {
		e := map[string]any{"key": key, "offset": 0, "sha256": librarytest.Sum(pack[:2000]), "engine": "espeak", "voice": "en",
			"sample_rate": 22050, "samples": 1000, "marks": []any{}}
		for k, v := range over {
			e[k] = v
		}
		return e
	}
	for _, tc := range []struct {
		name  string
		entry map[string]any
	}{
		{"outside the pack", entry(map[string]any{"offset": 3000})},
		{"key not a key", entry(map[string]any{"key": "../../../etc/passwd"})},
		{"negative offset", entry(map[string]any{"offset": -2})},
		{"absurd sample rate", entry(map[string]any{"sample_rate": 1})},
		{"control characters", entry(map[string]any{"voice": "en\x1b[31m"})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLibrary(t, r, "bob")
			putManifest(t, r, "renditions/index/"+psum+".json", map[string]any{"format": "readback-renditions/1", "pack": psum, "size": len(pack),
				"entries": []any{tc.entry}})
			if _, err := l.RefreshRenditions(ctx, false); err != nil {
				t.Fatal(err)
			}
			if got, _ := l.Store.SharedRenditions(ctx, []string{key}); len(got) != 0 {
				t.Errorf("a hostile entry was recorded: %+v", got)
			}
			if n, err := l.Fetch(ctx, []string{key}); n != 0 || err != nil {
				t.Errorf("fetch: %d, %v", n, err)
			}
		})
	}
	t.Run("bytes that do not match", func(t *testing.T) {
		l := newLibrary(t, r, "bob")
		putManifest(t, r, "renditions/index/"+psum+".json", map[string]any{"format": "readback-renditions/1", "pack": psum, "size": len(pack),
			"entries": []any{entry(map[string]any{"sha256": librarytest.Sum([]byte("not these bytes"))})}})
		if n, err := l.Fetch(ctx, []string{key}); n != 0 || err != nil {
			t.Errorf("fetch of a rendition whose bytes differ: %d, %v", n, err)
		}
		if files := listFiles(t, filepath.Join(l.DataDir, "renditions")); len(files) != 0 {
			t.Errorf("written: %v", files)
		}
		if got, _ := l.Store.Renditions(ctx, []string{key}); len(got) != 0 {
			t.Errorf("recorded: %+v", got)
		}
	})
	t.Run("a pack gone from the bucket is forgotten; the others still come", func(t *testing.T) {
		l := newLibrary(t, r, "bob")
		putManifest(t, r, "renditions/index/"+psum+".json", map[string]any{"format": "readback-renditions/1", "pack": psum, "size": len(pack),
			"entries": []any{entry(nil)}})
		gone := librarytest.Sum([]byte("a pack that was deleted"))
		otherKey := librarytest.Sum([]byte("another rendition"))
		putManifest(t, r, "renditions/index/"+gone+".json", map[string]any{"format": "readback-renditions/1", "pack": gone, "size": len(pack),
			"entries": []any{entry(map[string]any{"key": otherKey})}})
		if n, err := l.Fetch(ctx, []string{key, otherKey}); n != 1 || err != nil {
			t.Fatalf("fetch: %d, %v; want the one rendition whose pack is there", n, err)
		}
		if known, _ := l.Store.SharedPackNames(ctx); known[gone] || !known[psum] {
			t.Errorf("known packs: %v", known)
		}
		r.Delete(ctx, "renditions/index/"+gone+".json")
	})
	t.Run("the good one", func(t *testing.T) {
		l := newLibrary(t, r, "bob")
		putManifest(t, r, "renditions/index/"+psum+".json", map[string]any{"format": "readback-renditions/1", "pack": psum, "size": len(pack),
			"entries": []any{entry(nil)}})
		if n, err := l.Fetch(ctx, []string{key}); n != 1 || err != nil {
			t.Fatalf("fetch: %d, %v", n, err)
		}
	})
}

func TestNarrationsAndShareLinks(t *testing.T) {
	ctx := context.Background()
	for name, newRemote := range remotes(t) {
		t.Run(name, func(t *testing.T) {
			r := newRemote(t)
			a, b := newLibrary(t, r, "alice"), newLibrary(t, r, "bob")
			audio := librarytest.Bytes(200_000, 51)
			path := filepath.Join(t.TempDir(), "book.m4b")
			os.WriteFile(path, audio, 0o644)
			m, err := a.PublishNarration(ctx, library.NarrationManifest{ID: "the-keeper", Title: "The Keeper", Voice: "espeak:en-gb-x-rp",
				DurationMs: 61_000, AudioFormat: "m4b", Chapters: []library.NarrationChapter{{Title: "One", StartMs: 0}, {Title: "Two", StartMs: 30_000}}}, 0, path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.PublishNarration(ctx, *m, 0, path); err != nil {
				t.Errorf("publishing the same narration again: %v", err)
			}
			other := filepath.Join(t.TempDir(), "other.m4b")
			os.WriteFile(other, librarytest.Bytes(1000, 52), 0o644)
			if _, err := b.PublishNarration(ctx, library.NarrationManifest{ID: "the-keeper", Title: "Mine", AudioFormat: "m4b"}, 0, other); fault.CodeOf(err) != fault.Conflict {
				t.Errorf("another narration under the same id: %v, want a conflict", err)
			}
			ns, err := b.Narrations(ctx)
			if err != nil || ns["the-keeper"].Title != "The Keeper" || ns["the-keeper"].Author != "alice" {
				t.Errorf("B sees %+v (%v)", ns, err)
			}
			dest := filepath.Join(t.TempDir(), "pulled.m4b")
			got, err := b.PullNarration(ctx, "the-keeper", dest, nil)
			if err != nil {
				t.Fatal(err)
			}
			if data, _ := os.ReadFile(dest); !bytes.Equal(data, audio) || len(got.Chapters) != 2 {
				t.Errorf("pulled %d bytes, %d chapters", len(data), len(got.Chapters))
			}
			for _, bad := range []time.Duration{time.Minute, 8 * 24 * time.Hour} {
				if _, _, err := b.ShareLink(ctx, "the-keeper", bad); fault.CodeOf(err) != fault.Invalid {
					t.Errorf("a link for %s: %v, want refused", bad, err)
				}
			}
			u, until, err := b.ShareLink(ctx, "the-keeper", 24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Until(until); d < 23*time.Hour || d > 25*time.Hour {
				t.Errorf("the link ends in %s", d)
			}
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !bytes.Equal(body, audio) {
				t.Errorf("the share link gave %d and %d bytes", resp.StatusCode, len(body))
			}
		})
	}
}

func TestIndexUpdatesDoNotLoseEachOther(t *testing.T) {
	ctx := context.Background()
	for name, newRemote := range remotes(t) {
		t.Run(name, func(t *testing.T) {
			r := newRemote(t)
			var wg sync.WaitGroup
			const n = 5
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					l := newLibrary(t, r, "writer")
					err := l.UpdateIndex(ctx, func(x *library.Index) error {
						x.Narrations["n"+itoa(i)] = library.IndexNarration{Title: "N"}
						return nil
					})
					if err != nil {
						t.Errorf("writer %d: %v", i, err)
					}
				}()
			}
			wg.Wait()
			x, _, err := newLibrary(t, r, "reader").ReadIndex(ctx)
			if err != nil || len(x.Narrations) != n {
				t.Errorf("the index holds %d narrations (%v), want %d: an update was lost", len(x.Narrations), err, n)
			}
		})
	}
}

func TestTestConnection(t *testing.T) {
	ctx := context.Background()
	for name, newRemote := range remotes(t) {
		t.Run(name, func(t *testing.T) {
			l := newLibrary(t, newRemote(t), "alice")
			checks := l.TestConnection(ctx)
			names := []string{}
			for _, c := range checks {
				names = append(names, c.Name)
				if !c.OK {
					t.Errorf("%s failed: %s", c.Name, c.Detail)
				}
			}
			if strings.Join(names, ",") != "list,put,get,conditional put,presign,delete" {
				t.Errorf("checks: %v", names)
			}
		})
	}
	t.Run("a store that ignores If-None-Match is reported", func(t *testing.T) {
		l := newLibrary(t, ignoresConditions{library.NewMem()}, "alice")
		for _, c := range l.TestConnection(ctx) {
			if c.Name == "conditional put" && (c.OK || !strings.Contains(c.Detail, "overwrite")) {
				t.Errorf("conditional put: %+v", c)
			}
		}
	})
}

type ignoresConditions struct{ *library.Mem }

func (m ignoresConditions) Put(ctx context.Context, key string, body io.ReaderAt, size int64, opt library.PutOptions) (library.Object, error) {
	opt.IfNoneMatch, opt.IfMatch = false, ""
	return m.Mem.Put(ctx, key, body, size, opt)
}

var _ = errors.New

// A link made with temporary credentials lasts no longer than they do, and says so.
func TestShareLinkEndsWithTemporaryCredentials(t *testing.T) {
	ctx := context.Background()
	v := librarytest.StartVersity(t)
	ends := time.Now().Add(2 * time.Hour)
	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: v.Access, SecretAccessKey: v.Secret, CanExpire: true, Expires: ends}, nil
	})
	r, err := library.NewS3(ctx, library.S3Config{Endpoint: v.Endpoint, Bucket: v.Bucket, PathStyle: true}, library.S3Options{Credentials: creds})
	if err != nil {
		t.Fatal(err)
	}
	l := newLibrary(t, r, "alice")
	path := filepath.Join(t.TempDir(), "b.wav")
	os.WriteFile(path, librarytest.Bytes(1000, 9), 0o644)
	if _, err := l.PublishNarration(ctx, library.NarrationManifest{ID: "n", Title: "N", AudioFormat: "wav"}, 0, path); err != nil {
		t.Fatal(err)
	}
	u, until, err := l.ShareLink(ctx, "n", 72*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if d := until.Sub(ends); d < -time.Second || d > time.Second {
		t.Errorf("the link ends %s, the credentials %s", until, ends)
	}
	if !strings.Contains(u, "X-Amz-Expires=71") && !strings.Contains(u, "X-Amz-Expires=72") {
		t.Errorf("the address lives %s, want about 7200 s", u[strings.Index(u, "X-Amz-Expires"):][:20])
	}
}

// The window's background sync: with the bucket gone it keeps trying, more and
// more slowly, and says why; when the bucket is back, what was edited meanwhile
// reaches it without anyone asking.
func TestBackgroundSyncResumesAfterAnOutage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	v := librarytest.StartVersity(t)
	st := openStore(t)
	dir := t.TempDir()
	set := library.Settings{S3: library.S3Config{Endpoint: v.Endpoint, Bucket: v.Bucket, PathStyle: true}, Author: "alice"}
	if _, err := library.SaveSettings(ctx, st, set); err != nil {
		t.Fatal(err)
	}
	changed := make(chan struct{}, 100)
	svc := &library.Service{Store: st, DataDir: dir, Interval: time.Hour, RetryAfter: 50 * time.Millisecond,
		OnChange: func() { changed <- struct{}{} },
		Connect: func(ctx context.Context, s library.Settings) (library.Remote, error) {
			return library.NewS3(ctx, s.S3, library.S3Options{Credentials: v.Credentials(), HeaderTimeout: time.Second})
		}}
	v.Kill()
	if err := st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Siobhan", Say: "Shiv-awn"}}); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { svc.Run(ctx); close(done) }()
	waitFor := func(what string, ok func(library.Status) bool) {
		t.Helper()
		deadline := time.After(90 * time.Second)
		for {
			s, _ := library.LastStatus(ctx, st)
			if ok(s) {
				return
			}
			select {
			case <-changed:
			case <-time.After(100 * time.Millisecond):
			case <-deadline:
				t.Fatalf("%s: the status stayed %+v", what, s)
			}
		}
	}
	waitFor("offline", func(s library.Status) bool { return s.Error != "" && s.LastOKAt == 0 })
	v.Restart()
	waitFor("back online", func(s library.Status) bool { return s.LastOKAt > 0 && s.Error == "" })
	// Bob, on the same bucket, has Alice's offline edit.
	bob := newLibrary(t, newS3(t, v, ""), "bob")
	if _, err := bob.SyncLexicon(ctx, false); err != nil {
		t.Fatal(err)
	}
	if es, _ := bob.Store.LexiconEntries(ctx, 0); len(es) != 1 || es[0].Say != "Shiv-awn" {
		t.Errorf("Bob's lexicon: %+v", es)
	}
	cancel()
	<-done
}

// stalling is a remote whose downloads of some files never arrive: each one says
// it started, then waits for its caller to give up.
type stalling struct {
	library.Remote
	sums    []string // the files' SHA-256s, in their keys
	started chan string
}

func (s stalling) Get(ctx context.Context, key string, off, n int64) (io.ReadCloser, library.Object, error) {
	if !slices.ContainsFunc(s.sums, func(sum string) bool { return strings.Contains(key, sum) }) {
		return s.Remote.Get(ctx, key, off, n)
	}
	s.started <- key
	<-ctx.Done()
	return nil, library.Object{}, ctx.Err()
}

// The window's Cancel stops every install under way and says so; a transfer
// started after it is not cancelled by it, and a Cancel with nothing under way is
// harmless.
func TestTransfersAreCancelled(t *testing.T) {
	ctx := context.Background()
	mem := library.NewMem()
	var sums []string
	for i, id := range []string{"lessac", "amy"} {
		model := librarytest.Bytes(1<<20, uint64(i+3))
		sums = append(sums, librarytest.Sum(model))
		spec := fmt.Sprintf(`{"id":%q,"name":%q,"engine":"piper","language":"en-us","licence":"CC-BY-4.0"}`, id, id)
		if _, err := newLibrary(t, mem, "alice").PublishVoice(ctx, voiceDir(t, spec, map[string][]byte{
			id + ".onnx": model, id + ".onnx.json": []byte(`{"audio":{"sample_rate":22050}}`)})); err != nil {
			t.Fatal(err)
		}
	}
	st := openStore(t)
	if _, err := library.SaveSettings(ctx, st, library.Settings{S3: library.S3Config{Endpoint: "http://127.0.0.1:9", Bucket: "team"}, Author: "bob"}); err != nil {
		t.Fatal(err)
	}
	started := make(chan string, 4)
	svc := &library.Service{Store: st, DataDir: t.TempDir(), Interval: time.Hour,
		Connect: func(context.Context, library.Settings) (library.Remote, error) {
			return stalling{Remote: mem, sums: sums, started: started}, nil
		}}
	svc.CancelTransfer() // nothing under way
	install := func(id string) chan error {
		done := make(chan error, 1)
		go func() { done <- svc.InstallVoice(ctx, id, nil) }()
		select {
		case <-started:
		case err := <-done:
			t.Fatalf("the install of %s ended before its download started: %v", id, err)
		case <-time.After(30 * time.Second):
			t.Fatalf("the download of %s never started", id)
		}
		return done
	}
	cancelled := func(done chan error) {
		t.Helper()
		select {
		case err := <-done:
			if fault.CodeOf(err) != fault.Conflict || !strings.Contains(fault.MessageOf(err), "was cancelled") {
				t.Errorf("cancelled install: %v", err)
			}
		case <-time.After(5 * time.Second): // it stops in milliseconds
			t.Fatal("Cancel did not stop an install")
		}
	}
	first, second := install("lessac"), install("amy")
	svc.CancelTransfer()
	cancelled(first)
	cancelled(second)
	third := install("lessac")
	select {
	case err := <-third:
		t.Fatalf("an install started after the Cancel ended: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	svc.CancelTransfer()
	cancelled(third)
}
