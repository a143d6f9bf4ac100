import type { Api } from '../api';
import { t, tb } from './i18n.svelte';

/** Undoes (or, with redo, makes again) the document's last change and says what it was. */
export async function stepHistory(api: Api, id: number, redo: boolean): Promise<string> {
  const n = redo ? await api.redo(id) : await api.undo(id);
  if (redo) return n ? t('ed.redone', { what: tb(n) }) : t('ed.nothingRedo');
  return n ? t('ed.undone', { what: tb(n) }) : t('ed.nothingUndo');
}

/**
 * What a key press asks of the document's history: false to undo (Ctrl+Z), true to
 * redo (Ctrl+Shift+Z, Ctrl+Y), null for neither — and in a field, where the keys
 * are the field's own, always null.
 */
export function historyKey(e: KeyboardEvent): boolean | null {
  const target = e.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return null;
  if (!(e.ctrlKey || e.metaKey)) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey;
  if (key === 'y') return true;
  return null;
}
