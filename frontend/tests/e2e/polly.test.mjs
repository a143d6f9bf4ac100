import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dropFiles, root, start } from './harness.mjs';

// Amazon Polly's voices, against the stand-in speaking Polly's protocol
// (build/bin/fakepolly): turned on in Settings with the credentials from the
// environment (never shown), its voices counted; the Convert dialog prices a book
// before anything is sent, warns when the monthly budget would not cover it, and
// converts within it.
const accessKey = 'AKIDREADBACKE2E';
const secret = 'e2e-secret-never-shown';
// A profile in the writer's credentials file that Polly does not know.
const strangerKey = 'AKIDSTRANGERE2E';
const strangerSecret = 'stranger-secret-never-shown';
let app;
let polly;
let endpoint;
before(async () => {
  polly = spawn(join(root, 'build/bin/fakepolly'), ['-access-key', accessKey], { stdio: ['ignore', 'pipe', 'inherit'] });
  endpoint = await new Promise((res, rej) => {
    polly.stdout.once('data', (d) => res(String(d).trim()));
    polly.on('exit', (code) => rej(new Error(`fakepolly exited with ${code}`)));
  });
  const aws = mkdtempSync(join(tmpdir(), 'readback-aws-'));
  writeFileSync(join(aws, 'credentials'), `[stranger]\naws_access_key_id = ${strangerKey}\naws_secret_access_key = ${strangerSecret}\n`, { mode: 0o600 });
  app = await start({
    env: { AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secret, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: join(aws, 'credentials') },
  });
});
after(async () => {
  await app?.stop();
  polly?.kill();
});

async function setPolly(page, budget, profile = '') {
  await page.goto(`${app.url}#/settings`);
  const section = page.getByTestId('polly');
  await section.getByTestId('polly-on').check();
  await section.getByLabel('Region').fill('eu-west-1');
  await section.getByLabel(/^AWS profile/).fill(profile);
  await section.getByLabel('Monthly budget, in characters (0: none)').fill(String(budget));
  await section.locator('details summary').click();
  await section.getByLabel('Address (for a compatible service)').fill(endpoint);
  await section.getByRole('button', { name: "Save Polly's settings" }).click();
  // Joanna reads four engines, Matthew and Amy three, Brian and Vicki two, Hans one.
  await section.getByTestId('polly-status').filter({ hasText: 'Polly offers 15 voices here.' }).waitFor({ timeout: 15000 }).catch(async (e) => {
    throw new Error(`${e.message}\n${await section.innerText()}`);
  });
  return section;
}

test('Polly is turned on in Settings and its voices are offered', async () => {
  const { page } = app;
  const section = await setPolly(page, 100);
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  await section.screenshot({ path: join(root, 'artifacts', 'e2e-polly-settings.png') });
  const text = await page.locator('body').innerText();
  assert.ok(!text.includes(secret) && !text.includes(accessKey), 'the credentials are shown');
});

test('the Convert dialog prices a book in a Polly voice before anything is sent, and converts within the budget', async () => {
  const { page, home } = app;
  await page.goto(`${app.url}#/`);
  await dropFiles(page, '[data-testid="library"]', [
    { name: 'lamp.md', data: '# One\n\nThe keeper climbed the stairs. The lamp was cold.\n\n# Two\n\nRain fell all night.\n' },
  ]);
  await page.getByRole('button', { name: 'One', exact: true }).click();
  await page.getByRole('button', { name: 'Convert…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('convert-quote').filter({ hasText: '5 of 5 sentences to synthesise.' }).waitFor();
  assert.equal(await dialog.getByTestId('convert-cost').count(), 0, 'eSpeak is priced');
  // The picker says what each Polly voice costs: a million characters of the book
  // are billed twice (the audio, the word timings), $16 a million for neural voices.
  const picker = dialog.getByRole('combobox', { name: /^Voice/ });
  assert.equal(await picker.locator('option[value="polly:Joanna-neural"]').textContent(), 'Joanna (neural) (en-us) · 24 kHz · $32 per million');
  assert.equal(await picker.locator('option[value="polly:Brian-standard"]').textContent(), 'Brian (standard) (en-gb) · 22 kHz · $8 per million');
  await picker.selectOption('polly:Joanna-neural');
  // 74 characters, billed twice (the audio and the word timings).
  const cost = dialog.getByTestId('convert-cost');
  await cost.filter({ hasText: 'Amazon Polly (neural): 148 characters, about $0.00.' }).waitFor();
  assert.match(await cost.innerText(), /more than the monthly budget leaves \(100 characters\)/);
  await dialog.screenshot({ path: join(root, 'artifacts', 'e2e-polly-quote.png') });
  // Over the budget, converting is refused before anything is sent.
  const out = join(home, 'lamp.m4b');
  await dialog.getByLabel('Save to').fill(out);
  await dialog.getByRole('button', { name: 'Convert', exact: true }).click();
  await page.getByRole('heading', { name: 'Queue', exact: true }).waitFor();
  const job = page.getByTestId('job').first();
  await job.getByTestId('job-state').filter({ hasText: 'Failed' }).waitFor({ timeout: 60000 });
  assert.match(await job.innerText(), /monthly budget leaves 100/);
  assert.ok(!readdirSync(home).includes('lamp.m4b'));

  await setPolly(page, 1000);
  await page.goto(`${app.url}#/queue`);
  await page.getByTestId('job').first().getByRole('button', { name: 'Retry' }).click();
  await page.getByTestId('job').first().getByTestId('job-state').filter({ hasText: 'Done' }).waitFor({ timeout: 60000 });
  const probe = execFileSync('ffprobe', ['-v', 'error', '-show_chapters', '-show_entries', 'stream=sample_rate', '-of', 'csv=p=0', out], { encoding: 'utf8' });
  assert.match(probe, /24000/);
  assert.match(probe, /One/);
  assert.match(probe, /Two/);
  // Done, it is taken off the queue; the audiobook stays.
  const jobs = await page.getByTestId('job').count();
  await page.getByTestId('job').first().getByRole('button', { name: 'Remove' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="job"]').length === n - 1, jobs);
  assert.ok(readdirSync(home).includes('lamp.m4b'));
  const logs = app.logs.join('') + readFileSync(join(home, 'readback.log'), 'utf8');
  assert.ok(!logs.includes(secret), 'the secret reached the log');
  assert.deepEqual(app.problems, []);
});

test('a profile Polly does not accept is refused in Settings, its keys nowhere in the window or the log', async () => {
  const { page, home } = app;
  await page.goto(`${app.url}#/settings`);
  const section = page.getByTestId('polly');
  await section.getByLabel(/^AWS profile/).fill('stranger');
  await section.getByRole('button', { name: "Save Polly's settings" }).click();
  await section.filter({ hasText: 'did not accept the AWS profile "stranger"' }).waitFor({ timeout: 15000 }).catch(async (e) => {
    throw new Error(`${e.message}\n${await section.innerText()}`);
  });
  const text = await page.locator('body').innerText();
  assert.ok(!text.includes(strangerSecret) && !text.includes(strangerKey), `the profile's keys are shown: ${text}`);
  const logs = app.logs.join('') + readFileSync(join(home, 'readback.log'), 'utf8');
  assert.ok(!logs.includes(strangerSecret) && !logs.includes(strangerKey), "the profile's keys reached the log");
  assert.deepEqual(app.problems, []);
});
