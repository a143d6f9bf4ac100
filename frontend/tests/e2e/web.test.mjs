import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { start } from './harness.mjs';

// A blog on this machine: a post with a menu, advertisements, a share bar and
// comments around the article.
let second = 'On the twelfth of March the pilot boat came in with its searchlight dark.';
const post = () => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The Keeper's Ledger | Harbour Blog</title></head><body>
<nav><a href="/">Home</a> <a href="/subscribe">Subscribe now</a></nav>
<aside class="ads"><div class="ad">Buy discount anchors today!</div></aside>
<main><article><h1>The Keeper's Ledger</h1>
<p>The harbour master keeps a ledger of every vessel that enters after dark. Its pages are ruled in red, and each line records a name, a tonnage and the hour the mooring lines were made fast.</p>
<p>${second} The crew said nothing on the quay and went straight to the chandlery, where the lights stayed on until the morning tide turned.</p>
<p>At the end of each year the ledger is closed with a single ruled line and sent to the archive in town, where nobody has ever asked to read one.</p>
</article><div class="share">Share on social media.</div>
<section class="comments"><h2>2 Comments</h2><p>Great post, first!</p><p>Cheap watches here.</p></section></main>
<footer>Cookie settings.</footer></body></html>`;

let app;
let server;
let address;
before(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(post());
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  address = `http://127.0.0.1:${server.address().port}/posts/ledger`;
  app = await start();
});
after(async () => {
  await app?.stop();
  server?.close();
});

test('a page on this computer is refused until Settings allows it, then read for its article alone', async () => {
  const { page } = app;
  const field = page.getByLabel('Or import a page by its address:');
  await field.fill(address);
  await page.getByRole('button', { name: 'Fetch' }).click();
  await page.getByTestId('import-result').filter({ hasText: 'private network' }).waitFor();

  await page.goto(`${app.url}#/settings`);
  await page.getByTestId('fetch-private').check();
  await page.getByRole('button', { name: 'Save' }).first().click();
  await page.getByText('Saved.').waitFor();

  await page.goto(`${app.url}#/`);
  await page.getByLabel('Or import a page by its address:').fill(address);
  await page.getByRole('button', { name: 'Fetch' }).click();
  await page.getByTestId('import-result').filter({ hasText: 'Imported “The Keeper\'s Ledger”' }).waitFor();
  await page.getByRole('button', { name: 'The Keeper\'s Ledger', exact: true }).click();
  await page.getByTestId('source').filter({ hasText: address }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#panel-text span.seg').length > 0);
  const text = await page.locator('#panel-text').innerText();
  assert.match(text, /keeps a ledger of every vessel/);
  assert.match(text, /twelfth of March/);
  for (const junk of ['Subscribe', 'discount anchors', 'Share on', 'Comments', 'Great post', 'Cheap watches', 'Cookie']) {
    assert.ok(!text.includes(junk), `"${junk}" from around the article is in the text`);
  }
});

test('Fetch again reads the changed page as a new version', async () => {
  const { page } = app;
  second = 'On the thirteenth of March the pilot boat came in with its searchlight dark.';
  await page.getByTestId('fetch-again').click();
  await page.getByTestId('revision-summary').filter({ hasText: '1 changed' }).waitFor();
  await page.getByRole('tab', { name: 'Text' }).click();
  await page.waitForFunction(() => document.querySelector('#panel-text')?.textContent.includes('thirteenth of March'));
  assert.deepEqual(app.problems, []);
});
