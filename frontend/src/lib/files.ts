/**
 * Encodes bytes as base64 in chunks: String.fromCharCode(...bytes) on a whole
 * manuscript would overflow the call stack.
 */
export function toBase64(bytes: Uint8Array): string {
  const chunk = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export async function fileToBase64(file: Blob): Promise<string> {
  return toBase64(new Uint8Array(await file.arrayBuffer()));
}

/** The files of a drop; each is imported on its own and reports its own result. */
export function droppedFiles(dt: DataTransfer | null): File[] {
  return dt ? Array.from(dt.files) : [];
}

/**
 * Accepts a drag of files over a drop zone (copy, not move): true when it is
 * files, for the zone to show itself ready.
 */
export function acceptFiles(e: DragEvent): boolean {
  if (!e.dataTransfer?.types.includes('Files')) return false;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'copy';
  return true;
}

/**
 * Files dropped on the real window arrive as paths: the window, not WebKitGTK, takes
 * a drop (WebKitGTK gives the page no files, and opens the file in the app's place),
 * and tells where files are dragged over it and where they fell. The drop zone under
 * that place shows itself ready, and takes them.
 */
export interface PathsZone {
  take: (paths: string[]) => void;
  hover?: (over: boolean) => void;
  /**
   * Also takes what falls outside every zone (the page's margins, the top bar):
   * the library, whose hint says to drop a manuscript on the window.
   */
  window?: boolean;
}

const zones = new Set<{ node: HTMLElement; zone: PathsZone }>();
let hovered: PathsZone | null = null;

/**
 * The innermost drop zone at x, y of the page, else the window's zone if one is
 * shown. While a dialog is open, only a zone within it takes a drop: the page
 * behind it is not what the writer is looking at.
 */
function zoneAt(x: number, y: number): PathsZone | null {
  const el = document.elementFromPoint(x, y);
  const dialog = document.querySelector('dialog[open]');
  let best: { node: HTMLElement; zone: PathsZone } | null = null;
  let windowWide: PathsZone | null = null;
  for (const z of zones) {
    if (dialog && !dialog.contains(z.node)) continue;
    if (z.zone.window) windowWide = z.zone;
    if (el && z.node.contains(el) && (!best || best.node.contains(z.node))) best = z;
  }
  return best?.zone ?? windowWide;
}

export function announceOver(x: number, y: number): void {
  const z = zoneAt(x, y);
  if (z === hovered) return;
  hovered?.hover?.(false);
  hovered = z;
  z?.hover?.(true);
}

export function announceLeave(): void {
  hovered?.hover?.(false);
  hovered = null;
}

export function announceDrop(x: number, y: number, paths: string[]): void {
  announceLeave();
  zoneAt(x, y)?.take(paths);
}

/** Makes an element a drop zone for paths dropped on the real window. */
export function pathsDrop(node: HTMLElement, zone: PathsZone) {
  const entry = { node, zone };
  zones.add(entry);
  return {
    update(next: PathsZone) {
      if (hovered === entry.zone) hovered = next;
      entry.zone = next;
    },
    destroy() {
      zones.delete(entry);
      if (hovered === entry.zone) hovered = null;
    },
  };
}
