import { describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount, tick } from 'svelte';
import { LibraryStore } from '../../src/stores/library.svelte';
import LibraryView from '../../src/components/LibraryView.svelte';
import { fakeApi } from './fakeapi';

function file(name: string, body: string): File {
  return new File([body], name);
}

describe('LibraryStore', () => {
  it('imports each dropped file and reports each result', async () => {
    const { api } = fakeApi();
    const store = new LibraryStore(api);
    await store.importFiles([file('one.md', 'a'), file('empty.txt', ''), file('again.md', 'a')]);
    const states = store.imports.map((i) => [i.file, i.state]);
    expect(states).toEqual([
      ['again.md', 'duplicate'],
      ['empty.txt', 'failed'],
      ['one.md', 'imported'],
    ]);
    expect(store.imports[1]?.message).toBe('empty.txt: the file is empty');
    expect(store.imports[2]?.message).toBe('Imported “one”: 12 words, 2 chapters.');
    expect(store.total).toBe(1);
  });

  it('asks about a file whose title is in the library, and does what the writer chooses', async () => {
    const { api, calls } = fakeApi();
    const store = new LibraryStore(api);
    await store.importFiles([file('tale.md', 'first')]);
    await store.importFiles([file('tale-v2.md', 'second'), file('tale-v3.md', 'third')]);
    const [v3, v2] = store.imports;
    expect(v2?.state).toBe('same-title');
    expect(v2?.message).toBe('“tale” is already in your library. Is this file a new version of it?');
    expect(store.total).toBe(1);
    await store.resolve(v2!, true);
    expect(store.imports[1]).toMatchObject({ state: 'revised', documentId: 1 });
    expect(store.imports[1]?.message).toContain('1 added, 0 removed, 2 changed');
    await store.resolve(store.imports[0]!, false);
    expect(store.imports[0]?.state).toBe('imported');
    expect(calls).toContain('new version of 1 from tale-v2.md');
    expect(calls).toContain('import tale-v3.md as new');
    expect(store.total).toBe(2);
    expect(v3?.file).toBe('tale-v3.md');
  });

  it('asks for the password of a protected PDF, sends it with that import only, and shows what was left out', async () => {
    const { api, calls } = fakeApi();
    const store = new LibraryStore(api);
    await store.importFiles([file('secret.pdf', 'locked:hunter2 body')]);
    expect(store.imports[0]).toMatchObject({ state: 'locked', message: 'secret.pdf: the PDF is protected by a password' });
    await store.unlock(store.imports[0]!, 'wrong');
    expect(store.imports[0]).toMatchObject({ state: 'locked', message: 'secret.pdf: the password does not open this PDF' });
    expect(store.imports[0]?.pending?.password).toBeUndefined(); // a wrong password is not kept
    await store.unlock(store.imports[0]!, 'hunter2');
    expect(store.imports[0]).toMatchObject({ state: 'imported', notes: ['3 characters that could not be decoded were left out'] });
    expect(store.imports[0]?.pending).toBeUndefined(); // the password is not kept once it has opened the file
    await store.importFiles([file('other.md', 'plain')]);
    expect(calls.filter((c) => c.startsWith('import'))).toEqual([
      'import secret.pdf', 'import secret.pdf with password wrong', 'import secret.pdf with password hunter2', 'import other.md',
    ]);
    expect(store.settings.password).toBeUndefined();
  });

  it('offers a masked password field for a protected PDF and imports with what is typed', async () => {
    const { api, calls } = fakeApi();
    const store = new LibraryStore(api);
    await store.importFiles([file('secret.pdf', 'locked:pw body')]);
    const target = document.createElement('div');
    const view = mount(LibraryView, { target, props: { store, onOpen: () => {} } });
    flushSync();
    const input = target.querySelector<HTMLInputElement>('[data-testid="pdf-password"]')!;
    expect(input.type).toBe('password');
    expect(input.closest('label')?.textContent).toContain('Password for secret.pdf');
    input.value = 'pw';
    input.form!.requestSubmit(target.querySelector<HTMLButtonElement>('[data-testid="unlock"]')!);
    await new Promise((r) => setTimeout(r, 0));
    await tick();
    expect(calls).toContain('import secret.pdf with password pw');
    expect(target.querySelector('[data-testid="import-notes"]')?.textContent).toContain('3 characters that could not be decoded were left out');
    unmount(view);
  });

  it('imports a page by its address, and says why a private address is refused', async () => {
    const { api, calls } = fakeApi();
    const store = new LibraryStore(api);
    await store.importAddress('  https://example.com/posts/ledger ');
    expect(store.imports[0]).toMatchObject({ file: 'https://example.com/posts/ledger', state: 'imported' });
    await store.importAddress('http://127.0.0.1:8080/draft');
    expect(store.imports[0]).toMatchObject({ state: 'failed' });
    expect(store.imports[0]?.message).toContain('private network');
    expect(calls).toContain('fetch https://example.com/posts/ledger');
  });

  it('pages through 120 documents 50 at a time', async () => {
    const { api } = fakeApi(Array.from({ length: 120 }, (_, i) => ({ title: `Book ${i}` })));
    const store = new LibraryStore(api);
    await store.load();
    expect(store.pages).toBe(3);
    await store.goTo(2);
    expect(store.items).toHaveLength(20);
    await store.goTo(9);
    expect(store.page).toBe(2);
  });

  it('searches from the first page', async () => {
    const { api } = fakeApi([{ title: 'The Keeper' }, { title: 'Other' }]);
    const store = new LibraryStore(api);
    await store.goTo(0);
    await store.search('keep');
    expect(store.items.map((d) => d.title)).toEqual(['The Keeper']);
  });

  it('keeps a failed rename visible as an error', async () => {
    const { api } = fakeApi([{ title: 'Kept' }]);
    const store = new LibraryStore(api);
    await store.load();
    await expect(store.rename(1, '  ')).rejects.toMatchObject({ code: 'invalid' });
    expect(store.items[0]?.title).toBe('Kept');
  });
});

describe('LibraryView', () => {
  it('shows the empty state, then the documents with labelled controls', async () => {
    const { api } = fakeApi();
    const store = new LibraryStore(api);
    const target = document.createElement('div');
    document.body.appendChild(target);
    const view = mount(LibraryView, { target, props: { store, onOpen: () => {} } });
    await store.load();
    flushSync();
    expect(target.textContent).toContain('Your library is empty.');

    await store.importFiles([file('The Keeper.md', 'x')]);
    flushSync();
    await tick();
    const rows = target.querySelectorAll('[data-testid="document-row"]');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.querySelector('button.open')?.textContent).toBe('The Keeper');
    expect(target.querySelector('button[aria-label="Delete The Keeper"]')).not.toBeNull();
    expect(target.querySelector('label[for="search"]')?.textContent).toBe('Search titles');
    unmount(view);
  });
});

describe('listening time', () => {
  it('is a converted document’s audiobook length, else its words at the library’s pace, with what it is in its title', async () => {
    const { api } = fakeApi();
    const store = new LibraryStore(api);
    const doc = (id: number, title: string, words: number, audio_ms: number) =>
      ({ id, title, author: '', language: 'en', format: 'markdown', words, sections: 1, segments: 1, audio_ms, created_at: '2026-12-01T10:00:00Z' }) as unknown as (typeof store.items)[number];
    store.items = [doc(1, 'Converted', 1_000, 5_430_000), doc(2, 'Not yet', 1_000, 0)];
    store.total = 2;
    store.msPerWord = 420;
    const target = document.createElement('div');
    const view = mount(LibraryView, { target, props: { store, onOpen: () => {} } });
    flushSync();
    const cells = [...target.querySelectorAll<HTMLElement>('[data-testid="listening"]')];
    expect(cells.map((c) => [c.textContent, c.title])).toEqual([
      ['1 h 31 min', 'The length of its last audiobook'],
      ['7 min', 'At the pace your audiobooks measured'],
    ]);
    unmount(view);
  });

  it('is the player’s estimate once the backend has worked it out, shown when it says so', async () => {
    const { api, change } = fakeApi([{ title: 'Not yet', words: 1_000, audio_ms: 0, estimate_ms: 0, estimated: false }]);
    const store = new LibraryStore(api);
    const target = document.createElement('div');
    const view = mount(LibraryView, { target, props: { store, onOpen: () => {} } });
    await vi.waitFor(() => expect(target.querySelector('[data-testid="listening"]')?.textContent).toBe('6 min'));
    change(1, { estimate_ms: 2_830_000, estimated: true });
    await vi.waitFor(() => expect(target.querySelector('[data-testid="listening"]')?.textContent).toBe('about 47 min'));
    expect(target.querySelector<HTMLElement>('[data-testid="listening"]')?.title).toBe(
      'Measured on the sentences already synthesised; the others estimated at their voice’s measured rate');
    change(1, { estimate_ms: 2_810_000, estimated: false }); // every sentence synthesised: no "about"
    await vi.waitFor(() => expect(target.querySelector('[data-testid="listening"]')?.textContent).toBe('47 min'));
    expect(target.querySelector<HTMLElement>('[data-testid="listening"]')?.title).toBe('The length of the audio');
    unmount(view);
    change(1, { estimate_ms: 60_000 }); // no longer listened to once the view is gone
    await Promise.resolve();
    expect(store.items[0]?.estimate_ms).toBe(2_810_000);
  });
});
