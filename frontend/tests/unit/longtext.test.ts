import { describe, expect, it } from 'vitest';
import type { Api, TextChunk } from '../../src/api';

// The text of a long book is drawn a few chunks at a time. A sentence asked for far
// from what is drawn (the book's last, by End) must be there when it is asked for:
// CI's novel test found the chunk drawn for it let go at once, as the furthest from
// view, when ten others were already drawn.
describe('LongText', () => {
  it('keeps the chunk it drew for a sentence asked for far from view', async () => {
    const { mount, tick, unmount } = await import('svelte');
    const LongText = (await import('../../src/components/LongText.svelte')).default;
    const chunks: TextChunk[] = Array.from({ length: 20 }, (_, i) => ({ first: i * 10, last: i * 10 + 9, section: 0, chars: 1000 }) as TextChunk);
    const api = {
      text: async (_id: number, first: number, last: number) =>
        Array.from({ length: last - first + 1 }, (_, k) => `<span class="seg" data-seg="${first + k}">Sentence ${first + k}.</span>`).join(' '),
    } as unknown as Api;
    const target = document.createElement('div');
    document.body.append(target);
    const text = mount(LongText, { target, props: { api, id: 1, chunks } }) as unknown as { ensure(ord: number): Promise<HTMLElement | null> };
    await tick();
    for (let i = 0; i < 12; i++) expect(await text.ensure(i * 10)).not.toBeNull();
    const last = await text.ensure(199);
    expect(last?.textContent).toBe('Sentence 199.');
    expect(target.querySelectorAll('span.seg').length).toBeLessThanOrEqual(11 * 10); // at most KEEP chunks and the one asked for
    unmount(text);
    target.remove();
  });
});
