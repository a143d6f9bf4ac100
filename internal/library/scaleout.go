package library

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"readback/internal/audio"
	"readback/internal/audiobook"
	"readback/internal/fault"
	"readback/internal/lexicon"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts/polly"
)

// Scale-out: a conversion handed to Amazon Polly's asynchronous tasks, one per
// part of a chapter, which Polly writes straight into the shared bucket. The tasks
// are recorded as soon as they are accepted and polled with backoff; the book is
// then assembled from the bucket (ranged, resumable reads) into the output file.
// A conversion run again — after a crash, a restart, or just again — polls and
// reuses the tasks it has instead of paying for them twice.

// TaskAPI is what scale-out needs of Polly (polly.Tasks, or a test's stand-in).
type TaskAPI interface {
	Start(ctx context.Context, ssml, bucket, keyPrefix string) (polly.Task, error)
	Get(ctx context.Context, id string) (polly.Task, error)
}

// Remote conversion bounds: a task's text, and a part's PCM.
const (
	maxPartCharacters = 90_000 // billed characters (Polly's limit is 100,000)
	maxPartSSML       = 190_000
	maxPartBytes      = 1 << 30
)

// RemoteOptions tune scale-out.
type RemoteOptions struct {
	Tasks TaskAPI
	// Poll is the wait between polls (default: 2 s growing to a minute, jittered).
	Poll Backoff
	// MaxCharacters is the cost guard (0: the Polly settings', else the default).
	MaxCharacters int
	Progress      render.Progress
}

// RemoteResult reports a remote conversion.
type RemoteResult struct {
	Output       string          `json:"output"`
	Segments     int             `json:"segments"`
	Parts        int             `json:"parts"`
	Characters   int             `json:"characters"`
	Engine       string          `json:"engine"`  // Polly's (standard, neural, …)
	Started      int             `json:"started"` // tasks started by this run
	AudioSeconds float64         `json:"audio_seconds"`
	Chapters     []audio.Chapter `json:"chapters"`
}

type part struct {
	section    int
	ssml       string
	characters int
	segments   int
}

// remoteParts turns the book into SSML parts: each chapter alone, long ones cut at
// sentences; the pauses between sentences and paragraphs are SSML breaks, and the
// lexicon's entries <phoneme>s (ipaOf gives the IPA of eSpeak's phonemes).
func remoteParts(book *render.Book, p render.Pauses, ipaOf func(mnemonics string) string) []part {
	var parts []part
	var b strings.Builder
	cur := part{section: -1}
	flush := func() {
		if cur.section >= 0 && cur.characters > 0 {
			b.WriteString("</speak>")
			cur.ssml = b.String()
			parts = append(parts, cur)
		}
		b.Reset()
		b.WriteString("<speak>")
		cur.characters, cur.segments = 0, 0
	}
	for i, it := range book.Items {
		ssml, chars := remoteSSML(strings.TrimSpace(it.Text), ipaOf)
		if it.Section != cur.section || cur.characters+chars > maxPartCharacters || b.Len()+len(ssml)+40 > maxPartSSML {
			flush()
			cur.section = it.Section
		}
		b.WriteString(ssml)
		cur.characters += chars
		cur.segments++
		if i+1 < len(book.Items) && book.Items[i+1].Section == it.Section {
			fmt.Fprintf(&b, ` <break time="%dms"/> `, render.PauseBetween(it, book.Items[i+1], p))
		}
	}
	flush()
	return parts
}

// remoteSSML is a sentence's text as SSML, and the characters Polly bills for it:
// the text escaped, each lexicon entry in it ([[ipa:…]], or eSpeak's [[…]] through
// ipaOf) a <phoneme alphabet="ipa"> (one eSpeak cannot say is left out).
func remoteSSML(text string, ipaOf func(string) string) (string, int) {
	var b strings.Builder
	chars := 0
	say := func(s string) {
		b.WriteString(html.EscapeString(s))
		chars += len(s)
	}
	for len(text) > 0 {
		i := strings.Index(text, "[[")
		j := -1
		if i >= 0 {
			j = strings.Index(text[i:], "]]")
		}
		if i < 0 || j < 0 {
			say(text)
			break
		}
		say(text[:i])
		ipa, _, isIPA := lexicon.IPAAt(text, i, i+j+2)
		if !isIPA && ipaOf != nil {
			ipa = ipaOf(text[i+2 : i+j])
		}
		if ipa = strings.TrimSpace(ipa); ipa != "" && !strings.ContainsAny(ipa, `<>&"`) {
			fmt.Fprintf(&b, `<phoneme alphabet="ipa" ph="%s">%s</phoneme>`, ipa, ipa)
			chars += len(ipa)
		}
		text = text[i+j+2:]
	}
	return b.String(), chars
}

// phonemesOf gives the IPA eSpeak says its phonemes with in the document's
// language ("" when it cannot).
func (l *Library) phonemesOf(ctx context.Context, r *render.Renderer, docID int64) func(string) string {
	language := ""
	if doc, err := l.Store.Document(ctx, docID); err == nil {
		language = doc.Language
	}
	return func(mnemonics string) string {
		ipa, err := r.PhonemesIPA(ctx, language, mnemonics)
		if err != nil {
			return ""
		}
		return ipa
	}
}

// QuoteRemote prices converting the document in the cloud: every part is handed
// to Polly (its tasks keep no sentence audio here), at the library's Polly engine.
func (l *Library) QuoteRemote(ctx context.Context, r *render.Renderer, docID int64, v render.Voice, p render.Pauses) (*render.Quote, error) {
	if l.Settings.Polly == nil {
		return nil, fault.New(fault.Unavailable, "Amazon Polly is not set up: see Settings → Shared library, or 'readback sync settings --polly-voice'")
	}
	book, err := r.Book(ctx, docID, v)
	if err != nil {
		return nil, err
	}
	chars := 0
	for _, part := range remoteParts(book, p, l.phonemesOf(ctx, r, docID)) {
		chars += part.characters
	}
	engine := cmp.Or(l.Settings.Polly.Engine, "neural")
	w := render.BilledWork{Engine: "polly", Tier: engine, Sentences: len(book.Items), Characters: int64(chars),
		Price: polly.Cost(engine, int64(chars)), BudgetLeft: -1}
	if left, limited, err := render.PreferencesBudget(l.Store).Left(ctx, "polly"); err != nil {
		return nil, err
	} else if limited {
		w.BudgetLeft = left
	}
	// Every part is read by the library's Polly voice, whatever voices it was given.
	voice := render.VoiceShare{Voice: "polly:" + polly.VoiceID(l.Settings.Polly.Voice, engine), Sentences: len(book.Items)}
	return &render.Quote{Sentences: len(book.Items), Missing: len(book.Items), Billed: []render.BilledWork{w}, Price: w.Price,
		Voices: []render.VoiceShare{voice}}, nil
}

// ConvertRemote converts a document through Polly into q.Output.
func (l *Library) ConvertRemote(ctx context.Context, r *render.Renderer, q audiobook.ConvertRequest, o RemoteOptions) (*RemoteResult, error) {
	doc, err := l.Store.Document(ctx, q.DocumentID)
	if err != nil {
		return nil, err
	}
	if _, err := audiobook.ResolveOutputs(&q, audiobook.OutputsOf(l.Store, doc)); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	if q.PerChapter || q.Subtitles != "" {
		return nil, fault.New(fault.Invalid, "a conversion in the cloud writes one file, without subtitles")
	}
	if o.Tasks == nil {
		return nil, fault.New(fault.Unavailable, "Amazon Polly is not set up: see Settings → Shared library, or 'readback sync settings --polly-voice'")
	}
	book, err := r.Book(ctx, q.DocumentID, q.Voice)
	if err != nil {
		return nil, err
	}
	parts := remoteParts(book, *q.Pauses, l.phonemesOf(ctx, r, q.DocumentID))
	if len(parts) == 0 {
		return nil, fault.New(fault.Invalid, "document %d has nothing to read", q.DocumentID)
	}
	res := &RemoteResult{Output: q.Output, Parts: len(parts), Segments: len(book.Items)}
	h := sha256.New()
	pc := l.Settings.Polly
	if pc == nil {
		pc = &polly.Config{}
	}
	fmt.Fprintf(h, "%d\x00%s\x00%s\x00", q.DocumentID, pc.Voice, pc.Engine)
	res.Engine = cmp.Or(pc.Engine, "neural")
	for _, p := range parts {
		res.Characters += p.characters
		fmt.Fprintf(h, "%d\x00%s\x00", p.section, p.ssml)
	}
	jobKey := hex.EncodeToString(h.Sum(nil))[:32]
	limit := o.MaxCharacters
	if limit <= 0 {
		limit = pc.MaxCharacters
	}
	if limit <= 0 {
		limit = polly.DefaultMaxCharacters
	}
	if res.Characters > limit {
		return nil, fault.New(fault.Invalid, "this book would send %d characters to Polly, more than the %d allowed by the cost guard (with the %s engine it would cost about $%.2f): raise the limit (--max-characters N, or Settings → Amazon Polly), or convert here",
			res.Characters, limit, res.Engine, polly.Cost(res.Engine, int64(res.Characters)))
	}
	tasks, err := l.Store.RemoteTasks(ctx, jobKey)
	if err != nil {
		return nil, err
	}
	// The writer's monthly budget holds for what has not been handed to Polly yet.
	unsent := 0
	for i, p := range parts {
		if t, ok := tasks[i]; !ok || t.Status == "failed" {
			unsent += p.characters
		}
	}
	if left, limited, err := render.PreferencesBudget(l.Store).Left(ctx, "polly"); err != nil {
		return nil, err
	} else if limited && int64(unsent) > left {
		return nil, render.OverBudget("polly", res.Engine, int64(unsent), polly.Cost(res.Engine, int64(unsent)), left)
	}
	prefixOf := func(i int) string { return "remote/" + jobKey + "/part-" + fmt.Sprintf("%04d", i) + "-" }
	bucketPrefix := l.Settings.S3.Prefix
	if bucketPrefix != "" {
		bucketPrefix += "/"
	}
	// Progress counts the segments of the parts Polly has finished.
	done := 0
	report := func() {
		if o.Progress != nil {
			o.Progress(done, res.Segments)
		}
	}
	// Start what has no task yet. A task Polly accepted but that was not recorded
	// (a crash in between) shows as its output in the bucket, and is adopted.
	for i, p := range parts {
		if t, ok := tasks[i]; ok && t.Status != "failed" {
			continue
		}
		if objs, err := l.Client.Remote.List(ctx, prefixOf(i)); err == nil && len(objs) == 1 {
			id := strings.TrimSuffix(strings.TrimPrefix(objs[0].Key, prefixOf(i)), ".pcm")
			t := store.RemoteTask{JobKey: jobKey, Part: i, TaskID: id, Status: "completed", Characters: p.characters}
			if err := l.Store.PutRemoteTask(ctx, t); err != nil {
				return nil, err
			}
			tasks[i] = t
			continue
		}
		var task polly.Task
		err := l.Client.Backoff.Do(ctx, func() error {
			var err error
			task, err = o.Tasks.Start(ctx, p.ssml, l.Settings.S3.Bucket, bucketPrefix+prefixOf(i))
			if errors.Is(err, polly.ErrTransient) {
				return &remoteError{kind: ErrTransient, op: "polly", key: prefixOf(i), cause: err}
			}
			return err
		})
		if err != nil {
			return nil, fault.Wrap(err, fault.Unavailable, "part %d of %d: %v", i+1, len(parts), err)
		}
		t := store.RemoteTask{JobKey: jobKey, Part: i, TaskID: task.ID, Status: task.Status, Characters: p.characters}
		if err := l.Store.PutRemoteTask(context.WithoutCancel(ctx), t); err != nil {
			return nil, err
		}
		// Accepted is billed, whatever becomes of the conversion now.
		if err := l.Store.RecordCloudUse(context.WithoutCancel(ctx), store.CloudCharge{Service: "polly", Engine: res.Engine,
			Characters: p.characters, DocumentID: q.DocumentID}); err != nil {
			return nil, err
		}
		tasks[i] = t
		res.Started++
	}
	// Poll until every part is done.
	poll := o.Poll
	if poll.Base == 0 {
		poll = Backoff{Base: 2 * time.Second, Max: time.Minute}
	}
	for round := 0; ; round++ {
		done = 0
		completed := 0
		for i := range parts {
			t := tasks[i]
			if t.Status == "completed" {
				done += parts[i].segments
				completed++
				continue
			}
			got, err := o.Tasks.Get(ctx, t.TaskID)
			if errors.Is(err, polly.ErrTransient) {
				continue // asked again next round
			}
			if err != nil {
				return nil, fault.Wrap(err, fault.Unavailable, "part %d of %d: %v", i+1, len(parts), err)
			}
			t.Status, t.Reason = got.Status, got.Reason
			if t.Status == "failed" {
				l.Store.DeleteRemoteTask(ctx, jobKey, i)
				return nil, fault.New(fault.Unavailable, "Polly could not synthesise part %d of %d (chapter %q): %s; converting again starts that part anew",
					i+1, len(parts), chapterTitle(book, parts[i].section), t.Reason)
			}
			if err := l.Store.PutRemoteTask(ctx, t); err != nil {
				return nil, err
			}
			tasks[i] = t
			if t.Status == "completed" {
				done += parts[i].segments
				completed++
			}
		}
		if completed == len(parts) {
			done = res.Segments
			report()
			break
		}
		report()
		if err := sleep(ctx, poll.Base/2+poll.Wait(min(round, 8))/2); err != nil {
			return nil, err
		}
	}
	return res, l.assemble(ctx, jobKey, doc, book, parts, tasks, prefixOf, q, res)
}

func chapterTitle(book *render.Book, section int) string {
	if section >= 0 && section < len(book.Chapters) && book.Chapters[section] != "" {
		return book.Chapters[section]
	}
	return "Chapter " + strconv.Itoa(section+1)
}

// assemble reads the parts from the bucket (into the data directory first, resumably)
// and writes the book with chapter marks and the pauses between chapters.
func (l *Library) assemble(ctx context.Context, jobKey string, doc *store.Document, book *render.Book, parts []part, tasks map[int]store.RemoteTask,
	prefixOf func(int) string, q audiobook.ConvertRequest, res *RemoteResult) error {
	dir := filepath.Join(l.DataDir, "remote", jobKey)
	paths := make([]string, len(parts))
	sizes := make([]int64, len(parts))
	for i := range parts {
		key := prefixOf(i) + tasks[i].TaskID + ".pcm"
		if err := CheckKey(key); err != nil {
			return fault.New(fault.Invalid, "Polly's task id %q: %v", tasks[i].TaskID, err)
		}
		obj, err := l.Client.Remote.Head(ctx, key)
		if err != nil {
			return fault.Wrap(err, fault.Unavailable, "part %d's audio: %v", i+1, err)
		}
		if obj.Size < 0 || obj.Size > maxPartBytes || obj.Size%2 != 0 {
			return fault.New(fault.Invalid, "refused %s: %d bytes is not 16-bit audio of a sane length", key, obj.Size)
		}
		paths[i], sizes[i] = filepath.Join(dir, fmt.Sprintf("part-%04d.pcm", i)), obj.Size
		if st, err := os.Stat(paths[i]); err == nil && st.Size() == obj.Size {
			continue
		}
		if err := l.Client.Download(ctx, key, paths[i], Want{Size: obj.Size}, nil); err != nil {
			return err
		}
	}
	const rate = polly.SampleRate
	msOf := func(bytes int64) int64 { return bytes / 2 * 1000 / rate }
	var chapters []audio.Chapter
	var at int64 // bytes
	for i, p := range parts {
		if i == 0 || p.section != parts[i-1].section {
			if i > 0 {
				at += int64(q.Pauses.Chapter) * rate / 1000 * 2
				chapters[len(chapters)-1].EndMs = msOf(at)
			}
			chapters = append(chapters, audio.Chapter{Title: chapterTitle(book, p.section), StartMs: msOf(at)})
		}
		at += sizes[i]
	}
	chapters[len(chapters)-1].EndMs = msOf(at)
	sink, err := audio.Create(ctx, q.Format, q.Output, rate, audio.Tags{Title: doc.Title, Author: doc.Author, Chapters: chapters})
	if err != nil {
		return err
	}
	buf := make([]byte, 256<<10)
	for i, p := range parts {
		if i > 0 && p.section != parts[i-1].section {
			if err := sink.WriteSilence(q.Pauses.Chapter); err != nil {
				sink.Abort()
				return err
			}
		}
		f, err := os.Open(paths[i])
		if err != nil {
			sink.Abort()
			return err
		}
		for {
			n, rerr := f.Read(buf)
			if n > 0 {
				if err := sink.WritePCM(buf[:n]); err != nil {
					f.Close()
					sink.Abort()
					return err
				}
			}
			if rerr == io.EOF {
				break
			}
			if rerr != nil {
				f.Close()
				sink.Abort()
				return rerr
			}
		}
		f.Close()
	}
	if err := sink.Close(); err != nil {
		return err
	}
	os.RemoveAll(dir)
	res.AudioSeconds = float64(msOf(at)) / 1000
	res.Chapters = chapters
	return nil
}

// PollyTasks connects to the Polly of the settings (with the bucket's profile
// unless Polly names its own).
func (l *Library) PollyTasks(ctx context.Context) (TaskAPI, error) {
	if l.Settings.Polly == nil {
		return nil, fault.New(fault.Unavailable, "Amazon Polly is not set up: 'readback sync settings --polly-voice NAME' or Settings → Shared library")
	}
	cfg := *l.Settings.Polly
	if cfg.Profile == "" {
		cfg.Profile = l.Settings.S3.Profile
	}
	if cfg.Region == "" {
		cfg.Region = l.Settings.S3.Region // the bucket's, as it is now
	}
	t, err := polly.NewTasks(ctx, cfg, nil)
	if err != nil {
		return nil, fault.Wrap(err, fault.Unavailable, "Amazon Polly: %v", err)
	}
	return t, nil
}
