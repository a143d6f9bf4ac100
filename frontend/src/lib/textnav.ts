// Moving through the text by keyboard: the text is one Tab stop, and inside it the
// arrows move from sentence to sentence (up, down) and from word to word (left,
// right: the word is selected, as a double-click would, so "Fix pronunciation…"
// and the rest open for it). The sentence with the focus is the only one with a
// tabindex (a roving tabindex).

/** The sentences of the text, in order. */
export function sentences(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('span.seg[data-seg]')];
}

/**
 * Gives sentence el the focus and the roving tabindex (0: Tab comes back to it; the
 * caller takes the text's own tabindex away), scrolled into view.
 */
export function focusSentence(root: HTMLElement, el: HTMLElement) {
  for (const s of root.querySelectorAll<HTMLElement>('span.seg[tabindex]')) if (s !== el) s.removeAttribute('tabindex');
  el.tabIndex = 0;
  el.focus();
}

/**
 * The sentence a key moves to from `from` (null: none yet, so the first, or the
 * one given as current): next or previous, first or last.
 */
export function moveSentence(root: HTMLElement, from: HTMLElement | null, key: 'next' | 'previous' | 'first' | 'last'): HTMLElement | null {
  const all = sentences(root);
  if (all.length === 0) return null;
  if (key === 'first') return all[0]!;
  if (key === 'last') return all.at(-1)!;
  const i = from ? all.indexOf(from) : -1;
  if (i < 0) return all[0]!;
  return all[Math.min(Math.max(i + (key === 'next' ? 1 : -1), 0), all.length - 1)]!;
}

const wordRe = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*[\p{L}\p{N}\p{M}]|[\p{L}\p{N}]/gu;

/** The words of a text, by their character offsets. */
export function words(text: string): { start: number; end: number }[] {
  return [...text.matchAll(wordRe)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}

/** Where the selection starts and ends in el's text, in characters, or null when it is not inside el. */
function selectionIn(el: HTMLElement): { start: number; end: number } | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!el.contains(r.startContainer) || !el.contains(r.endContainer)) return null;
  const before = document.createRange();
  before.setStart(el, 0);
  before.setEnd(r.startContainer, r.startOffset);
  const start = before.toString().length;
  return { start, end: start + r.toString().length };
}

/** A range over characters [start, end) of el's text, across the elements inside it (a highlight's marks). */
function rangeOf(el: HTMLElement, start: number, end: number): Range {
  const range = document.createRange();
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let at = 0;
  let set = false;
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const len = n.textContent?.length ?? 0;
    if (!set && start <= at + len) {
      range.setStart(n, start - at);
      set = true;
    }
    if (set && end <= at + len) {
      range.setEnd(n, end - at);
      break;
    }
    at += len;
  }
  return range;
}

/**
 * Selects the next (or previous) word of sentence el after the one selected in it,
 * or its first (last) word when none is; at the sentence's end it stays on the last
 * word. Returns the word selected, or '' when the sentence has none.
 */
export function selectWord(el: HTMLElement, dir: 1 | -1): string {
  const text = el.textContent ?? '';
  const ws = words(text);
  if (ws.length === 0) return '';
  const cur = selectionIn(el);
  let i: number;
  if (!cur) i = dir > 0 ? 0 : ws.length - 1;
  else if (dir > 0) i = ws.findIndex((w) => w.start >= cur.end);
  else {
    i = -1;
    for (let k = ws.length - 1; k >= 0 && i < 0; k--) if (ws[k]!.end <= cur.start) i = k;
  }
  if (i < 0) i = dir > 0 ? ws.length - 1 : 0;
  const w = ws[i]!;
  const sel = window.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(rangeOf(el, w.start, w.end));
  return text.slice(w.start, w.end);
}

/**
 * The next of n search hits from hit at (-1: none yet) going dir: from none,
 * forward is the first and back the last; past either end it wraps round.
 */
export function nextHit(at: number, dir: 1 | -1, n: number): number {
  if (at < 0) return dir > 0 ? 0 : n - 1;
  return (at + dir + n) % n;
}
