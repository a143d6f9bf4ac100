import { t } from './i18n.svelte';
import { blobPlayable } from '../stores/player.svelte';

/**
 * Plays an audition (a word as an entry would say it) in the page: fetched and
 * played from a blob: URL, as WebKitGTK's media backend cannot read the app's own
 * URLs. A failure is thrown, not hidden: the caller says it.
 */
export async function playAudition(audio: HTMLAudioElement | undefined, url: string): Promise<void> {
  if (!audio) return;
  const { url: playable, free } = await blobPlayable(url);
  audio.addEventListener('ended', free, { once: true });
  audio.addEventListener('error', free, { once: true });
  audio.src = playable;
  try {
    await audio.play();
  } catch (e) {
    free();
    throw new Error(t('err.audition', { error: String((e as Error).message ?? e) }));
  }
}
