import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { auditionBytes, dropFiles, root, start } from './harness.mjs';

let app;
before(async () => {
  app = await start();
  const { page } = app;
  await dropFiles(page, '[data-testid="library"]', [
    { name: 'keeper.md', data: '# The Keeper\n\nMaeve lit the lamp. The sea was calm.\n\nAt dawn Maeve slept.\n' },
  ]);
  await page.getByRole('button', { name: 'The Keeper', exact: true }).click();
  await page.locator('#panel-text').waitFor();
});
after(async () => {
  await app?.stop();
});

// The writer hears a name said wrong, selects it where it is read, and fixes it
// there: the entry changes exactly the sentences with the name, and Undo takes it back.
test('select a word in the text → Fix pronunciation… with audition, undoable', async () => {
  const { page } = app;
  // The text is drawn in stretches after the panel appears: the sentence first.
  await page.locator('#panel-text span.seg', { hasText: 'Maeve lit' }).first().waitFor();
  await page.evaluate(() => {
    const seg = [...document.querySelectorAll('#panel-text span.seg')].find((s) => s.textContent.startsWith('Maeve lit'));
    const node = seg.firstChild;
    const r = document.createRange();
    r.setStart(node, 0);
    r.setEnd(node, 5);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  });
  await page.getByTestId('fix-word-open').click();
  await page.getByRole('form', { name: 'Fix the pronunciation of Maeve' }).waitFor();
  await page.getByTestId('fix-word-say').fill('Mayv');
  const audition = page.waitForResponse((r) => r.url().includes('/audition/') && r.status() < 300);
  await page.getByTestId('fix-word-audition').click();
  const wav = await auditionBytes(page, await audition);
  assert.equal(wav.head, 'RIFF');
  await page.getByText('Playing “Maeve”.').waitFor();
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'artifacts', 'e2e-fix-word.png') });
  await page.getByTestId('fix-word-save').click();
  await page.getByTestId('fix-word').waitFor({ state: 'detached' });

  // Both sentences naming her, and only those, now say "Mayv".
  await page.getByRole('tab', { name: 'Sentences' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="sentence"]')].filter((e) => e.textContent.includes('Written: ')).length === 2);
  for (const text of await page.getByTestId('sentence').filter({ hasText: 'Written: ' }).allTextContents()) assert.match(text, /Mayv.*Written: .*Maeve/s);

  // Undo takes the entry back.
  await page.getByRole('button', { name: /Undo/ }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="sentence"]')].every((e) => !e.textContent.includes('Written: ')));
  await page.getByRole('tab', { name: 'Pronunciation' }).click();
  await page.getByTestId('lexicon').waitFor();
  assert.equal(await page.getByTestId('lex-entry').count(), 0);
  // The keys undo and redo from this tab too, where the Sentences tab is not open.
  await page.keyboard.press('Control+Shift+Z');
  await page.getByTestId('history-said').filter({ hasText: /^Redone: / }).waitFor();
  await page.getByTestId('lex-entry').first().waitFor();
  await page.keyboard.press('Control+Z');
  await page.getByTestId('history-said').filter({ hasText: /^Undone: / }).waitFor();
  await page.getByTestId('lex-entry').first().waitFor({ state: 'detached' });
  assert.deepEqual(app.problems, []);
});

// The same by keyboard alone: the text is one Tab stop; the arrows move through its
// sentences and words; the word chosen opens Fix pronunciation…, a Tab away.
test('by keyboard: ↓ to a sentence, → to a word, Tab to Fix pronunciation…, Enter plays, E edits', async () => {
  const { page } = app;
  await page.getByRole('tab', { name: 'Text' }).click();
  // From the tab, past the search field, into the text: two Tabs.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'find');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'panel-text');
  const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'Maeve lit the lamp.');
  // A ring the writer can see: not the page's colour.
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(ring, 'solid');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => window.getSelection().toString()), 'Maeve');
  await page.getByTestId('fix-word-open').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'fix-word-open');
  await page.keyboard.press('Enter');
  await page.getByRole('form', { name: 'Fix the pronunciation of Maeve' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'fix-word-say');
  await page.keyboard.type('Mayv');
  await page.keyboard.press('Enter');
  await page.getByTestId('fix-word').waitFor({ state: 'detached' });
  await page.getByRole('tab', { name: 'Pronunciation' }).click();
  await page.getByTestId('lex-entry').filter({ hasText: 'Mayv' }).waitFor();
  await page.getByRole('tab', { name: 'Sentences' }).click();
  await page.getByRole('button', { name: /Undo/ }).click();
  await page.getByRole('tab', { name: 'Pronunciation' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="lex-entry"]').length === 0);

  // Enter plays from the sentence with the focus; E opens it in the Sentences tab.
  await page.getByRole('tab', { name: 'Text' }).click();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('End');
  assert.equal(await focused(), 'At dawn Maeve slept.');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), 'The sea was calm.');
  await page.keyboard.press('Enter');
  await page.getByTestId('player-status').filter({ hasText: /Sentence 3 of|Sentence 4 of|Finished/ }).waitFor();
  await page.keyboard.press('e');
  await page.getByRole('tab', { name: 'Sentences', selected: true }).waitFor();
  assert.deepEqual(app.problems, []);
});

// The writer's defaults in Settings are what Convert… starts with.
test('Settings’ defaults for new conversions reach the Convert dialog', async () => {
  const { page } = app;
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const defaults = page.getByTestId('convert-defaults');
  await defaults.waitFor();
  // The engines and their state are listed too.
  await page.getByTestId('engines-state').getByText('engine espeak').waitFor();
  assert.match(await page.getByTestId('engines-state').innerText(), /engine espeak\s+Ready\s+version espeak-ng [\d.]+[^,\n]*, \d+ voices/);
  await page.getByTestId('pref-format').selectOption('mp3');
  await page.getByText('Saved.').first().waitFor();
  await page.getByTestId('pref-pause-chapter').fill('3200');
  await page.getByTestId('pref-pause-chapter').blur();
  await page.waitForFunction(async () => (await window.go.app.Settings.Preferences()).pauses.chapter === 3200);
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await page.getByRole('button', { name: 'The Keeper', exact: true }).click();
  await page.getByRole('button', { name: 'Convert…' }).click();
  const dialog = page.getByRole('dialog');
  await page.waitForFunction(() => /\/The Keeper\.mp3$/.test(document.querySelector('#convert-output')?.value ?? ''));
  assert.equal(await dialog.getByLabel('Format').inputValue(), 'mp3');
  assert.equal(await dialog.getByLabel('Between chapters').inputValue(), '3200');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(app.problems, []);
});

// In a script, selecting a speaker's name where it is read gives that speaker a voice.
test('select a speaker’s name in the text → Voice for ALICE…', async () => {
  const { page } = app;
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await page.getByTestId('library').waitFor();
  await dropFiles(page, '[data-testid="library"]', [{ name: 'act.md', data: '# Act One\n\nALICE: Where is the lamp?\n\nBOB: On the stairs.\n\nALICE: Then bring it.\n' }]);
  await page.getByRole('button', { name: 'Act One', exact: true }).click();
  await page.locator('#panel-text').waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('#panel-text span.seg')].some((s) => s.textContent.includes('ALICE')));
  await page.evaluate(() => {
    const seg = [...document.querySelectorAll('#panel-text span.seg')].find((s) => s.textContent.includes('ALICE'));
    const walker = document.createTreeWalker(seg, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && !node.textContent.includes('ALICE'));
    const at = node.textContent.indexOf('ALICE');
    const r = document.createRange();
    r.setStart(node, at);
    r.setEnd(node, at + 5);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  });
  await page.getByTestId('speaker-voice-open').click();
  await page.getByRole('form', { name: 'The voice of ALICE' }).waitFor();
  await page.getByTestId('speaker-voice').selectOption('espeak:en-us');
  await page.getByTestId('speaker-voice-save').click();
  await page.getByRole('tab', { name: 'Sentences' }).click();
  const alice = page.getByTestId('sentence').filter({ hasText: 'Where is the lamp?' });
  // Each of her sentences names its voice as the pickers do.
  await alice.getByText('English (America)', { exact: true }).waitFor();
  assert.equal(await page.getByTestId('sentence').filter({ hasText: 'On the stairs.' }).getByText('English (America)', { exact: true }).count(), 0);
  assert.deepEqual(app.problems, []);
});

// A pause after a word and an emphasised word, marked where they are read: only
// those sentences change, the Sentences tab says so, and Undo takes a mark back.
test('select a word → Pause after / Emphasise, undoable', async () => {
  const { page } = app;
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await page.getByRole('button', { name: 'The Keeper', exact: true }).click();
  await page.locator('#panel-text').waitFor();
  const select = async (sentenceStart, word) => {
    await page.locator('#panel-text span.seg', { hasText: sentenceStart }).first().waitFor();
    return page.evaluate(({ sentenceStart, word }) => {
      const seg = [...document.querySelectorAll('#panel-text span.seg')].find((s) => s.textContent.startsWith(sentenceStart));
      const node = seg.firstChild;
      const at = node.textContent.indexOf(word);
      const r = document.createRange();
      r.setStart(node, at);
      r.setEnd(node, at + word.length);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(r);
    }, { sentenceStart, word });
  };
  await select('Maeve lit', 'lamp');
  await page.getByTestId('mark-pause-ms').selectOption('1000');
  await page.getByTestId('mark-pause').click();
  await page.getByTestId('fix-word').waitFor({ state: 'detached' });
  await select('The sea', 'sea');
  await page.getByTestId('mark-emphasis').click();
  await page.getByTestId('fix-word').waitFor({ state: 'detached' });

  await page.getByRole('tab', { name: 'Sentences' }).click();
  const lamp = page.getByTestId('sentence').filter({ hasText: 'Maeve lit the lamp.' });
  await lamp.getByTestId('marks').filter({ hasText: 'a pause of 1000 ms after “lamp”' }).waitFor();
  await page.getByTestId('sentence').filter({ hasText: 'The sea was calm.' }).getByTestId('marks').filter({ hasText: 'emphasis on “sea”' }).waitFor();
  assert.equal(await page.getByTestId('marks').count(), 2);
  // Both sentences wait to be spoken again; the others keep their audio.
  await page.getByRole('button', { name: /Undo/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="marks"]').length === 1);
  assert.equal(await lamp.getByTestId('marks').count(), 1);
  assert.deepEqual(app.problems, []);
});

// A passage selected in the text can be looped: the player plays those sentences
// again and again (the loop button says which).
test('select a passage → Loop these sentences', async () => {
  const { page } = app;
  await page.getByRole('tab', { name: 'Text' }).click();
  await page.locator('#panel-text').waitFor();
  await page.evaluate(() => {
    const segs = [...document.querySelectorAll('#panel-text span.seg')];
    const a = segs.find((s) => s.textContent.startsWith('Maeve lit'));
    const b = segs.find((s) => s.textContent.startsWith('The sea'));
    const r = document.createRange();
    r.setStart(a.firstChild, 0);
    r.setEnd(b.firstChild, 7);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  });
  await page.getByTestId('loop-passage').filter({ hasText: 'Loop these sentences' }).click();
  const loop = page.getByTestId('loop');
  await loop.filter({ hasText: /Looping sentences \d+–\d+/ }).waitFor();
  assert.equal(await loop.getAttribute('aria-pressed'), 'true');
  await loop.click(); // stop looping
  await loop.filter({ hasText: 'Loop chapter' }).waitFor();
  assert.deepEqual(app.problems, []);
});

// The window in German: every view, chosen in Settings, and back to the desktop's
// language. No English message of the catalogue is left on a German page.
test('Settings → Language → Deutsch: every view speaks German', async () => {
  const { page } = app;
  // The English catalogue's messages, read from its source.
  const english = [...readFileSync(join(root, 'frontend/src/messages/en.ts'), 'utf8').matchAll(/^\s+'[^']+': (?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"),$/gm)]
    .map((m) => m[1] ?? m[2]);
  assert.ok(english.length > 300, `${english.length} English messages read`);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByTestId('pref-language').selectOption('de');
  await page.getByRole('heading', { name: 'Einstellungen', exact: true }).waitFor();
  const views = [
    ['#/', 'Bibliothek'],
    ['#/queue', 'Warteschlange'],
    ['#/shared', 'Geteilte Bibliothek'],
    ['#/dashboard', 'Übersicht'],
    ['#/settings', 'Einstellungen'],
  ];
  const keeper = await page.evaluate(async () => (await window.go.app.Library.List('', 0)).items.find((d) => d.title === 'The Keeper').id);
  views.push([`#/documents/${keeper}/sentences/1`, 'The Keeper']);
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  for (const [hash, heading] of views) {
    await page.evaluate((h) => (window.location.hash = h), hash);
    await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
    await page.waitForTimeout(200);
    // The page's own words: not the data it shows (voice names, paths, reports).
    const text = await page.evaluate(() => {
      const copy = document.body.cloneNode(true);
      for (const el of copy.querySelectorAll('option, code, pre, textarea, [data-testid="narrated"], .source, td')) el.remove();
      document.body.append(copy);
      copy.style.position = 'absolute';
      const t = copy.innerText;
      copy.remove();
      return t;
    });
    for (const m of english.filter((m) => m.length >= 12 && !m.includes('{'))) assert.ok(!text.includes(m), `${hash}: English left: “${m}” in …${text.slice(Math.max(0, text.indexOf(m) - 80), text.indexOf(m) + 40)}…`);
    if (hash.includes('sentences')) {
      assert.match(text, /Sätze/);
      await page.screenshot({ path: join(root, 'artifacts', 'e2e-german-sentences.png') });
    }
  }
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  // What the backend says comes in German too: the engines' states, and an error.
  await page.evaluate(() => (window.location.hash = '#/settings'));
  await page.getByRole('heading', { name: 'Einstellungen', exact: true }).waitFor();
  await page.getByTestId('engines-state').getByText(/espeak-ng.*\d+ Stimmen/).waitFor();
  assert.match(await page.getByTestId('engines-state').innerText(), /Version espeak-ng [\d.]+[^,\n]*, \d+ Stimmen/);
  assert.match(await page.getByTestId('engines-state').innerText(), /Das Fenster spielt den Ton selbst ab/);
  // An error carries its English format and arguments, which the window translates
  // (the unit tests check the translation; this, that the backend sends them).
  const refused = await page.evaluate(async () => {
    try {
      await window.go.app.Queue.Cancel(987654);
      return null;
    } catch (e) {
      return typeof e === 'string' ? JSON.parse(e) : e;
    }
  });
  assert.equal(refused?.format, 'job %d is not waiting or running');
  assert.deepEqual(refused?.args, ['987654']);
  await page.getByTestId('pref-language').selectOption('');
  await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
  assert.deepEqual(app.problems, []);
});

// The shortcuts are listed behind ?, and a dialog gives the focus back to the
// control that opened it.
test('? lists the shortcuts; Convert… gets the focus back when its dialog closes', async () => {
  const { page } = app;
  await page.evaluate(() => (window.location.hash = '#/'));
  await page.getByRole('button', { name: 'The Keeper', exact: true }).click();
  await page.locator('#panel-text span.seg').first().waitFor();
  await page.locator('body').press('?');
  const keys = page.getByTestId('shortcuts');
  await keys.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
  assert.match(await keys.innerText(), /Ctrl\+1 … 5[\s\S]*Select the previous or next word/);
  await page.keyboard.press('Escape');
  await keys.waitFor({ state: 'detached' });
  const convert = page.getByRole('button', { name: 'Convert…' });
  await convert.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Convert…');
  assert.deepEqual(app.problems, []);
});
