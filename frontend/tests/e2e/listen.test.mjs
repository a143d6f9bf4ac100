import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { auditionBytes, dropFiles, root, start } from './harness.mjs';

// Listening and fixing, in the window's own player (no audio device here), against
// the real backend: it synthesises each sentence as it is reached.
let app;
let story;
before(async () => {
  app = await start();
  const { page } = app;
  story = `# The Lighthouse

Siobhan climbed the stairs at dusk. The lamp was cold and dark. She struck a match and waited.

The wind rose over the harbour. Ships turned towards the light.

# Morning

At noon Siobhan slept. Nobody woke her.
`;
  await dropFiles(page, '[data-testid="library"]', [{ name: 'story.md', data: story }]);
  await page.getByRole('button', { name: 'The Lighthouse', exact: true }).click();
  await page.getByTestId('player').waitFor();
});
after(async () => {
  await app?.stop();
});

const playing = (page) => page.evaluate(() => document.querySelector('span.seg.playing')?.getAttribute('data-seg') ?? null);

test('without a device the window says so and plays: the highlight moves from sentence to sentence', async () => {
  const { page } = app;
  await page.getByTestId('no-device').waitFor();
  await page.getByTestId('play').click();
  await page.waitForFunction(() => document.querySelector('span.seg.playing') !== null);
  const first = Number(await playing(page));
  // A word of the sentence is marked while it is spoken…
  await page.waitForFunction(() => document.querySelector('span.seg.playing mark.word') !== null, null, { timeout: 15000 });
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-listening.png') });
  // …and the highlight moves on to the next sentence.
  await page.waitForFunction((f) => Number(document.querySelector('span.seg.playing')?.getAttribute('data-seg')) > f, first, { timeout: 20000 });
  assert.match(await page.getByTestId('player-status').textContent(), /(Sentence \d+ of 9|Preparing sentence \d+)/);
  assert.deepEqual(app.problems, []);
});

test('clicking a sentence plays from it', async () => {
  const { page } = app;
  await page.locator('span.seg[data-seg="7"]').click(); // "At noon Siobhan slept."
  await page.waitForFunction(() => document.querySelector('span.seg.playing')?.getAttribute('data-seg') === '7', null, { timeout: 15000 });
  await page.waitForFunction(() => document.querySelector('span.seg.playing mark.word') !== null, null, { timeout: 15000 });
  assert.match(await page.getByTestId('player-status').textContent(), /Morning/);
  await page.getByTestId('play').click(); // pause
  await page.waitForFunction(() => document.querySelector('[data-testid="play"]')?.getAttribute('aria-label') === 'Play');
});

// A line's letters are shorter than the line: a click just above them (between two
// lines of a paragraph, or at its top edge) lands on the paragraph, and plays the
// sentence whose letters are nearest.
test('clicking beside a sentence’s letters, on its paragraph, plays from it', async () => {
  const { page } = app;
  const at = await page.evaluate(() => {
    const seg = document.querySelector('span.seg[data-seg="4"]'); // "The wind rose over the harbour."
    const line = seg.getClientRects()[0];
    const p = seg.closest('p').getBoundingClientRect();
    const x = line.left + 10;
    const y = (p.top + line.top) / 2;
    return { x, y, gap: line.top - p.top, hit: document.elementFromPoint(x, y)?.tagName };
  });
  assert.ok(at.gap >= 2 && at.hit === 'P', `the paragraph shows above the sentence's letters: ${JSON.stringify(at)}`);
  await page.mouse.click(at.x, at.y);
  await page.waitForFunction(() => document.querySelector('span.seg.playing')?.getAttribute('data-seg') === '4', null, { timeout: 15000 });
  await page.getByTestId('play').click(); // pause
  await page.waitForFunction(() => document.querySelector('[data-testid="play"]')?.getAttribute('aria-label') === 'Play');
});

test('edit a sentence, undo, redo', async () => {
  const { page } = app;
  await page.getByRole('tab', { name: 'Sentences' }).click();
  const row = page.getByTestId('sentence').filter({ hasText: 'The lamp was cold and dark.' });
  await row.getByTestId('edit').click();
  await row.getByTestId('spoken').fill('The old lamp was cold and very dark.');
  await row.getByTestId('save').click();
  await row.getByTestId('narrated').filter({ hasText: 'The old lamp was cold and very dark.' }).waitFor();
  await row.getByText('Written: The lamp was cold and dark.').waitFor();
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-editor.png') });
  await page.getByTestId('undo').click();
  await row.getByTestId('narrated').filter({ hasText: /^The lamp was cold and dark\.$/ }).waitFor();
  await page.getByTestId('redo').click();
  await row.getByTestId('narrated').filter({ hasText: 'The old lamp was cold and very dark.' }).waitFor();
  // Ctrl+Z works from the keyboard too.
  await page.getByTestId('counts').click();
  await page.keyboard.press('Control+z');
  await row.getByTestId('narrated').filter({ hasText: /^The lamp was cold and dark\.$/ }).waitFor();
});

test('a lexicon entry changes what is spoken in exactly the sentences with its word', async () => {
  const { page } = app;
  await page.getByRole('tab', { name: 'Pronunciation' }).click();
  await page.getByTestId('names').getByText('Siobhan').waitFor();
  await page.getByTestId('lex-word').fill('Siobhan');
  await page.getByTestId('lex-say').fill('Shivawn');
  // Audition speaks just the word, as the entry would say it.
  const audition = page.waitForResponse((r) => r.url().includes('/audition/') && r.status() < 300);
  await page.getByTestId('lex-audition').click();
  const wav = await auditionBytes(page, await audition);
  assert.equal(wav.head, 'RIFF');
  assert.ok(wav.length > 5000, `an audition of ${wav.length} bytes`);
  await page.getByText('Playing “Siobhan”.').waitFor();
  await page.getByTestId('lex-save').click();
  await page.getByTestId('lex-entry').filter({ hasText: 'Shivawn' }).waitFor();
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-pronunciation.png') });
  await page.getByRole('tab', { name: 'Sentences' }).click();
  // Exactly the two sentences naming her are read differently from how they are written.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="sentence"]')].filter((e) => e.textContent.includes('Written: ')).length === 2);
  const named = page.getByTestId('sentence').filter({ hasText: 'Written: ' });
  for (const text of await named.allTextContents()) assert.match(text, /Written: .*Siobhan/);
  for (const text of await page.getByTestId('narrated').allTextContents()) {
    assert.ok(!text.includes('Siobhan'), `still read as written: ${text}`);
  }
  assert.deepEqual(app.problems, []);
});

test('a script’s speakers get voices from the legend', async () => {
  const { page } = app;
  await page.getByRole('button', { name: '← Library' }).click();
  await page.getByTestId('library').waitFor();
  const play = '# Act One\n\nALICE: Where is the lamp?\n\nBOB: On the stairs.\n\nALICE: Then bring it.\n\nBOB: I will.\n';
  await dropFiles(page, '[data-testid="library"]', [{ name: 'play.md', data: play }]);
  await page.getByRole('button', { name: 'Act One', exact: true }).click();
  await page.getByRole('tab', { name: 'Sentences' }).click();
  await page.getByText('Voices', { exact: true }).click();
  const legend = page.getByTestId('speakers');
  await legend.getByText('ALICE').waitFor();
  await legend.locator('li', { hasText: 'ALICE' }).getByRole('combobox').selectOption('espeak:en-us');
  const alice = page.getByTestId('sentence').filter({ hasText: 'Where is the lamp?' });
  // Her sentences name their voice as the pickers do.
  await alice.getByText('English (America)', { exact: true }).waitFor();
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-speakers.png') });
  const bob = page.getByTestId('sentence').filter({ hasText: 'On the stairs.' });
  assert.equal(await bob.getByText('English (America)', { exact: true }).count(), 0);
  assert.deepEqual(app.problems, []);
});

test('a revised manuscript with the same title is read as a new version; its changes can be heard alone', async () => {
  const { page } = app;
  await page.getByRole('button', { name: '← Library' }).click();
  await page.getByTestId('library').waitFor();
  const v2 = story.replace('Ships turned towards the light.', 'Two ships turned towards the light.');
  await dropFiles(page, '[data-testid="library"]', [{ name: 'story-v2.md', data: v2 }]);
  const result = page.getByTestId('import-result').filter({ hasText: 'story-v2.md' });
  await result.getByText('is already in your library').waitFor();
  await result.getByTestId('as-version').click();
  await result.getByText('0 added, 0 removed, 1 changed').waitFor();
  assert.equal(await page.getByRole('button', { name: 'The Lighthouse', exact: true }).count(), 1);
  await page.getByRole('button', { name: 'The Lighthouse', exact: true }).click();
  await page.getByRole('tab', { name: 'Changes' }).click();
  await page.getByTestId('changes').getByText('Two ships turned towards the light.').waitFor();
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-changes.png') });
  // What was fixed before the new version still holds: the lexicon entry.
  await page.getByRole('tab', { name: 'Sentences' }).click();
  await page.getByTestId('narrated').filter({ hasText: 'Shivawn climbed the stairs at dusk.' }).waitFor();
  await page.getByRole('tab', { name: 'Changes' }).click();
  await page.getByRole('button', { name: 'Listen to the changes' }).click();
  await page.waitForFunction(() => document.querySelector('span.seg.playing')?.textContent === 'Two ships turned towards the light.', null, { timeout: 15000 });
  assert.deepEqual(app.problems, []);
});
