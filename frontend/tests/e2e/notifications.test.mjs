import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dropFiles, start, startNotifications } from './harness.mjs';

let app;
let desktop;
before(async () => {
  desktop = await startNotifications();
  app = await start({ env: desktop.env });
});
after(async () => {
  await app?.stop();
  desktop?.stop();
});

const options = (output, more = {}) => ({ voice: '', rate: 0, format: 'wav', output, per_chapter: false, subtitles: false, subtitle_level: '', pauses: null, remote: false, normalize: '', ...more });

async function convert(page, output, more) {
  return page.evaluate(
    async ({ opts }) => {
      const doc = (await window.go.app.Library.List('', 0)).items.find((d) => d.title === 'Harbour');
      return window.go.app.Queue.Convert(doc.id, opts);
    },
    { opts: options(output, more) },
  );
}

async function until(what, fn, ms = 60000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('the desktop is told when a conversion finishes and when one fails, unless the writer turned it off', async () => {
  const { page, home } = app;
  await dropFiles(page, '[data-testid="library"]', [{ name: 'harbour.md', data: '# Harbour\n\nThe boats came home at dusk.\n' }]);
  await page.getByRole('button', { name: 'Harbour', exact: true }).waitFor();

  await convert(page, `${home}/harbour.wav`);
  const done = await until('the notification of a finished conversion', () => desktop.received()[0]);
  assert.equal(done.app, 'Readback');
  assert.equal(done.icon, 'readback');
  assert.equal(done.summary, '“Harbour” is ready');
  assert.match(done.body, new RegExp(`^Saved as harbour\\.wav in ${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ s of audio\\)$`));
  assert.equal(done.hints.urgency, '1');

  // In the cloud with no shared library set up: fails for good, at once.
  await convert(page, `${home}/harbour-cloud.wav`, { remote: true });
  const failed = await until('the notification of a failed conversion', () => desktop.received()[1]);
  assert.equal(failed.summary, '“Harbour” could not be converted');
  assert.match(failed.body, /no shared library is set up/);
  assert.equal(failed.hints.urgency, '2');

  // Turned off in Settings: the next conversion finishes without a word.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const box = page.getByTestId('pref-notify');
  assert.equal(await box.isChecked(), true);
  await box.uncheck();
  await page.getByText('Saved.').first().waitFor();
  const id = await convert(page, `${home}/harbour-quiet.wav`);
  await until('the quiet conversion to finish', () =>
    page.evaluate(async (id) => (await window.go.app.Queue.List()).jobs.find((j) => j.id === id)?.state === 'done', id),
  );
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(desktop.received().length, 2, JSON.stringify(desktop.received()));
  assert.deepEqual(app.problems, []);
});
