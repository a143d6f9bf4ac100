import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { convertsToM4B, devBinary, dropFiles, root, setChapterVoice, start } from './harness.mjs';

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

// A machine where ONNX Runtime is nowhere Readback looks (the program copied to a
// folder without it, no setting): the writer points Settings at the library — a
// file that is not ONNX Runtime refused first — and Piper voices install and read
// a chapter at once, without a restart.
test('the writer points Settings at ONNX Runtime and a Piper voice reads a chapter without a restart', async () => {
  const alone = mkdtempSync(join(tmpdir(), 'readback-alone-'));
  copyFileSync(devBinary, join(alone, 'readback-dev'));
  const dir = mkdtempSync(join(tmpdir(), 'readback-voice-'));
  const app2 = await start({ binary: join(alone, 'readback-dev'), env: { READBACK_ONNXRUNTIME: '' } });
  try {
    const { page, home } = app2;
    await page.goto(`${app2.url}#/settings`);
    const section = page.getByTestId('voices');
    const why = section.getByTestId('voices-unavailable');
    await why.waitFor();
    assert.match(await why.innerText(), /ONNX Runtime \(libonnxruntime\.so\.1\) is not installed/);
    await section.getByRole('button', { name: 'Choose ONNX Runtime…' }).waitFor();
    // The file dialog is the desktop's; what it returns goes where the button sends it.
    const refused = await page.evaluate(() => window.go.app.Voices.UseRuntime('/usr/bin/true').then(() => '', (e) => e.message));
    assert.equal(refused, '/usr/bin/true is not ONNX Runtime: it does not export OrtGetApiBase');
    const runtime = process.env.READBACK_ONNXRUNTIME || join(root, 'build/bin/libonnxruntime.so.1');
    const got = await page.evaluate((p) => window.go.app.Voices.UseRuntime(p), runtime);
    assert.equal(got.available, true, JSON.stringify(got));
    assert.equal(got.runtime, join(home, 'libonnxruntime.so.1'));
    await why.waitFor({ state: 'detached' });
    execFileSync(join(root, 'build/bin/genvoice'), [dir, 'en_US-test-x_low']);
    const file = (name) => ({ name, data: readFileSync(join(dir, name)) });
    await dropFiles(page, '[data-testid="voices"]', [file('en_US-test-x_low.onnx'), file('en_US-test-x_low.onnx.json')]);
    await section.getByTestId('voice-added').waitFor();
    await page.goto(`${app2.url}#/`);
    await dropFiles(page, '[data-testid="library"]', [{ name: 'pier.md', data: '# Pier\n\nThe boats came home.\n\n# Gulls\n\nThe gulls followed them in.\n' }]);
    await page.getByRole('button', { name: 'Pier', exact: true }).click();
    await setChapterVoice(page, 1, 'Gulls', 'piper:en_US-test-x_low', 'en US test x low');
    const voices = await convertsToM4B(page, join(home, 'pier.m4b'));
    assert.deepEqual(voices, [['Pier', ['espeak:en-gb-x-rp']], ['Gulls', ['piper:en_US-test-x_low']]], JSON.stringify(voices));
    assert.deepEqual(app2.problems, []);
  } finally {
    await app2.stop();
    rmSync(alone, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
