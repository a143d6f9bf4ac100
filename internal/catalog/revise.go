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

	"github.com/pmezard/go-difflib/difflib"

	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/store"
)

// SentenceChange is one difference between two versions of a manuscript.
type SentenceChange struct {
	Kind   string `json:"kind"`    // added, removed, changed
	OldOrd int    `json:"old_ord"` // -1 for added
	NewOrd int    `json:"new_ord"` // -1 for removed
	Old    string `json:"old,omitempty"`
	New    string `json:"new,omitempty"`
}

// Revision reports a new version read over a document.
type Revision struct {
	Result
	Added     int              `json:"added"`
	Removed   int              `json:"removed"`
	Changed   int              `json:"changed"`
	Unchanged int              `json:"unchanged"`
	Changes   []SentenceChange `json:"changes"`
}

// ReviseFile reads the manuscript at path as a new version of document id.
func (c *Catalog) ReviseFile(ctx context.Context, id int64, path string) (*Revision, error) {
	data, err := c.readFile(ctx, path)
	if err != nil {
		return nil, err
	}
	return c.Revise(ctx, id, filepath.Base(path), data)
}

// Revise reads data as a new version of document id, with the document's own
// import settings. Its segments are matched to the old ones by content: those that
// did not change keep their edits (and so their renditions, which are addressed by
// content); a changed sentence keeps its voice, rate, pause and skip but not a
// spoken text written for the old words. Nothing changes when any step fails.
func (c *Catalog) Revise(ctx context.Context, id int64, name string, data []byte) (*Revision, error) {
	return c.reviseFrom(ctx, id, name, data, origin{})
}

func (c *Catalog) reviseFrom(ctx context.Context, id int64, name string, data []byte, from origin) (*Revision, error) {
	name = cleanName(name)
	doc, err := c.store.Document(ctx, id)
	if err != nil {
		return nil, err
	}
	var opt narration.Options
	if err := json.Unmarshal([]byte(doc.Settings), &opt); err != nil {
		return nil, fmt.Errorf("document %d has unreadable settings: %w", id, err)
	}
	lim, err := c.Limits(ctx)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	out := &Revision{Result: Result{File: name, ID: id, Title: doc.Title, Format: doc.Format, Words: doc.Words,
		Sections: doc.Sections, Segments: doc.Segments}, Changes: []SentenceChange{}}
	if sha == doc.SHA256 {
		out.Unchanged = doc.Segments
		return out, nil // the same bytes: nothing to do
	}
	pr, err := Prepare(ctx, name, data, lim, opt)
	if err != nil {
		return nil, err
	}
	nd, script := pr.Doc, pr.Script
	nd.SourceURL, nd.FetchedAt = from.url, from.fetched
	out.Notes = pr.Notes
	nd.SHA256 = sha
	old, err := c.store.Script(ctx, id)
	if err != nil {
		return nil, err
	}
	oldSecs, err := c.store.Sections(ctx, id)
	if err != nil {
		return nil, err
	}
	var fresh []store.NewSegment
	for _, sec := range nd.Sections {
		fresh = append(fresh, sec.Segments...)
	}
	rev := &store.Revision{Doc: nd, Carry: make([]*store.Carried, len(fresh)), OrdMap: map[int]int{}, Voices: map[int]string{}}
	a, b := make([]string, len(old)), make([]string, len(fresh))
	for i, g := range old {
		a[i] = g.Hash
	}
	for i, g := range fresh {
		b[i] = g.Hash
	}
	// No automatic junk: in a long manuscript a frequent sentence ("Example:") must
	// still be matched where it stands.
	m := difflib.NewMatcherWithJunk(a, b, false, nil)
	for _, op := range m.GetOpCodes() {
		switch op.Tag {
		case 'e':
			for k := 0; k < op.I2-op.I1; k++ {
				o, n := op.I1+k, op.J1+k
				rev.Carry[n] = &store.Carried{State: old[o].Edit, RenderedKey: old[o].RenderedKey}
				rev.OrdMap[o] = n
				out.Unchanged++
			}
		case 'r':
			// Within a replaced run, a new sentence is the changed version of the old one
			// most like it (in order, a third of their words in common at least); the
			// others were added or removed.
			// A sentence replaced by one sentence is that sentence changed.
			next := op.I1
			oneForOne := op.I2-op.I1 == 1 && op.J2-op.J1 == 1
			for n := op.J1; n < op.J2; n++ {
				best, score := -1, 0.34
				if oneForOne {
					score = 0
				}
				for o := next; o < op.I2; o++ {
					if sc := similarity(old[o].SourceText, fresh[n].SourceText); sc >= score {
						best, score = o, sc
					}
				}
				if best < 0 {
					out.added(fresh, n, n+1)
					continue
				}
				out.removed(old, next, best)
				st := old[best].Edit
				st.SpokenText = nil
				rev.Carry[n] = &store.Carried{State: st, RenderedKey: old[best].RenderedKey}
				rev.OrdMap[best] = n
				out.Changes = append(out.Changes, SentenceChange{Kind: "changed", OldOrd: best, NewOrd: n, Old: old[best].SourceText, New: fresh[n].SourceText})
				out.Changed++
				next = best + 1
			}
			out.removed(old, next, op.I2)
		case 'i':
			out.added(fresh, op.J1, op.J2)
		case 'd':
			out.removed(old, op.I1, op.I2)
		}
	}
	// A chapter keeps its voice when the new version has a chapter of that title.
	byTitle := map[string]string{}
	for _, s := range oldSecs {
		if v := old[min(s.First, len(old)-1)].SectionVoice; v != "" && s.Segments > 0 {
			byTitle[s.Title] = v
		}
	}
	for i, sec := range nd.Sections {
		if v := byTitle[sec.Title]; v != "" {
			rev.Voices[i] = v
		}
	}
	if err := c.store.Revise(ctx, id, rev, out.Changes); err != nil {
		var fe *fault.Error
		if errors.As(err, &fe) {
			return nil, &fault.Error{Code: fe.Code, Message: name + ": " + fe.Message, Err: fe.Err}
		}
		return nil, fmt.Errorf("revise %s: %w", name, err)
	}
	out.Format, out.Words, out.Sections, out.Segments = nd.Format, nd.Words, len(script.Sections), script.Segments()
	return out, nil
}

func (r *Revision) added(fresh []store.NewSegment, from, to int) {
	for n := from; n < to; n++ {
		r.Changes = append(r.Changes, SentenceChange{Kind: "added", OldOrd: -1, NewOrd: n, New: fresh[n].SourceText})
		r.Added++
	}
}

func (r *Revision) removed(old []store.ScriptSegment, from, to int) {
	for o := from; o < to; o++ {
		r.Changes = append(r.Changes, SentenceChange{Kind: "removed", OldOrd: o, NewOrd: -1, Old: old[o].SourceText})
		r.Removed++
	}
}

// similarity is the share of words two sentences have in common (Jaccard, any case).
func similarity(a, b string) float64 {
	wa, wb := strings.Fields(strings.ToLower(a)), strings.Fields(strings.ToLower(b))
	set := map[string]int{}
	for _, w := range wa {
		set[strings.Trim(w, ".,;:!?\"'()")] |= 1
	}
	for _, w := range wb {
		set[strings.Trim(w, ".,;:!?\"'()")] |= 2
	}
	both := 0
	for _, v := range set {
		if v == 3 {
			both++
		}
	}
	if len(set) == 0 {
		return 0
	}
	return float64(both) / float64(len(set))
}

// LastRevision returns what the document's last new version changed (empty when it
// never had one).
func (c *Catalog) LastRevision(ctx context.Context, id int64) ([]SentenceChange, error) {
	raw, err := c.store.LastRevision(ctx, id)
	if err != nil {
		return nil, err
	}
	out := []SentenceChange{}
	if raw != nil {
		if err := json.Unmarshal(raw, &out); err != nil {
			return nil, fmt.Errorf("document %d: its last revision cannot be read: %w", id, err)
		}
	}
	return out, nil
}
