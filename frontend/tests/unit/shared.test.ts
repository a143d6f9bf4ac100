import { describe, expect, it } from 'vitest';
import type { Api, SharedOverview, VoiceStatus } from '../../src/api';
import { SharedStore, ago, hoursLabel, voiceAction } from '../../src/stores/shared.svelte';

function voice(state: string): VoiceStatus {
  return { id: 'v', name: 'V', engine: 'piper', language: 'en', licence: '', remote: 2, local: 1, state } as VoiceStatus;
}

describe('shared helpers', () => {
  it('words a share link’s lifetime', () => {
    expect(hoursLabel(1)).toBe('1 hour');
    expect(hoursLabel(6)).toBe('6 hours');
    expect(hoursLabel(24)).toBe('1 day');
    expect(hoursLabel(168)).toBe('7 days');
  });
  it('offers what a voice’s state allows', () => {
    expect(voiceAction(voice('not installed'))).toBe('install');
    expect(voiceAction(voice('update available'))).toBe('update');
    expect(voiceAction(voice('installed'))).toBe('remove');
    expect(voiceAction(voice('local only'))).toBeNull();
  });
  it('says when the last sync was', () => {
    const now = 1_700_000_000_000;
    expect(ago(0, now)).toBe('never');
    expect(ago(now - 20_000, now)).toBe('just now');
    expect(ago(now - 3 * 60_000, now)).toBe('3 min ago');
    expect(ago(now - 2 * 3600_000, now)).toBe('2 h ago');
  });
});

describe('SharedStore', () => {
  const overview = { configured: true, voices: [], narrations: [], conflicts: [] } as unknown as SharedOverview;

  it('runs one action at a time and keeps a refusal in view after reloading', async () => {
    let loads = 0;
    let release: () => void = () => {};
    const api = {
      sharedOverview: async () => {
        loads++;
        return overview;
      },
      syncNow: () => new Promise<void>((_, reject) => (release = () => reject({ code: 'unavailable', message: 'the shared library cannot be reached' }))),
      installVoice: async () => {
        throw new Error('must not run while a sync is under way');
      },
    } as unknown as Api;
    const store = new SharedStore(api);
    const sync = store.sync();
    expect(store.busy).toBe('sync');
    expect(await store.install('v')).toBe(false); // refused while busy, not queued
    release();
    expect(await sync).toBe(false);
    expect(store.busy).toBe('');
    expect(loads).toBe(1);
    expect(store.error?.message).toBe('the shared library cannot be reached');
  });

  it('keeps the share link it made, with its narration', async () => {
    const api = {
      sharedOverview: async () => overview,
      shareLink: async (id: string, hours: number) => ({ url: `https://b/${id}?h=${hours}`, until: 5 }),
    } as unknown as Api;
    const store = new SharedStore(api);
    await store.share('the-keeper', 72);
    expect(store.link).toEqual({ url: 'https://b/the-keeper?h=72', until: 5, id: 'the-keeper' });
    expect(store.error).toBeNull();
  });
});
