import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { root, start } from './harness.mjs';

const home = mkdtempSync(join(tmpdir(), 'readback-e2e-rescue-'));
after(() => rmSync(home, { recursive: true, force: true }));
const binary = process.env.READBACK_DEV_BINARY ?? join(root, 'build/bin/readback-dev');
const cli = (...args) => execFileSync(binary, [...args, '--data-dir', home], { encoding: 'utf8', env: { ...process.env, LANGUAGE: 'en' } });

// A library that fails its check on opening does not leave the writer with no
// window: the window says why, offers the backups, brings the chosen one back, and
// the next start opens the restored library.
test('a damaged library opens on its rescue, which restores a backup', async () => {
  const src = join(home, 'keeper.md');
  writeFileSync(src, '# The Keeper\n\nThe keeper climbed the stairs. The lamp was cold.\n');
  cli('import', src);
  cli('list'); // the day's first use backs the library up
  // Random bytes over every page after the first: SQLite still takes it for a
  // database, and its check fails.
  const db = join(home, 'library.db');
  const bytes = readFileSync(db);
  for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
  writeFileSync(db, bytes);

  const app = await start({ home, keepHome: true, rescue: true });
  try {
    const { page, problems } = app;
    await page.getByRole('heading', { name: 'The library cannot be opened' }).waitFor();
    assert.ok((await page.textContent('main')).includes(db), 'the database is named');
    const restore = page.getByRole('button', { name: 'Restore' });
    assert.equal(await restore.count(), 1);
    await restore.click();
    await page.getByRole('status').filter({ hasText: 'Restored from' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await app.stop();
  }
  assert.ok(readdirSync(home).some((f) => f.startsWith('library.db.damaged-')), 'the damaged database is kept');
  assert.match(cli('list'), /The Keeper/);
});
