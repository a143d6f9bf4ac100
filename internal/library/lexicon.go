package library

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"readback/internal/fault"
	"readback/internal/store"
)

// LexiconKey is where the team's global lexicon lives in the bucket.
const LexiconKey = "lexicons/global.json"

// The shared lexicon's formats: /2 is /1 with entries in IPA, written only when an
// entry has IPA, so that a Readback from before IPA refuses the file (and says so)
// instead of dropping the IPA when it writes the lexicon back.
const (
	lexiconFormat    = "readback-lexicon/1"
	lexiconFormatIPA = "readback-lexicon/2"
)

// formatFor is the format entries are written in.
func formatFor(entries []store.LexiconVersion, history []store.LexiconConflict) string {
	for _, v := range entries {
		if v.IPA != "" {
			return lexiconFormatIPA
		}
	}
	for _, c := range history {
		if c.Kept.IPA != "" || c.Lost.IPA != "" {
			return lexiconFormatIPA
		}
	}
	return lexiconFormat
}

// MaxLexiconEntries bounds a lexicon read from the bucket.
const MaxLexiconEntries = 50_000

// maxHistory is how many lost edits the shared lexicon keeps.
const maxHistory = 500

// lexiconDoc is the shared lexicon: every word's latest version (tombstones
// included, so that removals travel) and the edits that lost a conflict.
type lexiconDoc struct {
	Format  string                  `json:"format"`
	Entries []store.LexiconVersion  `json:"entries"`
	History []store.LexiconConflict `json:"history,omitempty"`
}

func parseLexicon(data []byte) (*lexiconDoc, error) {
	var d lexiconDoc
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("%s is not a lexicon: %w", LexiconKey, err)
	}
	if d.Format != lexiconFormat && d.Format != lexiconFormatIPA {
		return nil, fmt.Errorf("%s has format %q; this Readback reads %q and %q", LexiconKey, d.Format, lexiconFormat, lexiconFormatIPA)
	}
	if len(d.Entries) > MaxLexiconEntries {
		return nil, fmt.Errorf("%s has %d entries, more than the %d allowed", LexiconKey, len(d.Entries), MaxLexiconEntries)
	}
	seen := map[string]bool{}
	for i := range d.Entries {
		v := &d.Entries[i]
		if seen[v.Word] {
			return nil, fmt.Errorf("%s holds %q twice", LexiconKey, v.Word)
		}
		seen[v.Word] = true
		if err := validText("the author of "+v.Word, v.Author); err != nil {
			return nil, fmt.Errorf("%s: %w", LexiconKey, err)
		}
		if v.Deleted {
			e := store.LexiconEntry{Word: v.Word, Say: "-"}
			if err := e.Validate(); err != nil {
				return nil, fmt.Errorf("%s: %s", LexiconKey, fault.MessageOf(err))
			}
			continue
		}
		e := v.Entry()
		if err := e.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %s", LexiconKey, fault.MessageOf(err))
		}
		v.Word, v.Say, v.Phonemes, v.IPA = e.Word, e.Say, e.Phonemes, e.IPA
	}
	if len(d.History) > maxHistory {
		d.History = d.History[len(d.History)-maxHistory:]
	}
	for _, c := range d.History {
		for _, v := range []store.LexiconVersion{c.Kept, c.Lost} {
			e := v.Entry()
			if v.Deleted {
				e.Say = "-"
			}
			if e.Validate() != nil || validText("an author", v.Author) != nil || c.Word != v.Word {
				return nil, fmt.Errorf("%s: its history holds an entry that is not valid", LexiconKey)
			}
		}
	}
	return &d, nil
}

// LexiconMerge is the outcome of merging the local and the shared lexicon.
type LexiconMerge struct {
	Final     []store.LexiconVersion  // every word's version after the sync
	Conflicts []store.LexiconConflict // concurrent edits: the later kept, the other lost
	Pulled    []string                // words that change here
	Pushed    []string                // words that change in the bucket
}

// MergeLexicons merges entry by entry. A side changed a word when its version is
// not the one agreed at the last sync; a word changed on one side only takes that
// side's version; a word changed on both takes the later edit (then the author, so
// that every laptop decides alike), and the other edit is recorded as lost.
func MergeLexicons(local, synced, remote map[string]store.LexiconVersion) LexiconMerge {
	words := map[string]bool{}
	for w := range local {
		words[w] = true
	}
	for w := range remote {
		words[w] = true
	}
	sorted := make([]string, 0, len(words))
	for w := range words {
		sorted = append(sorted, w)
	}
	sort.Strings(sorted)
	var m LexiconMerge
	agreed := func(v store.LexiconVersion, ok bool, w string) bool {
		b, had := synced[w]
		return ok && had && v.UpdatedAt == b.UpdatedAt && v.Deleted == b.Deleted && v.Author == b.Author
	}
	for _, w := range sorted {
		l, lok := local[w]
		r, rok := remote[w]
		var win store.LexiconVersion
		switch {
		case !rok:
			win = l
		case !lok:
			win = r
		case l.UpdatedAt == r.UpdatedAt && l.Author == r.Author && l.SameContent(r):
			win = r
		case agreed(l, lok, w):
			win = r
		case agreed(r, rok, w):
			win = l
		default:
			win, lose := l, r
			if later(r, l) {
				win, lose = r, l
			}
			if !win.SameContent(lose) {
				m.Conflicts = append(m.Conflicts, store.LexiconConflict{Word: w, Kept: win, Lost: lose})
			}
			m.Final = append(m.Final, win)
			m.note(w, win, l, lok, r, rok)
			continue
		}
		m.Final = append(m.Final, win)
		m.note(w, win, l, lok, r, rok)
	}
	return m
}

func (m *LexiconMerge) note(w string, win, l store.LexiconVersion, lok bool, r store.LexiconVersion, rok bool) {
	if !lok || l != win {
		m.Pulled = append(m.Pulled, w)
	}
	if !rok || r != win {
		m.Pushed = append(m.Pushed, w)
	}
}

func later(a, b store.LexiconVersion) bool {
	if a.UpdatedAt != b.UpdatedAt {
		return a.UpdatedAt > b.UpdatedAt
	}
	return a.Author > b.Author
}

// LexiconReport tells what a lexicon sync did (or, dry, would do).
type LexiconReport struct {
	Pulled    []string                `json:"pulled"`
	Pushed    []string                `json:"pushed"`
	Conflicts []store.LexiconConflict `json:"conflicts"` // found by this sync
	// Lost are this library's edits that lost on another laptop, learnt now.
	Lost []store.LexiconConflict `json:"lost"`
}

// SyncLexicon merges the global lexicon with the bucket's, entry by entry. The
// bucket's copy is replaced only if it is still the version read (If-Match, or
// If-None-Match when there was none); a lost race reads it again and merges again.
func (l *Library) SyncLexicon(ctx context.Context, dry bool) (*LexiconReport, error) {
	// Conflicts found by an attempt that then lost a race stay found: the next
	// attempt merges against a bucket that may already hold this sync's result.
	var found []store.LexiconConflict
	for attempt := 0; attempt < 8; attempt++ {
		if attempt > 0 {
			if err := sleep(ctx, Backoff{Base: 50 * time.Millisecond, Max: 2 * time.Second}.Wait(attempt)); err != nil {
				return nil, err
			}
		}
		st, err := l.Store.LexiconSyncState(ctx)
		if err != nil {
			return nil, err
		}
		for w, v := range st.Local {
			if v.Author == "" {
				v.Author = l.Author
				st.Local[w] = v
			}
		}
		doc := &lexiconDoc{Format: lexiconFormat}
		data, obj, err := l.Client.ReadSmall(ctx, LexiconKey, MaxLexiconEntries*1024)
		switch {
		case errors.Is(err, ErrNotFound):
			obj = Object{}
		case err != nil:
			return nil, err
		default:
			if doc, err = parseLexicon(data); err != nil {
				return nil, err
			}
		}
		remote := make(map[string]store.LexiconVersion, len(doc.Entries))
		for _, v := range doc.Entries {
			remote[v.Word] = v
		}
		m := MergeLexicons(st.Local, st.Synced, remote)
		now := l.Now().UnixMilli()
		for _, c := range m.Conflicts {
			c.At = now
			found = addConflict(found, c)
		}
		rep := &LexiconReport{Pulled: nonNil(m.Pulled), Pushed: nonNil(m.Pushed), Conflicts: append([]store.LexiconConflict{}, found...), Lost: []store.LexiconConflict{}}
		if dry {
			return rep, nil
		}
		history := doc.History
		for _, c := range found {
			history = addConflict(history, c)
		}
		if len(m.Pushed) > 0 || len(history) != len(doc.History) {
			out := lexiconDoc{Entries: m.Final, History: history}
			if len(out.History) > maxHistory {
				out.History = out.History[len(out.History)-maxHistory:]
			}
			out.Format = formatFor(out.Entries, out.History)
			body, err := json.MarshalIndent(out, "", " ")
			if err != nil {
				return nil, err
			}
			opt := PutOptions{ContentType: "application/json", IfMatch: obj.ETag, IfNoneMatch: obj.ETag == ""}
			if _, err := l.Client.UploadBytes(ctx, LexiconKey, body, opt); errors.Is(err, ErrPrecondition) {
				continue // someone synced in between: read theirs and merge again
			} else if err != nil {
				return nil, err
			}
		}
		// This library's edits that lost on another laptop are shown here too.
		keep := append([]store.LexiconConflict{}, found...)
		known, err := l.Store.LexiconConflicts(ctx, maxHistory)
		if err != nil {
			return nil, err
		}
		rep.Lost = []store.LexiconConflict{}
		for _, c := range doc.History {
			if c.Lost.Author != l.Author {
				continue
			}
			keep = addConflict(keep, c)
			isNew := true
			for _, k := range known {
				isNew = isNew && !(k.Word == c.Word && k.Kept == c.Kept && k.Lost == c.Lost)
			}
			if isNew {
				rep.Lost = append(rep.Lost, c)
			}
		}
		if err := l.Store.ApplyLexiconSync(ctx, st.Generation, m.Final, keep); fault.CodeOf(err) == fault.Conflict {
			continue // an edit here during the sync: merge again
		} else if err != nil {
			return nil, err
		}
		return rep, nil
	}
	return nil, fault.New(fault.Conflict, "the shared lexicon kept changing during the sync; try again")
}

// addConflict appends c unless the same lost edit is there already.
func addConflict(list []store.LexiconConflict, c store.LexiconConflict) []store.LexiconConflict {
	for _, o := range list {
		if o.Word == c.Word && o.Lost == c.Lost && o.Kept == c.Kept {
			return list
		}
	}
	return append(list, c)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
