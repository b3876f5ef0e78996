/** The /me app's places, in the URL hash: `#/signin?token=...&c=...`, `#/push?token=...&c=...`, `#/c/<conversation id>`, `#/`. */

export type Route =
  | { name: 'signin'; token: string; conversation?: string }
  | { name: 'push'; token: string; conversation?: string }
  | { name: 'conversation'; id: string } | { name: 'list' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path.startsWith('/signin?')) {
    const params = new URLSearchParams(path.slice('/signin?'.length));
    const token = params.get('token');
    if (token) return { name: 'signin', token, conversation: params.get('c') || undefined };
  }
  if (path.startsWith('/push?')) {
    const params = new URLSearchParams(path.slice('/push?'.length));
    const token = params.get('token');
    if (token) return { name: 'push', token, conversation: params.get('c') || undefined };
  }
  const open = /^\/c\/([A-Za-z0-9-]{1,64})$/.exec(path);
  if (open) return { name: 'conversation', id: open[1] };
  return { name: 'list' };
}

export function conversationHash(id: string): string {
  return '#/c/' + encodeURIComponent(id);
}
