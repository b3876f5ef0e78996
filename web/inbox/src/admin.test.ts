import { describe, expect, it } from 'vitest';
import { percent } from './format';
import { parseHash } from './router';
import { emptySetup, siteOrigin, toSetupBody, validateSetup } from './setup';
import { settingsPages } from './settingsPages';
import { canAddWorkspace, showSwitcher, switcherOptions } from './switcher';
import type { Me } from './types';
import { toChange, toForm } from './WorkspaceSettings';

describe('the new settings routes', () => {
  it('parses the notifications and server pages, and falls back to my profile', () => {
    expect(parseHash('#/settings/notifications')).toEqual({ name: 'settings', page: 'notifications' });
    expect(parseHash('#/settings/server')).toEqual({ name: 'settings', page: 'server' });
    expect(parseHash('#/settings/nonsense')).toEqual({ name: 'settings', page: 'me' });
  });

  it('shows Notifications to workspace admins and Server to server admins only', () => {
    const ids = (admin: boolean, server: boolean) => settingsPages(admin, server).map((p) => p.id);
    expect(ids(false, false)).toEqual(['me']);
    expect(ids(true, false)).toContain('notifications');
    expect(ids(true, false)).not.toContain('server');
    // A server admin who is only an agent in this workspace still runs the server.
    expect(ids(false, true)).toEqual(['me', 'server']);
  });
});

const valid = { name: 'Ana', email: 'ana@shop.example', password: 'long enough pw', password2: 'long enough pw', business: 'Scarf shop', site: 'https://shop.example', token: '' };

describe('the first-run setup form', () => {
  it('takes the origin of what is pasted: a scheme and a host are needed, a page address is cut to its origin', () => {
    expect(siteOrigin('https://shop.example')).toBe('https://shop.example');
    expect(siteOrigin(' https://shop.example/ ')).toBe('https://shop.example');
    expect(siteOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    expect(siteOrigin('HTTPS://Shop.Example')).toBe('https://shop.example');
    expect(siteOrigin('https://shop.example/about?x=1#top')).toBe('https://shop.example');
    for (const bad of ['shop.example', 'ftp://shop.example', 'https://', 'https:// shop.example', 'https://user:pw@shop.example', ''])
      expect(siteOrigin(bad), bad).toBeNull();
  });

  it('names each mistake beside its field', () => {
    expect(validateSetup(valid, false)).toEqual({});
    const e = validateSetup({ ...emptySetup(), password: 'short', password2: 'other' }, false);
    expect(Object.keys(e).sort()).toEqual(['business', 'email', 'name', 'password', 'password2', 'site']);
    expect(e.password).toBe('At least 10 characters.');
    expect(validateSetup({ ...valid, password2: 'long enough pW' }, false)).toEqual({ password2: 'The two passwords differ.' });
    expect(validateSetup({ ...valid, site: 'shop.example' }, false).site).toContain('https://');
  });

  it('asks for the setup token only when the server requires one', () => {
    expect(validateSetup(valid, true).token).toContain('server’s log');
    expect(validateSetup({ ...valid, token: ' t0ken ' }, true)).toEqual({});
    expect(toSetupBody({ ...valid, token: ' t0ken ' }, true).setup_token).toBe('t0ken');
    expect('setup_token' in toSetupBody({ ...valid, token: 'ignored' }, false)).toBe(false);
  });

  it('sends trimmed values and the site as an origin', () => {
    expect(toSetupBody({ ...valid, name: ' Ana ', site: 'https://shop.example/contact' }, false)).toEqual({
      name: 'Ana', email: 'ana@shop.example', password: 'long enough pw', business_name: 'Scarf shop', site_url: 'https://shop.example',
    });
  });
});

const me = (workspaces: Me['workspaces'], server_admin = false): Me => ({
  agent: { id: 'a1', email: 'ana@shop.example', name: 'Ana', role: 'owner', active: true },
  workspace_id: 'w1',
  workspaces,
  server_admin,
});

describe('the workspace switcher', () => {
  const one = [{ id: 'w1', name: 'Scarves', role: 'owner' as const }];
  const two = [...one, { id: 'w2', name: 'Hats', role: 'agent' as const }];

  it('shows only for an account in two workspaces or more', () => {
    expect(showSwitcher(me(one))).toBe(false);
    expect(showSwitcher(me(two))).toBe(true);
    expect(showSwitcher({ workspaces: undefined as any })).toBe(false);
  });

  it('offers "Add a workspace" as the server says, else to server admins only', () => {
    expect(canAddWorkspace(me(one))).toBe(false);
    expect(canAddWorkspace(me(one, true))).toBe(true);
    expect(canAddWorkspace({ ...me(one), can_create_workspace: true })).toBe(true);
    expect(canAddWorkspace({ ...me(one, true), can_create_workspace: false })).toBe(false);
  });

  it('lists the workspaces by name, telling namesakes apart by role', () => {
    expect(switcherOptions(me(two))).toEqual([{ id: 'w1', label: 'Scarves' }, { id: 'w2', label: 'Hats' }]);
    const twins = [one[0], { id: 'w2', name: 'Scarves', role: 'agent' as const }];
    expect(switcherOptions(me(twins)).map((o) => o.label)).toEqual(['Scarves (owner)', 'Scarves (agent)']);
  });
});

describe('the workspace form and the notification figures', () => {
  const ws = {
    id: 'w1', name: 'Scarves', widget_key: 'wk', allowed_origins: [], created_at: 0,
    settings: { color: '#3b5bdb', position: 'right' as const, launcher_label: '', greeting: 'Hi', expected_reply_time: '', greeting_delay_seconds: null },
  };

  it('edits the greeting delay: empty leaves it unchanged, a number is sent as one', () => {
    const form = toForm(ws);
    expect(form.greeting_delay).toBe('');
    expect(toChange(form).greeting_delay_seconds).toBeUndefined();
    expect(toChange({ ...form, greeting_delay: '15' }).greeting_delay_seconds).toBe(15);
    expect(toForm({ ...ws, settings: { ...ws.settings, greeting_delay_seconds: 0 } }).greeting_delay).toBe('0');
  });

  it('shows shares as percentages', () => {
    expect(percent(0.4256)).toBe('42.6%');
    expect(percent(1)).toBe('100%');
    expect(percent(0)).toBe('0%');
    expect(percent(null)).toBe('—');
  });
});
