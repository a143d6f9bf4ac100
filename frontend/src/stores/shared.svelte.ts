import { intlLocale, t, tn } from '../lib/i18n.svelte';
import type { Api, Problem, SharedOverview, ShareLinkView, VoiceStatus } from '../api';

/** How long a share link may last, in hours: what S3 allows for a presigned address. */
export const SHARE_HOURS = [1, 6, 24, 72, 168] as const;

/** Words for a share link's lifetime. */
export function hoursLabel(h: number): string {
  if (h < 24) return tn('sh.hour.one', 'sh.hour.other', h);
  return tn('sh.day.one', 'sh.day.other', h / 24);
}

/** What a voice row offers, from its state. */
export function voiceAction(v: VoiceStatus): 'install' | 'update' | 'remove' | null {
  switch (v.state) {
    case 'not installed':
      return 'install';
    case 'update available':
      return 'update';
    case 'installed':
      return 'remove';
    default:
      return null;
  }
}

/** "3 minutes ago", "2 hours ago", or the date: when the last sync was. */
export function ago(ms: number, now = Date.now()): string {
  if (!ms) return t('sh.never');
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return t('sh.justNow');
  if (s < 3600) return t('sh.minAgo', { n: Math.round(s / 60) });
  if (s < 86400) return t('sh.hAgo', { n: Math.round(s / 3600) });
  return new Date(ms).toLocaleDateString(intlLocale());
}

/** The Shared view's state: both sides of the shared library, and the actions on it. */
export class SharedStore {
  overview = $state<SharedOverview | null>(null);
  error = $state<Problem | null>(null);
  /** What is under way ("sync", "install lessac", …), for the buttons to wait on. */
  busy = $state<string>('');
  link = $state<(ShareLinkView & { id: string }) | null>(null);
  #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  async load(): Promise<void> {
    try {
      this.overview = await this.#api.sharedOverview();
      this.error = null;
    } catch (e) {
      this.error = e as Problem;
    }
  }

  /** Runs one action at a time, then reloads; a refusal stays in view. */
  async act(label: string, fn: () => Promise<unknown>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = label;
    let refusal: Problem | null = null;
    try {
      await fn();
    } catch (e) {
      refusal = e as Problem;
    } finally {
      this.busy = '';
    }
    await this.load();
    if (refusal) this.error = refusal;
    return refusal === null;
  }

  sync = () => this.act('sync', () => this.#api.syncNow());
  install = (id: string) => this.act(`install ${id}`, () => this.#api.installVoice(id));
  remove = (id: string) => this.act(`remove ${id}`, () => this.#api.removeVoice(id));
  publishVoice = () => this.act('publish voice', () => this.#api.publishVoice());
  publishNarration = (documentId: number, id: string, format: string) =>
    this.act('publish narration', () => this.#api.publishNarration(documentId, id, format));

  /** Where the last download went. */
  saved = $state('');
  download = (id: string) =>
    this.act(`download ${id}`, async () => {
      const path = await this.#api.downloadNarration(id);
      if (path) this.saved = path;
    });

  async share(id: string, hours: number): Promise<void> {
    await this.act(`share ${id}`, async () => {
      this.link = { ...(await this.#api.shareLink(id, hours)), id };
    });
  }
}
