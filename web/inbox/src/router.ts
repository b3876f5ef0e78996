/** Hash routes of the app (docs/inbox.md): `#/conversations/<id>`, `#/visitors`, `#/settings/<page>`... */

export type Route =
  | { name: 'inbox'; conversationId: string | null }
  | { name: 'settings'; page: SettingsPage }
  | { name: 'visitors' }
  /** `report`: the name as written in the hash; Reports.tsx shows the first report for an unknown one. */
  | { name: 'reports'; report: string }
  | { name: 'reset'; token: string }
  | { name: 'invite'; token: string }
  | { name: 'forgot' }
  | { name: 'signup'; token: string };

const SETTINGS = ['workspace', 'team', 'canned', 'api-keys', 'notifications', 'bots', 'apps', 'kb', 'webhooks', 'server', 'me'] as const;
export type SettingsPage = (typeof SETTINGS)[number];

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [path, qs = ''] = h.split('?');
  const params = new URLSearchParams(qs);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] == 'conversations' && parts[1]) return { name: 'inbox', conversationId: decodeURIComponent(parts[1]) };
  if (parts[0] == 'settings') {
    const page = (SETTINGS as readonly string[]).includes(parts[1]) ? (parts[1] as SettingsPage) : 'me';
    return { name: 'settings', page };
  }
  if (parts[0] == 'visitors') return { name: 'visitors' };
  if (parts[0] == 'reports') return { name: 'reports', report: decodeURIComponent(parts[1] ?? '') };
  if (parts[0] == 'reset') return { name: 'reset', token: params.get('token') || '' };
  if (parts[0] == 'invite') return { name: 'invite', token: params.get('token') || '' };
  if (parts[0] == 'forgot') return { name: 'forgot' };
  if (parts[0] == 'signup') return { name: 'signup', token: params.get('token') || '' };
  return { name: 'inbox', conversationId: null };
}

export const go = (hash: string) => {
  location.hash = hash;
};

export const conversationHref = (id: string) => '#/conversations/' + encodeURIComponent(id);
export const VISITORS_HREF = '#/visitors';
