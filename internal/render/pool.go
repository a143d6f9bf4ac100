package render

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"time"

	"readback/internal/audio"
	"readback/internal/store"
	"readback/internal/tts"
)

// The worker protocol: the parent writes one JSON request per line to a worker's
// standard input, the worker answers one JSON line on its standard output after it
// has written the rendition's file. The parent alone records renditions in the store.

// WorkRequest asks a worker for one rendition.
type WorkRequest struct {
	Key   string         `json:"key"`
	Dir   string         `json:"dir"` // the renditions folder; the worker appends to a pack of its own there
	Text  string         `json:"text"`
	Voice Voice          `json:"voice"`
	Marks []tts.TextMark `json:"marks,omitempty"`
}

// WorkResponse is a worker's answer.
type WorkResponse struct {
	Key        string          `json:"key"`
	Engine     string          `json:"engine,omitempty"`
	Pack       string          `json:"pack,omitempty"`
	Offset     int64           `json:"offset,omitempty"`
	SampleRate int             `json:"sample_rate,omitempty"`
	Samples    int64           `json:"samples,omitempty"`
	Marks      json.RawMessage `json:"marks,omitempty"`
	Error      string          `json:"error,omitempty"`
}

// Serve is a worker's loop: it answers requests until its input ends. Synthesis and
// writing overlap, as in RenderAll.
func Serve(ctx context.Context, engines *tts.Registry, in io.Reader, out io.Writer) error {
	dec := json.NewDecoder(bufio.NewReaderSize(in, 64<<10))
	enc := json.NewEncoder(out)
	type made struct {
		req WorkRequest
		a   *tts.Audio
		err error
	}
	ch := make(chan made, 2)
	var readErr error
	packs := map[string]*audio.PackWriter{}
	defer func() {
		for _, p := range packs {
			p.Close()
		}
	}()
	go func() {
		defer close(ch)
		for {
			var req WorkRequest
			if err := dec.Decode(&req); err != nil {
				if !errors.Is(err, io.EOF) {
					readErr = err
				}
				return
			}
			e, err := engines.Engine(req.Voice.Engine)
			var a *tts.Audio
			if err == nil {
				a, err = e.Synthesize(ctx, tts.Request{Text: req.Text, Voice: req.Voice.Voice, Prosody: req.Voice.Prosody, Marks: req.Marks})
				if err == nil && req.Voice.Engine == "" {
					req.Voice.Engine = e.Name()
				}
			}
			ch <- made{req, a, err}
		}
	}()
	for m := range ch {
		resp := WorkResponse{Key: m.req.Key}
		err := m.err
		var rec *store.Rendition
		if err == nil {
			p := packs[m.req.Dir]
			if p == nil {
				p = audio.NewPackWriter(PacksDir(m.req.Dir))
				packs[m.req.Dir] = p
			}
			rec, err = WriteAudio(p, m.req.Key, m.req.Voice, m.a)
		}
		if err != nil {
			resp.Error = err.Error()
		} else {
			resp.Engine, resp.Pack, resp.Offset = rec.Engine, rec.Pack, rec.Offset
			resp.SampleRate, resp.Samples, resp.Marks = rec.SampleRate, rec.Samples, rec.Marks
		}
		if err := enc.Encode(resp); err != nil {
			return err
		}
	}
	return readErr
}

// Pool runs renditions in worker processes: the same binary with the hidden
// "worker" subcommand. A worker that dies or exceeds Timeout on one segment is killed
// and replaced, and the segment tried again, up to Attempts times.
type Pool struct {
	Command  []string // the worker's command line
	Workers  int
	Timeout  time.Duration // per segment
	Attempts int
	// Few: when no more sentences than this are missing, they are synthesised in
	// this process and no worker is started.
	Few int
}

type worker struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func (p *Pool) start(ctx context.Context) (*worker, error) {
	cmd := exec.CommandContext(ctx, p.Command[0], p.Command[1:]...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start worker: %w", err)
	}
	return &worker{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10)}, nil
}

func (w *worker) stop() {
	w.in.Close()
	done := make(chan struct{})
	go func() { w.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		w.cmd.Process.Kill()
		<-done
	}
}

func (w *worker) kill() {
	w.cmd.Process.Kill()
	w.in.Close()
	w.cmd.Wait()
}

// send writes one request.
func (w *worker) send(req WorkRequest) error {
	line, err := json.Marshal(req)
	if err != nil {
		return err
	}
	if _, err := w.in.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("worker gone: %w", err)
	}
	return nil
}

// answers reads responses until the worker's output ends.
func (w *worker) answers(out chan<- *WorkResponse) {
	defer close(out)
	for {
		b, err := w.out.ReadBytes('\n')
		if err != nil {
			return
		}
		var resp WorkResponse
		if json.Unmarshal(b, &resp) != nil {
			return
		}
		out <- &resp
	}
}

// FewInProcess is a good Pool.Few: about as many sentences as the engine
// synthesises in the 30–50 ms that starting two workers takes.
const FewInProcess = 8

// MaxWorkers is the most synthesis worker processes a conversion may ask for:
// four for each core (eSpeak's own thread waits on writes part of the time).
func MaxWorkers() int { return 4 * runtime.NumCPU() }

// inFlight is how many requests each worker holds at once: enough that it
// synthesises the next segment while it writes the last one, and few, since a more
// urgent synthesis waits for them to be answered.
const inFlight = 2

// RenderAllWith makes every missing rendition of items with the pool's workers;
// what another conversion is making at the same time is waited for (see claims).
func (r *Renderer) RenderAllWith(ctx context.Context, p *Pool, items []Item, progress Progress) (*Summary, error) {
	return r.renderClaimed(ctx, items, progress, func(todo []Item, sum *Summary) (*Summary, error) {
		return r.renderWith(ctx, p, items, todo, sum, progress)
	})
}

// renderWith synthesises todo with the pool's workers.
func (r *Renderer) renderWith(ctx context.Context, p *Pool, items, todo []Item, sum *Summary, progress Progress) (*Summary, error) {
	// A remote engine's sentences are asked for from here, many at once.
	var remote, local []Item
	for _, it := range todo {
		if e, err := r.engines.Engine(it.Voice.Engine); err == nil && tts.IsRemote(e) {
			remote = append(remote, it)
		} else {
			local = append(local, it)
		}
	}
	if len(remote) > 0 {
		if _, err := r.renderHere(ctx, items, remote, sum, progress); err != nil || len(local) == 0 {
			return sum, err
		}
		todo = local
	}
	// Starting worker processes costs more than a few sentences take here.
	if len(todo) <= p.Few {
		return r.renderHere(ctx, items, todo, sum, progress)
	}
	total, done := len(items), sum.accounted()
	if progress != nil {
		progress(done, total)
	}
	attempts := max(p.Attempts, 1)
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	queue := make(chan task, len(todo))
	for _, it := range todo {
		queue <- task{it: it}
	}
	suspects := make(chan task, len(todo))
	pending := len(todo)
	var mu sync.Mutex // guards pending and closing queue
	finish := func() {
		mu.Lock()
		pending--
		if pending == 0 {
			close(queue)
		}
		mu.Unlock()
	}
	if pending == 0 {
		close(queue)
	}
	type outcome struct {
		it   Item
		resp *WorkResponse
		err  error
	}
	results := make(chan outcome)
	var wg sync.WaitGroup
	// No more workers than the machine can keep busy, nor than the sentences can:
	// each holds inFlight of them at once.
	workers := min(max(p.Workers, 1), MaxWorkers(), max((len(todo)+inFlight-1)/inFlight, 1), r.turnsFor(todo))
	for n := 0; n < workers; n++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.drive(ctx, r, queue, suspects, timeout, func(t task, resp *WorkResponse, err error, retry bool) {
				if retry && ctx.Err() == nil {
					tries := t.tries
					if t.suspect {
						tries++ // it failed alone: it is the culprit
					}
					if tries < attempts {
						suspects <- task{it: t.it, tries: tries, suspect: true}
						return
					}
				}
				results <- outcome{t.it, resp, err}
				finish()
			})
		}()
	}
	go func() { wg.Wait(); close(results) }()
	// Records are written in batches: one transaction per rendition would cost more
	// than the synthesis. A crash loses at most a batch of records, whose files are
	// then made again.
	var batch []*store.Rendition
	var batchItems []Item
	flush := func() {
		if err := r.Record(ctx, batch...); err != nil {
			for _, it := range batchItems {
				sum.Failed = append(sum.Failed, Failure{Ord: it.Ord, Text: it.Text, Reason: err.Error()})
			}
			sum.Synthesized -= len(batch)
		} else {
			for _, rec := range batch {
				sum.Have[rec.Key] = rec
			}
		}
		batch, batchItems = batch[:0], batchItems[:0]
	}
	for o := range results {
		err := o.err
		if err == nil && o.resp.Error != "" {
			err = errors.New(o.resp.Error)
		}
		if err != nil {
			if ctx.Err() == nil {
				sum.Failed = append(sum.Failed, Failure{Ord: o.it.Ord, Text: o.it.Text, Reason: err.Error()})
			}
		} else {
			sum.Synthesized++
			batch = append(batch, &store.Rendition{Key: o.it.Key, Engine: o.resp.Engine, Voice: o.it.Voice.Voice, Pack: o.resp.Pack,
				Offset: o.resp.Offset, SampleRate: o.resp.SampleRate, Samples: o.resp.Samples, Marks: o.resp.Marks})
			batchItems = append(batchItems, o.it)
			if len(batch) >= 64 {
				flush()
			}
		}
		done++
		if progress != nil {
			progress(done, total)
		}
	}
	flush()
	return sum, ctx.Err()
}

// turnsFor is the most syntheses the items' engines take at once: workers beyond it
// would only wait for turns.
func (r *Renderer) turnsFor(items []Item) int {
	most := 1
	for _, e := range r.enginesOf(items) {
		most = max(most, limit(e))
	}
	return most
}

// task is a segment on its way through the pool. A suspect was held by a worker
// that failed; it is sent alone, so that a failure can be charged to the segment
// that caused it rather than to the ones that happened to be queued with it.
type task struct {
	it      Item
	tries   int
	suspect bool
}

// drive runs worker processes over the queue, one at a time, replacing each that
// dies or hangs: its unanswered requests are handed back for another try.
func (p *Pool) drive(ctx context.Context, r *Renderer, queue, suspects chan task, timeout time.Duration,
	done func(t task, resp *WorkResponse, err error, retry bool)) {
	for {
		w, err := p.start(ctx)
		if err != nil {
			// No worker can start at all: fail what is left rather than spin.
			for t := range queue {
				done(t, nil, err, false)
			}
			return
		}
		answers := make(chan *WorkResponse, inFlight)
		go w.answers(answers)
		held, finished := p.feed(ctx, w, answers, r, queue, suspects, timeout, done)
		if finished {
			w.stop()
			return
		}
		w.kill()
		for range answers { // the reader ends with the killed process
		}
		reason := fmt.Errorf("the worker crashed or hung (no answer within %s)", timeout)
		if ctx.Err() != nil {
			reason = ctx.Err()
		}
		// A worker that died after writing a sentence's audio, before its answer,
		// left it whole in its pack: taken from there, not made again.
		written := r.salvage(ctx, held)
		for _, t := range held {
			if resp := written[t.it.Key]; resp != nil {
				done(t, resp, nil, false)
				continue
			}
			done(t, nil, reason, true)
		}
		if ctx.Err() != nil {
			return
		}
	}
}

// salvage finds the audio of unanswered tasks in the packs, past what is recorded,
// as the worker would have answered it.
func (r *Renderer) salvage(ctx context.Context, held []task) map[string]*WorkResponse {
	if len(held) == 0 {
		return nil
	}
	want := map[string]bool{}
	for _, t := range held {
		want[t.it.Key] = true
	}
	found, err := r.unrecorded(context.WithoutCancel(ctx), want)
	if err != nil {
		return nil
	}
	out := map[string]*WorkResponse{}
	for _, rec := range found {
		out[rec.Key] = &WorkResponse{Key: rec.Key, Engine: rec.Engine, Pack: rec.Pack, Offset: rec.Offset,
			SampleRate: rec.SampleRate, Samples: rec.Samples, Marks: rec.Marks}
	}
	return out
}

// feed keeps up to inFlight requests in one worker and hands on its answers. A
// suspect goes in alone. A worker says one sentence at a time, so it holds one turn
// on its engine in this process's scheduler while it has requests in flight: worker
// processes never run more syntheses between them than the engine's concurrency,
// and when something more urgent waits for the engine (the player's next sentence,
// an audition) the worker sends no more, lets its turn go once its sentences are
// answered, and waits for the next. It returns finished when the queue is closed and
// everything sent was answered, or the unanswered tasks when the worker failed or
// the context ended.
func (p *Pool) feed(ctx context.Context, w *worker, answers <-chan *WorkResponse, r *Renderer, queue, suspects chan task,
	timeout time.Duration, done func(t task, resp *WorkResponse, err error, retry bool)) (unanswered []task, finished bool) {
	var held []task
	var next *task // taken from the queue, to go once this worker may send it
	var turn func()
	var turnOn tts.Engine
	let := func() {
		if turn != nil {
			turn()
			turn, turnOn = nil, nil
		}
	}
	fail := func() ([]task, bool) {
		if next != nil {
			queue <- *next // still pending, so the queue is open and has room
		}
		let()
		return held, false
	}
	open := true
	for {
	fill:
		for open && len(held) < inFlight && !(len(held) == 1 && held[0].suspect) {
			if turn != nil && r.turns.urgent(turnOn, PriorityBulk) {
				break // yield: the more urgent synthesis takes this turn when the worker is done
			}
			var t task
			var ok bool
			switch {
			case next != nil:
				t, ok, next = *next, true, nil
			case len(held) == 0:
				select {
				case t = <-suspects:
					ok = true
				case t, ok = <-queue:
				case <-ctx.Done():
					return fail()
				}
			default:
				select {
				case t, ok = <-queue:
				default:
					break fill
				}
			}
			if !ok {
				open = false
				break
			}
			if t.suspect && len(held) > 0 {
				next = &t // a suspect goes alone
				break
			}
			e, err := r.engines.Engine(t.it.Voice.Engine)
			if err != nil {
				done(t, nil, err, false)
				continue
			}
			if turn != nil && turnOn.Name() != e.Name() {
				next = &t // another engine's sentence: after this one's are answered
				break
			}
			if turn == nil { // nothing in flight: the turn was let go
				turn, err = r.turns.acquire(ctx, e, PriorityBulk)
				if err == nil {
					turnOn = e
				}
			} else {
				err = r.turns.token(ctx, e) // each request within the engine's rate
			}
			if err != nil {
				if ctx.Err() != nil {
					next = &t
					return fail()
				}
				// The engine's rate would not allow it before the deadline: the
				// sentence fails, not the worker.
				done(t, nil, err, false)
				continue
			}
			held = append(held, t)
			if err := w.send(WorkRequest{Key: t.it.Key, Dir: r.dir, Text: t.it.Text, Voice: t.it.Voice, Marks: t.it.Marks}); err != nil {
				return fail()
			}
		}
		if len(held) == 0 {
			// The queue closes only when every task is done, so no suspect can be
			// waiting here.
			let()
			return nil, true
		}
		select {
		case resp, ok := <-answers:
			if !ok || resp.Key != held[0].it.Key {
				return fail()
			}
			t := held[0]
			held = held[1:]
			if len(held) == 0 {
				let()
			}
			done(t, resp, nil, false)
		case <-time.After(timeout):
			return fail()
		case <-ctx.Done():
			return fail()
		}
	}
}
