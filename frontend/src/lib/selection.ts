/**
 * The word (or short name) selected in the text, trimmed of punctuation, or '' when
 * the selection is not one: empty, outside `inside`, or a passage.
 */
export function selectedWord(sel: Selection | null, inside: HTMLElement | undefined): string {
  if (!sel || sel.isCollapsed || !inside || sel.rangeCount === 0) return '';
  if (!inside.contains(sel.getRangeAt(0).commonAncestorContainer)) return '';
  const text = sel.toString().trim().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  // One word, or a name of a few words ("Dr. Reyes"), not a passage.
  if (!text || text.length > 60 || text.split(/\s+/).length > 4) return '';
  return text;
}

/**
 * Where the selection lies in the sentence it is in: the sentence's ord and the
 * byte offsets of the selected text in the sentence's text (as the backend counts),
 * or null when the selection is not inside one sentence.
 */
export function selectedSpan(sel: Selection | null): { ord: number; start: number; end: number } | null {
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  const el = (n: Node) => (n instanceof Element ? n : n.parentElement);
  const seg = el(range.startContainer)?.closest<HTMLElement>('span.seg');
  if (!seg || seg !== el(range.endContainer)?.closest('span.seg') || seg.dataset.seg === undefined) return null;
  const before = document.createRange();
  before.setStart(seg, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const lead = before.toString();
  const picked = range.toString();
  // The word without the spaces or punctuation the selection took with it.
  const trimmedLead = picked.length - picked.trimStart().length;
  const word = picked.trim().replace(/[^\p{L}\p{N}]+$/u, '').replace(/^[^\p{L}\p{N}]+/u, '');
  const wordAt = lead.length + trimmedLead + picked.trim().indexOf(word);
  const text = seg.textContent ?? '';
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  const start = bytes(text.slice(0, wordAt));
  return { ord: Number(seg.dataset.seg), start, end: start + bytes(word) };
}

/** The first and last sentences (ords) a selection inside root touches, or null. */
export function selectedSentences(sel: Selection | null, root: HTMLElement | undefined): { from: number; to: number } | null {
  if (!sel || sel.isCollapsed || !root || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer)) return null;
  const segs = [...root.querySelectorAll<HTMLElement>('span.seg')].filter((el) => range.intersectsNode(el));
  const ords = segs.map((el) => Number(el.dataset.seg)).filter((n) => Number.isFinite(n));
  if (ords.length === 0) return null;
  return { from: Math.min(...ords), to: Math.max(...ords) };
}
