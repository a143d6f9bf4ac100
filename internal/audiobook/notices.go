package audiobook

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"readback/internal/desktop"
	"readback/internal/store"
)

// Notices tells the desktop when a conversion has finished or failed for good,
// unless the writer turned that off (Preferences.Notify).
type Notices struct {
	Store *store.Store
	Send  func(context.Context, desktop.Notice) error // the desktop's notification service
	Log   *slog.Logger

	once    sync.Once
	sending sync.WaitGroup
}

// sendTimeout bounds one notification: a hung notification service must not hold
// anything up.
const sendTimeout = 5 * time.Second

// Ended is the queue's runner's Ended hook. It returns at once: the notification is
// sent beside the queue, which goes on to its next job.
func (n *Notices) Ended(ctx context.Context, j *store.Job) {
	if j.Kind != "convert" {
		return
	}
	prefs, err := n.Store.Preferences(ctx)
	if err != nil || !prefs.Notify {
		return
	}
	notice := EndNoticeIn(noticeLanguage(prefs.Language), j)
	n.sending.Add(1)
	go func() {
		defer n.sending.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
		defer cancel()
		if err := n.Send(sctx, notice); err != nil && n.Log != nil {
			// Said once: a desktop without the service stays without it.
			n.once.Do(func() { n.Log.Info("no desktop notification", "err", err) })
		}
	}()
}

// Wait waits for the notifications on their way (before the app closes).
func (n *Notices) Wait() { n.sending.Wait() }

// noticeWords are a notification's words in the window's languages (the window's
// own catalogue is the frontend's; these few are said by the backend).
var noticeWords = map[string]map[string]string{
	"en": {"document": "Document %d", "failed": "“%s” could not be converted", "done": "Done.", "files": "%d files saved in %s",
		"saved": "Saved as %s in %s", "audio": " (%s of audio)", "ready": "“%s” is ready"},
	"de": {"document": "Dokument %d", "failed": "„%s“ konnte nicht umgewandelt werden", "done": "Fertig.", "files": "%d Dateien gespeichert in %s",
		"saved": "Gespeichert als %s in %s", "audio": " (%s Audio)", "ready": "„%s“ ist fertig"},
}

// noticeLanguage is the language notifications speak: the window's choice, else
// the desktop's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English.
func noticeLanguage(choice string) string {
	if _, ok := noticeWords[choice]; ok {
		return choice
	}
	// LANGUAGE is a list (fr:de); the others one locale (de_DE.UTF-8@euro). The first
	// set wins, as it does for the desktop's programs; C and POSIX mean English.
	for _, v := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		val := os.Getenv(v)
		if val == "" {
			continue
		}
		for _, entry := range strings.Split(val, ":") {
			parts := strings.FieldsFunc(entry, func(r rune) bool { return r == '_' || r == '.' || r == '@' || r == '-' })
			if len(parts) == 0 {
				continue
			}
			if l := strings.ToLower(parts[0]); noticeWords[l] != nil {
				return l
			}
		}
		if v != "LANGUAGE" {
			break
		}
	}
	return "en"
}

// EndNotice is what a notification says of an ended conversion, in English.
func EndNotice(j *store.Job) desktop.Notice { return EndNoticeIn("en", j) }

// EndNoticeIn is what a notification says of an ended conversion, in lang.
func EndNoticeIn(lang string, j *store.Job) desktop.Notice {
	w, ok := noticeWords[lang]
	if !ok {
		w = noticeWords["en"]
	}
	title := j.Title
	if title == "" {
		title = fmt.Sprintf(w["document"], j.DocumentID)
	}
	if j.State != store.JobDone {
		return desktop.Notice{Summary: fmt.Sprintf(w["failed"], title), Body: markupSafe(j.LastError), Urgent: true}
	}
	var req ConvertRequest
	_ = json.Unmarshal(j.Payload, &req)
	var res ConvertResult
	_ = json.Unmarshal(j.Result, &res)
	var body string
	switch {
	case req.Output == "":
		body = w["done"]
	case req.PerChapter:
		body = fmt.Sprintf(w["files"], len(res.Files), req.Output)
	default:
		body = fmt.Sprintf(w["saved"], filepath.Base(req.Output), filepath.Dir(req.Output))
	}
	if res.AudioSeconds > 0 {
		body += fmt.Sprintf(w["audio"], clock(res.AudioSeconds))
	}
	return desktop.Notice{Summary: fmt.Sprintf(w["ready"], title), Body: markupSafe(body)}
}

// markupSafe escapes what a notification server that reads markup in the body
// would take for it (a title or a path may hold & or <).
var markupSafe = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// clock is "3 h 05 min", "12 min" or "40 s".
func clock(seconds float64) string {
	s := int(seconds + 0.5)
	switch {
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s < 3600:
		return fmt.Sprintf("%d min", (s+30)/60)
	}
	m := (s + 30) / 60
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}
