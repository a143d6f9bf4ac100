import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceDrop, announceLeave, announceOver, pathsDrop } from '../../src/lib/files';

// Files dropped on the real window come as paths with the place they fell: the drop
// zone under that place (the innermost) takes them, and shows itself ready while
// they are dragged over it.
describe('drops on the real window', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.restoreAllMocks();
  });

  function page() {
    document.body.innerHTML = '<section id="library"><p id="empty">empty</p></section><section id="settings"><div id="voices"><span id="hint">drop</span></div><p id="limits">limits</p></section><footer id="outside"></footer>';
    const at: Record<string, string> = { '10,10': 'empty', '10,50': 'hint', '10,80': 'limits', '10,99': 'outside' };
    vi.spyOn(document, 'elementFromPoint').mockImplementation((x, y) => document.getElementById(at[`${x},${y}`] ?? '') ?? null);
    const got: Record<string, string[][]> = { library: [], settings: [], voices: [] };
    const over: Record<string, boolean> = {};
    const zones = ['library', 'settings', 'voices'].map((id) =>
      pathsDrop(document.getElementById(id)!, { take: (p) => got[id]!.push(p), hover: (on) => (over[id] = on) }),
    );
    return { got, over, zones };
  }

  it('goes to the zone it fell on, the innermost', () => {
    const { got, zones } = page();
    announceDrop(10, 10, ['/home/w/harbour.md', '/home/w/lighthouse.txt']);
    announceDrop(10, 50, ['/home/w/v.onnx', '/home/w/v.onnx.json']);
    announceDrop(10, 80, ['/home/w/x.md']);
    announceDrop(10, 99, ['/home/w/lost.md']); // on no zone: nobody takes it
    expect(got.library).toEqual([['/home/w/harbour.md', '/home/w/lighthouse.txt']]);
    expect(got.voices).toEqual([['/home/w/v.onnx', '/home/w/v.onnx.json']]);
    expect(got.settings).toEqual([['/home/w/x.md']]);
    zones.forEach((z) => z.destroy());
  });

  it('shows one zone ready at a time, and none after leaving or dropping', () => {
    const { over, zones } = page();
    announceOver(10, 10);
    expect(over).toEqual({ library: true });
    announceOver(10, 50);
    expect(over).toEqual({ library: false, voices: true });
    announceOver(10, 50); // a motion within the zone changes nothing
    announceLeave();
    expect(over).toEqual({ library: false, voices: false });
    announceOver(10, 10);
    announceDrop(10, 10, ['/a.md']);
    expect(over.library).toBe(false);
    zones.forEach((z) => z.destroy());
  });

  it('gives what falls outside every zone to the window-wide one, if it is shown', () => {
    document.body.innerHTML = '<main id="main"><section id="library"><p id="empty">empty</p></section></main><div id="voices"></div>';
    const at: Record<string, string> = { '10,10': 'empty', '10,90': 'main', '10,50': 'voices' };
    vi.spyOn(document, 'elementFromPoint').mockImplementation((x, y) => document.getElementById(at[`${x},${y}`] ?? '') ?? null);
    const got: Record<string, string[][]> = { library: [], voices: [] };
    const over: Record<string, boolean> = {};
    const library = pathsDrop(document.getElementById('library')!, { take: (p) => got.library!.push(p), hover: (on) => (over.library = on), window: true });
    const voices = pathsDrop(document.getElementById('voices')!, { take: (p) => got.voices!.push(p), hover: (on) => (over.voices = on) });
    announceOver(10, 90); // below the library, in the page's margin
    expect(over).toEqual({ library: true });
    announceDrop(10, 90, ['/home/w/margin.md']);
    announceDrop(300, 300, ['/home/w/nowhere.md']); // on no element at all
    announceDrop(10, 50, ['/home/w/v.onnx']); // another zone still takes its own
    expect(got.library).toEqual([['/home/w/margin.md'], ['/home/w/nowhere.md']]);
    expect(got.voices).toEqual([['/home/w/v.onnx']]);
    // A dialog open over the library (Delete …?, the keys): a drop on it or
    // beside it is taken by nobody, and nothing shows ready.
    document.body.insertAdjacentHTML('beforeend', '<dialog id="confirm" open><p id="question">Delete?</p></dialog>');
    at['10,70'] = 'question';
    delete over.library;
    announceOver(10, 90);
    announceOver(10, 70);
    expect(over.library).toBeUndefined();
    announceLeave();
    announceDrop(10, 70, ['/home/w/on-dialog.md']);
    announceDrop(10, 90, ['/home/w/beside-dialog.md']);
    expect(got.library).toHaveLength(2);
    document.getElementById('confirm')!.remove();
    library.destroy();
    announceDrop(10, 90, ['/home/w/later.md']); // the library gone: nobody takes it
    expect(got.library).toHaveLength(2);
    voices.destroy();
  });

  it('forgets a zone that is gone', () => {
    const { got, zones } = page();
    zones[0]!.destroy();
    announceDrop(10, 10, ['/a.md']);
    expect(got.library).toEqual([]);
    zones.slice(1).forEach((z) => z.destroy());
  });
});
