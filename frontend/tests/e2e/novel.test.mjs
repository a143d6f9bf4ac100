// A whole long book in the window: pandoc's manual ten times over (about 340,000
// words, 28,000 sentences), every sentence reachable by mouse or keyboard.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dropFiles, root, start } from './harness.mjs';

const manual = join(root, '../shared/corpus/markdown/pandoc-MANUAL.md');
const skip = existsSync(manual) ? false : `the corpus is not at ${manual}`;

let app;
let total = 0;
before(async () => {
  if (skip) return;
  app = await start({ bypassCSP: true });
  // The manual without its own front matter, ten times, under one title.
  const body = readFileSync(manual, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
  const book = `---\ntitle: The Long Manual\n---\n\n${Array(10).fill(body).join('\n\n')}`;
  await dropFiles(app.page, '[data-testid="library"]', [{ name: 'long-manual.md', data: book }]);
  await app.page.getByTestId('import-result').filter({ hasText: 'Imported “The Long Manual”' }).waitFor({ timeout: 120000 });
});
after(async () => {
  await app?.stop();
});

test('the 10× book opens with its text drawn, and only a little of it in the page', { skip }, async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'The Long Manual', exact: true }).click();
  await page.locator('#panel-text span.seg[data-seg="0"]').waitFor();
  total = Number(/of ([\d,.\s ]+) sentences?|(\d[\d,.\s ]*) sentences/.exec(await page.locator('.document .meta').innerText())?.slice(1).find(Boolean)?.replace(/\D/g, ''));
  assert.ok(total > 20000, `the book has ${total} sentences`);
  const drawn = await page.locator('#panel-text span.seg').count();
  assert.ok(drawn > 0 && drawn < 2500, `${drawn} sentences drawn of ${total}`);
});

// The chapters above the one chosen are drawn after the jump, taller or shorter than
// guessed; the chapter must stay where the jump put it. Chosen far into the book,
// near its end and then back near its start, so that thousands of pixels of guesses
// lie above it.
test('a chapter chosen in the list opens with its heading in sight, below the top bar, and stays there', { skip }, async () => {
  const { page } = app;
  const chapters = page.getByRole('navigation', { name: 'Chapters' }).getByRole('button');
  const n = await chapters.count();
  for (const k of [Math.floor(n * 0.6), n - 2, 5]) {
    await chapters.nth(k).click();
    await page.waitForFunction((k) => document.activeElement?.matches(`section[data-section="${k}"]`), k);
    // Measured once the text around it has been drawn and the scroll has settled:
    // ten frames alike.
    const where = await page.evaluate(async () => {
      const top = () => document.activeElement.getBoundingClientRect().top;
      let last = NaN;
      for (let i = 0, same = 0; i < 300 && same < 10; i++) {
        same = top() === last ? same + 1 : 0;
        last = top();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }
      return { top: top(), bar: document.querySelector('.topbar').getBoundingClientRect().bottom, height: innerHeight };
    });
    assert.ok(where.top >= where.bar && where.top < where.height / 2, `chapter ${k} of ${n}: its top at ${where.top} px, the top bar ending at ${where.bar} px, the window ${where.height} px high`);
  }
});

test('the last sentence: reached from the Sentences view by number, and by search', { skip }, async () => {
  const { page } = app;
  await page.getByRole('tab', { name: 'Sentences' }).click();
  await page.getByTestId('go-to').fill(String(total));
  await page.getByTestId('go-to').press('Enter');
  const last = page.locator(`li.sentence[data-ord="${total - 1}"]`);
  await last.waitFor();
  assert.match(await page.getByTestId('page-range').first().innerText(), new RegExp(`of ${total.toLocaleString('en-GB')}|of ${total}`));
  const lastText = (await last.locator('.source, [data-testid="narrated"]').first().innerText()).trim();
  assert.ok(await page.locator('li.sentence').count() <= 100, 'one page of sentences at a time');
  // By search: the phrase is in each of the ten copies; Shift+Enter goes back from the first to the last.
  await page.getByTestId('page-previous').first().click();
  const phrase = lastText.split(/\s+/).slice(0, 6).join(' ');
  await page.getByTestId('sentence-search').fill(phrase);
  await page.getByTestId('sentence-search').press('Shift+Enter');
  await page.getByTestId('sentence-search-status').filter({ hasText: /of \d+/ }).waitFor().catch(async (e) => {
    // Say what the view showed instead: the status, and any error it reported.
    const said = await page.getByTestId('sentence-search-status').innerText().catch(() => '(none)');
    const alert = await page.getByRole('alert').allInnerTexts().catch(() => []);
    throw new Error(`searching ${JSON.stringify(phrase)}: status ${JSON.stringify(said)}, alerts ${JSON.stringify(alert)}: ${e.message}`);
  });
  await page.locator(`li.sentence[data-ord="${total - 1}"]`).waitFor();
});

test('the last sentence played from the keyboard alone, in the text', { skip }, async () => {
  const { page } = app;
  await page.getByRole('tab', { name: 'Text' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab'); // the search field
  await page.keyboard.press('Tab'); // the text
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'panel-text');
  await page.keyboard.press('End');
  await page.waitForFunction((n) => document.activeElement?.dataset?.seg === String(n - 1), total);
  await page.keyboard.press('Enter');
  // The player is at the book's last sentence (of those read aloud), or past it.
  await page.waitForFunction(() => /Finished|Sentence ([\d,.]+) of \1\b/.test(document.querySelector('[data-testid="player-status"]')?.textContent ?? ''), null, { timeout: 30000 });
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-novel-end.png') });
});

test('the text and the sentences of the 10× book pass the axe audit', { skip }, async () => {
  const { page } = app;
  await page.addScriptTag({ content: readFileSync(join(root, 'frontend/node_modules/axe-core/axe.min.js'), 'utf8') });
  const found = [];
  for (const tab of ['Text', 'Sentences']) {
    await page.getByRole('tab', { name: tab }).click();
    await page.waitForTimeout(300);
    const v = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
      return r.violations.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
    });
    for (const x of v) found.push(`${tab}: ${x}`);
  }
  assert.deepEqual(found, []);
  assert.deepEqual(app.problems, []);
});

// Positions survive an edit: the sentence edited from the text (E), far into the
// book, is back in view when the writer returns to the text (which shows the
// manuscript's words; the edit is what is spoken).
test('an edit made from the text comes back to the same place in it', { skip }, async () => {
  const { page } = app;
  await page.getByRole('tab', { name: 'Text' }).click();
  await page.locator('#panel-text').focus();
  await page.keyboard.press('End');
  await page.waitForFunction((n) => document.activeElement?.dataset?.seg === String(n - 1), total);
  for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowUp');
  const ord = total - 41;
  await page.waitForFunction((o) => document.activeElement?.dataset?.seg === String(o), ord);
  await page.keyboard.press('e');
  const form = page.getByTestId('edit-form');
  await form.waitFor();
  await form.getByTestId('spoken').fill('The keeper rewrote this sentence himself.');
  await form.getByTestId('save').click();
  await form.waitFor({ state: 'detached' });
  await page.getByRole('tab', { name: 'Text' }).click();
  const seg = page.locator(`#panel-text span.seg[data-seg="${ord}"]`);
  await seg.waitFor();
  await page.waitForFunction((o) => {
    const el = document.querySelector(`#panel-text span.seg[data-seg="${o}"]`);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }, ord);
  // The edit is kept: the Sentences view shows what will be spoken there.
  await page.getByRole('tab', { name: 'Sentences' }).click();
  await page.locator(`li.sentence[data-ord="${ord}"]`).filter({ hasText: 'The keeper rewrote this sentence himself.' }).waitFor();
});
