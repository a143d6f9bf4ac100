/** Where the app is, kept in the URL's hash so that Back works and tests can link. */
export type Route = { name: 'library' } | { name: 'document'; id: number } | { name: 'settings' } | { name: 'queue' } | { name: 'shared' } | { name: 'dashboard' };

export function parseRoute(hash: string): Route {
  const m = /^#\/documents\/(\d+)$/.exec(hash);
  if (m?.[1]) return { name: 'document', id: Number(m[1]) };
  if (hash === '#/settings') return { name: 'settings' };
  if (hash === '#/queue') return { name: 'queue' };
  if (hash === '#/shared') return { name: 'shared' };
  if (hash === '#/dashboard') return { name: 'dashboard' };
  return { name: 'library' };
}

export function routeHash(r: Route): string {
  switch (r.name) {
    case 'document':
      return `#/documents/${r.id}`;
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
