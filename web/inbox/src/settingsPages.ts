/** The settings pages each agent may open: the nav lists only these, and any other hash falls back to the first. */
import type { SettingsPage } from './router';

/** `admin`: workspace admins and owners; `server`: the server's administrators, whatever their workspace role. */
const PAGES: { id: SettingsPage; label: string; admin?: boolean; server?: boolean }[] = [
  { id: 'me', label: 'My profile' },
  { id: 'workspace', label: 'Workspace & widget', admin: true },
  { id: 'team', label: 'Team', admin: true },
  { id: 'canned', label: 'Canned responses', admin: true },
  { id: 'api-keys', label: 'API keys', admin: true },
  { id: 'notifications', label: 'Notifications', admin: true },
  { id: 'bots', label: 'Bots', admin: true },
  { id: 'apps', label: 'Apps', admin: true },
  { id: 'kb', label: 'Knowledge base', admin: true },
  { id: 'webhooks', label: 'Webhooks', admin: true },
  { id: 'server', label: 'Server', server: true },
];

export function settingsPages(isAdmin: boolean, serverAdmin: boolean) {
  return PAGES.filter((p) => (!p.admin || isAdmin) && (!p.server || serverAdmin));
}
