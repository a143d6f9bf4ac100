import type { Api, Document, DocumentPage, ImportOutcome } from '../../src/api';

/** An in-memory stand-in for the Go backend, with the same paging and errors. */
export function fakeApi(initial: Partial<Document>[] = []) {
  let nextId = 1;
  let docs: Document[] = initial.map((d) => doc(d));
  const calls: string[] = [];
  const listeners = new Set<() => void>();

  function doc(d: Partial<Document>): Document {
    return {
      id: nextId++,
      title: 'Untitled',
      author: '',
      language: '',
      format: 'markdown',
      source_name: 'x.md',
      sha256: '',
      size: 1,
      words: 100,
      sections: 1,
      segments: 5,
      settings: '{}',
      created_at: '2026-11-27T10:00:00Z',
      updated_at: '2026-11-27T10:00:00Z',
      ...d,
    } as Document;
  }

  const api = {
    async list(query: string, page: number): Promise<DocumentPage> {
      calls.push(`list ${query} ${page}`);
      const match = docs.filter((d) => d.title.toLowerCase().includes(query.toLowerCase()));
      return { items: match.slice(page * 50, page * 50 + 50), total: match.length, page, per_page: 50 } as DocumentPage;
    },
    async importData(name: string, base64: string, settings?: { as_new?: boolean; password?: string }): Promise<ImportOutcome> {
      calls.push(`import ${name}${settings?.as_new ? ' as new' : ''}${settings?.password ? ` with password ${settings.password}` : ''}`);
      let text = atob(base64);
      // "locked:SECRET …" stands for a PDF that only SECRET opens, as the backend says it.
      const lock = /^locked:(\S+)/.exec(text);
      let notes: { message: string; format: string; args: string[] }[] | undefined;
      if (lock) {
        if (settings?.password !== lock[1]) {
          const format = settings?.password ? 'the password does not open this PDF' : 'the PDF is protected by a password';
          return { file: name, problem: { code: 'locked', message: `${name}: ${format}`, format: `%s: ${format}`, args: [name] } } as ImportOutcome;
        }
        text = text.slice(lock[0].length);
        notes = [{ message: '3 characters that could not be decoded were left out', format: '%d characters that could not be decoded were left out', args: ['3'] }];
      }
      if (text === '') return { file: name, problem: { code: 'invalid', message: `${name}: the file is empty` } } as ImportOutcome;
      const dup = docs.find((d) => d.source_name === text);
      if (dup) {
        return { file: name, result: { file: name, id: dup.id, title: dup.title, duplicate: true } } as ImportOutcome;
      }
      const title = name.replace(/(-v\d+)?\.\w+$/, '');
      const same = docs.find((d) => d.title === title);
      if (same && !settings?.as_new) {
        return { file: name, result: { file: name, id: same.id, title, version_of: same.id, duplicate: false } } as ImportOutcome;
      }
      const d = doc({ title, source_name: text });
      docs = [d, ...docs];
      return { file: name, result: { file: name, id: d.id, title: d.title, format: 'markdown', words: 12, sections: 2, segments: 4, duplicate: false, notes } } as ImportOutcome;
    },
    async importURL(address: string, settings?: { as_new?: boolean }): Promise<ImportOutcome> {
      calls.push(`fetch ${address}`);
      if (address.includes('127.0.0.1')) {
        const format = '%s: the address is on this computer or its private network, which is not fetched (Settings → Import allows it)';
        return { file: address, problem: { code: 'invalid', message: format.replace('%s', address), format, args: [address] } } as ImportOutcome;
      }
      const name = address.split('/').pop() + '.html';
      return (api as unknown as { importData: (n: string, b: string, s?: object) => Promise<ImportOutcome> }).importData(name, btoa(address), settings);
    },
    async rename(id: number, title: string) {
      if (!title.trim()) throw { code: 'invalid', message: 'a title cannot be empty' };
      docs = docs.map((d) => (d.id === id ? { ...d, title: title.trim() } : d)) as Document[];
    },
    async remove(id: number) {
      docs = docs.filter((d) => d.id !== id);
    },
    async chooseFiles() {
      return [];
    },
    onLibraryChanged(fn: () => void) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async newVersionData(id: number, name: string) {
      calls.push(`new version of ${id} from ${name}`);
      const d = docs.find((x) => x.id === id)!;
      return { id, title: d.title, added: 1, removed: 0, changed: 2, unchanged: 10 };
    },
  } as unknown as Api;
  /** Sets fields of a document as the backend would, and says so as it does ("library:changed"). */
  const change = (id: number, fields: Partial<Document>) => {
    docs = docs.map((d) => (d.id === id ? ({ ...d, ...fields } as Document) : d));
    for (const fn of listeners) fn();
  };
  return { api, calls, docs: () => docs, change };
}
