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

// A manuscript that does not say its language (plain text) is found to be Arabic,
// shown so under its title, and the writer can change it (the voice that follows is
// checked in internal/cli's TestConvertReadsEachLanguageWithItsVoice).
test('the language is found from the text, shown, and changed by the writer', async () => {
  const { page } = app;
  const text = 'مدير الميناء يحتفظ بسجل لكل سفينة تدخل بعد حلول الظلام. في نهاية السنة يغلق السجل.\n';
  await dropFiles(page, '[data-testid="library"]', [{ name: 'sijill.txt', data: text }]);
  await page.getByRole('button', { name: 'sijill', exact: true }).click();
  const field = page.getByTestId('doc-language');
  await field.waitFor();
  assert.equal(await field.inputValue(), 'ar');
  await field.fill('he');
  await field.press('Enter');
  await field.blur();
  await page.waitForFunction(async () => {
    const doc = (await window.go.app.Library.List('', 0)).items.find((d) => d.title === 'sijill');
    return doc.language === 'he';
  });
  await page.reload();
  await page.getByTestId('doc-language').waitFor();
  assert.equal(await page.getByTestId('doc-language').inputValue(), 'he');
  assert.equal(await page.getByTestId('voiceless').count(), 0);
  // A language no installed voice reads is said so, not read silently in English.
  await page.getByTestId('doc-language').fill('yo');
  await page.getByTestId('doc-language').press('Enter');
  await page.getByTestId('voiceless').waitFor();
  assert.match(await page.getByTestId('voiceless').textContent(), /No installed voice reads/);
  assert.deepEqual(app.problems, []);
});
