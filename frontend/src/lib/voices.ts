import { t } from './i18n.svelte';
import type { VoiceOption } from '../api';

const qualities = {
  x_low: 'vq.x_low', low: 'vq.low', medium: 'vq.medium', high: 'vq.high',
  standard: 'vq.standard', neural: 'vq.neural', 'long-form': 'vq.long-form', generative: 'vq.generative',
} as const;

/**
 * A voice as a picker lists it: "Amy (en-us) · medium quality · 22 kHz", "Heart
 * (en-us) · grade A · 24 kHz", "Joanna (neural) (en-us) · 24 kHz · $32 per million":
 * what a writer weighs when choosing, the engine's grading where it has one (not
 * twice when the name already says it).
 */
export function voiceLabel(v: VoiceOption, withLanguage = true): string {
  const parts = [withLanguage && v.language ? `${v.name} (${v.language})` : v.name];
  if (v.quality && !v.name.includes(`(${v.quality})`)) {
    const key = qualities[v.quality as keyof typeof qualities];
    parts.push(key ? t(key) : v.quality);
  }
  if (v.grade) parts.push(t('vg.grade', { grade: v.grade }));
  if (v.sample_rate) parts.push(t('vg.rate', { khz: Math.round(v.sample_rate / 1000) }));
  if (v.price_per_million) parts.push(t('vg.price', { price: v.price_per_million }));
  return parts.join(' · ');
}

/** A voice's name as the writer knows it ("English (Received Pronunciation)"), or
 * its id when it is not among voices (removed since, or an engine not running). */
export function voiceName(voices: VoiceOption[], id: string): string {
  return voices.find((v) => v.id === id)?.name ?? id;
}
