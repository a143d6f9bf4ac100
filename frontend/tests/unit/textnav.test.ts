import { describe, expect, it } from 'vitest';
import { focusSentence, moveSentence, nextHit, selectWord, words } from '../../src/lib/textnav';

function text() {
  const root = document.createElement('div');
  root.innerHTML =
    '<p><span class="seg" data-seg="0">Siobhán climbed.</span> <span class="seg" data-seg="1">The <mark class="word">lamp</mark> was cold.</span></p>' +
    '<p><span class="seg" data-seg="4">Jean-Luc’s boat, at 3 a.m.</span></p>';
  document.body.append(root);
  return root;
}

describe('the text by keyboard', () => {
  it('moves from sentence to sentence, with one tabindex among them', () => {
    const root = text();
    const s0 = moveSentence(root, null, 'next')!;
    expect(s0.dataset.seg).toBe('0');
    focusSentence(root, s0);
    expect(document.activeElement).toBe(s0);
    const s1 = moveSentence(root, s0, 'next')!;
    focusSentence(root, s1);
    expect(s1.dataset.seg).toBe('1');
    expect(root.querySelectorAll('[tabindex]').length).toBe(1);
    expect(moveSentence(root, s1, 'previous')!.dataset.seg).toBe('0');
    expect(moveSentence(root, s1, 'last')!.dataset.seg).toBe('4');
    expect(moveSentence(root, moveSentence(root, s1, 'last'), 'next')!.dataset.seg).toBe('4'); // stays at the end
    root.remove();
  });

  it('selects word after word, across the highlight’s marks, and back', () => {
    const root = text();
    const s1 = root.querySelector<HTMLElement>('[data-seg="1"]')!;
    expect(selectWord(s1, 1)).toBe('The');
    expect(selectWord(s1, 1)).toBe('lamp');
    expect(window.getSelection()!.toString()).toBe('lamp');
    expect(selectWord(s1, 1)).toBe('was');
    expect(selectWord(s1, 1)).toBe('cold');
    expect(selectWord(s1, 1)).toBe('cold'); // the last word stays
    expect(selectWord(s1, -1)).toBe('was');
    const s4 = root.querySelector<HTMLElement>('[data-seg="4"]')!;
    expect(selectWord(s4, -1)).toBe('m'); // from the end, the selection being elsewhere
    expect(words('Jean-Luc’s boat, at 3 a.m.').map((w) => 'Jean-Luc’s boat, at 3 a.m.'.slice(w.start, w.end))).toEqual(['Jean-Luc’s', 'boat', 'at', '3', 'a', 'm']);
    root.remove();
  });
});

describe('nextHit', () => {
  it('goes back from no hit to the last, forward to the first, and wraps round', () => {
    expect(nextHit(-1, -1, 10)).toBe(9);
    expect(nextHit(-1, 1, 10)).toBe(0);
    expect(nextHit(0, -1, 10)).toBe(9);
    expect(nextHit(9, 1, 10)).toBe(0);
    expect(nextHit(4, 1, 10)).toBe(5);
  });
});
