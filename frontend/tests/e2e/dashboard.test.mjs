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

// 55 conversions through the real queue: 50 finish, 5 are cancelled while waiting.
test('the dashboard counts the conversions, pages them 50 at a time and filters them', async () => {
  const { page, home } = app;
  await dropFiles(page, '[data-testid="library"]', [{ name: 'short.md', data: '# Short\n\nOne sentence to narrate.\n' }]);
  await page.getByRole('button', { name: 'Short', exact: true }).waitFor();
  const ids = await page.evaluate(async (home) => {
    const q = window.go.app.Queue;
    const doc = (await window.go.app.Library.List('', 0)).items.find((d) => d.title === 'Short');
    await q.Pause();
    const ids = [];
    for (let i = 0; i < 55; i++) {
      ids.push(await q.Convert(doc.id, { voice: '', rate: 0, format: 'wav', output: `${home}/short-${i}.wav`, per_chapter: false, subtitles: false, subtitle_level: '', pauses: null, remote: false, normalize: '' }));
    }
    for (const id of ids.slice(0, 5)) await q.Cancel(id);
    await q.Resume();
    return ids;
  }, home);
  assert.equal(ids.length, 55);
  // Every conversion has ended (done or cancelled) when the dashboard counts 55.
  let ended = 0;
  for (let i = 0; i < 240 && ended < 55; i++) {
    ended = await page.evaluate(async () => (await window.go.app.Dashboard.Read({ days: 1, page: 0, state: '' })).totals.conversions);
    if (ended < 55) await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal(ended, 55, 'conversions ended within two minutes');


  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
  const totals = page.getByTestId('totals');
  await totals.waitFor();
  assert.match(await totals.innerText(), /1\s+documents imported/);
  assert.match(await totals.innerText(), /55\s+conversions ended/);
  const rows = page.getByTestId('conversion');
  assert.equal(await rows.count(), 50);
  assert.match(await page.getByTestId('page').innerText(), /Page 1 of 2 · 55 conversions/);
  await page.getByRole('button', { name: 'Older' }).click();
  await page.getByTestId('page').filter({ hasText: 'Page 2 of 2' }).waitFor();
  assert.equal(await rows.count(), 5);
  await page.getByRole('button', { name: 'Newer' }).click();
  await page.getByTestId('page').filter({ hasText: 'Page 1 of 2' }).waitFor();

  await page.getByTestId('state-filter').selectOption('cancelled');
  await page.getByTestId('page').filter({ hasText: '5 conversions' }).waitFor();
  assert.equal(await rows.count(), 5);
  for (const text of await rows.allInnerTexts()) assert.match(text, /Cancelled/);
  await page.getByTestId('state-filter').selectOption('');
  await page.getByTestId('page').filter({ hasText: '55 conversions' }).waitFor();
  // The engines' table has eSpeak's throughput.
  assert.match(await page.getByTestId('engines').innerText(), /espeak\s+\d+\s+.*real time/);
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-dashboard.png'), fullPage: true });
});

test('the window of days is clamped to 1–365, and the dashboard says why', async () => {
  const { page } = app;
  const days = page.getByTestId('days');
  await days.fill('1000');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByTestId('window-note').filter({ hasText: 'longest' }).waitFor();
  assert.equal(await days.inputValue(), '365');
  assert.match(await page.getByTestId('window-note').innerText(), /1000 days is longer than a year: showing 365 days/);
  await days.fill('0');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByTestId('window-note').filter({ hasText: 'shortest' }).waitFor();
  assert.equal(await days.inputValue(), '1');
  await page.getByRole('button', { name: '7 days', exact: true }).click();
  await page.getByTestId('window-note').waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('button', { name: '7 days', exact: true }).getAttribute('aria-pressed'), 'true');
  assert.deepEqual(app.problems, []);
});
