// Starts the real Go backend (the dev-tagged binary, under xvfb-run) on a free port
// with a fresh data directory, and Chromium driven by playwright-core against it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../../..');

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function waitFor(url, proc, ms = 60000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`backend exited with ${proc.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`backend did not answer at ${url}`);
}

// bypassCSP lets a test inject an auditing script (axe-core) that the page's own
// Content-Security-Policy would rightly refuse.
/** The dev binary the tests run. */
export const devBinary = process.env.READBACK_DEV_BINARY ?? join(root, 'build/bin/readback-dev');

export async function start({ home = mkdtempSync(join(tmpdir(), 'readback-e2e-')), keepHome = false, env = {}, bypassCSP = false, rescue = false, binary = devBinary } = {}) {
  const port = await freePort();
  const logs = [];
  const proc = spawn(
    'xvfb-run',
    ['-a', '-s', '-screen 0 1280x900x24', binary, '-devserver', `127.0.0.1:${port}`, '-assetdir', join(root, 'frontend/dist'), '-loglevel', 'Warning'],
    // No sound device, whatever the machine has: ALSA finds no default PCM, so the
    // app plays through the window (a test may pass its own env to change that).
    { env: { ...process.env, ALSA_CONFIG_PATH: '/dev/null', READBACK_HOME: home, LANGUAGE: 'en', LC_ALL: 'C.UTF-8', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  proc.stdout.on('data', (d) => logs.push(String(d)));
  proc.stderr.on('data', (d) => logs.push(String(d)));
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitFor(url, proc);
  } catch (e) {
    throw new Error(`${e.message}\n${logs.join('')}`);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  // English whatever the machine's locale: the tests read the English catalogue.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP, locale: 'en-US' });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  // The backend's events as they arrive on the dev server's websocket: what the
  // backend said, before the window made anything of it.
  const events = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      // Wails's dev server sends an event as n{"name": …, "data": […]}.
      if (typeof f.payload !== 'string' || !f.payload.startsWith('n')) return;
      try {
        events.push(JSON.parse(f.payload.slice(1)));
      } catch {
        // not an event
      }
    }),
  );
  await page.goto(url);
  // The bindings arrive over the dev server's websocket; wait until they are usable
  // (a damaged library's window binds its rescue alone).
  if (rescue) await page.waitForFunction(() => Boolean(window.go?.app?.Rescue?.State));
  else await page.waitForFunction(() => Boolean(window.go?.app?.Library?.List));
  return {
    page,
    url,
    home,
    problems,
    logs,
    events,
    async stop() {
      await browser.close();
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 300));
      if (!keepHome) rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Drops files on a selector the way a person dragging from a file manager does. */
export async function dropFiles(page, selector, files) {
  // The view may still be coming in (a link was just clicked).
  await page.locator(selector).waitFor();
  await page.evaluate(
    ({ selector, files }) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name));
      }
      const target = document.querySelector(selector);
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    },
    { selector, files: files.map((f) => ({ name: f.name, base64: Buffer.from(f.data).toString('base64') })) },
  );
}

/**
 * A private session bus with a stand-in for the desktop's notification service on
 * it (build/bin/fakenotifyd starts both, and records each notification as a JSON
 * line). Pass `env` to start() so the app finds this bus.
 */
export async function startNotifications() {
  const dir = mkdtempSync(join(tmpdir(), 'readback-bus-'));
  const log = join(dir, 'notifications.jsonl');
  const fake = spawn(join(root, 'build/bin/fakenotifyd'), [log], { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise((res, rej) => {
    let out = '';
    fake.stdout.on('data', (d) => {
      out += d;
      const m = /^ready (\S+)$/m.exec(out);
      if (m) res(m[1]);
    });
    fake.on('exit', (code) => rej(new Error(`fakenotifyd exited with ${code}`)));
  });
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address },
    /** The notifications received so far. */
    received() {
      try {
        return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      } catch {
        return [];
      }
    },
    stop() {
      fake.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What an audition's response held: the page reads it as a blob (to play it in
 * WebKitGTK), which leaves Playwright no body to show, so it is fetched again (the
 * app keeps the last few auditions).
 */
export async function auditionBytes(page, response) {
  return page.evaluate(async (url) => {
    const b = new Uint8Array(await (await fetch(url)).arrayBuffer());
    return { head: String.fromCharCode(...b.slice(0, 4)), length: b.length };
  }, response.url());
}

// playsWithWords clicks sentence seg of the text, waits for it to play with a word
// marked, then for the mark to move to another word of the same sentence (a mark
// stuck on a sentence's first word does not pass), and pauses.
export async function playsWithWords(page, seg) {
  await page.getByRole('tab', { name: 'Text' }).click();
  await page.locator(`span.seg[data-seg="${seg}"]`).click();
  await page.waitForFunction((s) => document.querySelector('span.seg.playing')?.getAttribute('data-seg') === String(s), seg, { timeout: 15000 });
  // Every place in the sentence's text where a marked word began, looked at each frame.
  await page.evaluate(() => { window.__marked = new Set(); });
  await page.waitForFunction(
    (s) => {
      const seg = document.querySelector(`span.seg.playing[data-seg="${s}"]`);
      const m = seg?.querySelector('mark.word');
      if (seg && m) {
        const before = document.createRange();
        before.setStart(seg, 0);
        before.setEnd(m, 0);
        window.__marked.add(before.toString().length);
      }
      return window.__marked.size >= 2;
    },
    seg,
    { timeout: 15000 },
  );
  await page.getByTestId('play').click(); // pause
}

// setChapterVoice gives the open document's chapter (0-based index, its title)
// a voice in the editor's Voices, and waits for the list to show it by its name.
export async function setChapterVoice(page, index, title, voice, shownAs) {
  await page.getByRole('tab', { name: 'Sentences' }).click();
  await page.getByTestId('editor').locator('details.voices summary').click();
  await page.getByTestId('chapter-voice-open').nth(index).click();
  await page.getByLabel(`Voice of ${title}`).selectOption(voice);
  await page.getByTestId('chapter-voice-open').filter({ hasText: shownAs }).waitFor();
}

// convertsToM4B converts the open document to out through the Convert dialog, waits
// for the queue to finish it, and returns each chapter's title and voices.
export async function convertsToM4B(page, out) {
  await page.getByRole('button', { name: 'Convert…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Format').selectOption('m4b');
  await dialog.getByLabel('Save to').fill(out);
  await dialog.getByRole('button', { name: 'Convert', exact: true }).click();
  await page.getByRole('heading', { name: 'Queue', exact: true }).waitFor();
  await page.getByTestId('job').first().getByTestId('job-state').filter({ hasText: 'Done' }).waitFor({ timeout: 60000 });
  const voices = await page.evaluate(async () => (await window.go.app.Queue.List()).jobs[0].result.voices);
  return voices.map((c) => [c.title, c.voices]);
}
