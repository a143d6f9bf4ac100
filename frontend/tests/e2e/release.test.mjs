import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dropFiles, root, start } from './harness.mjs';

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

// A writer left an eight-second pause after one sentence; ACX allows five. The
// release check of the converted file names that sentence, and its link opens the
// sentence with its pause ready to change.
test('the release check lists what to fix and links each problem to its sentence', async () => {
  const { page, home } = app;
  await dropFiles(page, '[data-testid="library"]', [
    { name: 'pier.md', data: '# The Pier\n\nThe tide went out. Gulls argued over the nets.\n\nA bell rang twice. Nobody came.\n' },
  ]);
  await page.getByRole('button', { name: 'The Pier', exact: true }).waitFor();
  const job = await page.evaluate(async (home) => {
    const doc = (await window.go.app.Library.List('', 0)).items.find((d) => d.title === 'The Pier');
    await window.go.app.Editor.EditSentence(doc.id, 2, { pause_after: 8000 }, '');
    return window.go.app.Queue.Convert(doc.id, { voice: '', rate: 0, format: 'wav', output: `${home}/pier.wav`, per_chapter: false, subtitles: false, subtitle_level: '', pauses: null, remote: false, normalize: '' });
  }, home);
  await page.getByRole('link', { name: /Queue/ }).click();
  const row = page.getByTestId('job').first();
  await row.getByTestId('job-state').filter({ hasText: 'Done' }).waitFor({ timeout: 60000 });
  await row.getByRole('button', { name: /Release check of/ }).click();
  await page.getByRole('heading', { name: 'Release check', exact: true }).waitFor();
  assert.equal(page.url().endsWith(`#/check/${job}`), true, page.url());

  await page.getByTestId('verdict').waitFor();
  assert.match(await page.getByTestId('verdict').innerText(), /to fix before .*pier\.wav meets ACX/);
  const silence = page.getByTestId('fix').filter({ hasText: 'longest silence' });
  assert.equal(await silence.count(), 1);
  assert.match(await silence.innerText(), /a silence of 8\.\d s is longer than 5 s/);
  assert.match(await silence.innerText(), /Gulls argued over the nets\./);
  assert.match(await page.getByTestId('parts').innerText(), /The whole book/);
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-release-check.png'), fullPage: true });

  // EBU R 128 checks other figures: the target changes the findings.
  await page.getByTestId('check-target').selectOption('ebu-r128');
  await page.getByTestId('verdict').filter({ hasText: 'EBU R 128' }).waitFor();
  assert.equal(await page.getByTestId('fix').filter({ hasText: 'longest silence' }).count(), 0);
  await page.getByTestId('check-target').selectOption('acx');
  await page.getByTestId('verdict').filter({ hasText: 'ACX' }).waitFor();

  await silence.getByTestId('fix-go').click();
  await page.getByRole('tab', { name: 'Sentences', selected: true }).waitFor();
  const pause = page.locator('li.sentence[data-ord="2"] [data-testid="pause"]');
  await pause.waitFor();
  assert.equal(await pause.inputValue(), '8000');
  assert.match(page.url(), /#\/documents\/\d+\/sentences\/2$/);
  assert.deepEqual(app.problems, []);
});
