import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { dropFiles, start } from './harness.mjs';

const home = mkdtempSync(join(tmpdir(), 'readback-e2e-resume-'));
after(() => rmSync(home, { recursive: true, force: true }));

// A conversion queued in one session (the queue paused, so it cannot start) is
// still there when the app starts again, which says so, and it completes.
test('a conversion left from the last session resumes on start and the window says so', async () => {
  let app = await start({ home, keepHome: true });
  try {
    const { page } = app;
    await page.getByRole('link', { name: 'Queue' }).click();
    await page.getByRole('button', { name: 'Pause queue' }).click();
    await page.getByRole('button', { name: 'Resume queue' }).waitFor();
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await dropFiles(page, '[data-testid="library"]', [{ name: 'storm.md', data: '# The Storm\n\nRain fell all night. The keeper waited.\n' }]);
    await page.getByRole('button', { name: 'The Storm', exact: true }).click();
    await page.getByRole('button', { name: 'Convert…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Format').selectOption('flac');
    await dialog.getByLabel('Save to').fill(join(home, 'storm.flac'));
    await dialog.getByRole('button', { name: 'Convert', exact: true }).click();
    await page.getByTestId('job-state').filter({ hasText: 'Waiting' }).waitFor();
  } finally {
    await app.stop();
  }
  assert.ok(!existsSync(join(home, 'storm.flac')), 'nothing ran while paused');

  app = await start({ home });
  try {
    const { page } = app;
    await page.getByRole('link', { name: 'Queue' }).click();
    await page.getByText('1 conversion was left from your last session').waitFor();
    await page.getByRole('button', { name: 'Resume queue' }).click();
    await page.getByTestId('job-state').filter({ hasText: 'Done' }).waitFor({ timeout: 60000 });
    assert.equal(await page.getByTestId('job-progress').first().getAttribute('data-percent'), '100');
    assert.ok(existsSync(join(home, 'storm.flac')));
    assert.deepEqual(app.problems, []);
  } finally {
    await app.stop();
  }
});
