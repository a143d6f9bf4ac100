import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { dropFiles, start } from './harness.mjs';

const home = mkdtempSync(join(tmpdir(), 'readback-e2e-position-'));
after(() => rmSync(home, { recursive: true, force: true }));

const text = '# Tides\n\nThe tide came in. The boats rose. Gulls cried over the pier.\n\nThe tide went out slowly across the long grey flats, past the wrecks and the leaning posts of the old pier. The boats settled in the mud.\n';

// Where the writer stopped listening is where the player stands when the app opens
// the document again.
test('the listening position survives a restart', async () => {
  let app = await start({ home, keepHome: true });
  try {
    const { page } = app;
    await dropFiles(page, '[data-testid="library"]', [{ name: 'tides.md', data: text }]);
    await page.getByRole('button', { name: 'Tides', exact: true }).click();
    await page.locator('span.seg[data-seg="4"]').click(); // "The tide went out slowly…", long enough to pause in
    await page.waitForFunction(() => document.querySelector('span.seg.playing')?.getAttribute('data-seg') === '4', null, { timeout: 15000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    assert.match(await page.getByTestId('player-status').textContent(), /Sentence 5 of 6/);
  } finally {
    await app.stop();
  }
  app = await start({ home });
  try {
    const { page } = app;
    await page.getByRole('button', { name: 'Tides', exact: true }).click();
    await page.getByTestId('player-status').filter({ hasText: 'Sentence 5 of 6' }).waitFor();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('span.seg.playing')?.getAttribute('data-seg') === '4', null, { timeout: 15000 });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.stop();
  }
});
