// Opens the 1×, 3× and 10× books (pandoc's manual repeated) in Chromium against the
// real backend and measures what a writer waits for: the text painted after the
// click, the longest task on the page's thread while opening and while switching
// tabs, and the JavaScript heap after opening. Each book RUNS times; medians.
// Usage: node tests/bench/novel.mjs   (the dev binary in build/bin; RUNS=5)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFiles, root, start } from '../e2e/harness.mjs';

const runs = Number(process.env.RUNS ?? 5);
const manual = readFileSync(join(root, '../shared/corpus/markdown/pandoc-MANUAL.md'), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
const app = await start();
const { page } = app;
const cdp = await page.context().newCDPSession(page);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Long tasks from now on, read back by stop().
async function watchTasks() {
  await page.evaluate(() => {
    window.benchTasks = [];
    window.benchObs?.disconnect();
    window.benchObs = new PerformanceObserver((l) => window.benchTasks.push(...l.getEntries().map((e) => e.duration)));
    window.benchObs.observe({ type: 'longtask' });
  });
  return async () => page.evaluate(() => Math.max(0, ...window.benchTasks));
}

const rows = [];
for (const times of [1, 3, 10]) {
  const title = `Manual x${times}`;
  await page.goto(`${app.url}#/`);
  await page.waitForFunction(() => Boolean(window.go?.app?.Library?.List));
  await dropFiles(page, '[data-testid="library"]', [{ name: `manual-${times}.md`, data: `---\ntitle: ${title}\n---\n\n${Array(times).fill(manual).join('\n\n')}` }]);
  await page.getByTestId('import-result').filter({ hasText: `Imported “${title}”` }).waitFor({ timeout: 300000 });
  const sentences = await page.evaluate(async (t) => (await window.go.app.Library.List('', 0)).items.find((d) => d.title === t).segments, title);
  const m = { paint: [], openTask: [], toSentences: [], sentencesTask: [], toText: [], textTask: [], heap: [] };
  for (let r = 0; r < runs; r++) {
    await page.goto(`${app.url}#/`);
    await page.getByRole('button', { name: title, exact: true }).waitFor();
    let stop = await watchTasks();
    // From the click to the first frame painted with the text in it.
    const t0 = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: title, exact: true }).click();
    await page.locator('#panel-text span.seg[data-seg="0"]').waitFor();
    const painted = await page.evaluate(() => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(() => res(performance.now())))));
    m.paint.push(painted - t0);
    await page.waitForTimeout(500); // what opening set going
    m.openTask.push(await stop());
    await cdp.send('HeapProfiler.collectGarbage');
    m.heap.push((await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6);

    stop = await watchTasks();
    const t1 = await page.evaluate(() => performance.now());
    await page.getByRole('tab', { name: 'Sentences' }).click();
    await page.locator('li.sentence').first().waitFor();
    m.toSentences.push((await page.evaluate(() => performance.now())) - t1);
    await page.waitForTimeout(300);
    m.sentencesTask.push(await stop());

    stop = await watchTasks();
    const t2 = await page.evaluate(() => performance.now());
    await page.getByRole('tab', { name: 'Text' }).click();
    await page.locator('#panel-text span.seg').first().waitFor({ state: 'visible' });
    m.toText.push((await page.evaluate(() => performance.now())) - t2);
    await page.waitForTimeout(300);
    m.textTask.push(await stop());
  }
  rows.push({ book: `${times}× (${sentences} sentences)`, ...Object.fromEntries(Object.entries(m).map(([k, v]) => [k, median(v)])) });
}
await app.stop();

console.log(`| book | text painted after the click | longest task opening | to Sentences (longest task) | back to Text (longest task) | JS heap after opening |`);
console.log(`|---|---|---|---|---|---|`);
for (const r of rows) {
  console.log(`| ${r.book} | ${r.paint.toFixed(0)} ms | ${r.openTask.toFixed(0)} ms | ${r.toSentences.toFixed(0)} ms (${r.sentencesTask.toFixed(0)} ms) | ${r.toText.toFixed(0)} ms (${r.textTask.toFixed(0)} ms) | ${r.heap.toFixed(1)} MB |`);
}
