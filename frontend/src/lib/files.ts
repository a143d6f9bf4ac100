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
