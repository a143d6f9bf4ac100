package editing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"readback/internal/audio"
	"readback/internal/audiobook"
	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/store"
)

// The lexicon's operations, the same for the window and the command line: a
// document's entries change as undoable actions of that document; the global
// lexicon's directly.

// PutPronunciation adds or changes an entry (DocumentID 0: the global lexicon).
func PutPronunciation(ctx context.Context, st *store.Store, e store.LexiconEntry) error {
	// Checked as written once normalised: IPA between slashes or brackets is its
	// symbols.
	if err := e.Validate(); err != nil {
		return err
	}
	if err := e.CheckIPA(); err != nil {
		return err
	}
	return putAll(ctx, st, e.DocumentID, undoLabel("pronounce %s", e.Word), []store.LexiconEntry{e})
}

// RemovePronunciation removes the entry for word from a document's lexicon (0:
// the global one).
func RemovePronunciation(ctx context.Context, st *store.Store, docID int64, word string) error {
	entries, err := st.LexiconEntries(ctx, docID)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Word != word {
			continue
		}
		if docID == 0 {
			return st.DeleteLexiconEntry(ctx, e.ID)
		}
		return st.EditLexicon(ctx, docID, undoLabel("remove %s", word), map[string]*store.LexiconEntry{word: nil})
	}
	return fault.New(fault.NotFound, "no entry for %q", word)
}

func putAll(ctx context.Context, st *store.Store, docID int64, label string, entries []store.LexiconEntry) error {
	if docID == 0 {
		return st.PutLexiconEntries(ctx, entries)
	}
	byWord := make(map[string]*store.LexiconEntry, len(entries))
	for i := range entries {
		if err := entries[i].Validate(); err != nil {
			return err
		}
		byWord[entries[i].Word] = &entries[i]
	}
	return st.EditLexicon(ctx, docID, label, byWord)
}

// ImportLexicon adds the entries of the lexicon file at path to a document's
// lexicon (0: the global one), all or none, and returns how many. Errors name the
// file (and the line).
func ImportLexicon(ctx context.Context, st *store.Store, docID int64, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return 0, fault.Wrap(err, fault.NotFound, "%s: %v", path, err)
	}
	defer f.Close()
	ps, err := narration.ParseLexicon(io.LimitReader(f, 16<<20), path)
	if err != nil {
		return 0, fault.Wrap(err, fault.Invalid, "%v", err)
	}
	entries := ps
	for i := range entries {
		entries[i].DocumentID = docID
	}
	if err := putAll(ctx, st, docID, undoLabel("import %s", filepath.Base(path)), entries); err != nil {
		return 0, fault.Wrap(err, fault.CodeOf(err), "%s: %s", path, fault.MessageOf(err))
	}
	scope := "global"
	if docID != 0 {
		scope = fmt.Sprintf("document %d", docID)
	}
	return len(entries), st.Audit(ctx, "lexicon.import", scope, fmt.Sprintf("%d entries from %s", len(entries), filepath.Base(path)))
}

// WriteLexicon writes a document's lexicon (0: the global one) in the lexicon file
// format.
func WriteLexicon(ctx context.Context, st *store.Store, docID int64, w io.Writer) error {
	entries, err := st.LexiconEntries(ctx, docID)
	if err != nil {
		return err
	}
	return narration.FormatLexicon(w, entries)
}

// ExportLexicon writes a document's lexicon (0: the global one) to path,
// atomically; a folder or one of the library's own files is refused.
func ExportLexicon(ctx context.Context, st *store.Store, docID int64, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fault.New(fault.Invalid, "%s: %v", path, err)
	}
	path = abs
	if err := audiobook.CheckOutput(path, filepath.Dir(st.Path())); err != nil {
		return err
	}
	f, err := audio.CreateAtomic(path)
	if err != nil {
		return fault.Wrap(err, fault.Invalid, "%s: %v", path, err)
	}
	defer f.Abort()
	if err := WriteLexicon(ctx, st, docID, f); err != nil {
		return err
	}
	return f.Commit()
}

// UnknownNames lists the names in a document that no lexicon entry covers (see
// narration.Names); headings are left out, as titles capitalise every word.
func UnknownNames(ctx context.Context, st *store.Store, docID int64) ([]narration.NameCount, error) {
	if _, err := st.Document(ctx, docID); err != nil {
		return nil, err
	}
	segs, err := st.Script(ctx, docID)
	if err != nil {
		return nil, err
	}
	entries, err := st.LexiconFor(ctx, docID)
	if err != nil {
		return nil, err
	}
	texts := make([]string, 0, len(segs))
	for _, g := range segs {
		if g.Kind != "heading" && !g.Edit.Skipped {
			texts = append(texts, g.SpokenText)
		}
	}
	return narration.Names(texts, narration.NewLexicon(entries)), nil
}

// undoLabel names an action in Undo. The label is kept in English; the window
// translates it by its format.
func undoLabel(format string, args ...any) string { return fmt.Sprintf(format, args...) }
