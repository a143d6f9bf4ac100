import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dropFiles, start } from './harness.mjs';

// With an audio device — ALSA's null device, which takes audio faster than real
// time — the backend plays and the window follows its position events.
const dir = mkdtempSync(join(tmpdir(), 'readback-alsa-'));
const conf = join(dir, 'asound.conf');
writeFileSync(conf, 'pcm.!default { type null }\n');
let app;
before(async () => {
  app = await start({ env: { ALSA_CONFIG_PATH: conf } });
});
after(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('with a device the backend plays, and the window follows to the end', async () => {
  const { page } = app;
  await dropFiles(page, '[data-testid="library"]', [{ name: 'quay.md', data: '# The Quay\n\nThe boats came in. Nets were hauled. The gulls were fed.\n' }]);
  await page.getByRole('button', { name: 'The Quay', exact: true }).click();
  await page.getByTestId('player').waitFor();
  assert.equal(await page.getByTestId('no-device').count(), 0, 'the device was found');
  await page.locator('span.seg[data-seg="2"]').click();
  await page.getByTestId('player-status').filter({ hasText: 'Finished' }).waitFor({ timeout: 20000 });
  // Speed goes to the backend player.
  await page.getByTestId('speed').selectOption('1.5');
  await page.waitForFunction(() => document.querySelector('[data-testid="speed"]')?.value === '1.5');
  assert.deepEqual(app.problems, []);
});
