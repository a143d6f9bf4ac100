// The shared library in the window, against a real S3-compatible server
// (versitygw on loopback): settings and Test connection, a teammate's voice
// installed, a narration published and shared by link, a teammate's lexicon
// merged by Sync now.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dropFiles, root, start } from './harness.mjs';

const binary = process.env.READBACK_DEV_BINARY ?? join(root, 'build/bin/readback-dev');

function versitygwPath() {
  if (process.env.READBACK_VERSITYGW) return process.env.READBACK_VERSITYGW;
  const gobin = execFileSync('go', ['env', 'GOBIN']).toString().trim() || join(execFileSync('go', ['env', 'GOPATH']).toString().trim(), 'bin');
  const p = join(gobin, 'versitygw');
  if (!existsSync(p)) throw new Error('versitygw not found: run scripts/bootstrap');
  return p;
}

function freePort() {
  return new Promise((res) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const creds = { AWS_ACCESS_KEY_ID: 'e2e-team', AWS_SECRET_ACCESS_KEY: `e2e-secret-${process.pid}`, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
let server;
let endpoint;
let app;
let teammate;

/** Runs the readback command line as the teammate. */
function cli(...args) {
  return execFileSync(binary, [...args, '--data-dir', teammate], { env: { ...process.env, ...creds } }).toString();
}

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'readback-s3-'));
  mkdirSync(join(dir, 'root', 'team-library'), { recursive: true }); // the bucket
  mkdirSync(join(dir, 'meta'));
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  server = spawn(versitygwPath(), ['--port', `127.0.0.1:${port}`, '--access', creds.AWS_ACCESS_KEY_ID, '--secret', creds.AWS_SECRET_ACCESS_KEY,
    '--region', 'us-east-1', '--quiet', 'posix', join(dir, 'root')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(endpoint);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // A teammate publishes a voice preset and a pronunciation first.
  teammate = mkdtempSync(join(tmpdir(), 'readback-mate-'));
  cli('sync', 'settings', '--bucket', 'team-library', '--endpoint', endpoint, '--path-style', '--author', 'mate');
  const voice = mkdtempSync(join(tmpdir(), 'readback-voice-'));
  writeFileSync(join(voice, 'voice.json'), JSON.stringify({ id: 'warm-narrator', name: 'Warm narrator', engine: 'espeak', language: 'en-gb',
    licence: 'GPL-3.0', preset: { engine: 'espeak', voice: 'en-gb-x-rp', rate: 0.95 } }));
  cli('publish', 'voice', voice);
  cli('lexicon', 'add', 'Siobhan', '--say', 'Shiv-awn');
  cli('sync');
  app = await start({ env: creds });
});

after(async () => {
  await app?.stop();
  server?.kill('SIGKILL');
});

test('the shared library is set up in Settings and every permission checks out', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/shared`);
  await page.getByText('No shared library is set up.').waitFor();
  await page.getByRole('link', { name: 'set it up in Settings' }).click();
  await page.getByLabel('Bucket', { exact: true }).fill('team-library');
  await page.getByLabel('Server', { exact: true }).fill(endpoint);
  await page.getByLabel('Address the bucket by path').check();
  await page.getByLabel('Share sentence audio').check();
  await page.getByLabel('Your name in the team’s lexicon').fill('writer');
  await page.getByRole('button', { name: 'Save', exact: true }).nth(1).click();
  await page.getByText('Saved. A sync starts now.').waitFor();
  await page.getByRole('button', { name: 'Test connection' }).click();
  const checks = page.getByTestId('check');
  await checks.nth(5).waitFor();
  assert.equal(await checks.count(), 6);
  for (let i = 0; i < 6; i++) assert.equal(await checks.nth(i).getAttribute('data-ok'), 'true', await checks.nth(i).innerText());
  assert.ok(!(await page.content()).includes(creds.AWS_SECRET_ACCESS_KEY), 'the secret is on the page');
});

test('a teammate’s voice is installed from the Shared view, and their pronunciation arrives with a sync', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/shared`);
  const row = page.locator('[data-testid="voice"][data-id="warm-narrator"]');
  await row.waitFor();
  assert.equal(await row.getByTestId('voice-state').innerText(), 'not installed');
  await row.getByRole('button', { name: 'Install Warm narrator' }).click();
  await page.waitForFunction(() => document.querySelector('[data-id="warm-narrator"] [data-testid="voice-state"]')?.textContent === 'installed');
  // Saving the settings synced once (the teammate's Siobhan); their next word
  // arrives with Sync now.
  await page.getByTestId('lexicon-count').filter({ hasText: 'has 1 entry' }).waitFor();
  cli('lexicon', 'add', 'Niamh', '--say', 'Neev');
  cli('sync');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByTestId('lexicon-count').filter({ hasText: 'has 2 entries' }).waitFor();
  await page.getByTestId('last-sync').filter({ hasText: 'just now' }).waitFor();
  // Removing asks first, and the pack can be installed again.
  await row.getByRole('button', { name: 'Remove Warm narrator' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await page.waitForFunction(() => document.querySelector('[data-id="warm-narrator"] [data-testid="voice-state"]')?.textContent === 'not installed');
});

test('a narration is published, listed and shared by a link that plays without credentials', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/`);
  await dropFiles(page, '[data-testid="library"]', [{ name: 'keeper.md', data: '# The Keeper\n\nThe keeper lit the lamp. The sea was calm.\n\n## Morning\n\nThe gulls cried.\n' }]);
  await page.getByTestId('document-row').filter({ hasText: 'The Keeper' }).waitFor();
  await page.goto(`${app.url}#/shared`);
  const form = page.getByRole('form', { name: 'Publish a narration' });
  await form.getByLabel('Document').selectOption({ label: 'The Keeper' });
  await form.getByLabel('Format').selectOption('wav');
  await form.getByRole('button', { name: 'Publish' }).click();
  const row = page.locator('[data-testid="narration"][data-id="the-keeper"]');
  await row.waitFor({ timeout: 60000 });
  assert.match(await row.innerText(), /writer \(you\)/);
  await row.getByLabel('How long the link to The Keeper works').selectOption('72');
  await row.getByRole('button', { name: 'Share link' }).click();
  const url = await page.getByTestId('share-url').inputValue();
  assert.match(url, /X-Amz-Expires=259200/);
  const resp = await fetch(url);
  assert.equal(resp.status, 200);
  const body = Buffer.from(await resp.arrayBuffer());
  assert.equal(body.subarray(0, 4).toString(), 'RIFF');
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-shared.png'), fullPage: true });
  // The teammate sees it.
  assert.match(cli('sync', 'list'), /narration\tthe-keeper\t.*writer\tThe Keeper/);
  assert.deepEqual(app.problems, []);
});

test('the health check names what it found, with nothing secret in it', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/settings`);
  await page.getByRole('button', { name: 'Run the health check' }).click();
  const report = page.getByTestId('diagnostics');
  await report.filter({ hasText: "SQLite's integrity check: ok" }).waitFor();
  const text = await report.innerText();
  assert.match(text, /engine espeak\s+ok\s+version espeak-ng/);
  assert.match(text, /shared library\s+ok\s+bucket team-library at http:\/\/127\.0\.0\.1/);
  assert.ok(!text.includes(creds.AWS_SECRET_ACCESS_KEY), 'the secret is in the report');
});

test('About lists every dependency with its licence', async () => {
  const { page } = app;
  await page.goto(`${app.url}#/settings`);
  await page.getByRole('button', { name: 'Third-party notices' }).click();
  const notices = page.getByTestId('notices');
  await notices.waitFor();
  const text = await notices.inputValue();
  assert.match(text, /github\.com\/aws\/aws-sdk-go-v2 v1\./);
  assert.match(text, /Apache License/);
  assert.match(text, /github\.com\/wailsapp\/wails\/v2 v2\.11\.0/);
  assert.match(text, /svelte 5\./);
  // What the PDF reader embeds: PDFium and the libraries inside its WebAssembly build.
  assert.match(text, /github\.com\/klippa-app\/go-pdfium v1\.21\.4/);
  assert.match(text, /github\.com\/tetratelabs\/wazero v1\./);
  for (const lib of ['PDFium — BSD-3-Clause', 'FreeType', 'libjpeg-turbo', 'OpenJPEG']) assert.ok(text.includes(lib), lib);
});
