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
  // Speed goes to the backend player: its own position events (read off the
  // websocket, before the window makes anything of them) say the speed it plays
  // at, and the control follows them.
  const before = app.events.length;
  await page.getByTestId('speed').selectOption('1.5');
  await page.locator('span.seg[data-seg="1"]').click();
  // Past any report of the first play's end (at speed 1) that arrives after the
  // clicks; the second play may end before a report of it playing is due (the null
  // device takes audio faster than real time).
  const positions = () => {
    const all = app.events.slice(before).filter((e) => e.name === 'player:position').map((e) => e.data?.[0]);
    const start = all.findIndex((p) => !(p.ended && p.speed === 1));
    return start < 0 ? [] : all.slice(start);
  };
  // The events arrive on their own: wait for the one that says the end.
  for (let i = 0; i < 200 && !positions().some((p) => p?.ended); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(positions().some((p) => p?.ended), `the backend never said it finished: ${JSON.stringify(app.events.slice(before))}`);
  assert.deepEqual([...new Set(positions().map((p) => p.speed))], [1.5]);
  assert.equal(await page.getByTestId('speed').inputValue(), '1.5');
  assert.deepEqual(app.problems, []);
});

test('with a device the backend loops the chapter itself, round and round without ending', async () => {
  const { page } = app;
  const before = app.events.length;
  await page.getByTestId('loop').click(); // Loop chapter
  await page.locator('span.seg[data-seg="0"]').click();
  // From the first report of sentence 0 playing: a report of the previous test's end
  // may still arrive after the clicks.
  const positions = () => {
    const all = app.events.slice(before).filter((e) => e.name === 'player:position').map((e) => e.data?.[0]);
    const start = all.findIndex((p) => p.index === 0 && p.playing && !p.ended);
    return start < 0 ? [] : all.slice(start);
  };
  // Come round twice: the last sentence followed by the first.
  const rounds = () => positions().filter((p, i, all) => i > 0 && p.index < all[i - 1].index).length;
  for (let i = 0; i < 200 && rounds() < 2; i++) await new Promise((r) => setTimeout(r, 100));
  await page.getByTestId('loop').click(); // stop looping
  await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
  assert.ok(rounds() >= 2, `the loop came round ${rounds()} times: ${JSON.stringify(positions().map((p) => [p.index, p.playing, p.ended]))}`);
  // The backend went round itself: it never reported the end and waited for the window.
  const first = positions().findIndex((p, i, all) => i > 0 && p.index < all[i - 1].index);
  assert.ok(!positions().slice(0, first).some((p) => p.ended), 'the player ended before looping');
  assert.deepEqual(app.problems, []);
});
