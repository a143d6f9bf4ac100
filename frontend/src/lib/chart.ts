// A Svelte action drawing a Chart.js chart on a canvas: made when the canvas
// appears, updated in place when its data change, destroyed with it. Only the
// parts of Chart.js the dashboard uses are registered (the rest is tree-shaken).
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip);

/** The theme's colours, read from the page's CSS so charts follow light and dark. */
export function palette(): { ink: string; muted: string; line: string; series: string[] } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    ink: v('--ink', '#1f1d1a'),
    muted: v('--muted', '#6b655c'),
    line: v('--line', '#e4dfd6'),
    series: [v('--accent', '#2f5d8a'), v('--focus', '#f0b429'), v('--ok', '#2d6a3e'), v('--danger', '#a33a2a'), v('--muted', '#6b655c')],
  };
}

export function chart(canvas: HTMLCanvasElement, config: ChartConfiguration) {
  let c: Chart | null = null;
  try {
    c = new Chart(canvas, config);
  } catch {
    // No 2D context (a test's DOM): the table beside the chart still says it all.
  }
  return {
    update(next: ChartConfiguration) {
      if (!c) return;
      c.data = next.data;
      c.options = next.options ?? {};
      c.update();
    },
    destroy() {
      c?.destroy();
    },
  };
}
