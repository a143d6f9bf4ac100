import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { convertsToM4B, dropFiles, start } from './harness.mjs';

// The app on a machine without ONNX Runtime (here: a setting naming a file that is
// not there): Settings says why neural voices are unavailable, and a manuscript is
// still read and converted with eSpeak NG.
let app;
const gone = '/nonexistent/readback/libonnxruntime.so.1';
before(async () => {
  app = await start({ env: { READBACK_ONNXRUNTIME: gone } });
});
after(async () => {
  await app?.stop();
});

test('without ONNX Runtime, Settings says why neural voices are unavailable and eSpeak converts', async () => {
  const { page, home } = app;
  await page.goto(`${app.url}#/settings`);
  const why = page.getByTestId('voices').getByTestId('voices-unavailable');
  await why.waitFor();
  assert.equal(await why.innerText(), `Neural voices are unavailable here: ONNX Runtime is not at ${gone} (READBACK_ONNXRUNTIME)`);
  await page.goto(`${app.url}#/`);
  await dropFiles(page, '[data-testid="library"]', [
    { name: 'harbour.md', data: '# Dusk\n\nThe keeper climbed the stairs.\n\n# Dawn\n\nThe boats came home.\n' },
  ]);
  await page.getByRole('button', { name: 'Dusk', exact: true }).click();
  const out = join(home, 'harbour.m4b');
  const voices = await convertsToM4B(page, out);
  assert.deepEqual(voices, [['Dusk', ['espeak:en-gb-x-rp']], ['Dawn', ['espeak:en-gb-x-rp']]], JSON.stringify(voices));
  const probe = execFileSync('ffprobe', ['-v', 'error', '-show_chapters', '-of', 'csv=p=0', out], { encoding: 'utf8' });
  assert.match(probe, /Dusk/);
  assert.match(probe, /Dawn/);
  assert.deepEqual(app.problems, []);
});
