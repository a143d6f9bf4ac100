// Package catalog keeps the writer's documents: it imports manuscripts (parse,
// validate, build the narration script, then one transaction) and lists, renames and
// deletes them.
package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"readback/internal/document"
	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/store"
	"readback/internal/tts/espeak"
)

// Catalog imports and manages documents.
type Catalog struct {
	store *store.Store
}

// New returns a catalog over st.
func New(st *store.Store) *Catalog { return &Catalog{store: st} }

// Result is the outcome of importing one file.
type Result struct {
	File      string `json:"file"`
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Format    string `json:"format"`
	Words     int    `json:"words"`
	Sections  int    `json:"sections"`
	Segments  int    `json:"segments"`
	Duplicate bool   `json:"duplicate"` // the same bytes were imported before; nothing was added
	// Without ImportSettings.AsNew: a document of the same title is in the library (this
	// one), so nothing was added; the writer chooses a new version of it or a
	// separate document.
	VersionOf int64 `json:"version_of,omitempty"`
	// Notes say what the import left out or could not read (undecodable characters
	// of a PDF, say); the document is complete otherwise.
	Notes []document.Note `json:"notes,omitempty"`
}

const limitsKey = "import.limits"

// Preferences returns the writer's preferences for the app (notifications, theme).
func (c *Catalog) Preferences(ctx context.Context) (store.Preferences, error) {
	return c.store.Preferences(ctx)
}

// SetPreferences keeps the writer's preferences, once valid. Amazon Polly's are
// kept as they are: they change through their own section (engines.Cloud), which a
// form holding an older copy must not undo.
func (c *Catalog) SetPreferences(ctx context.Context, p store.Preferences) error {
	cur, err := c.store.Preferences(ctx)
	if err != nil {
		return err
	}
	p.Polly = cur.Polly
	return c.store.SetPreferences(ctx, p)
}

// Limits returns the import limits in force (the defaults unless the user set others).
func (c *Catalog) Limits(ctx context.Context) (document.Limits, error) {
	lim := document.DefaultLimits()
	if _, err := c.store.Setting(ctx, limitsKey, &lim); err != nil {
		return lim, err
	}
	return lim, nil
}

// SetLimits changes the import limits.
func (c *Catalog) SetLimits(ctx context.Context, lim document.Limits) error {
	switch {
	case lim.MaxFileBytes < 1<<10 || lim.MaxFileBytes > 4<<30:
		return fault.New(fault.Invalid, "the file size limit must be between 1 KB and 4 GB")
	case lim.MaxExpandedBytes < 1<<20 || lim.MaxExpandedBytes > 16<<30:
		return fault.New(fault.Invalid, "the uncompressed size limit must be between 1 MB and 16 GB")
	case lim.MaxZipEntries < 10 || lim.MaxZipEntries > 1_000_000:
		return fault.New(fault.Invalid, "the archive entry limit must be between 10 and 1,000,000")
	case lim.MaxXMLDepth < 16 || lim.MaxXMLDepth > 10_000:
		return fault.New(fault.Invalid, "the nesting depth limit must be between 16 and 10,000")
	}
	return c.store.SetSetting(ctx, limitsKey, lim)
}

// ImportFile imports the manuscript at path.
func (c *Catalog) ImportFile(ctx context.Context, path string, opt narration.Options) (*Result, error) {
	data, err := c.readFile(ctx, path)
	if err != nil {
		return nil, err
	}
	return c.ImportBytes(ctx, filepath.Base(path), data, opt)
}

// ImportBytes imports a manuscript given as bytes (a drop into the window). Bytes
// already in the library are reported as a duplicate and not imported again. Nothing
// is written unless every step succeeds.
func (c *Catalog) ImportBytes(ctx context.Context, name string, data []byte, opt narration.Options) (*Result, error) {
	return c.importBytes(ctx, name, data, opt, false)
}

// ImportSettings are what the writer chose for an import in the window.
type ImportSettings struct {
	Footnotes    string `json:"footnotes"`
	Code         string `json:"code"`
	ChapterLevel int    `json:"chapter_level"`
	// AsNew imports a file as a separate document even when one of the same title
	// is in the library; without it, such a file is not imported and its result
	// names that document (Result.VersionOf), for the writer to choose.
	AsNew bool `json:"as_new"`
	// Language is the manuscript's language as a BCP 47 tag; "" takes it from the
	// file, else from its text.
	Language string `json:"language,omitempty"`
	// Password opens an encrypted PDF. It is used for this import only: never stored,
	// never logged.
	Password string `json:"password,omitempty"`
}

// Options are the narration options chosen.
func (s ImportSettings) Options() narration.Options {
	return narration.Options{Footnotes: narration.FootnoteMode(s.Footnotes), Code: narration.CodeMode(s.Code), ChapterLevel: s.ChapterLevel, Language: s.Language}
}

// ImportChosen imports a manuscript given as bytes as the writer chose: like
// ImportBytes when AsNew is set; otherwise, when the library holds a document
// with the same title (and other bytes), nothing is written and the result names
// that document (VersionOf), so that the writer can read the file as its new
// version instead.
func (c *Catalog) ImportChosen(ctx context.Context, name string, data []byte, s ImportSettings) (*Result, error) {
	return c.importBytes(document.WithPassword(ctx, s.Password), name, data, s.Options(), !s.AsNew)
}

// ImportFileChosen is ImportChosen for the file at path.
func (c *Catalog) ImportFileChosen(ctx context.Context, path string, s ImportSettings) (*Result, error) {
	data, err := c.readFile(ctx, path)
	if err != nil {
		return nil, err
	}
	return c.ImportChosen(ctx, filepath.Base(path), data, s)
}

// readFile reads a manuscript within the import limits.
func (c *Catalog) readFile(ctx context.Context, path string) ([]byte, error) {
	lim, err := c.Limits(ctx)
	if err != nil {
		return nil, err
	}
	return document.ReadFile(path, lim)
}

func (c *Catalog) importBytes(ctx context.Context, name string, data []byte, opt narration.Options, ask bool) (*Result, error) {
	return c.importFrom(ctx, name, data, origin{}, opt, ask)
}

// origin is where a manuscript came from when it was not a file: a web address and
// when it was fetched.
type origin struct {
	url     string
	fetched time.Time
}

func (c *Catalog) importFrom(ctx context.Context, name string, data []byte, from origin, opt narration.Options, ask bool) (*Result, error) {
	name = cleanName(name)
	lim, err := c.Limits(ctx)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if d, err := c.store.DocumentBySHA256(ctx, sha); err != nil {
		return nil, err
	} else if d != nil {
		return &Result{File: name, ID: d.ID, Title: d.Title, Format: d.Format, Words: d.Words,
			Sections: d.Sections, Segments: d.Segments, Duplicate: true}, nil
	}
	pr, err := Prepare(ctx, name, data, lim, opt)
	if err != nil {
		return nil, err
	}
	nd, script := pr.Doc, pr.Script
	nd.SHA256 = sha
	nd.SourceURL, nd.FetchedAt = from.url, from.fetched
	if ask {
		if same, err := c.store.DocumentByTitle(ctx, nd.Title); err != nil {
			return nil, err
		} else if same != nil {
			return &Result{File: name, ID: same.ID, Title: same.Title, Format: nd.Format, Words: nd.Words,
				Sections: len(script.Sections), Segments: script.Segments(), VersionOf: same.ID, Notes: pr.Notes}, nil
		}
	}
	id, err := c.store.CreateDocument(ctx, nd)
	var dup *store.Duplicate
	if errors.As(err, &dup) {
		// Another import of the same file got there first (two at once): its
		// document is this one.
		if d, derr := c.store.Document(ctx, dup.ID); derr == nil {
			return &Result{File: name, ID: d.ID, Title: d.Title, Format: d.Format, Words: d.Words,
				Sections: d.Sections, Segments: d.Segments, Duplicate: true}, nil
		}
	}
	if err != nil {
		var fe *fault.Error
		if errors.As(err, &fe) {
			return nil, fault.Prefix(name, fe)
		}
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	return &Result{File: name, ID: id, Title: nd.Title, Format: nd.Format, Words: nd.Words,
		Sections: len(script.Sections), Segments: script.Segments(), Notes: pr.Notes}, nil
}

// Prepared is what an import writes, and what it has to tell the writer.
type Prepared struct {
	Doc    *store.NewDocument
	Script *narration.Script
	Notes  []document.Note
}

// Prepare parses and validates a manuscript and builds everything its import writes,
// without touching the store. An encrypted PDF's password comes in ctx
// (document.WithPassword).
func Prepare(ctx context.Context, name string, data []byte, lim document.Limits, opt narration.Options) (*Prepared, error) {
	opt, err := opt.Normalize()
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: %v", name, err)
	}
	doc, err := document.Parse(ctx, name, data, lim)
	if err != nil {
		return nil, err
	}
	if opt.Language != "" {
		doc.Language = opt.Language
	}
	script, err := narration.Build(doc, opt)
	if err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%s: %v", name, err)
	}
	if script.Segments() == 0 {
		return nil, fault.New(fault.Invalid, "%s: nothing to read aloud with these settings (footnotes: %s, code: %s)", name, opt.Footnotes, opt.Code)
	}
	settings, _ := json.Marshal(opt)
	nd := &store.NewDocument{
		Title:      truncate(doc.Title, 300),
		Author:     truncate(doc.Author, 300),
		Language:   truncate(doc.Language, 35),
		Format:     string(doc.Format),
		SourceName: name,
		Size:       int64(len(data)),
		Words:      script.Words(),
		Settings:   string(settings),
	}
	for _, sec := range script.Sections {
		ns := store.NewSection{Title: truncate(sec.Title, 300), Level: min(max(sec.Level, 0), 6)}
		for _, seg := range sec.Segments {
			ns.Segments = append(ns.Segments, store.NewSegment{
				Kind: string(seg.Kind), Level: seg.Level, Block: seg.Block,
				SourceText: seg.Text, Start: seg.Start, End: seg.End, Hash: seg.Hash, Lang: truncate(seg.Lang, 35),
			})
		}
		nd.Sections = append(nd.Sections, ns)
	}
	return &Prepared{Doc: nd, Script: script, Notes: doc.Notes}, nil
}

// SetLanguage sets the language a document is read in (a BCP 47 tag), which decides
// its default voice and how its numbers are read; "" goes back to what its text
// says. The document's next versions keep the choice.
func (c *Catalog) SetLanguage(ctx context.Context, id int64, tag string) (string, error) {
	doc, err := c.store.Document(ctx, id)
	if err != nil {
		return "", err
	}
	var opt narration.Options
	if doc.Settings != "" {
		if err := json.Unmarshal([]byte(doc.Settings), &opt); err != nil {
			return "", fmt.Errorf("document %d has unreadable settings: %w", id, err)
		}
	}
	opt.Language = strings.TrimSpace(tag)
	if opt, err = opt.Normalize(); err != nil {
		return "", fault.New(fault.Invalid, "%v", err)
	}
	lang := opt.Language
	if lang == "" {
		segs, err := c.store.ScriptRange(ctx, id, 0, 199)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		for _, g := range segs {
			b.WriteString(g.SourceText + "\n")
		}
		lang = document.DetectLanguage(b.String())
	}
	settings, _ := json.Marshal(opt)
	return lang, c.store.SetDocumentLanguage(ctx, id, lang, string(settings))
}

// cleanName keeps the base name of a dropped file, which the webview may send with a
// fake path, and never anything that could be taken for a path.
func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == "" {
		return "untitled"
	}
	return truncate(name, 255)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// List returns a page of documents whose title contains query.
func (c *Catalog) List(ctx context.Context, query string, offset, limit int) (*DocumentList, error) {
	p, err := c.store.ListDocuments(ctx, query, offset, limit)
	if err != nil {
		return nil, err
	}
	rate, err := c.store.SpeechRate(ctx)
	if err != nil {
		return nil, err
	}
	return &DocumentList{Page: p, MsPerWord: rate}, nil
}

// DocumentList is a page of the library, and how long a word takes in the
// audiobooks already made (0 until one is), for estimating each one's length.
type DocumentList struct {
	*store.Page[store.Document]
	MsPerWord float64
}

// Rename changes a document's title.
func (c *Catalog) Rename(ctx context.Context, id int64, title string) error {
	title = strings.TrimSpace(title)
	if title == "" {
		return fault.New(fault.Invalid, "a title cannot be empty")
	}
	if utf8.RuneCountInString(title) > 300 {
		return fault.New(fault.Invalid, "a title can have at most 300 characters")
	}
	return c.store.RenameDocument(ctx, id, title)
}

// Delete removes a document.
func (c *Catalog) Delete(ctx context.Context, id int64) error { return c.store.DeleteDocument(ctx, id) }

// View is what the document view shows.
type View struct {
	Document store.Document  `json:"document"`
	Sections []store.Section `json:"sections"`
	// Chunks lay the text out in stretches the window renders as they come near
	// (Text gives each one's HTML): a novel's 30,000 sentences are never all in
	// the page at once.
	Chunks []Chunk `json:"chunks"`
	// Voiceless says that no installed voice reads the document's language: the
	// default voice reads it, and the writer should know.
	Voiceless bool `json:"voiceless"`
	// MsPerWord is the library's pace (as in DocumentList), for the document's
	// listening time before it has an audiobook or is played.
	MsPerWord float64 `json:"ms_per_word"`
}

// Voiceless reports whether no installed eSpeak voice reads the language tag (a
// document in it is read by the default English voice); English and no language
// never are.
func Voiceless(tag string) bool {
	_, ok := espeak.ReadsLanguage(tag)
	return !ok
}

// Chunk is a stretch of a chapter's whole paragraphs, sentences First to Last.
type Chunk struct {
	First   int `json:"first"`
	Last    int `json:"last"`
	Section int `json:"section"`
	Chars   int `json:"chars"` // of its text: the window's guess at its height until it is drawn
}

// chunkSentences is about how many sentences a chunk holds: a few screens of text.
const chunkSentences = 120

// View returns a document with its chapters and the layout of its text.
func (c *Catalog) View(ctx context.Context, id int64) (*View, error) {
	d, err := c.store.Document(ctx, id)
	if err != nil {
		return nil, err
	}
	secs, err := c.store.Sections(ctx, id)
	if err != nil {
		return nil, err
	}
	outline, err := c.store.Outline(ctx, id)
	if err != nil {
		return nil, err
	}
	rate, err := c.store.SpeechRate(ctx)
	if err != nil {
		return nil, err
	}
	return &View{Document: *d, Sections: secs, Chunks: chunks(outline), Voiceless: Voiceless(d.Language), MsPerWord: rate}, nil
}

// chunks cuts the text at chapters, and within a long chapter at the paragraph
// that passes chunkSentences: a paragraph is never cut.
func chunks(outline []store.OutlineSegment) []Chunk {
	out := []Chunk{}
	for i, g := range outline {
		last := len(out) - 1
		if last < 0 || g.Section != out[last].Section ||
			(g.Block != outline[i-1].Block && out[last].Last-out[last].First+1 >= chunkSentences) {
			out = append(out, Chunk{First: g.Ord, Last: g.Ord, Section: g.Section})
			last++
		}
		out[last].Last = g.Ord
		out[last].Chars += g.Chars + 1
	}
	return out
}

// maxTextSentences bounds what one call to Text renders.
const maxTextSentences = 2000

// Text renders sentences from to to (ords) of a document, sanitised: whole
// chapters' sections, or the part of one a chunk holds.
func (c *Catalog) Text(ctx context.Context, id int64, from, to int) (string, error) {
	if from < 0 || to < from || to-from >= maxTextSentences {
		return "", fault.New(fault.Invalid, "sentences %d to %d are not a stretch of at most %d", from+1, to+1, maxTextSentences)
	}
	doc, err := c.store.Document(ctx, id)
	if err != nil {
		return "", err
	}
	segs, err := c.store.ScriptRange(ctx, id, from, to)
	if err != nil {
		return "", err
	}
	if len(segs) == 0 {
		return "", fault.New(fault.NotFound, "document %d has no sentence %d", id, from+1)
	}
	var parts []narration.Part
	for _, g := range segs {
		if len(parts) == 0 || parts[len(parts)-1].Section != g.Section {
			// A chapter continues from an earlier stretch when its first sentence
			// here is not its first; the section's own first ord says.
			parts = append(parts, narration.Part{Section: g.Section, First: g.Ord, Continues: g.Ord > 0 && g.Ord == from})
		}
		p := &parts[len(parts)-1]
		seg := narration.Segment{Kind: document.Kind(g.Kind), Level: g.Level, Block: g.Block, Text: g.SourceText}
		if lang, passage := narration.PassageLanguage(doc.Language, g.Lang); passage {
			seg.Lang = lang // marked in the view only where it is another than the document's
		}
		p.Segments = append(p.Segments, seg)
	}
	if parts[0].Continues {
		// Only if the sentence before is of the same chapter.
		prev, err := c.store.ScriptRange(ctx, id, from-1, from-1)
		if err != nil {
			return "", err
		}
		parts[0].Continues = len(prev) == 1 && prev[0].Section == segs[0].Section
	}
	return narration.RenderParts(parts), nil
}

// Found is where a phrase is in a document: the first sentences holding it (ords),
// and how many there are.
type Found struct {
	Ords  []int `json:"ords"`
	Total int   `json:"total"`
}

// maxFound bounds the sentences Find lists.
const maxFound = 1000

// Find looks for a phrase in a document's sentences, in any case.
func (c *Catalog) Find(ctx context.Context, id int64, phrase string) (*Found, error) {
	phrase = strings.TrimSpace(phrase)
	if phrase == "" || utf8.RuneCountInString(phrase) > 200 {
		return nil, fault.New(fault.Invalid, "search for 1 to 200 characters")
	}
	ords, total, err := c.store.FindSegments(ctx, id, phrase, maxFound)
	if err != nil {
		return nil, err
	}
	if ords == nil {
		ords = []int{}
	}
	return &Found{Ords: ords, Total: total}, nil
}
