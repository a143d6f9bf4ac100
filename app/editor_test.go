package app_test

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"readback/app"
	"readback/internal/catalog"
	"readback/internal/playback"
	"readback/internal/playback/playbacktest"
	"readback/internal/render"
	"readback/internal/render/rendertest"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/ttstest"
)

type studio struct {
	st      *store.Store
	session *app.Session
	player  *app.Player
	editor  *app.Editor
	lexicon *app.Pronunciation
	r       *render.Renderer
	doc     int64
	events  *events
}

type events struct {
	mu  sync.Mutex
	got map[string][]any
}

func (e *events) add(name string, data any) {
	e.mu.Lock()
	e.got[name] = append(e.got[name], data)
	e.mu.Unlock()
}

func (e *events) of(name string) []any {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]any(nil), e.got[name]...)
}

// newStudio opens a library with one document and the player and editor over it;
// withSpeaker plays on ALSA's null device, else the window would play.
func newStudio(t *testing.T, text string, withSpeaker bool) *studio {
	t.Helper()
	return newStudioOf(t, text, withSpeaker, func(e tts.Engine) tts.Engine { return e })
}

// newStudioOf is newStudio with eSpeak wrapped (counted, held).
func newStudioOf(t *testing.T, text string, withSpeaker bool, wrap func(tts.Engine) tts.Engine) *studio {
	t.Helper()
	f := rendertest.NewWith(t, text, wrap)
	st, r := f.St, f.R
	s := app.NewSession()
	ev := &events{got: map[string][]any{}}
	s.OnEmit = ev.add
	log := slog.New(slog.NewTextHandler(discard{}, nil))
	var out playback.Output
	var devErr error
	if withSpeaker {
		out = playbacktest.Speaker(t)
	} else {
		devErr = playback.ErrNoDevice
	}
	p := app.NewPlayer(s, st, r, log, out, devErr)
	t.Cleanup(p.Close)
	edits := app.NewEdits(s, st, catalog.New(st), r, f.Reg, p, log)
	return &studio{st: st, session: s, player: p, editor: app.NewEditor(s, r, edits), lexicon: app.NewPronunciation(s, st, r, p, edits), r: r, doc: f.Doc, events: ev}
}

const tale = "# The Lighthouse\n\nSiobhan climbed the stairs. The lamp was cold.\n\nALICE: Where is it?\n\nBOB: Gone.\n\nALICE: Gone where?\n\n# Morning\n\nAt noon Siobhan woke.\n"

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestEditorEditsUndoRedoAndLexicon(t *testing.T) {
	s := newStudio(t, tale, false)
	page, err := s.editor.Sentences(s.doc, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	// 0 The Lighthouse · 1 Siobhan climbed… · 2 The lamp… · 3 ALICE: Where… · 4 BOB: Gone. ·
	// 5 ALICE: Gone where? · 6 Morning · 7 Siobhan slept…
	if page.Total != 8 || page.Missing != 8 || page.Stale != 0 || page.UndoName != "" || page.Items[3].Speaker != "ALICE" {
		t.Fatalf("first page: %+v", page)
	}
	spoken := "The old lamp was cold."
	if err := s.editor.EditSentence(s.doc, 2, store.SegmentState{SpokenText: &spoken}, ""); err != nil {
		t.Fatal(err)
	}
	page, _ = s.editor.Sentences(s.doc, 0, 100)
	if page.Items[2].Narrated != spoken || page.Items[2].SourceText != "The lamp was cold." || page.UndoName != "edit sentence 3" {
		t.Errorf("after the edit: %+v undo %q", page.Items[2], page.UndoName)
	}
	if len(s.events.of("editor:changed")) == 0 {
		t.Error("no editor:changed event")
	}
	if name, err := s.editor.Undo(s.doc); err != nil || name != "edit sentence 3" {
		t.Fatalf("undo: %q %v", name, err)
	}
	page, _ = s.editor.Sentences(s.doc, 0, 100)
	if page.Items[2].Narrated != "The lamp was cold." || page.RedoName != "edit sentence 3" || page.UndoName != "" {
		t.Errorf("after undo: %+v", page)
	}
	if name, _ := s.editor.Redo(s.doc); name != "edit sentence 3" {
		t.Fatalf("redo: %q", name)
	}

	// Speakers: ALICE twice, BOB once (listed once given a voice).
	page, err = s.editor.Sentences(s.doc, 0, 100)
	sp := page.Speakers
	if err != nil || len(sp) != 1 || sp[0].Name != "ALICE" || sp[0].Paragraphs != 2 {
		t.Errorf("speakers: %+v %v", sp, err)
	}
	if err := s.editor.SetSpeakerVoice(s.doc, "BOB", "espeak:en-us"); err != nil {
		t.Fatal(err)
	}
	if err := s.editor.SetSpeakerVoice(s.doc, "BOB", "espeak:no-such-voice"); err == nil {
		t.Error("an unknown voice was accepted")
	}
	page, _ = s.editor.Sentences(s.doc, 0, 100)
	if page.Items[4].Voice != "espeak:en-us" || page.Items[3].Voice != "" {
		t.Errorf("voices: BOB %q, ALICE %q", page.Items[4].Voice, page.Items[3].Voice)
	}

	// Render everything, then a lexicon entry makes exactly Siobhan's two sentences
	// stale, and they are rendered again automatically.
	// The run is over when it says so: the audio is recorded before the sentences
	// are marked as rendered with it, and only then can a change make them stale.
	told := len(s.events.of("editor:changed"))
	if err := s.editor.RenderChanged(s.doc, true); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "everything rendered", func() bool {
		p, _ := s.editor.Sentences(s.doc, 0, 100)
		return p.Missing == 0 && p.Stale == 0 && len(s.events.of("editor:changed")) > told
	})
	names, _ := s.lexicon.Names(s.doc)
	if len(names) != 1 || names[0].Word != "Siobhan" || names[0].Count != 2 {
		t.Errorf("names: %+v", names)
	}
	entry := store.LexiconEntry{DocumentID: s.doc, Word: "Siobhan", WholeWord: true, Say: "Shiv-awn"}
	if err := s.st.PutLexiconEntries(context.Background(), []store.LexiconEntry{entry}); err != nil {
		t.Fatal(err)
	}
	page, _ = s.editor.Sentences(s.doc, 0, 100)
	if page.Stale != 2 || page.Items[1].State != "stale" || page.Items[7].State != "stale" || page.Items[2].State != "ready" {
		t.Errorf("stale after a lexicon entry: %d (%s %s)", page.Stale, page.Items[1].State, page.Items[7].State)
	}
	// Through the editor, the entry changed again is re-rendered after, and undoable.
	entry.Say = "Shivawn"
	if err := s.lexicon.PutLexiconEntry(entry); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the stale sentences re-rendered", func() bool {
		p, _ := s.editor.Sentences(s.doc, 0, 100)
		return p.Stale == 0
	})
	page, _ = s.editor.Sentences(s.doc, 0, 100)
	if !strings.Contains(page.Items[1].Narrated, "Shivawn") {
		t.Errorf("narrated: %q", page.Items[1].Narrated)
	}
	lex, _ := s.lexicon.Lexicon(s.doc)
	if len(lex.Document) != 1 || len(lex.Global) != 0 {
		t.Errorf("lexicon: %+v", lex)
	}
	// A document's lexicon entry is undone like any edit.
	if name, err := s.editor.Undo(s.doc); err != nil || name != "pronounce Siobhan" {
		t.Fatalf("undo the entry: %q %v", name, err)
	}
	if lex, _ := s.lexicon.Lexicon(s.doc); len(lex.Document) != 1 || lex.Document[0].Say != "Shiv-awn" {
		t.Errorf("after undo the lexicon holds %+v", lex.Document)
	}
	if page, _ := s.editor.Sentences(s.doc, 0, 100); !strings.Contains(page.Items[1].Narrated, "Shiv-awn") {
		t.Errorf("after undo: %q", page.Items[1].Narrated)
	}
	if name, _ := s.editor.Redo(s.doc); name != "pronounce Siobhan" {
		t.Fatalf("redo the entry: %q", name)
	}
	lex, _ = s.lexicon.Lexicon(s.doc)
	if len(lex.Document) != 1 || lex.Document[0].Say != "Shivawn" {
		t.Errorf("after redo: %+v", lex.Document)
	}
	// Removing it is undoable too.
	if err := s.lexicon.DeleteLexiconEntry(lex.Document[0].ID); err != nil {
		t.Fatal(err)
	}
	if lex, _ := s.lexicon.Lexicon(s.doc); len(lex.Document) != 0 {
		t.Errorf("after remove: %+v", lex.Document)
	}
	if name, _ := s.editor.Undo(s.doc); name != "remove Siobhan" {
		t.Fatalf("undo the removal: %q", name)
	}
	lex, _ = s.lexicon.Lexicon(s.doc)

	// Export, delete, import again.
	file := filepath.Join(t.TempDir(), "names.txt")
	if err := s.lexicon.ExportLexiconFile(s.doc, file); err != nil {
		t.Fatal(err)
	}
	// The window's export checks its path as the command line's does.
	if err := s.lexicon.ExportLexiconFile(s.doc, s.st.Path()); err == nil || !strings.Contains(err.Error(), "library's own files") {
		t.Errorf("export over the library's database: %v", err)
	}
	if err := s.lexicon.DeleteLexiconEntry(lex.Document[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, err := s.lexicon.ImportLexiconFile(s.doc, file); err != nil || n != 1 {
		t.Errorf("import: %d %v", n, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("nothing here to read\n"), 0o644)
	if _, err := s.lexicon.ImportLexiconFile(s.doc, bad); err == nil || !strings.Contains(err.Error(), "bad.txt:1:") {
		t.Errorf("bad import: %v", err)
	}

	// Audition: a WAV of just the word, served with Range.
	au, err := s.lexicon.Audition(s.doc, entry, "")
	if err != nil {
		t.Fatal(err)
	}
	if au.Played {
		t.Error("no speaker here, yet the audition says it played")
	}
	h := app.AssetHandler(s.player, s.lexicon)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", au.URL, nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "audio/wav" || rec.Body.Len() < 1000 || !strings.HasPrefix(rec.Body.String(), "RIFF") {
		t.Errorf("audition: %d %q %d bytes", rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
	}
	// In another voice than the document's, at the document's rate.
	if _, err := s.lexicon.Audition(s.doc, entry, "espeak:en-gb-x-rp"); err != nil {
		t.Errorf("audition in a voice named: %v", err)
	}
}

// An edit in the window builds the book once for all who read it: the player
// reloading, the re-rendering of what went stale, the editor's page after
// "editor:changed".
func TestAnEditBuildsTheBookOnce(t *testing.T) {
	var eng *ttstest.Counting
	s := newStudioOf(t, tale, false, func(e tts.Engine) tts.Engine { eng = ttstest.NewCounting(e); return eng })
	if _, err := s.player.Open(s.doc); err != nil {
		t.Fatal(err)
	}
	told := len(s.events.of("editor:changed"))
	if err := s.editor.RenderChanged(s.doc, true); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "everything rendered", func() bool {
		// After the rendering's own "editor:changed": it does nothing more.
		p, _ := s.editor.Sentences(s.doc, 0, 100)
		return p.Missing == 0 && p.Stale == 0 && len(s.events.of("editor:changed")) > told
	})
	before := s.r.BooksBuilt()
	told = len(s.events.of("editor:changed"))
	// The re-rendering waits until the editor's page is read: under load it could
	// otherwise mark the sentence rendered first, a change the page must show.
	eng.Hold()
	spoken := "The old lamp was cold."
	if err := s.editor.EditSentence(s.doc, 2, store.SegmentState{SpokenText: &spoken}, ""); err != nil {
		t.Fatal(err)
	}
	page, err := s.editor.Sentences(s.doc, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if page.Stale != 1 {
		t.Errorf("the edited sentence is not stale on the page: %d stale", page.Stale)
	}
	waitUntil(t, "the re-rendering asking for the edited sentence", func() bool {
		texts := eng.Texts()
		return len(texts) > 0 && strings.Contains(texts[len(texts)-1], "old lamp")
	})
	if n := s.r.BooksBuilt() - before; n != 1 {
		t.Errorf("%d books built for one edit before it was rendered, want 1", n)
	}
	eng.Release()
	waitUntil(t, "the edited sentence rendered again", func() bool {
		return len(s.events.of("editor:changed")) > told+1
	})
}

// Without a device, the window plays: each sentence is served as WAV with Range,
// and its word marks point into the writer's text.
func TestWindowPlaybackServesSentences(t *testing.T) {
	s := newStudio(t, tale, false)
	info, err := s.player.Open(s.doc)
	if err != nil {
		t.Fatal(err)
	}
	if info.Device || info.DeviceError == "" || len(info.Clips) != 8 || len(info.Chapters) != 2 {
		t.Fatalf("info: %+v", info)
	}
	if err := s.player.Play(s.doc, 0, 0); err == nil {
		t.Error("native play without a device")
	}
	lex := store.LexiconEntry{DocumentID: s.doc, Word: "Siobhan", WholeWord: true, Say: "Shiv-awn"}
	s.lexicon.PutLexiconEntry(lex)
	clip, err := s.player.Clip(s.doc, 1)
	if err != nil {
		t.Fatal(err)
	}
	if clip.DurationMs < 500 || len(clip.Marks) < 3 || clip.PauseMs != render.DefaultPauses.Sentence {
		t.Fatalf("clip: %+v", clip)
	}
	src := "Siobhan climbed the stairs."
	if m := clip.Marks[0]; src[m.Start:m.End] != "Siobhan" {
		t.Errorf("first word mark points at %q", src[m.Start:m.End])
	}
	srv := httptest.NewServer(app.AssetHandler(s.player, s.lexicon))
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+clip.URL, nil)
	req.Header.Set("Range", "bytes=44-143")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || len(body) != 100 || !strings.HasPrefix(resp.Header.Get("Content-Range"), "bytes 44-143/") {
		t.Errorf("range: %d, %d bytes, %q", resp.StatusCode, len(body), resp.Header.Get("Content-Range"))
	}
	if resp, _ := http.Get(srv.URL + "/listen/1/999.wav"); resp.StatusCode != 200 { // past the end: the last sentence
		t.Errorf("past the end: %d", resp.StatusCode)
	}
	if resp, _ := http.Get(srv.URL + "/etc/passwd"); resp.StatusCode != 404 {
		t.Errorf("another path: %d", resp.StatusCode)
	}
	if err := s.player.Remember(s.doc, 5, 1200, 4500); err != nil {
		t.Fatal(err)
	}
	if info, _ := s.player.Open(s.doc); info.Position.Ord != 5 || info.Position.OffsetMs != 1200 {
		t.Errorf("remembered: %+v", info.Position)
	}
	// What the window played counts as time listened; a report of hours is cut to ten minutes.
	s.player.Remember(s.doc, 6, 0, 24*3600*1000)
	now := s.st.Now()
	totals, err := s.st.Totals(context.Background(), store.Span{From: now.Add(-time.Hour).UnixMilli(), To: now.Add(time.Hour).UnixMilli()})
	if err != nil || totals.ListenedMs != 4500+600_000 {
		t.Errorf("listened: %+v %v", totals, err)
	}
}

// With a device: play from a sentence, position events, pause remembers the
// place, and an edit while playing keeps playing.
func TestNativePlayback(t *testing.T) {
	s := newStudio(t, tale, true)
	info, err := s.player.Open(s.doc)
	if err != nil || !info.Device {
		t.Fatalf("open: %+v %v", info, err)
	}
	if err := s.player.Play(s.doc, 3, 0); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the end", func() bool {
		ev := s.events.of("player:position")
		return len(ev) > 0 && ev[len(ev)-1].(app.Position).Ended
	})
	// The null device takes audio faster than real time, so the events may catch
	// any sentence from the third on, or only the end.
	for _, e := range s.events.of("player:position") {
		if p := e.(app.Position); p.Document != s.doc || p.Ord < 3 || p.Count != 8 {
			t.Errorf("event: %+v", p)
		}
	}
	if err := s.player.Seek(6, 0); err != nil {
		t.Fatal(err)
	}
	s.player.Pause()
	waitUntil(t, "the place remembered", func() bool {
		p, _ := s.st.GetPosition(context.Background(), s.doc)
		return p.Ord == 6
	})
	if err := s.player.SetSpeed(5); err == nil {
		t.Error("speed 5 accepted")
	}
	if err := s.player.Next(true); err == nil {
		t.Error("next chapter from the last chapter")
	}
	// Skipping the sentence the player stands on moves it to the next one read.
	if err := s.editor.EditSentence(s.doc, 6, store.SegmentState{Skipped: true}, "skip"); err != nil {
		t.Fatal(err)
	}
	s.player.Resume()
	waitUntil(t, "the end again", func() bool {
		ev := s.events.of("player:position")
		p := ev[len(ev)-1].(app.Position)
		return p.Ended && p.Ord == 7
	})
	// Closing the window remembers the place, mid-sentence too.
	if err := s.player.Seek(2, 300); err != nil {
		t.Fatal(err)
	}
	s.player.Close()
	if p, _ := s.st.GetPosition(context.Background(), s.doc); p.Ord != 2 || p.OffsetMs != 300 {
		t.Errorf("after close: %+v", p)
	}
}

// A dropped file with the title of a document in the library is not imported
// unasked: the outcome names the document, and the writer reads it as a new
// version or adds it separately.
func TestSameTitleAsksForANewVersion(t *testing.T) {
	s := newStudio(t, tale, false)
	lib := app.NewLibrary(s.session, catalog.New(s.st), slog.New(slog.NewTextHandler(discard{}, nil)))
	v2 := strings.Replace(tale, "The lamp was cold.", "The lamp was colder than ice.", 1)
	b64 := base64.StdEncoding.EncodeToString([]byte(v2))
	o := lib.ImportData("tale-v2.md", b64, app.ImportSettings{})
	if o.Problem != nil || o.Result == nil || o.Result.VersionOf != s.doc || o.Result.Title != "The Lighthouse" {
		t.Fatalf("outcome: %+v %+v", o.Result, o.Problem)
	}
	if page, _ := lib.List("", 0); page.Total != 1 {
		t.Fatalf("%d documents after an unanswered same-title drop", page.Total)
	}
	rev, err := s.editor.NewVersionData(s.doc, "tale-v2.md", b64, "")
	if err != nil || rev.Changed != 1 || rev.Added+rev.Removed != 0 {
		t.Fatalf("new version: %+v %v", rev, err)
	}
	other := strings.Replace(v2, "Morning", "Evening", 1)
	o = lib.ImportData("tale-v3.md", base64.StdEncoding.EncodeToString([]byte(other)), app.ImportSettings{AsNew: true})
	if o.Result == nil || o.Result.VersionOf != 0 || o.Result.ID == s.doc {
		t.Errorf("as new: %+v %+v", o.Result, o.Problem)
	}
}
