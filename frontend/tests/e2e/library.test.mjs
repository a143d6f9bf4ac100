import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dropFiles, root, start } from './harness.mjs';

let app;
// The desktop's opener, as the backend finds it on its PATH: it notes what it was asked to open.
const opener = mkdtempSync(join(tmpdir(), 'readback-opener-'));
writeFileSync(join(opener, 'xdg-open'), `#!/bin/sh\necho "$1" >> ${join(opener, 'opened')}\n`, { mode: 0o755 });
before(async () => {
  app = await start({ env: { PATH: `${opener}:${process.env.PATH}` } });
});
after(async () => {
  await app?.stop();
});

const novel = `---
title: The Lighthouse Keeper
author: A. Writer
---

# Chapter One

Siobhan climbed the stairs. Dr. Reyes waited at the top, e.g. by the lamp.

# Chapter Two

The storm came at 3.30 in the morning... It did not stop.

<script>window.hacked = true</script>

# Chapter Three

[A link](https://example.com) that should be read as words only.
`;

const hostile = `<!DOCTYPE html><html><body><h1>Safe Title</h1>
<p>Visible words.<img src="x" onerror="window.pwned=1" alt="a lighthouse at dusk"></p>
<script>window.pwned = 2</script><p onclick="window.pwned=3">More words here.</p></body></html>`;

test('the library starts empty and says how to import', async () => {
  await app.page.getByText('Your library is empty.').waitFor();
});

test('dropping several files imports each and reports each result', async () => {
  const { page } = app;
  await dropFiles(page, '[data-testid="library"]', [
    { name: 'lighthouse.md', data: novel },
    { name: 'page.html', data: hostile },
    { name: 'empty.txt', data: '' },
    { name: 'broken.docx', data: 'PK\u0003\u0004 not really a zip' },
  ]);
  const results = page.getByTestId('import-result');
  await assert.doesNotReject(results.filter({ hasText: 'Imported “The Lighthouse Keeper”' }).waitFor());
  await results.filter({ hasText: 'Imported “Safe Title”' }).waitFor();
  await results.filter({ hasText: 'empty.txt: the file is empty' }).waitFor();
  await results.filter({ hasText: 'broken.docx: the zip container is damaged' }).waitFor();
  await page.getByTestId('document-row').filter({ hasText: 'The Lighthouse Keeper' }).waitFor();
  assert.equal(await page.getByTestId('document-row').count(), 2);
});

test('dropping the same bytes again is reported, not duplicated', async () => {
  const { page } = app;
  await dropFiles(page, '[data-testid="library"]', [{ name: 'copy-of-lighthouse.md', data: novel }]);
  await page.getByTestId('import-result').filter({ hasText: 'Already in your library as “The Lighthouse Keeper”' }).waitFor();
  assert.equal(await page.getByTestId('document-row').count(), 2);
});

test('search filters by title', async () => {
  const { page } = app;
  await page.getByLabel('Search titles').fill('lighthouse');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="document-row"]').length === 1);
  await page.getByLabel('Search titles').fill('no such title');
  await page.getByText('No titles match').waitFor();
  await page.getByLabel('Search titles').fill('');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="document-row"]').length === 2);
});

test('opening a document shows its chapters, its text and its sentences', async () => {
  const { page } = app;
  // Its listening time, worked out after its import, is the one its player shows.
  const listening = page.getByTestId('document-row').filter({ hasText: 'The Lighthouse Keeper' }).getByTestId('listening');
  await listening.filter({ hasText: /^about \d+ s$/ }).waitFor({ timeout: 10000 });
  const estimated = await listening.innerText();
  await page.getByRole('button', { name: 'The Lighthouse Keeper', exact: true }).click();
  await page.getByText(/^Sentence 1 of [1-9]/).waitFor(); // the player has opened
  assert.equal(await page.getByTestId('length').innerText(), estimated);
  await page.locator('.document header h1', { hasText: 'The Lighthouse Keeper' }).waitFor();
  // The window's title names the document open (the real window's is checked by scripts/window-chapters).
  assert.equal(await page.title(), 'The Lighthouse Keeper — Readback');
  const chapters = await page.getByTestId('chapter').allTextContents();
  assert.deepEqual(chapters, ['Chapter One', 'Chapter Two', 'Chapter Three']);
  await page.getByRole('button', { name: 'Chapter Three' }).click();
  await page.locator('#panel-text', { hasText: 'Siobhan climbed the stairs.' }).waitFor();
  const text = await page.locator('#panel-text').innerText();
  assert.match(text, /Siobhan climbed the stairs\./);
  assert.doesNotMatch(text, /example\.com|<script>|hacked/);
  await page.getByRole('tab', { name: 'Sentences' }).click();
  await page.getByTestId('narrated').first().waitFor();
  const sentences = await page.getByTestId('narrated').allTextContents();
  // The sentences are shown as they will be spoken: abbreviations and numbers in words.
  assert.ok(sentences.some((s) => s.includes('Doctor Reyes waited at the top, for example by the lamp.')), sentences.join('\n'));
  // An ellipsis before a capital ends a sentence; a decimal does not.
  assert.ok(sentences.some((s) => s.endsWith('The storm came at three thirty in the morning...')), sentences.join('\n'));
  assert.ok(sentences.some((s) => s.endsWith('It did not stop.')), sentences.join('\n'));
  await page.getByRole('button', { name: '← Library' }).click();
  await page.getByRole('heading', { name: 'Library', exact: true }).waitFor();
  assert.equal(await page.title(), 'Readback');
});

test('converting a document from the window reaches 100 % in the queue', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'The Lighthouse Keeper', exact: true }).click();
  await page.getByRole('button', { name: 'Convert…' }).click();
  const dialog = page.getByRole('dialog');
  // A destination is proposed (the audiobooks folder and the title), and follows the format.
  const saveTo = dialog.getByLabel('Save to');
  await page.waitForFunction(() => /\/Audiobooks\/The Lighthouse Keeper\.m4b$/.test(document.querySelector('#convert-output')?.value ?? ''));
  await dialog.getByLabel('Format').selectOption('wav');
  assert.match(await saveTo.inputValue(), /\/Audiobooks\/The Lighthouse Keeper\.wav$/);
  await saveTo.fill(join(app.home, 'lighthouse.wav'));
  await dialog.getByRole('button', { name: 'Convert', exact: true }).click();
  await page.getByRole('heading', { name: 'Queue', exact: true }).waitFor();
  const job = page.getByTestId('job').first();
  await job.getByTestId('job-state').filter({ hasText: 'Done' }).waitFor({ timeout: 60000 });
  assert.equal(await job.getByTestId('job-progress').getAttribute('data-percent'), '100');
  assert.match(await job.innerText(), /synthesised/);
  assert.ok(existsSync(join(app.home, 'lighthouse.wav')), 'the audio file was written');
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-queue.png') });
  // Done: Show in folder hands the folder to the desktop.
  await job.getByRole('button', { name: /^Show in folder: / }).click();
  const opened = join(opener, 'opened');
  // The stand-in opener creates its note and then writes it: wait for the words.
  const said = () => (existsSync(opened) ? readFileSync(opened, 'utf8').trim() : '');
  for (let i = 0; i < 50 && !said(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(readFileSync(opened, 'utf8').trim(), app.home);
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await page.getByRole('heading', { name: 'Library', exact: true }).waitFor();
  // Its listening time is now the audiobook's, as the file says it, in the library
  // and in the document alike.
  const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', join(app.home, 'lighthouse.wav')], { encoding: 'utf8' }));
  const want = `${Math.round(seconds)} s`;
  const row = page.getByTestId('document-row').filter({ hasText: 'The Lighthouse Keeper' });
  assert.equal(await row.getByTestId('listening').innerText(), want);
  assert.equal(await row.getByTestId('listening').getAttribute('title'), 'The length of its last audiobook');
  await page.getByRole('button', { name: 'The Lighthouse Keeper', exact: true }).click();
  await page.getByTestId('length').filter({ hasText: want }).waitFor({ timeout: 5000 });
  await page.getByRole('button', { name: '← Library' }).click();
  await page.getByRole('heading', { name: 'Library', exact: true }).waitFor();
});

test('imported HTML reaches the webview sanitised', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'Safe Title', exact: true }).click();
  await page.locator('.document header h1', { hasText: 'Safe Title' }).waitFor();
  // The text arrives in chunks after the header: judge the markup once it is there.
  await page.locator('#panel-text', { hasText: 'a lighthouse at dusk' }).waitFor();
  const html = await page.locator('#panel-text').innerHTML();
  assert.doesNotMatch(html, /<script|onerror|onclick|<img/i);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.goBack();
  await page.getByRole('heading', { name: 'Library', exact: true }).waitFor();
});

test('rename and delete (with confirmation)', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'Rename Safe Title' }).click();
  const input = page.getByLabel('New title for Safe Title');
  await input.fill('A Safer Title');
  await input.press('Enter');
  await page.getByRole('button', { name: 'A Safer Title', exact: true }).waitFor();

  await page.getByRole('button', { name: 'Delete A Safer Title' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.getByTestId('document-row').count(), 2);
  await page.getByRole('button', { name: 'Delete A Safer Title' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="document-row"]').length === 1);
});

test('the audit log lists the rename and the delete', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/settings`);
  const rows = page.getByTestId('audit-event');
  await rows.first().waitFor();
  const text = await page.getByTestId('audit').innerText();
  // Each action by its name (its id in the log and its export).
  assert.match(text, /Renamed/);
  assert.match(text, /Deleted/);
  await page.getByLabel('Action').selectOption('document.delete');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-event"]')].every((r) => r.textContent.includes('Deleted') && r.querySelector('[title="document.delete"]')));
  await page.goto(`${app.url}#/`);
});

test('a PDF with a password asks for it in the import list, says when it is wrong, and opens with the right one', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/`);
  const pdf = readFileSync(join(root, 'internal/document/testdata/pdf/aes256-secret.pdf'));
  await dropFiles(page, '[data-testid="library"]', [{ name: 'secret.pdf', data: pdf }]);
  const item = page.getByTestId('import-result').filter({ hasText: 'secret.pdf' }).first();
  await item.getByText('secret.pdf: the PDF is protected by a password').waitFor();
  const field = item.getByLabel('Password for secret.pdf');
  assert.equal(await field.getAttribute('type'), 'password');
  await field.fill('hunter3');
  await field.press('Enter');
  await item.getByText('secret.pdf: the password does not open this PDF').waitFor();
  await item.getByLabel('Password for secret.pdf').fill('hunter2');
  await item.getByRole('button', { name: 'Open' }).click();
  // The Markdown novel of the same title is in the library already: the writer's
  // answer imports the PDF again, with the password it was opened with.
  await item.getByText('“The Lighthouse Keeper” is already in your library.', { exact: false }).waitFor();
  await item.getByTestId('as-new').click();
  await item.getByText(/Imported “The Lighthouse Keeper”: \d+ words, 3 chapters\./).waitFor();
  // The list is read again after the import's message shows: wait for it.
  const rows = page.getByTestId('document-row').filter({ hasText: 'The Lighthouse Keeper' });
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
});

test('the library survives a reload, and the page raised no errors', async () => {
  const { page } = app;
  await page.reload();
  await page.waitForFunction(() => Boolean(window.go?.app?.Library?.List));
  await page.getByTestId('document-row').filter({ hasText: 'The Lighthouse Keeper' }).first().waitFor();
  const dir = join(root, 'artifacts');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, 'e2e-library.png'), fullPage: true });
  assert.deepEqual(app.problems, []);
});
