import { describe, expect, it } from 'vitest';
import { flushSync, mount, tick, unmount } from 'svelte';
import type { Api, CloudStatus, PollyPrefs, Quote, VoiceOption } from '../../src/api';
import PollySection from '../../src/components/PollySection.svelte';
import ConvertDialog from '../../src/components/ConvertDialog.svelte';

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  flushSync();
}

const off: CloudStatus = { on: false, region: '', profile: '', endpoint: '', monthly_characters: 0, requests_per_second: 0, voices: 0, problem: '' };

describe('PollySection', () => {
  it('turns Polly on with a budget in characters and says how many voices it offers, or why none', async () => {
    const saved: PollyPrefs[] = [];
    let answer: CloudStatus = { ...off, on: true, region: 'eu-west-1', monthly_characters: 50000, voices: 15 };
    const api = {
      polly: async () => off,
      setPolly: async (p: PollyPrefs) => {
        saved.push(p);
        return answer;
      },
    } as unknown as Api;
    const view = mount(PollySection, { target: document.body, props: { api } });
    await settle();
    const on = document.querySelector<HTMLInputElement>('[data-testid=polly-on]')!;
    expect(on.checked).toBe(false);
    expect(document.body.textContent).not.toContain('Region');
    on.click();
    await settle();
    const input = (label: string) =>
      [...document.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector('input')!;
    input('Region').value = 'eu-west-1';
    input('Region').dispatchEvent(new Event('input'));
    input('Monthly budget').value = '50000';
    input('Monthly budget').dispatchEvent(new Event('input'));
    document.querySelector('form')!.requestSubmit();
    await settle();
    expect(saved).toEqual([{ on: true, region: 'eu-west-1', profile: '', endpoint: '', monthly_characters: 50000, requests_per_second: 0 }]);
    expect(document.querySelector('[data-testid=polly-status]')?.textContent).toBe('Polly offers 15 voices here.');
    answer = { ...answer, voices: 0, problem: 'Amazon Polly did not accept the AWS credentials (UnrecognizedClientException): check the access key' };
    document.querySelector('form')!.requestSubmit();
    await settle();
    expect(document.querySelector('[data-testid=polly-problem]')?.textContent).toContain('did not accept the AWS credentials');
    expect(document.querySelector('[data-testid=polly-status]')).toBeNull();
    unmount(view);
  });
});

describe('ConvertDialog', () => {
  it('prices the book again when the speed changes, the latest answer winning', async () => {
    const asked: number[] = [];
    const slow: Array<() => void> = [];
    // At another speed every sentence is new audio: Polly's price for all of them.
    const quoteFor = (rate: number): Quote =>
      rate !== 1
        ? ({ sentences: 5, missing: 5, price: 2.37, billed: [{ engine: 'polly', tier: 'neural', sentences: 5, characters: 148000, price: 2.37, budget_left: 100000 }] } as unknown as Quote)
        : ({ sentences: 5, missing: 3, price: 0, billed: [] } as unknown as Quote);
    const api = {
      preferences: async () => ({ format: 'm4b', pauses: { sentence: 250, paragraph: 600, chapter: 1500 }, rate: 1, voice: '' }),
      proposeOutput: async () => '/home/w/Audiobooks/One.m4b',
      voices: async () => [{ id: 'polly:Joanna-neural', name: 'Joanna (neural)', language: 'en-us', engine: 'polly' }] as VoiceOption[],
      quote: (_id: number, s: { rate: number }) => {
        asked.push(s.rate);
        const q = quoteFor(s.rate);
        // The first answer (at the speed the dialog opened with) arrives last.
        if (asked.length === 1) return new Promise<Quote>((res) => slow.push(() => res(q)));
        return Promise.resolve(q);
      },
    } as unknown as Api;
    const view = mount(ConvertDialog, { target: document.body, props: { api, documentId: 1, title: 'One', docVoice: 'polly:Joanna-neural', onDone: () => {}, onCancel: () => {} } });
    await settle();
    const speed = document.querySelector<HTMLInputElement>('input[type=range]')!;
    speed.value = '1.5';
    speed.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    slow.forEach((f) => f());
    await settle();
    expect(asked).toEqual([1, 1.5]);
    const quote = document.querySelector('[data-testid=convert-quote]')!.textContent!;
    expect(quote).toContain('5 of 5 sentences to synthesise.');
    expect(quote).toContain('Amazon Polly (neural): 148,000 characters, about $2.37.');
    expect(quote).toContain('more than the monthly budget leaves (100,000 characters)');
    unmount(view);
  });
});
