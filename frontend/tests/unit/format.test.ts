import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDuration, formatLabel, formatWords, listeningTime } from '../../src/lib/format';
import { parseRoute, routeHash } from '../../src/lib/route';
import { toBase64 } from '../../src/lib/files';
import { toProblem } from '../../src/api';

describe('listeningTime', () => {
  it.each([
    [0, '0 min'],
    [50, '< 1 min'],
    [165, '1 min'],
    [165 * 59, '59 min'],
    [165 * 60, '1 h 00 min'],
    [165 * 125, '2 h 05 min'],
  ])('%i words take %s', (words, want) => {
    expect(listeningTime(words)).toBe(want);
  });
});

describe('formatting', () => {
  it('counts words with a plural', () => {
    expect(formatWords(1)).toBe('1 word');
    expect(formatWords(34123)).toBe('34,123 words');
  });
  it('words an audio length', () => {
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(14293)).toBe('3 h 58 min');
  });
  it('names formats as writers know them', () => {
    expect(formatLabel('docx')).toBe('Word');
    expect(formatLabel('odt')).toBe('ODT');
  });
  it('shows sizes in the unit that reads best', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(100 << 20)).toBe('100 MB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.0 GB');
  });
  it('shows today as a time and other days as a date', () => {
    const now = new Date('2026-11-27T15:00:00');
    expect(formatDate('2026-11-27T09:05:00', now)).toMatch(/^Today 09:05$/);
    expect(formatDate('2025-01-02T09:05:00', now)).toBe('2 Jan 2025');
    expect(formatDate('not a date', now)).toBe('');
  });
});

describe('routes', () => {
  it('round-trips through the hash', () => {
    for (const r of [{ name: 'library' }, { name: 'settings' }, { name: 'document', id: 42 }, { name: 'document', id: 42, sentence: 7 }, { name: 'check', job: 3 }, { name: 'dashboard' }] as const) {
      expect(parseRoute(routeHash(r))).toEqual(r);
    }
  });
  it('falls back to the library for anything unknown', () => {
    expect(parseRoute('#/documents/abc')).toEqual({ name: 'library' });
    expect(parseRoute('#/documents/4/sentences/x')).toEqual({ name: 'library' });
    expect(parseRoute('#/check/')).toEqual({ name: 'library' });
    expect(parseRoute('')).toEqual({ name: 'library' });
  });
});

describe('toBase64', () => {
  it('encodes large inputs without overflowing the stack', () => {
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
    const decoded = Uint8Array.from(atob(toBase64(bytes)), (c) => c.charCodeAt(0));
    expect(decoded).toEqual(bytes);
  });
});

describe('toProblem', () => {
  it('keeps a backend problem', () => {
    expect(toProblem({ code: 'invalid', message: 'a.md: empty' })).toEqual({ code: 'invalid', message: 'a.md: empty' });
  });
  it('parses a problem sent as JSON text', () => {
    expect(toProblem('{"code":"not_found","message":"gone"}')).toEqual({ code: 'not_found', message: 'gone' });
  });
  it('wraps plain text and unknown values', () => {
    expect(toProblem('boom')).toEqual({ code: 'internal', message: 'boom' });
    expect(toProblem(undefined).code).toBe('internal');
  });
});

describe('lengthOf', () => {
  it('reads a length of audio as a writer would', async () => {
    const { lengthOf } = await import('../../src/lib/format');
    expect(lengthOf(17_000)).toBe('17 s');
    expect(lengthOf(12 * 60_000)).toBe('12 min');
    expect(lengthOf((3 * 60 + 57) * 60_000)).toBe('3 h 57 min');
  });
});

describe('selectedWord', () => {
  it('takes a word or a short name from the text, not a passage or what lies outside', async () => {
    const { selectedWord } = await import('../../src/lib/selection');
    const root = document.createElement('div');
    root.innerHTML = '<p>“Siobhán,” said Dr. Reyes, and the long night went on and on without end.</p><p id="other">Elsewhere</p>';
    document.body.append(root);
    const text = root.querySelector('p')!.firstChild!;
    const pick = (node: Node, from: number, to: number) => {
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      const r = document.createRange();
      r.setStart(node, from);
      r.setEnd(node, to);
      sel.addRange(r);
      return sel;
    };
    expect(selectedWord(pick(text, 0, 10), root)).toBe('Siobhán');
    expect(selectedWord(pick(text, 16, 25), root)).toBe('Dr. Reyes');
    expect(selectedWord(pick(text, 0, 60), root)).toBe(''); // a passage
    expect(selectedWord(pick(text, 3, 3), root)).toBe(''); // nothing
    const outside = document.createElement('p');
    outside.textContent = 'Outside';
    document.body.append(outside);
    expect(selectedWord(pick(outside.firstChild!, 0, 7), root)).toBe('');
  });
});

describe('listeningTime', () => {
  it('uses the pace the library measured once there is one', async () => {
    const { listeningTime } = await import('../../src/lib/format');
    expect(listeningTime(34_109)).toBe('3 h 27 min'); // 165 words a minute
    expect(listeningTime(34_109, 417)).toBe('3 h 57 min'); // as the manual's audiobook measured
  });
});

describe('selectedSentences', () => {
  it('gives the first and last sentences a selection touches', async () => {
    const { selectedSentences } = await import('../../src/lib/selection');
    const root = document.createElement('div');
    root.innerHTML = '<p><span class="seg" data-seg="4">One.</span> <span class="seg" data-seg="5">Two.</span></p><p><span class="seg" data-seg="7">Three.</span></p>';
    document.body.append(root);
    const spans = root.querySelectorAll('span.seg');
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    const r = document.createRange();
    r.setStart(spans[0]!.firstChild!, 1);
    r.setEnd(spans[2]!.firstChild!, 2);
    sel.addRange(r);
    expect(selectedSentences(sel, root)).toEqual({ from: 4, to: 7 });
    sel.removeAllRanges();
    expect(selectedSentences(sel, root)).toBeNull();
  });
});
