import { describe, expect, it } from 'vitest';
import { voiceLabel } from '../../src/lib/voices';
import type { VoiceOption } from '../../src/api';

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
