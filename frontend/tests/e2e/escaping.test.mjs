// A manuscript's words reach the page as words: script payloads written as text in
// a .txt or a .md show as their characters, make no element and run nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dropFiles, start } from './harness.mjs';

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

const img = '<img src=x onerror="window.pwned=1">';
const script = '<script>window.pwned=2</script>';
const svg = '<svg onload="window.pwned=3"></svg>';

const files = [
  { name: 'payload.txt', data: `Payloads\n\nThe log held ${img} and ${script} and ${svg} in plain sight.\n` },
  // Raw HTML in Markdown is markup, dropped; a code span and backslash escapes are text.
  {
    name: 'payload.md',
    data: `# Markdown payloads\n\nRaw <img src=x onerror="window.pwned=4"> markup is dropped.\n\nThe code span \`${img}\` and the escaped \\<script>window.pwned=2\\</script> stay text.\n\n<script>window.pwned=5</script>\n`,
  },
];

for (const [file, title, literals] of [
  // A text file is titled by its name.
  ['payload.txt', 'payload', [img, script, svg]],
  ['payload.md', 'Markdown payloads', [img, script]],
]) {
  test(`script payloads in a ${file.split('.')[1]} show as text, make no element and run nothing`, async () => {
    const { page } = app;
    await page.goto(`${app.url}#/`);
    await dropFiles(page, '[data-testid="library"]', files.filter((f) => f.name === file));
    await page.getByTestId('import-result').filter({ hasText: `Imported “${title}”` }).waitFor();
    await page.getByRole('button', { name: title, exact: true }).click();
    const panel = page.locator('#panel-text');
    await panel.locator('[data-seg]').first().waitFor();
    const text = await panel.innerText();
    for (const l of literals) assert.ok(text.includes(l), `the text panel does not show ${l} literally:\n${text}`);
    assert.equal(await panel.locator('img, script, svg, iframe, a, style, [onerror], [onload], [onclick]').count(), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
  });
}
