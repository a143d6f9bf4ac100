import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { convertsToM4B, dropFiles, playsWithWords, root, start } from './harness.mjs';

// A Kokoro model (the generated test model, with the signature of Kokoro's
// timestamped export) added in Settings; its voices — kokoro-js's styles, found
// beside the binary where scripts/bootstrap puts them — chosen for a chapter,
// heard with their words highlighted, converted to an M4B; the model removed.
let app;
let dir;
const name = 'kokoro-v1.0';
before(async () => {
  app = await start();
  dir = mkdtempSync(join(tmpdir(), 'readback-kokoro-'));
  execFileSync(join(root, 'build/bin/genkokoro'), [dir, name]);
});
after(async () => {
  await app?.stop();
});

const model = () => ({ name: `${name}.onnx`, data: readFileSync(join(dir, `${name}.onnx`)) });
const config = () => ({ name: 'config.json', data: readFileSync(join(dir, 'config.json')) });

test('a Kokoro model dropped in Settings is checked, then installed with its voices', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/settings`);
  const section = page.getByTestId('voices');
  await section.getByTestId('voices-none').waitFor();
  assert.equal(await section.getByTestId('kokoro-unavailable').count(), 0, 'the styles beside the binary were not found');
  // The config alone is no voice: refused, nothing installed.
  await dropFiles(page, '[data-testid="voices"]', [config()]);
  await section.getByTestId('voice-problem').filter({ hasText: 'no .onnx model among them (a Kokoro model is its .onnx with its config.json)' }).waitFor();
  assert.equal(await section.getByTestId('voice-row').count(), 0);
  await dropFiles(page, '[data-testid="voices"]', [model(), config()]);
  await section.getByTestId('voice-added').filter({ hasText: `Installed “${name}” (en-us, en-gb` }).waitFor();
  const row = section.getByTestId('voice-row');
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), new RegExp(`${name} \\(Kokoro model\\)\\s+en-us, en-gb, es, fr-fr, hi, it, pt-br\\s+—\\s+41\\s+24000 Hz`));
});

test('a chapter read by a Kokoro voice plays with its words highlighted and converts to an M4B with chapters', async () => {
  const { page, home } = app;
  await page.goto(`${app.url}#/`);
  await dropFiles(page, '[data-testid="library"]', [
    { name: 'harbour.md', data: '# Dusk\n\nThe keeper climbed the stairs. The lamp was cold.\n\n# Dawn\n\nThe boats came home at first light, and gulls followed them in.\n' },
  ]);
  await page.getByRole('button', { name: 'Dusk', exact: true }).click();
  await page.getByRole('tab', { name: 'Sentences' }).click();
  await page.getByTestId('editor').locator('details.voices summary').click();
  await page.getByTestId('chapter-voice-open').nth(1).click();
  const picker = page.getByLabel('Voice of Dawn');
  // Kokoro's voices have a group of their own in the picker.
  assert.equal(await picker.locator('optgroup[label="Kokoro — natural, offline"] option').count(), 41);
  // Each with the grade kokoro-js gives it (its English ones) and its sample rate.
  assert.equal(await picker.locator('option[value="kokoro:bf_emma"]').textContent(), 'Emma (en-gb) · grade B- · 24 kHz');
  assert.equal(await picker.locator('option[value="kokoro:ef_dora"]').textContent(), 'Dora (es) · 24 kHz');
  await picker.selectOption('kokoro:bf_emma');
  await page.getByTestId('chapter-voice-open').filter({ hasText: 'Emma' }).waitFor();
  await playsWithWords(page, 4);
  const out = join(home, 'harbour.m4b');
  // The conversion says which voices read each chapter.
  const voices = await convertsToM4B(page, out);
  assert.deepEqual(voices, [['Dusk', ['espeak:en-gb-x-rp']], ['Dawn', ['kokoro:bf_emma']]], JSON.stringify(voices));
  const probe = execFileSync('ffprobe', ['-v', 'error', '-show_chapters', '-of', 'csv=p=0', out], { encoding: 'utf8' });
  assert.match(probe, /Dusk/);
  assert.match(probe, /Dawn/);
  assert.deepEqual(app.problems, []);
});

test('a lexicon entry given in IPA is heard in a Kokoro voice, and kept', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/`);
  await page.getByRole('button', { name: 'Dusk', exact: true }).click();
  await page.getByRole('tab', { name: 'Pronunciation' }).click();
  await page.getByTestId('lex-word').fill('keeper');
  await page.getByTestId('lex-ipa').fill('/ˈkiːpɚ/');
  // Heard in the voice chosen, whatever the document's: Kokoro's 24 kHz.
  await page.getByTestId('lex-voice').selectOption('kokoro:bf_emma');
  const audition = page.waitForResponse((r) => r.url().includes('/audition/') && r.status() < 300);
  await page.getByTestId('lex-audition').click();
  const rate = await page.evaluate(async (url) => {
    const b = new DataView(await (await fetch(url)).arrayBuffer());
    return b.getUint32(24, true);
  }, (await audition).url());
  assert.equal(rate, 24000);
  await page.getByTestId('lex-save').click();
  await page.getByTestId('lex-entry').filter({ hasText: '/ˈkiːpɚ/' }).waitFor();
  assert.deepEqual(app.problems, []);
});

test('a Kokoro model is removed after confirming', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/settings`);
  const section = page.getByTestId('voices');
  await section.getByRole('button', { name: `Remove ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await section.getByTestId('voices-none').waitFor();
});
