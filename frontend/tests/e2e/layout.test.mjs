import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dropFiles, root, start } from './harness.mjs';

// Every view at the sizes writers' windows have: 1366×768 (the commonest laptop
// screen), 1200×800 (the app's default window) and 900 px (the narrowest it
// reflows to). None scrolls sideways; the header stays at the top and the player at
// the bottom while the page scrolls. Each is kept as a screenshot.
let app;
let job = 0;
let doc = 0;
let long = 0;
before(async () => {
  app = await start({ bypassCSP: true });
  const { page, home } = app;
  const manual = join(root, '../shared/corpus/markdown/pandoc-MANUAL.md');
  const files = [{ name: 'lighthouse.md', data: '# The Lighthouse\n\nSiobhan climbed the stairs at dusk. The lamp was cold.\n\n# Morning\n\nAt noon she slept.\n' }];
  assert.ok(existsSync(manual), `${manual}: the corpus lives in ../shared beside the project`);
  files.push({ name: 'pandoc-MANUAL.md', data: readFileSync(manual, 'utf8') });
  await dropFiles(page, '[data-testid="library"]', files);
  await page.getByRole('button', { name: 'The Lighthouse', exact: true }).waitFor();
  await page.getByRole('button', { name: /Pandoc User/, exact: false }).first().waitFor({ timeout: 60000 });
  ({ job, doc, long } = await page.evaluate(async (home) => {
    const items = (await window.go.app.Library.List('', 0)).items;
    const doc = items.find((d) => d.title === 'The Lighthouse');
    const long = items.find((d) => /Pandoc User/.test(d.title)).id;
    const job = await window.go.app.Queue.Convert(doc.id, { voice: '', rate: 0, format: 'wav', output: `${home}/lighthouse.wav`, per_chapter: false, subtitles: false, subtitle_level: '', pauses: null, remote: false, normalize: '' });
    return { job, doc: doc.id, long };
  }, home));
  for (let i = 0; i < 300; i++) {
    const done = await page.evaluate(async (id) => (await window.go.app.Queue.List()).jobs.find((j) => j.id === id)?.state === 'done', job);
    if (done) break;
    await new Promise((r) => setTimeout(r, 200));
  }
});
after(async () => {
  await app?.stop();
});

const views = [
  { name: 'library', hash: '#/', ready: () => app.page.locator('#library-title') },
  { name: 'document', hash: () => `#/documents/${doc}`, ready: () => app.page.locator('#panel-text') },
  { name: 'sentences', hash: () => `#/documents/${doc}/sentences/0`, ready: () => app.page.getByTestId('sentence').first() },
  { name: 'queue', hash: '#/queue', ready: () => app.page.getByTestId('job').first() },
  { name: 'dashboard', hash: '#/dashboard', ready: () => app.page.getByTestId('totals') },
  { name: 'settings', hash: '#/settings', ready: () => app.page.locator('#settings-title') },
  { name: 'shared', hash: '#/shared', ready: () => app.page.locator('#shared-title') },
  { name: 'release-check', hash: () => `#/check/${job}`, ready: () => app.page.getByTestId('verdict') },
];

for (const [w, h] of [[1366, 768], [1200, 800], [900, 700]]) {
  test(`every view fits ${w}×${h} without scrolling sideways`, async () => {
    const { page } = app;
    await page.setViewportSize({ width: w, height: h });
    mkdirSync(join(root, 'artifacts'), { recursive: true });
    for (const v of views) {
      await page.evaluate((hash) => (window.location.hash = hash), typeof v.hash === 'function' ? v.hash() : v.hash);
      await v.ready().waitFor();
      await page.waitForTimeout(150); // charts and fonts settle
      // Settings' fields shown by their switches too (turned on here, not saved).
      if (v.name === 'settings') {
        for (const box of [page.getByTestId('polly-on'), page.getByRole('checkbox', { name: /hand whole books to Amazon Polly/ })]) await box.check();
        await page.locator('[data-testid="polly"] details').evaluate((d) => (d.open = true));
      }
      const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      assert.ok(m.scroll <= m.width, `${v.name} at ${w}×${h} scrolls sideways: ${m.scroll} px of content in ${m.width}`);
      // A field's hint is read whole.
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll('input[placeholder]')]
          .filter((i) => i.placeholder && i.getClientRects().length > 0)
          .map((i) => {
            const cs = getComputedStyle(i);
            const ctx = document.createElement('canvas').getContext('2d');
            // Measured in the field's own font (the canvas keeps its 10 px default
            // for a font it cannot take: said, not measured small).
            ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
            if (ctx.font.indexOf(cs.fontSize) < 0) return `"${i.placeholder}": its font (${ctx.font}) could not be measured`;
            const room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
            const need = ctx.measureText(i.placeholder).width;
            return need > room + 0.5 ? `"${i.placeholder}" needs ${Math.ceil(need)} px, has ${Math.floor(room)}` : '';
          })
          .filter(Boolean),
      );
      assert.deepEqual(cut, [], `${v.name} at ${w}×${h}: a field's placeholder is cut off`);
      if (w !== 900) await page.screenshot({ path: join(root, 'artifacts', `layout-${v.name}-${w}x${h}.png`) });
    }
    // The long document: scrolled far down, the header and the player stay in view.
    await page.evaluate((hash) => (window.location.hash = hash), `#/documents/${long}`);
    {
      await page.locator('#panel-text').waitFor();
      await page.evaluate(() => window.scrollTo(0, 5000));
      await page.waitForTimeout(100);
      const bars = await page.evaluate(() => ({
        top: document.querySelector('.topbar').getBoundingClientRect().top,
        player: document.querySelector('[data-testid="player"]').getBoundingClientRect().bottom,
        scrolled: window.scrollY,
        height: window.innerHeight,
      }));
      assert.ok(bars.scrolled > 1000, 'the page scrolled');
      assert.equal(bars.top, 0, 'the header stays at the top');
      assert.ok(bars.player <= bars.height + 1, `the player stays at the bottom (${bars.player} of ${bars.height})`);
    }
  });
}

// An accessibility audit of every view (axe-core, WCAG 2.0–2.2 A and AA rules): no
// violation at all, of whatever impact.
test('every view passes an axe-core audit with no violation, in English and in German, in both themes', async () => {
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 768 });
  const axe = readFileSync(join(root, 'frontend/node_modules/axe-core/axe.min.js'), 'utf8');
  const found = [];
  for (const language of ['en', 'de']) {
    await page.evaluate(async (language) => {
      const p = await window.go.app.Settings.Preferences();
      await window.go.app.Settings.SetPreferences({ ...p, language });
    }, language);
    await page.reload();
    await page.waitForFunction(() => Boolean(window.go?.app?.Library?.List));
    await page.waitForFunction((language) => document.documentElement.lang === language, language);
    for (const v of views) {
      await page.evaluate((hash) => (window.location.hash = hash), typeof v.hash === 'function' ? v.hash() : v.hash);
      await v.ready().waitFor();
      await page.waitForTimeout(150);
      if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: axe });
      // In both themes: the dark one has its own contrasts to get right.
      for (const theme of ['light', 'dark']) {
        const violations = await page.evaluate(async (theme) => {
          document.documentElement.dataset.theme = theme;
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
          return r.violations.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
        }, theme);
        for (const x of violations) found.push(`${v.name} (${theme}, ${language}): ${x}`);
      }
      if (v.name === 'document') await page.screenshot({ path: join(root, 'artifacts', 'layout-document-dark-1366x768.png') });
      await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    }
  }
  await page.evaluate(async () => {
    const p = await window.go.app.Settings.Preferences();
    await window.go.app.Settings.SetPreferences({ ...p, language: '' });
  });
  assert.deepEqual(found, []);
});

test('nothing went wrong on the page', () => {
  assert.deepEqual(app.problems, []);
});
