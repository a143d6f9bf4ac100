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
