import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { convertsToM4B, dropFiles, playsWithWords, root, setChapterVoice, start } from './harness.mjs';

// A Piper voice (the generated test model, with Piper's signature) added in Settings,
// chosen for a chapter, heard with its words highlighted, converted to an M4B, and
// removed. ONNX Runtime is found beside the binary, where scripts/bootstrap puts it.
let app;
let voiceDir;
let usualFolder = '';
const name = 'en_US-test-x_low';
before(async () => {
  app = await start();
  voiceDir = mkdtempSync(join(tmpdir(), 'readback-voice-'));
  execFileSync(join(root, 'build/bin/genvoice'), [voiceDir, name]);
});
after(async () => {
  await app?.stop();
});

const model = () => ({ name: `${name}.onnx`, data: readFileSync(join(voiceDir, `${name}.onnx`)) });
const config = () => ({ name: `${name}.onnx.json`, data: readFileSync(join(voiceDir, `${name}.onnx.json`)) });

test('a Piper voice dropped in Settings is checked, then installed and listed', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/settings`);
  const section = page.getByTestId('voices');
  await section.getByTestId('voices-none').waitFor();
  assert.equal(await section.getByTestId('voices-unavailable').count(), 0, 'the runtime beside the binary was not found');
  // The model alone is refused, and nothing is installed.
  await dropFiles(page, '[data-testid="voices"]', [model()]);
  await section.getByTestId('voice-problem').filter({ hasText: `${name}.onnx: its config ${name}.onnx.json is missing` }).waitFor();
  assert.equal(await section.getByTestId('voice-row').count(), 0);
  await dropFiles(page, '[data-testid="voices"]', [model(), config()]);
  await section.getByTestId('voice-added').filter({ hasText: `Installed “${name}” (en-us)` }).waitFor();
  const row = section.getByTestId('voice-row');
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), new RegExp(`${name}\\s+en-us\\s+x_low\\s+1\\s+22050 Hz`));
  // Offered at once where new conversions' voice is chosen, without leaving Settings.
  await page.getByTestId('pref-voice').locator(`option[value="piper:${name}"]`).waitFor({ state: 'attached', timeout: 5000 });
  await page.getByTestId('engines-state').locator('tr', { hasText: 'engine piper' }).filter({ hasText: 'one voice' }).waitFor({ timeout: 5000 });
  // Where books go with no folder chosen is named as a folder (the Convert dialog
  // proposes the same, below).
  await page.getByTestId('pref-folder').filter({ hasText: /^\/.*Audiobooks$/ }).waitFor();
  usualFolder = await page.getByTestId('pref-folder').textContent();
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  await section.screenshot({ path: join(root, 'artifacts', 'e2e-voices.png') });
});

test('a chapter read by the Piper voice plays with its words highlighted and converts to an M4B with chapters', async () => {
  const { page, home } = app;
  await page.goto(`${app.url}#/`);
  await dropFiles(page, '[data-testid="library"]', [
    { name: 'harbour.md', data: '# Dusk\n\nThe keeper climbed the stairs. The lamp was cold.\n\n# Dawn\n\nThe boats came home at first light. Gulls followed them in.\n' },
  ]);
  await page.getByRole('button', { name: 'Dusk', exact: true }).click();
  // The chapter's list shows the voice it now has.
  await setChapterVoice(page, 1, 'Dawn', `piper:${name}`, 'en US test x low');
  // The same sentence heard in three voices of two engines, one after the other,
  // each named.
  const compare = page.getByTestId('compare-voices');
  await compare.getByLabel('Voice 1 to compare').selectOption(`piper:${name}`);
  await compare.getByLabel('Voice 2 to compare').selectOption('espeak:en-gb-x-rp');
  await compare.getByLabel('Voice 3 to compare').selectOption('espeak:en-us');
  await compare.getByRole('button', { name: 'Hear them in turn' }).click();
  await compare.getByTestId('compare-now').filter({ hasText: 'Now: en US test x low' }).waitFor();
  await compare.getByTestId('compare-now').filter({ hasText: 'Now: English (Received Pronunciation)' }).waitFor({ timeout: 20000 });
  await compare.getByTestId('compare-now').filter({ hasText: 'Now: English (America)' }).waitFor({ timeout: 20000 });
  // All heard: the status is empty again and the button offers to hear them anew.
  await compare.getByRole('button', { name: 'Hear them in turn' }).waitFor({ timeout: 20000 });
  assert.equal(await compare.getByTestId('compare-now').textContent(), '');
  // Heard: the first sentence of the second chapter (its heading is sentence 3),
  // spoken by the model, its words marked.
  await playsWithWords(page, 4);
  const out = join(home, 'harbour.m4b');
  // With no shared library set up, the cloud cannot convert: the dialog says why
  // under the choice and Convert waits, rather than queue a job that can only fail.
  await page.getByRole('button', { name: 'Convert…' }).click();
  const dialog = page.getByRole('dialog');
  await page.waitForFunction(() => document.querySelector('dialog #convert-output')?.value);
  assert.equal(dirname(await dialog.getByLabel('Save to').inputValue()), usualFolder);
  const cloud = dialog.locator('label', { hasText: 'In the cloud' }).locator('input');
  await cloud.check();
  await dialog.getByTestId('cloud-problem').filter({ hasText: 'no shared library is set up' }).waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Convert', exact: true }).isDisabled(), true);
  await cloud.uncheck();
  await dialog.getByTestId('cloud-problem').waitFor({ state: 'detached' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  // The conversion says which voices read each chapter.
  const voices = await convertsToM4B(page, out);
  assert.deepEqual(voices, [['Dusk', ['espeak:en-gb-x-rp']], ['Dawn', [`piper:${name}`]]], JSON.stringify(voices));
  const probe = execFileSync('ffprobe', ['-v', 'error', '-show_chapters', '-show_entries', 'stream=sample_rate', '-of', 'csv=p=0', out], { encoding: 'utf8' });
  assert.match(probe, /Dusk/);
  assert.match(probe, /Dawn/);
  assert.match(probe, /22050/);
  assert.deepEqual(app.problems, []);
});

// The document's own voice, from another engine than its chapter's, reads every
// chapter without one; the Convert dialog says who reads how much before anything
// is made.
test('the document read by the Piper voice and a chapter by eSpeak: the Convert dialog says who reads what', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/`);
  await page.getByRole('button', { name: 'Dusk', exact: true }).click();
  await setChapterVoice(page, 1, 'Dawn', 'espeak:en-us', 'English (America)'); // opens the editor's voices
  await page.getByTestId('editor').getByTestId('document-voice').selectOption(`piper:${name}`);
  await page.getByRole('button', { name: 'Convert…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('convert-reader').filter({ hasText: 'Read by en US test x low: 3 sentences.' }).waitFor();
  await dialog.getByTestId('convert-reader').filter({ hasText: 'Read by English (America): 3 sentences.' }).waitFor();
  assert.equal(await dialog.getByTestId('convert-reader').count(), 2);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(app.problems, []);
});

test('a voice is removed after confirming', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/settings`);
  const section = page.getByTestId('voices');
  await section.getByRole('button', { name: `Remove ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await section.getByTestId('voices-none').waitFor();
});

// The catalogue is a voices.json in Piper's format served from this machine, with
// the generated voice's files (a range request is answered in part, as a server
// that resumes does).
test('a voice is found in the catalogue by its language, downloaded with its progress, and installed', async () => {
  const { page } = app;
  const files = {
    [`en/en_US/test/x_low/${name}.onnx`]: model().data,
    [`en/en_US/test/x_low/${name}.onnx.json`]: config().data,
  };
  const md5 = (b) => createHash('md5').update(b).digest('hex');
  const catalog = {
    [name]: {
      key: name, name: 'test', quality: 'x_low', num_speakers: 1, aliases: [],
      language: { code: 'en_US', family: 'en', region: 'US', name_native: 'English', name_english: 'English', country_english: 'United States' },
      files: Object.fromEntries(Object.entries(files).map(([k, b]) => [k, { size_bytes: b.length, md5_digest: md5(b) }])),
    },
    'de_DE-other-low': {
      key: 'de_DE-other-low', name: 'other', quality: 'low', num_speakers: 1, aliases: [],
      language: { code: 'de_DE', family: 'de', region: 'DE', name_native: 'Deutsch', name_english: 'German', country_english: 'Germany' },
      files: { 'de/de_DE/other/low/de_DE-other-low.onnx': { size_bytes: 10, md5_digest: '' }, 'de/de_DE/other/low/de_DE-other-low.onnx.json': { size_bytes: 10, md5_digest: '' } },
    },
  };
  // The voice's recording, where the official repository keeps it (a second of tone).
  const samples = {
    [`en/en_US/test/x_low/samples/speaker_0.mp3`]: execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-f', 'mp3', '-']),
  };
  const served = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/piper\//, '');
    served.push(path);
    const body = path === 'voices.json' ? Buffer.from(JSON.stringify(catalog)) : files[path] ?? samples[path];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      const from = Number(range[1]);
      res.writeHead(206, { 'Content-Range': `bytes ${from}-${body.length - 1}/${body.length}`, 'Content-Length': body.length - from });
      res.end(body.subarray(from));
      return;
    }
    // The model comes slowly, so that its progress shows.
    res.writeHead(200, { 'Content-Length': body.length });
    const step = Math.ceil(body.length / 8);
    let at = 0;
    const more = () => {
      if (at >= body.length) return void res.end();
      res.write(body.subarray(at, at + step));
      at += step;
      setTimeout(more, path.endsWith('.onnx') ? 200 : 0);
    };
    more();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    await page.goto(`${app.url}#/settings`);
    const section = page.getByTestId('voices');
    await section.getByTestId('voices-none').waitFor();
    // Opened, whatever the tests before left: the button shows and hides the catalogue
    // (CI once saw it stay shut after this click).
    const browse = section.getByRole('button', { name: 'Browse the voice catalogue…' });
    if ((await browse.getAttribute('aria-expanded')) !== 'true') await browse.click();
    await page.waitForFunction(() => document.querySelector('[aria-controls="voice-catalog"]')?.getAttribute('aria-expanded') === 'true', null, { timeout: 10000 });
    const catalogView = page.getByTestId('voice-catalog');
    await catalogView.getByLabel('Catalogue').fill(`http://127.0.0.1:${server.address().port}/piper/voices.json`);
    await catalogView.getByRole('button', { name: 'Use' }).click();
    await catalogView.getByTestId('catalog-voice').nth(1).waitFor();
    await catalogView.getByTestId('catalog-language').selectOption({ label: 'English (United States)' });
    const row = catalogView.getByTestId('catalog-voice');
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), new RegExp(`${name}\\s+English \\(United States\\)\\s+x_low\\s+1\\s+\\d+ KB`));
    await catalogView.screenshot({ path: join(root, 'artifacts', 'e2e-voice-catalog.png') });
    // Its recording plays, and the button offers to listen again once it has ended.
    await row.getByRole('button', { name: `Listen to ${name}` }).click();
    await row.getByRole('button', { name: `Stop ${name}` }).waitFor();
    await row.getByRole('button', { name: `Listen to ${name}` }).waitFor({ timeout: 10000 });
    assert.equal(await row.getByRole('alert').count(), 0, await row.innerText());
    assert.ok(served.includes(`en/en_US/test/x_low/samples/speaker_0.mp3`), served.join(', '));
    await row.getByRole('button', { name: `Download ${name}` }).click();
    await row.getByRole('progressbar', { name: `Downloading ${name}` }).waitFor();
    await row.getByTestId('catalog-installed').waitFor();
    await section.getByTestId('voice-row').filter({ hasText: name }).waitFor();
    assert.ok(served.includes(`en/en_US/test/x_low/${name}.onnx`), served.join(', '));
    // The catalogue address is kept in the settings.
    const prefs = await page.evaluate(() => window.go.app.Settings.Preferences());
    assert.equal(prefs.voice_catalog, `http://127.0.0.1:${server.address().port}/piper/voices.json`);
    assert.deepEqual(app.problems, []);
  } finally {
    server.close();
  }
});
