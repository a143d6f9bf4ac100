import { t } from '../lib/i18n.svelte';
import type { Api, ClipData, PlayerInfo, Position, Problem } from '../api';

/** What the player shows, whichever engine plays. */
export interface PlayState {
  playing: boolean;
  waiting: boolean;
  ord: number;
  index: number;
  count: number;
  chapter: number;
  offsetMs: number;
  wordStart: number;
  wordEnd: number;
  speed: number;
  ended: boolean;
  error: string;
}

export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];

/** Where the player is in time: elapsed and total, for the chapter and the book (ms of audio). */
export interface Times {
  chapterElapsed: number;
  chapterTotal: number;
  bookElapsed: number;
  bookTotal: number;
  /** Some sentence counted is not synthesised yet: its length is the voice's measured rate. */
  estimated: boolean;
}

type TimedClip = { ord: number; chapter: number; pause_ms: number; duration_ms: number; estimated: boolean };

/** The times at sentence index (offsetMs into it), from the sentences' lengths and pauses. */
export function timesAt(clips: TimedClip[], index: number, offsetMs: number): Times {
  const t: Times = { chapterElapsed: 0, chapterTotal: 0, bookElapsed: 0, bookTotal: 0, estimated: false };
  const chapter = clips[index]?.chapter;
  clips.forEach((c, i) => {
    const len = c.duration_ms + c.pause_ms;
    t.bookTotal += len;
    t.estimated ||= c.estimated;
    if (i < index) t.bookElapsed += len;
    if (c.chapter === chapter) {
      t.chapterTotal += len;
      if (i < index) t.chapterElapsed += len;
    }
  });
  const within = Math.min(Math.max(offsetMs, 0), clips[index]?.duration_ms ?? 0);
  t.bookElapsed += within;
  t.chapterElapsed += within;
  return t;
}

/** "1:02:05" or "4:09". */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A sleep timer: off, after so many minutes, or at the end of the chapter playing. */
export type Sleep = { kind: 'off' } | { kind: 'minutes'; minutes: number; at: number } | { kind: 'chapter'; chapter: number };

/** A passage played again and again: sentences from and to (ords, inclusive). */
export type Loop = { from: number; to: number; label: string } | null;

/** The part of an audio element the window's engine uses (a fake in tests). */
export interface AudioLike {
  src: string;
  currentTime: number;
  playbackRate: number;
  preservesPitch?: boolean;
  paused: boolean;
  preload?: string;
  load?(): void;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: 'ended' | 'error', fn: () => void): void;
}

type Clip = PlayerInfo['clips'][number];

/**
 * Turns a sentence's URL into one the audio element can play. WebKitGTK's media
 * backend (GStreamer) cannot read the app's own wails:// scheme — the element fails
 * at once ("No URI handler implemented for wails", WebKit bug 146351) — so the WAV
 * is fetched, which goes through the scheme handler, and played from a blob: URL.
 * Returns the URL to play and a function that frees it.
 */
export type Playable = (url: string) => Promise<{ url: string; free: () => void }>;

export const blobPlayable: Playable = async (url) => {
  const r = await fetch(url);
  if (!r.ok) throw new Error(t('err.unreadable', { status: r.status }));
  const blobUrl = URL.createObjectURL(await r.blob());
  return { url: blobUrl, free: () => URL.revokeObjectURL(blobUrl) };
};

/**
 * The window's own engine, for machines without an audio device: it plays each
 * sentence's WAV (served by the backend, with Range) in an audio element, the
 * next one fetched while this one plays, waits the sentence's pause, and moves on.
 * Words come from the sentence's marks, ten times a second.
 */
export class WebEngine {
  #api: Api;
  #doc: number;
  #clips: Clip[];
  #audio: AudioLike; // playing
  #spare: AudioLike; // loading the next sentence, to take over without a gap
  #spareUrl = '';
  #emit: (s: Partial<PlayState>) => void;
  #data = new Map<number, Promise<ClipData>>();
  #free = new Map<number, { url: string; free: () => void }>(); // ord → its playable URL
  #generation = 0; // bumps when everything fetched is dropped: a late load frees its own URL
  #playable: Playable;
  #current: ClipData | null = null;
  #index = 0;
  #speed = 1;
  #timer: ReturnType<typeof setInterval> | null = null;
  #gap: ReturnType<typeof setTimeout> | null = null;
  #token = 0; // bumps on every move, so that a late load does not play over a newer one
  #only: Set<number> | null = null;

  /** When the sound last started or was last counted (null: not sounding). */
  #heardSince: number | null = null;
  /** Time played and not yet reported. */
  #heardPending = 0;

  /** Stops the listening clock (a sentence ended, or could not play): a wait is not listening. */
  #silence() {
    if (this.#heardSince !== null) this.#heardPending += performance.now() - this.#heardSince;
    this.#heardSince = null;
  }

  /** The time played since it was last reported, for the dashboard's listening time. */
  #takeHeard(sounding: boolean): number {
    this.#silence();
    const ms = Math.round(this.#heardPending);
    this.#heardPending = 0;
    if (sounding) this.#heardSince = performance.now();
    return ms;
  }

  constructor(api: Api, doc: number, clips: Clip[], makeAudio: () => AudioLike, emit: (s: Partial<PlayState>) => void, playable: Playable = blobPlayable) {
    this.#api = api;
    this.#playable = playable;
    this.#doc = doc;
    this.#clips = clips;
    this.#audio = makeAudio();
    this.#spare = makeAudio();
    this.#emit = emit;
    for (const el of [this.#audio, this.#spare]) {
      el.preservesPitch = true;
      el.addEventListener('ended', () => {
        if (el === this.#audio) this.#ended();
      });
      el.addEventListener('error', () => {
        if (el !== this.#audio) return;
        this.#silence();
        this.#emit({ error: t('err.unplayable'), playing: false });
      });
    }
  }

  indexOf(ord: number): number {
    const i = this.#clips.findIndex((c) => c.ord >= ord);
    return i < 0 ? Math.max(this.#clips.length - 1, 0) : i;
  }

  #load(i: number): Promise<ClipData> {
    const ord = this.#clips[i]!.ord;
    let p = this.#data.get(ord);
    if (!p) {
      const gen = this.#generation;
      p = this.#api.clip(this.#doc, ord).then(async (d) => {
        const { url, free } = await this.#playable(d.url);
        if (gen !== this.#generation) {
          free(); // dropped while it loaded (an edit, the document closed)
          throw new Error(t('err.changed'));
        }
        this.#free.get(ord)?.free();
        this.#free.set(ord, { url, free });
        return { ...d, url } as ClipData;
      });
      this.#data.set(ord, p);
      p.catch(() => this.#data.delete(ord));
    }
    return p;
  }

  /**
   * Frees the audio of the sentences before the one playing (but the last), and of
   * all with every — never a URL an audio element still holds: the playing one, or
   * the next one loaded in the spare.
   */
  #release(every = false) {
    if (every) this.#generation++;
    const keep = new Set(every ? [] : this.#clips.slice(Math.max(this.#index - 1, 0), this.#index + 3).map((c) => c.ord));
    const held = new Set([this.#audio.src, this.#spare.src]);
    for (const [ord, { url, free }] of this.#free) {
      if (keep.has(ord) || held.has(url)) continue;
      free();
      this.#free.delete(ord);
      this.#data.delete(ord);
    }
    if (every) this.#data.clear();
  }

  /** Takes the sentences as they now are (after an edit); what was fetched is dropped. */
  setClips(clips: Clip[]) {
    this.#release(true);
    this.#clips = clips;
    this.#data.clear();
    this.#spareUrl = '';
  }

  /** Plays only these sentences (the changes of a new version), or all with null. */
  only(ords: number[] | null) {
    this.#only = ords ? new Set(ords) : null;
  }

  async playFrom(ord: number, offsetMs = 0): Promise<void> {
    const token = ++this.#token;
    this.#clearGap();
    this.#silence(); // until the sound starts again: fetching and synthesising is not listening
    this.#index = this.indexOf(ord);
    const clip = this.#clips[this.#index];
    if (!clip) return;
    this.#emit({ ord: clip.ord, index: this.#index, chapter: clip.chapter, offsetMs, wordStart: -1, wordEnd: -1, waiting: true, playing: true, ended: false, error: '' });
    let data: ClipData;
    try {
      data = await this.#load(this.#index);
    } catch (e) {
      if (token === this.#token) this.#emit({ waiting: false, playing: false, error: (e as Problem).message });
      return;
    }
    if (token !== this.#token) return;
    this.#current = data;
    if (offsetMs === 0 && this.#spareUrl === data.url) {
      // Already loaded by the spare element while the last one played.
      [this.#audio, this.#spare] = [this.#spare, this.#audio];
      this.#spare.pause();
    } else {
      this.#audio.src = data.url;
    }
    this.#spareUrl = '';
    this.#audio.playbackRate = this.#speed;
    this.#audio.currentTime = offsetMs / 1000;
    try {
      await this.#audio.play();
    } catch (e) {
      this.#silence();
      if (token === this.#token) this.#emit({ waiting: false, playing: false, error: String((e as Error).message ?? e) });
      return;
    }
    if (token !== this.#token) return;
    this.#release();
    this.#emit({ waiting: false });
    this.#tick();
    this.#startTimer();
    void this.#api.remember(this.#doc, clip.ord, offsetMs, this.#takeHeard(true)).catch(() => {});
    // The next sentence is fetched (and synthesised if need be) while this one plays,
    // and loaded into the spare element.
    const next = this.#nextIndex(this.#index);
    if (next >= 0) {
      this.#load(next).then(
        (d) => {
          if (token !== this.#token) return;
          this.#spare.preload = 'auto';
          this.#spare.src = d.url;
          this.#spare.load?.();
          this.#spareUrl = d.url;
        },
        () => {},
      );
    }
  }

  #nextIndex(i: number): number {
    for (let j = i + 1; j < this.#clips.length; j++) {
      if (!this.#only || this.#only.has(this.#clips[j]!.ord)) return j;
    }
    return -1;
  }

  #ended() {
    this.#stopTimer();
    this.#silence();
    const next = this.#nextIndex(this.#index);
    if (next < 0) {
      this.#emit({ playing: false, ended: true, wordStart: -1, wordEnd: -1 });
      const clip = this.#clips[this.#index];
      const ms = Math.round(this.#audio.currentTime * 1000);
      if (clip) void this.#api.remember(this.#doc, clip.ord, ms, this.#takeHeard(false)).catch(() => {});
      return;
    }
    const pause = this.#only ? 400 : (this.#current?.pause_ms ?? 0);
    const ord = this.#clips[next]!.ord;
    this.#gap = setTimeout(() => void this.playFrom(ord), pause / this.#speed);
  }

  #clearGap() {
    if (this.#gap) clearTimeout(this.#gap);
    this.#gap = null;
  }

  #tick() {
    const ms = Math.round(this.#audio.currentTime * 1000);
    let ws = -1;
    let we = -1;
    for (const m of this.#current?.marks ?? []) {
      if (m.start_ms <= ms && ms < m.end_ms) {
        ws = m.start;
        we = m.end;
        break;
      }
    }
    this.#emit({ offsetMs: ms, wordStart: ws, wordEnd: we });
  }

  #startTimer() {
    this.#stopTimer();
    this.#timer = setInterval(() => this.#tick(), 100);
  }

  #stopTimer() {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  pause() {
    this.#token++;
    this.#clearGap();
    this.#audio.pause();
    this.#stopTimer();
    // While the next sentence is still loading, the element still holds the one
    // before (ended): the place is the new sentence's start.
    const loading = this.#current?.ord !== this.#clips[this.#index]?.ord;
    const ms = loading ? 0 : Math.round(this.#audio.currentTime * 1000);
    this.#emit({ playing: false, waiting: false, offsetMs: ms });
    const clip = this.#clips[this.#index];
    if (clip) void this.#api.remember(this.#doc, clip.ord, ms, this.#takeHeard(false)).catch(() => {});
  }

  resume(ord: number, offsetMs: number) {
    return this.playFrom(ord, offsetMs);
  }

  setSpeed(speed: number) {
    this.#speed = speed;
    this.#audio.playbackRate = speed;
    this.#emit({ speed });
  }

  stop() {
    this.#token++;
    this.#clearGap();
    this.#stopTimer();
    this.#audio.pause();
    const heard = this.#takeHeard(false);
    const clip = this.#clips[this.#index];
    if (clip && heard > 0) void this.#api.remember(this.#doc, clip.ord, Math.round(this.#audio.currentTime * 1000), heard).catch(() => {});
    // The elements let go of their sentences, and every URL is freed.
    this.#audio.src = '';
    this.#spare.src = '';
    this.#release(true);
  }
}

/** The document view's player: native (events from the backend) or the window's own. */
export class PlayerStore {
  state = $state<PlayState>({
    playing: false, waiting: false, ord: 0, index: 0, count: 0, chapter: 0, offsetMs: 0,
    wordStart: -1, wordEnd: -1, speed: 1, ended: false, error: '',
  });
  info = $state<PlayerInfo | null>(null);
  problem = $state<Problem | null>(null);
  sleep = $state<Sleep>({ kind: 'off' });
  loop = $state<Loop>(null);
  #sleepTimer: ReturnType<typeof setTimeout> | null = null;
  #bound = '-1 -1'; // what the backend player was last told (see #syncBound)
  #api: Api;
  #doc = 0;
  #unsub: (() => void) | null = null;
  #web: WebEngine | null = null;
  // The document's opening, awaited by every command: a sentence clicked while a
  // long book's player is still being read plays once it is. #gen counts openings
  // and closings: what was asked of a player closed (or opened anew) meanwhile is
  // dropped, and an opening that ends after its player was closed sets nothing up.
  #opening: Promise<void> = Promise.resolve();
  #gen = 0;
  #makeAudio: () => AudioLike;

  #playable: Playable;

  constructor(api: Api, makeAudio: () => AudioLike = () => new Audio() as unknown as AudioLike, playable: Playable = blobPlayable) {
    this.#api = api;
    this.#makeAudio = makeAudio;
    this.#playable = playable;
  }

  get device(): boolean {
    return this.info?.device ?? true;
  }

  #set(s: Partial<PlayState>) {
    const before = this.state;
    this.state = { ...before, ...s };
    const now = this.state;
    // A loop goes back to its start when playing moves on past its end (or ends).
    // (The writer's own moves elsewhere stop the loop: see #userMove.)
    const loop = this.loop;
    if (loop && before.playing && (now.ord > loop.to || (now.ended && !before.ended)) && before.ord >= loop.from && before.ord <= loop.to) {
      void this.#play(loop.from, 0);
      return;
    }
    // "At the end of the chapter": playing has moved on from the chapter it was in.
    const sleep = this.sleep;
    if (sleep.kind === 'chapter' && before.playing && before.chapter === sleep.chapter && now.chapter !== sleep.chapter) {
      this.setSleep({ kind: 'off' });
      void this.pause();
    } else if (sleep.kind === 'chapter' && now.ended) {
      this.setSleep({ kind: 'off' });
    }
  }

  /**
   * The writer moves the player to ord: a loop it leaves stops, and "sleep at the
   * end of the chapter" follows to the chapter it goes to.
   */
  #userMove(ord: number) {
    const loop = this.loop;
    if (loop && (ord < loop.from || ord > loop.to)) this.loop = null;
    if (this.sleep.kind === 'chapter') {
      const clip = (this.info?.clips ?? []).find((c) => c.ord >= ord);
      if (clip) this.sleep = { kind: 'chapter', chapter: clip.chapter };
    }
    this.#syncBound();
  }

  /**
   * With a device, the backend player ends a loop or a chapter's sleep itself, at
   * the sample its last sentence ends (the position reports come ten times a second,
   * too late to stop it cleanly). The window's own player is told nothing: it is here.
   */
  #syncBound() {
    if (this.#web || !this.info?.device || !this.#doc) return;
    let bound: [number, number] = [-1, -1];
    if (this.loop) {
      bound = [this.loop.to, this.loop.from];
    } else if (this.sleep.kind === 'chapter') {
      const chapter = this.sleep.chapter;
      const last = (this.info.clips ?? []).filter((c) => c.chapter === chapter).at(-1);
      if (last) bound = [last.ord, -1];
    }
    const key = bound.join(' ');
    if (key === this.#bound) return;
    this.#bound = key;
    void this.#api.bound(bound[0], bound[1]).catch((e: unknown) => {
      this.#bound = ''; // said again at the next change
      this.problem = e as Problem;
    });
  }

  /** The times where the player is. */
  get times(): Times {
    return timesAt((this.info?.clips ?? []) as TimedClip[], this.state.index, this.state.offsetMs);
  }

  /** Pauses (the sleep timer's end; a no-op when not playing). */
  pause = () =>
    this.#do(() => {
      if (!this.state.playing) return;
      return this.#web ? this.#web.pause() : this.#api.pausePlayer();
    });

  /** Sets the sleep timer; minutes count from now. */
  setSleep(sleep: { kind: 'off' } | { kind: 'minutes'; minutes: number } | { kind: 'chapter' }) {
    if (this.#sleepTimer) clearTimeout(this.#sleepTimer);
    this.#sleepTimer = null;
    if (sleep.kind === 'minutes') {
      const ms = sleep.minutes * 60_000;
      this.sleep = { kind: 'minutes', minutes: sleep.minutes, at: Date.now() + ms };
      this.#sleepTimer = setTimeout(() => {
        this.#sleepTimer = null;
        this.sleep = { kind: 'off' };
        void this.pause();
      }, ms);
    } else if (sleep.kind === 'chapter') {
      this.sleep = { kind: 'chapter', chapter: this.state.chapter };
    } else {
      this.sleep = { kind: 'off' };
    }
    this.#syncBound();
  }

  /** Loops the chapter playing (or the given sentences); null stops looping. */
  setLoop(loop: Loop | 'chapter') {
    if (loop !== 'chapter') {
      this.loop = loop;
      this.#syncBound();
      return;
    }
    const clips = this.info?.clips ?? [];
    const ch = this.state.chapter;
    const inChapter = clips.filter((c) => c.chapter === ch);
    const first = inChapter[0];
    const last = inChapter.at(-1);
    this.loop = first && last ? { from: first.ord, to: last.ord, label: this.info?.chapters?.[ch] || t('player.chapterN', { n: ch + 1 }) } : null;
    this.#syncBound();
  }

  /** Moves to the start of chapter i (playing on if it was playing). */
  jumpToChapter = (i: number) => {
    const clips = this.info?.clips ?? [];
    const at = clips.findIndex((c) => c.chapter === i);
    if (at < 0) return Promise.resolve();
    return this.seekIndex(at);
  };

  open(doc: number): Promise<void> {
    this.close();
    this.#opening = this.#open(doc, ++this.#gen);
    return this.#opening;
  }

  async #open(doc: number, gen: number): Promise<void> {
    this.#doc = doc;
    // A loop or a chapter's sleep belongs to the document it was set in; the
    // backend's player for this one starts without a bound.
    this.#bound = '-1 -1';
    this.loop = null;
    if (this.sleep.kind === 'chapter') this.sleep = { kind: 'off' };
    try {
      const info = await this.#api.openPlayer(doc);
      if (gen !== this.#gen) return;
      this.info = info;
      const clips = info.clips ?? [];
      const at = Math.max(clips.findIndex((c) => c.ord >= info.position.ord), 0);
      this.#set({ ord: clips[at]?.ord ?? 0, index: at, count: clips.length, chapter: clips[at]?.chapter ?? 0,
        offsetMs: info.position.offset_ms, playing: false, ended: false, error: '' });
      if (info.device) {
        this.#unsub = this.#api.onPosition((p: Position) => {
          if (p.document !== this.#doc) return;
          this.#set({ playing: p.playing, waiting: p.waiting, ord: p.ord, index: p.index, count: p.count, chapter: p.chapter,
            offsetMs: p.offset_ms, wordStart: p.word_start, wordEnd: p.word_end, speed: p.speed, ended: p.ended, error: p.error });
        });
      } else {
        this.#web = new WebEngine(this.#api, doc, clips, this.#makeAudio, (s) => this.#set(s), this.#playable);
      }
    } catch (e) {
      if (gen === this.#gen) this.problem = e as Problem;
    }
  }

  /** Reads the sentences again after an edit, keeping the place. */
  async refresh(): Promise<void> {
    if (!this.#doc) return;
    try {
      const info = await this.#api.openPlayer(this.#doc);
      this.info = info;
      this.#web?.setClips(info.clips ?? []);
      this.#set({ count: info.clips?.length ?? 0 });
      // A new player was made for the edited document: it has no bound yet.
      this.#bound = '-1 -1';
      this.#syncBound();
    } catch (e) {
      this.problem = e as Problem;
    }
  }

  async #do(fn: () => Promise<unknown> | unknown) {
    const gen = this.#gen;
    await this.#opening;
    if (gen !== this.#gen) return;
    try {
      this.problem = null;
      await fn();
    } catch (e) {
      this.problem = e as Problem;
    }
  }

  playFrom = (ord: number, offsetMs = 0) => {
    this.#userMove(ord);
    return this.#play(ord, offsetMs);
  };

  #play = (ord: number, offsetMs: number) =>
    this.#do(() => {
      this.#web?.only(null);
      return this.#web ? this.#web.playFrom(ord, offsetMs) : this.#api.play(this.#doc, ord, offsetMs);
    });

  /** Plays just these sentences, in order (the changes of a new version). */
  playOnly = (ords: number[]) =>
    this.#do(async () => {
      const first = ords[0];
      if (first === undefined) return;
      if (this.#web) {
        this.#web.only(ords);
        return this.#web.playFrom(first, 0);
      }
      return this.#api.play(this.#doc, first, 0);
    });

  toggle = () =>
    this.#do(() => {
      const s = this.state;
      if (s.playing) return this.#web ? this.#web.pause() : this.#api.pausePlayer();
      if (this.#web) return this.#web.resume(s.ended ? (this.info?.clips?.[0]?.ord ?? 0) : s.ord, s.ended ? 0 : s.offsetMs);
      return s.count && s.offsetMs === 0 && !s.ended ? this.#api.play(this.#doc, s.ord, 0) : this.#api.resumePlayer();
    });

  #move(delta: number, chapter: boolean) {
    const clips = this.info?.clips ?? [];
    let i = this.state.index;
    if (chapter) {
      const ch = clips[i]?.chapter ?? 0;
      if (delta > 0) {
        while (i < clips.length && clips[i]!.chapter === ch) i++;
      } else {
        while (i > 0 && clips[i - 1]!.chapter === ch) i--;
        if (i === this.state.index && this.state.offsetMs < 2000 && i > 0) {
          const prev = clips[i - 1]!.chapter;
          i--;
          while (i > 0 && clips[i - 1]!.chapter === prev) i--;
        }
      }
    } else {
      i += delta < 0 && this.state.offsetMs >= 2000 ? 0 : delta;
    }
    return clips[i];
  }

  step = (delta: 1 | -1, chapter = false) =>
    this.#do(async () => {
      const target = this.#move(delta, chapter);
      if (target) this.#userMove(target.ord);
      if (!this.#web) return delta > 0 ? this.#api.next(chapter) : this.#api.previous(chapter);
      if (!target) return;
      if (this.state.playing) return this.#web.playFrom(target.ord, 0);
      const i = (this.info?.clips ?? []).indexOf(target);
      this.#set({ ord: target.ord, index: i, chapter: target.chapter, offsetMs: 0, wordStart: -1, wordEnd: -1, ended: false });
    });

  /** Moves to the i-th sentence read (the position slider). */
  seekIndex = (i: number) =>
    this.#do(async () => {
      const clips = this.info?.clips ?? [];
      const target = clips[Math.min(Math.max(i, 0), clips.length - 1)];
      if (!target) return;
      this.#userMove(target.ord);
      if (!this.#web) return this.#api.seek(target.ord, 0);
      if (this.state.playing) return this.#web.playFrom(target.ord, 0);
      this.#set({ ord: target.ord, index: clips.indexOf(target), chapter: target.chapter, offsetMs: 0, wordStart: -1, wordEnd: -1, ended: false });
      void this.#api.remember(this.#doc, target.ord, 0, 0).catch(() => {});
    });

  setSpeed = (speed: number) =>
    this.#do(() => {
      if (this.#web) return this.#web.setSpeed(speed);
      this.#set({ speed });
      return this.#api.setSpeed(speed);
    });

  close() {
    this.#gen++;
    if (this.#sleepTimer) clearTimeout(this.#sleepTimer);
    this.#sleepTimer = null;
    this.#unsub?.();
    this.#unsub = null;
    if (this.#web) this.#web.stop();
    else if (this.state.playing) void this.#api.pausePlayer().catch(() => {});
    this.#web = null;
  }
}
