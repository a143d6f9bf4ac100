// The window's theme: the writer's choice (Settings), or the desktop's light or dark
// when the choice is "system" — followed live as the desktop changes.
export type ThemeChoice = 'system' | 'light' | 'dark';

let unfollow: (() => void) | null = null;

/** Resolves a choice to the theme shown, given whether the desktop prefers dark. */
export function resolveTheme(choice: ThemeChoice, desktopDark: boolean): 'light' | 'dark' {
  if (choice === 'system') return desktopDark ? 'dark' : 'light';
  return choice;
}

/** Shows the theme for choice on the page, and keeps following the desktop for "system". */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement) {
  unfollow?.();
  unfollow = null;
  const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const set = () => (root.dataset.theme = resolveTheme(choice, query?.matches ?? false));
  set();
  if (choice === 'system' && query) {
    query.addEventListener('change', set);
    unfollow = () => query.removeEventListener('change', set);
  }
}
