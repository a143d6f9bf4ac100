import { describe, expect, it } from 'vitest';
import { voiceLabel, voiceName } from '../../src/lib/voices';
import type { Api, VoiceOption } from '../../src/api';

const voice = (v: Partial<VoiceOption>): VoiceOption => ({ id: 'x:y', name: 'Name', language: 'en-us', engine: 'x', ...v }) as VoiceOption;

describe('voiceLabel', () => {
  it('says what a writer weighs: quality, grade, sample rate, price', () => {
    expect(voiceLabel(voice({ name: 'amy', quality: 'medium', sample_rate: 22050 }))).toBe('amy (en-us) · medium quality · 22 kHz');
    expect(voiceLabel(voice({ name: 'Heart', grade: 'A-', sample_rate: 24000 }))).toBe('Heart (en-us) · grade A- · 24 kHz');
    expect(voiceLabel(voice({ name: 'English', language: 'en', sample_rate: 22050 }), false)).toBe('English · 22 kHz');
  });
  it('does not say the engine twice when the name says it', () => {
    expect(voiceLabel(voice({ name: 'Joanna (neural)', quality: 'neural', sample_rate: 24000, price_per_million: 32 }))).toBe(
      'Joanna (neural) (en-us) · 24 kHz · $32 per million',
    );
  });
  it('shows a grading it does not know as it came', () => {
    expect(voiceLabel(voice({ name: 'New', quality: 'studio' }))).toBe('New (en-us) · studio');
  });
  it('a preset without details is its name', () => {
    expect(voiceLabel(voice({ name: 'Narrator', language: '' }))).toBe('Narrator');
  });
});

describe('voiceName', () => {
  it('is the name a writer knows, else the id as it was given', () => {
    const vs = [voice({ id: 'espeak:en-gb-x-rp', name: 'English (Received Pronunciation)' })];
    expect(voiceName(vs, 'espeak:en-gb-x-rp')).toBe('English (Received Pronunciation)');
    expect(voiceName(vs, 'piper:gone')).toBe('piper:gone');
  });
});

/** Settings' Voices section mounted on api; settle lets its answers arrive. */
async function mountVoices(api: Api) {
  const { flushSync, mount, tick, unmount } = await import('svelte');
  const VoicesSection = (await import('../../src/components/VoicesSection.svelte')).default;
  const settle = async () => {
    for (let i = 0; i < 5; i++) await tick();
    flushSync();
  };
  const view = mount(VoicesSection, { target: document.body, props: { api } });
  await settle();
  return { settle, unmount: () => unmount(view) };
}

/** The text of the element with a test id, or null. */
const text = (id: string) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? null;

describe('VoicesSection without ONNX Runtime', () => {
  it('offers to choose the runtime, says where it started from, and shows a refusal or a cancel as such', async () => {
    const missing = { available: false, reason: 'ONNX Runtime (libonnxruntime.so.1) is not installed', voices: [] };
    const answers: Array<() => Promise<unknown>> = [
      async () => null, // the dialog cancelled
      async () => Promise.reject({ code: 'invalid', message: '/usr/bin/true is not ONNX Runtime: it does not export OrtGetApiBase' }),
      async () => ({ available: true, runtime: '/data/libonnxruntime.so.1', voices: [] }),
    ];
    const api = {
      neuralVoices: async () => missing,
      chooseRuntime: () => answers.shift()!(),
      onVoicesChanged: () => () => {},
    } as unknown as Api;
    const { settle, unmount } = await mountVoices(api);
    const button = () => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Choose ONNX Runtime…');
    expect(text('voices-unavailable')).toBe('Neural voices are unavailable here: ONNX Runtime (libonnxruntime.so.1) is not installed');
    button()!.click();
    await settle();
    expect(text('voices-unavailable')).not.toBeNull();
    expect(text('voices-runtime')).toBeNull();
    expect(text('voice-problem')).toBeNull();
    button()!.click();
    await settle();
    expect(text('voice-problem')).toBe('/usr/bin/true is not ONNX Runtime: it does not export OrtGetApiBase');
    button()!.click();
    await settle();
    expect(text('voices-runtime')).toBe('ONNX Runtime started from /data/libonnxruntime.so.1: Piper and Kokoro voices can speak now.');
    expect(text('voices-unavailable')).toBeNull();
    expect(text('voice-problem')).toBeNull();
    expect(button()).toBeUndefined();
    unmount();
  });
});

describe('VoicesSection adding a voice', () => {
  it('says a voice is installed only beside a list that shows it, and an older answer does not take it away', async () => {
    const voice = { id: 'en_US-amy-low', engine: 'piper', language: 'en-us', quality: 'low', sample_rate: 16000, bytes: 1 << 20 };
    const none = { available: true, voices: [] };
    // Each list asked for answers when the test says so, in any order.
    const pending: Array<(v: unknown) => void> = [];
    let changed: () => void = () => {};
    const api = {
      neuralVoices: () => new Promise((resolve) => pending.push(resolve)),
      // The backend reports the change before the install's own answer arrives.
      chooseVoice: async () => {
        changed();
        return voice;
      },
      onVoicesChanged: (f: () => void) => {
        changed = f;
        return () => {};
      },
    } as unknown as Api;
    const { settle, unmount } = await mountVoices(api);
    pending.shift()!(none);
    await settle();
    const rows = () => document.querySelectorAll('[data-testid=voice-row]').length;
    expect(text('voices-none')).not.toBeNull();
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Add voice…')!.click();
    await settle();
    expect(pending.length).toBe(2); // the change's list, then the install's
    const [changedList, installList] = [pending.shift()!, pending.shift()!];
    expect(text('voice-added')).toBeNull();
    installList({ available: true, voices: [voice] });
    await settle();
    expect(text('voice-added')).toBe('Installed “en_US-amy-low” (en-us): choose it wherever a voice is chosen.');
    expect(rows()).toBe(1);
    // The change's list was asked for first: answering last, it is older, and ignored.
    changedList(none);
    await settle();
    expect(rows()).toBe(1);
    unmount();
  });

  it('says a voice was installed but not listed when the list cannot be read again', async () => {
    const voice = { id: 'en_US-amy-low', engine: 'piper', language: 'en-us', quality: 'low', sample_rate: 16000, bytes: 1 << 20 };
    let lists = 0;
    const api = {
      neuralVoices: async () => {
        if (++lists > 1) throw { code: 'unavailable', message: 'the voices folder cannot be read' };
        return { available: true, voices: [] };
      },
      chooseVoice: async () => voice,
      onVoicesChanged: () => () => {},
    } as unknown as Api;
    const { settle, unmount } = await mountVoices(api);
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Add voice…')!.click();
    await settle();
    expect(text('voice-added')).toBe('Installed “en_US-amy-low” (en-us), but the list of voices could not be read again:');
    expect(text('voice-problem')).toBe('the voices folder cannot be read');
    unmount();
  });
});
