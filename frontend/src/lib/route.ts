/** Where the app is, kept in the URL's hash so that Back works and tests can link. */
export type Route =
  | { name: 'library' }
  | { name: 'document'; id: number; sentence?: number }
  | { name: 'check'; job: number }
  | { name: 'settings' } | { name: 'queue' } | { name: 'shared' } | { name: 'dashboard' };

export function parseRoute(hash: string): Route {
  const m = /^#\/documents\/(\d+)(?:\/sentences\/(\d+))?$/.exec(hash);
  if (m?.[1]) return m[2] ? { name: 'document', id: Number(m[1]), sentence: Number(m[2]) } : { name: 'document', id: Number(m[1]) };
  const c = /^#\/check\/(\d+)$/.exec(hash);
  if (c?.[1]) return { name: 'check', job: Number(c[1]) };
  if (hash === '#/settings') return { name: 'settings' };
  if (hash === '#/queue') return { name: 'queue' };
  if (hash === '#/shared') return { name: 'shared' };
  if (hash === '#/dashboard') return { name: 'dashboard' };
  return { name: 'library' };
}

export function routeHash(r: Route): string {
  switch (r.name) {
    case 'document':
      return r.sentence === undefined ? `#/documents/${r.id}` : `#/documents/${r.id}/sentences/${r.sentence}`;
    case 'check':
      return `#/check/${r.job}`;
    case 'settings':
      return '#/settings';
    case 'queue':
      return '#/queue';
    case 'shared':
      return '#/shared';
    case 'dashboard':
      return '#/dashboard';
    default:
      return '#/';
  }
}
