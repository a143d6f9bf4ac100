import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api, ClipData, PlayerInfo } from '../../src/api';
import { byteToIndex, highlight } from '../../src/lib/highlight';
import { PlayerStore, clock, timesAt, type AudioLike } from '../../src/stores/player.svelte';

describe('highlight', () => {
  it('converts the backend’s byte offsets to string indexes', () => {
    expect(byteToIndex('Siobhán ran', 9)).toBe(8); // "á" is two bytes
    expect(byteToIndex('abc', 0)).toBe(0);
    expect(byteToIndex('abc', 99)).toBe(3);
    expect(byteToIndex('a😀b', 5)).toBe(3); // the emoji is four bytes and two UTF-16 units
  });

  it('marks the sentence and word, and restores the text when it moves on', () => {
    const root = document.createElement('div');
    root.innerHTML = '<p><span class="seg" data-seg="0">Siobhán climbed.</span> <span class="seg" data-seg="1">The lamp was cold.</span></p>';
    const el = highlight(root, 0, 9, 16)!; // "climbed"
    expect(el.classList.contains('playing')).toBe(true);
    expect(root.querySelector('mark.word')?.textContent).toBe('climbed');
    expect(el.textContent).toBe('Siobhán climbed.');
    highlight(root, 1, 4, 8);
    expect(root.querySelector('span[data-seg="0"]')!.innerHTML).toBe('Siobhán climbed.');
    expect(root.querySelector('span[data-seg="0"]')!.classList.contains('playing')).toBe(false);
    expect(root.querySelector('mark.word')?.textContent).toBe('lamp');
    highlight(root, 1, -1, -1);
    expect(root.querySelector('mark')).toBeNull();
    expect(root.querySelector('span.playing')?.textContent).toBe('The lamp was cold.');
    highlight(root, null);
    expect(root.querySelector('span.playing')).toBeNull();
    // A sentence whose text holds markup characters is shown as text, never parsed.
    root.innerHTML = '<span class="seg" data-seg="2">a &lt;b&gt; c</span>';
    highlight(root, 2, 2, 5);
    expect(root.querySelector('mark')?.textContent).toBe('<b>');
    expect(root.querySelector('b')).toBeNull();
  });
});

class FakeAudio implements AudioLike {
  constructor(private log: string[] = []) {}
  src = '';
  loads = 0;
  currentTime = 0;
  playbackRate = 1;
  preservesPitch = false;
  paused = true;
  plays: string[] = [];
  #on: Record<string, (() => void)[]> = {};
  async play() {
    this.paused = false;
    this.plays.push(`${this.src}@${this.currentTime}`);
    this.log.push(`${this.src}@${this.currentTime}`);
  }
  load() {
    this.loads++;
  }
  pause() {
    this.paused = true;
  }
  addEventListener(type: string, fn: () => void) {
    (this.#on[type] ??= []).push(fn);
  }
  end() {
    this.paused = true;
    for (const fn of this.#on.ended ?? []) fn();
  }
}

function windowApi() {
  const calls: string[] = [];
  const heard: number[] = [];
  const info: PlayerInfo = {
    device: false, device_error: 'no audio output device', position: { ord: 2, offset_ms: 0 },
    clips: [
      { ord: 0, chapter: 0, pause_ms: 250, duration_ms: 1000, estimated: false },
      { ord: 2, chapter: 0, pause_ms: 600, duration_ms: 1000, estimated: false },
      { ord: 3, chapter: 1, pause_ms: 0, duration_ms: 1000, estimated: true },
    ],
    chapters: ['One', 'Two'],
  } as PlayerInfo;
  const api = {
    async openPlayer() {
      calls.push('open');
      return info;
    },
    async clip(_doc: number, ord: number): Promise<ClipData> {
      calls.push(`clip ${ord}`);
      return { ord, url: `/listen/1/${ord}.wav`, duration_ms: 1000, pause_ms: 100, marks: [{ start_ms: 0, end_ms: 400, start: 0, end: 3 }, { start_ms: 400, end_ms: 1000, start: 4, end: 8 }] } as ClipData;
    },
    async remember(_doc: number, ord: number, ms: number, heardMs: number) {
      calls.push(`remember ${ord} ${ms}`);
      heard.push(heardMs);
    },
    onPosition() {
      calls.push('subscribed');
      return () => {};
    },
    async play() {
      calls.push('native play');
    },
  } as unknown as Api;
  return { api, calls, heard };
}

/** Plays the backend's URL as it is (no fetch in the tests' DOM), noting what was freed. */
const freed: string[] = [];
const asIs = async (url: string) => ({ url, free: () => freed.push(url) });

/** Two fake audio elements sharing one log of what played; cur() is the one playing. */
function audios() {
  const log: string[] = [];
  const all: FakeAudio[] = [];
  const make = () => {
    const a = new FakeAudio(log);
    all.push(a);
    return a;
  };
  const cur = () => all.find((a) => !a.paused) ?? all.find((a) => a.plays.length > 0) ?? all[0]!;
  return { log, all, make, cur };
}

describe('the window’s player (no audio device)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('plays sentence after sentence with their pauses, marks words, and remembers the place', async () => {
    const { api, calls } = windowApi();
    const a = audios();
    const p = new PlayerStore(api, a.make, asIs);
    await p.open(1);
    expect(p.device).toBe(false);
    expect(p.state).toMatchObject({ ord: 2, index: 1, count: 3, playing: false });
    expect(calls).not.toContain('subscribed');

    await p.playFrom(2, 500);
    expect(a.log).toEqual(['/listen/1/2.wav@0.5']);
    const first = a.cur();
    expect(first.preservesPitch).toBe(true);
    expect(p.state).toMatchObject({ playing: true, waiting: false, ord: 2, index: 1 });
    first.currentTime = 0.6;
    await vi.advanceTimersByTimeAsync(100);
    expect(p.state).toMatchObject({ offsetMs: 600, wordStart: 4, wordEnd: 8 });
    expect(calls).toContain('clip 3'); // fetched ahead…
    const spare = a.all.find((x) => x !== first)!;
    expect(spare.src).toBe('/listen/1/3.wav'); // …and loaded into the spare element
    expect(spare.loads).toBe(1);

    await p.setSpeed(2);
    expect(first.playbackRate).toBe(2);
    first.end();
    expect(a.log).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(49); // the sentence's 100 ms pause at 2×
    expect(a.log).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(a.log).toEqual(['/listen/1/2.wav@0.5', '/listen/1/3.wav@0']);
    expect(spare.plays).toEqual(['/listen/1/3.wav@0']); // the spare took over
    expect(spare.playbackRate).toBe(2);
    expect(p.state).toMatchObject({ ord: 3, index: 2, chapter: 1 });

    spare.end(); // the last sentence
    expect(p.state).toMatchObject({ playing: false, ended: true });

    await p.playFrom(0);
    a.cur().currentTime = 0.25;
    await p.toggle(); // pause
    expect(a.all.every((x) => x.paused)).toBe(true);
    expect(p.state.playing).toBe(false);
    expect(calls).toContain('remember 0 250');
    await p.toggle(); // resume where it stopped
    expect(a.log.at(-1)).toBe('/listen/1/0.wav@0.25');
    expect(calls).not.toContain('native play');
    p.close();
  });

  it('counts the time it played as time listened, and not the time it was paused', async () => {
    const { api, heard } = windowApi();
    const a = audios();
    const p = new PlayerStore(api, a.make, asIs);
    await p.open(1);
    await p.playFrom(2);
    await vi.advanceTimersByTimeAsync(1000);
    a.cur().end(); // sentence 3 starts after the clip's 100 ms pause
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(1200);
    await p.toggle(); // pause
    await vi.advanceTimersByTimeAsync(60_000); // paused for a minute: not listening
    await p.toggle(); // resume
    await vi.advanceTimersByTimeAsync(300);
    a.cur().end(); // the end of the book
    // Sentence 2 (1 s, not its pause), sentence 3 until paused, nothing while paused, then 0.3 s.
    expect(heard).toEqual([0, 1000, 1200, 0, 300]);
    p.close();
  });

  it('reports the time played when the writer leaves the document mid-sentence', async () => {
    const { api, heard } = windowApi();
    const a = audios();
    const p = new PlayerStore(api, a.make, asIs);
    await p.open(1);
    await p.playFrom(0);
    await vi.advanceTimersByTimeAsync(400);
    p.close();
    expect(heard.at(-1)).toBe(400);
  });

  /** A player whose opening waits until opened() is called, and sentence 3 clicked meanwhile. */
  function clickWhileOpening() {
    const { api, calls } = windowApi();
    let opened!: () => void;
    const slow = api.openPlayer;
    api.openPlayer = async (id: number) => {
      await new Promise<void>((r) => (opened = r));
      return slow(id);
    };
    const a = audios();
    const p = new PlayerStore(api, a.make, asIs);
    const opening = p.open(1);
    const click = p.playFrom(3);
    return { calls, a, p, opened: () => opened(), opening, click };
  }

  it('plays a sentence clicked while a long book’s player is still opening, once it has opened', async () => {
    const { calls, a, p, opened, opening, click } = clickWhileOpening();
    await vi.advanceTimersByTimeAsync(100);
    expect(a.log).toEqual([]); // nothing to play from yet…
    expect(calls).not.toContain('native play'); // …and not handed to a backend player that has no document
    opened();
    await opening;
    await click;
    expect(a.log).toEqual(['/listen/1/3.wav@0']);
    expect(p.problem).toBeNull();
    expect(calls).toContain('remember 3 0');
    p.close();
  });

  it('drops a click made while opening when the writer leaves before it has opened', async () => {
    const { calls, a, p, opened, opening, click } = clickWhileOpening();
    p.close(); // back to the library
    opened();
    await opening;
    await click;
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.log).toEqual([]);
    expect(calls.filter((c) => c.startsWith('clip') || c === 'native play' || c === 'subscribed')).toEqual([]);
    expect(p.info).toBeNull();
  });

  it('moves by sentence and chapter, and plays only the changed sentences when asked', async () => {
    const { api } = windowApi();
    const a = audios();
    const p = new PlayerStore(api, a.make, asIs);
    await p.open(1);
    await p.step(1, true); // next chapter from sentence 2 (chapter 0)
    expect(p.state).toMatchObject({ ord: 3, chapter: 1, playing: false });
    await p.step(-1, true);
    expect(p.state.ord).toBe(0);
    await p.step(1);
    expect(p.state.ord).toBe(2);

    await p.playOnly([0, 3]);
    a.cur().end();
    await vi.advanceTimersByTimeAsync(400);
    expect(a.log).toEqual(['/listen/1/0.wav@0', '/listen/1/3.wav@0']); // 2 is not a change
    p.close();
  });
});

describe('the player’s times, chapter jump, sleep timer and loop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts elapsed and total time for the chapter and the book', () => {
    const clips = [
      { ord: 0, chapter: 0, pause_ms: 500, duration_ms: 2000, estimated: false },
      { ord: 1, chapter: 0, pause_ms: 1500, duration_ms: 3000, estimated: false },
      { ord: 2, chapter: 1, pause_ms: 0, duration_ms: 4000, estimated: true },
    ];
    expect(timesAt(clips, 1, 1000)).toEqual({ chapterElapsed: 3500, chapterTotal: 7000, bookElapsed: 3500, bookTotal: 11000, estimated: true });
    expect(timesAt(clips, 2, 99999)).toEqual({ chapterElapsed: 4000, chapterTotal: 4000, bookElapsed: 11000, bookTotal: 11000, estimated: true });
    expect(clock(3_725_000)).toBe('1:02:05');
    expect(clock(249_400)).toBe('4:09');
  });

  it('jumps to a chapter, loops the chapter playing, and sleeps when told', async () => {
    const { api, calls } = windowApi();
    const a = audios();
    const p = new PlayerStore(api, a.make, asIs);
    await p.open(1);
    await p.jumpToChapter(1);
    expect(p.state).toMatchObject({ ord: 3, chapter: 1 });
    await p.jumpToChapter(0);
    expect(p.state).toMatchObject({ ord: 0, chapter: 0 });

    // Loop chapter One (sentences 0 and 2): after 2 it goes back to 0, not on to 3.
    await p.playFrom(0);
    p.setLoop('chapter');
    expect(p.loop).toMatchObject({ from: 0, to: 2 });
    a.cur().end();
    await vi.advanceTimersByTimeAsync(250);
    expect(p.state.ord).toBe(2);
    a.cur().end();
    await vi.advanceTimersByTimeAsync(600);
    expect(p.state.ord).toBe(0);
    expect(a.log.filter((x) => x.startsWith('/listen/1/3.wav'))).toEqual([]);
    p.setLoop(null);

    // Sleep in 5 minutes: still playing at 4, paused at 5.
    p.setSleep({ kind: 'minutes', minutes: 5 });
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(p.state.playing || p.state.waiting).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(p.state.playing).toBe(false);
    expect(p.sleep.kind).toBe('off');

    // Sleep at the end of the chapter: paused as chapter Two begins — at its start,
    // not at where the sentence before ended.
    await p.playFrom(2);
    p.setSleep({ kind: 'chapter' });
    a.cur().currentTime = 1.0; // the sentence played to its end
    a.cur().end();
    await vi.advanceTimersByTimeAsync(600);
    expect(p.state.playing).toBe(false);
    expect(p.state).toMatchObject({ ord: 3, offsetMs: 0 });
    expect(calls.at(-1)).toBe('remember 3 0');
    expect(calls.filter((c) => c === 'native play')).toEqual([]);
    p.close();
  });

  it('stops looping, and moves the chapter sleep, when the writer goes elsewhere', async () => {
    const { api } = windowApi();
    const a = audios();
    const p = new PlayerStore(api, a.make, asIs);
    await p.open(1);
    await p.playFrom(0);
    p.setLoop('chapter');
    await p.jumpToChapter(1); // elsewhere: the loop of chapter One ends
    expect(p.loop).toBeNull();
    expect(p.state.ord).toBe(3);
    // "Sleep after this chapter" set in chapter One, then the writer moves to Two:
    // it is Two's end it waits for, not the move.
    await p.playFrom(0);
    p.setSleep({ kind: 'chapter' });
    await p.jumpToChapter(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(p.state.playing || p.state.waiting).toBe(true);
    expect(p.sleep).toMatchObject({ kind: 'chapter', chapter: 1 });
    a.cur().end(); // the end of the book
    await vi.advanceTimersByTimeAsync(10);
    expect(p.sleep.kind).toBe('off');
    p.close();
  });
});

describe('the backend player’s bounds (with a device)', () => {
  it('tells the backend where a loop or a chapter’s sleep ends, and when it is gone', async () => {
    const calls: string[] = [];
    const info = {
      device: true, position: { ord: 0, offset_ms: 0 }, chapters: ['One', 'Two'],
      clips: [
        { ord: 0, chapter: 0, pause_ms: 0, duration_ms: 1000, estimated: false },
        { ord: 1, chapter: 0, pause_ms: 0, duration_ms: 1000, estimated: false },
        { ord: 3, chapter: 1, pause_ms: 0, duration_ms: 1000, estimated: false },
        { ord: 4, chapter: 1, pause_ms: 0, duration_ms: 1000, estimated: false },
      ],
    } as unknown as PlayerInfo;
    const api = {
      openPlayer: async () => info,
      onPosition: () => () => {},
      bound: async (last: number, loop: number) => void calls.push(`bound ${last} ${loop}`),
      seek: async () => {},
      remember: async () => {},
    } as unknown as Api;
    const p = new PlayerStore(api);
    await p.open(1);
    p.setLoop('chapter');
    expect(calls).toEqual(['bound 1 0']);
    p.setLoop({ from: 3, to: 4, label: 'these' });
    p.setLoop(null);
    p.setSleep({ kind: 'chapter' });
    p.setSleep({ kind: 'chapter' }); // the same again: nothing new to say
    p.setSleep({ kind: 'off' });
    expect(calls).toEqual(['bound 1 0', 'bound 4 3', 'bound -1 -1', 'bound 1 -1', 'bound -1 -1']);
    // An edit makes the backend a new player: the loop is told to it again.
    p.setLoop('chapter');
    await p.refresh();
    expect(calls.slice(-2)).toEqual(['bound 1 0', 'bound 1 0']);
  });
});
