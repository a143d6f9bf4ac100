import { intlLocale, t, tb, tn } from '../lib/i18n.svelte';
import type { Api, Document, ImportOutcome, ImportSettings, Problem } from '../api';
import { defaultImportSettings } from '../api';
import { fileToBase64 } from '../lib/files';

/** One line of the import panel: a file being imported, or its outcome. */
export interface ImportItem {
  key: number;
  file: string;
  state: 'working' | 'imported' | 'duplicate' | 'failed' | 'same-title' | 'revised' | 'locked';
  message: string;
  /** What the import left out (undecodable characters of a PDF, say), translated. */
  notes?: string[];
  documentId?: number;
  /** For a same-title or password-protected file: what to send again once the
   * writer has chosen or typed the password (kept only until then). */
  pending?: { name: string; base64?: string; path?: string; address?: string; password?: string };
}

/** The library view's state: the current page of documents, the search, imports. */
export class LibraryStore {
  items = $state<Document[]>([]);
  /** How long a word takes in the audiobooks made so far (0 until one is). */
  msPerWord = $state(0);
  total = $state(0);
  page = $state(0);
  perPage = $state(50);
  query = $state('');
  loading = $state(false);
  error = $state<Problem | null>(null);
  imports = $state<ImportItem[]>([]);
  settings = $state<ImportSettings>({ ...defaultImportSettings });

  #api: Api;
  #nextKey = 1;
  #loadSeq = 0;

  constructor(api: Api) {
    this.#api = api;
  }

  get pages(): number {
    return Math.max(1, Math.ceil(this.total / this.perPage));
  }

  async load(): Promise<void> {
    const seq = ++this.#loadSeq; // a slow answer to an old search must not win
    this.loading = true;
    try {
      const page = await this.#api.list(this.query, this.page);
      if (seq !== this.#loadSeq) return;
      this.items = page.items ?? [];
      this.msPerWord = page.ms_per_word ?? 0;
      this.total = page.total;
      this.perPage = page.per_page || 50;
      this.error = null;
      if (this.items.length === 0 && this.page > 0 && this.total > 0) {
        this.page = this.pages - 1;
        await this.load();
      }
    } catch (e) {
      if (seq === this.#loadSeq) this.error = e as Problem;
    } finally {
      if (seq === this.#loadSeq) this.loading = false;
    }
  }

  /** Loads the page again whenever the backend says documents changed (their
   * lengths worked out after an import); returns the unsubscribe. */
  watch(): () => void {
    return this.#api.onLibraryChanged(() => void this.load());
  }

  async search(query: string): Promise<void> {
    this.query = query;
    this.page = 0;
    await this.load();
  }

  async goTo(page: number): Promise<void> {
    this.page = Math.min(Math.max(0, page), this.pages - 1);
    await this.load();
  }

  #begin(file: string): ImportItem {
    const item: ImportItem = { key: this.#nextKey++, file, state: 'working', message: t('imp.working') };
    this.imports = [item, ...this.imports].slice(0, 50);
    return item;
  }

  #finish(key: number, outcome: ImportOutcome, pending?: ImportItem['pending']): void {
    this.imports = this.imports.map((it) => {
      if (it.key !== key) return it;
      const d = describe(it, outcome);
      // A password is kept only to answer the same-title question that follows it;
      // one that did not open the file is not kept at all.
      if (d.state === 'locked') return { ...d, pending: pending && { ...pending, password: undefined } };
      return d.state === 'same-title' ? { ...d, pending } : d;
    });
  }

  #update(key: number, patch: Partial<ImportItem>): void {
    this.imports = this.imports.map((it) => (it.key === key ? { ...it, ...patch } : it));
  }

  /** The writer's answer for a file whose title is already in the library. */
  async resolve(item: ImportItem, asNewVersion: boolean): Promise<void> {
    const p = item.pending;
    const id = item.documentId;
    if (!p || !id) return;
    this.#update(item.key, { state: 'working', message: t('imp.working'), pending: undefined });
    try {
      if (asNewVersion) {
        const r = p.address !== undefined ? await this.#api.newVersionURL(id, p.address)
          : p.base64 !== undefined ? await this.#api.newVersionData(id, p.name, p.base64, p.password) : await this.#api.newVersionFile(id, p.path ?? '', p.password);
        this.#update(item.key, {
          state: 'revised', documentId: id,
          message: t('imp.version', { title: r.title, added: r.added, removed: r.removed, changed: r.changed }),
        });
      } else {
        const settings = { ...this.settings, as_new: true, password: p.password };
        const o = p.address !== undefined ? await this.#api.importURL(p.address, settings)
          : p.base64 !== undefined ? await this.#api.importData(p.name, p.base64, settings) : (await this.#api.importPaths([p.path ?? ''], settings))[0];
        this.#finish(item.key, o ?? ({ file: p.name, problem: { code: 'internal', message: t('imp.noResult') } } as ImportOutcome));
      }
    } catch (e) {
      this.#update(item.key, { state: 'failed', message: (e as Problem).message });
    }
    await this.load();
  }

  /** Imports a password-protected PDF again with the password the writer typed. The
   * password goes with this one call (and a same-title answer that follows it). */
  async unlock(item: ImportItem, password: string): Promise<void> {
    const p = item.pending;
    if (!p || item.state !== 'locked') return;
    this.#update(item.key, { state: 'working', message: t('imp.working'), pending: undefined });
    const settings = { ...this.settings, password };
    let o: ImportOutcome | undefined;
    try {
      o = p.base64 !== undefined ? await this.#api.importData(p.name, p.base64, settings) : (await this.#api.importPaths([p.path ?? ''], settings))[0];
    } catch (e) {
      o = { file: p.name, problem: e as Problem } as ImportOutcome;
    }
    this.#finish(item.key, o ?? ({ file: p.name, problem: { code: 'internal', message: t('imp.noResult') } } as ImportOutcome), { ...p, password });
    await this.load();
  }

  /** Imports dropped files one after another; each shows its own result. */
  async importFiles(files: File[]): Promise<void> {
    await this.#importEach(files, (f) => f.name, async (file, pending) => {
      pending.base64 = await fileToBase64(file);
      return this.#api.importData(file.name, pending.base64, this.settings);
    });
  }

  /** Imports files dropped on the real window (their paths) one after another; each
   * shows its own result. */
  async importPaths(paths: string[]): Promise<void> {
    await this.#importEach(paths, baseName, async (path, pending) => {
      pending.path = path;
      return (await this.#api.importPaths([path], this.settings))[0];
    });
  }

  /** Imports each of things in turn, each in a row of its own named by name: run
   * imports one, first noting in pending what a later answer (a new version, a
   * password) will send again. */
  async #importEach<T>(things: T[], name: (thing: T) => string, run: (thing: T, pending: NonNullable<ImportItem['pending']>) => Promise<ImportOutcome | undefined>): Promise<void> {
    const items = things.map((thing) => ({ thing, item: this.#begin(name(thing)) }));
    for (const { thing, item } of items) {
      const pending = { name: name(thing) };
      let outcome: ImportOutcome | undefined;
      try {
        outcome = await run(thing, pending);
      } catch (e) {
        outcome = { file: name(thing), problem: e as Problem } as ImportOutcome;
      }
      this.#finish(item.key, outcome ?? ({ file: name(thing), problem: { code: 'internal', message: t('imp.noResult') } } as ImportOutcome), pending);
    }
    await this.load();
  }

  /** Fetches a page (or a manuscript) by its web address and imports it. */
  async importAddress(address: string): Promise<void> {
    const item = this.#begin(address.trim());
    let outcome: ImportOutcome;
    try {
      outcome = await this.#api.importURL(address.trim(), this.settings);
    } catch (e) {
      outcome = { file: address, problem: e as Problem } as ImportOutcome;
    }
    this.#finish(item.key, outcome, { name: address.trim(), address: address.trim() });
    await this.load();
  }

  /** Opens the system's file dialog and imports what is chosen. */
  async choose(): Promise<void> {
    try {
      const outcomes = await this.#api.chooseFiles(this.settings);
      for (const o of outcomes) this.#finish(this.#begin(baseName(o.file)).key, o, { name: baseName(o.file), path: o.file });
      if (outcomes.length > 0) await this.load();
    } catch (e) {
      this.error = e as Problem;
    }
  }

  dismissImports(): void {
    this.imports = this.imports.filter((i) => i.state === 'working');
  }

  async rename(id: number, title: string): Promise<void> {
    await this.#api.rename(id, title);
    this.items = this.items.map((d) => (d.id === id ? ({ ...d, title: title.trim() } as Document) : d));
  }

  async remove(id: number): Promise<void> {
    await this.#api.remove(id);
    await this.load();
  }
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function describe(item: ImportItem, o: ImportOutcome): ImportItem {
  if (o.problem) {
    const message = tb(o.problem.message, o.problem.format, o.problem.args);
    return { ...item, state: o.problem.code === 'locked' ? 'locked' : 'failed', message };
  }
  const r = o.result;
  if (!r) return { ...item, state: 'failed', message: t('imp.noResult') };
  item = { ...item, notes: (r.notes ?? []).map((n) => tb(n.message, n.format, n.args)) };
  if (r.version_of) {
    return {
      ...item, state: 'same-title', documentId: r.version_of,
      message: t('imp.sameTitle', { title: r.title }),
    };
  }
  if (r.duplicate) {
    return { ...item, state: 'duplicate', message: t('imp.duplicate', { title: r.title }), documentId: r.id };
  }
  const chapters = tn('imp.chapters.one', 'imp.chapters.other', r.sections);
  return {
    ...item,
    state: 'imported',
    message: t('imp.imported', { title: r.title, words: r.words.toLocaleString(intlLocale()), chapters }),
    documentId: r.id,
  };
}
