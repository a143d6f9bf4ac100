// Showing what is being read: the sentence (a span.seg[data-seg=ORD] of the
// document's HTML) gets the class "playing", and the word inside it a <mark>.

const encoder = new TextEncoder();

/** The index in a JS string of a byte offset into its UTF-8 form (the backend's offsets). */
export function byteToIndex(text: string, byteOffset: number): number {
  if (byteOffset <= 0) return 0;
  let bytes = 0;
  let i = 0;
  for (const ch of text) {
    if (bytes >= byteOffset) return i;
    bytes += encoder.encode(ch).length;
    i += ch.length;
  }
  return text.length;
}

const originals = new WeakMap<HTMLElement, string>();

function restore(span: HTMLElement) {
  span.classList.remove('playing');
  delete span.dataset.marked;
  const text = originals.get(span);
  if (text !== undefined) {
    span.replaceChildren(document.createTextNode(text));
    originals.delete(span);
  }
}

/**
 * Marks sentence ord as the one being read and, when wordStart ≥ 0, the word at
 * those byte offsets of its text. Returns the sentence's element (null when it is
 * not shown). Calling it with ord null clears the marks.
 */
export function highlight(root: HTMLElement, ord: number | null, wordStart = -1, wordEnd = -1): HTMLElement | null {
  for (const el of root.querySelectorAll<HTMLElement>('span.seg.playing')) {
    if (ord === null || el.dataset.seg !== String(ord)) restore(el);
  }
  if (ord === null) return null;
  const span = root.querySelector<HTMLElement>(`span.seg[data-seg="${ord}"]`);
  if (!span) return null;
  span.classList.add('playing');
  // The same word marked already, or the writer selecting in this sentence (a word
  // to fix while it is read): its nodes are left alone, so the selection holds.
  const key = `${wordStart}:${wordEnd}`;
  if (span.dataset.marked === key) return span;
  const sel = typeof window !== 'undefined' ? window.getSelection() : null;
  if (sel && !sel.isCollapsed && sel.rangeCount > 0 && span.contains(sel.getRangeAt(0).commonAncestorContainer)) return span;
  span.dataset.marked = key;
  const text = originals.get(span) ?? span.textContent ?? '';
  if (!originals.has(span)) originals.set(span, text);
  if (wordStart < 0 || wordEnd <= wordStart) {
    if (span.childNodes.length !== 1 || span.firstChild?.nodeType !== Node.TEXT_NODE) {
      span.replaceChildren(document.createTextNode(text));
    }
    return span;
  }
  const s = byteToIndex(text, wordStart);
  const e = byteToIndex(text, wordEnd);
  const mark = document.createElement('mark');
  mark.className = 'word';
  mark.textContent = text.slice(s, e);
  span.replaceChildren(document.createTextNode(text.slice(0, s)), mark, document.createTextNode(text.slice(e)));
  return span;
}

/** Scrolls el into the middle of its scroller when it is not fully visible. */
export function keepInView(el: HTMLElement) {
  const r = el.getBoundingClientRect();
  const vh = window.innerHeight || document.documentElement.clientHeight;
  if (r.top < 80 || r.bottom > vh - 120) el.scrollIntoView({ block: 'center', behavior: 'smooth' });
}
