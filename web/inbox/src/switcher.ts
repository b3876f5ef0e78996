/** Who sees the workspace switcher and the "Add a workspace" entry in the top bar. */
import type { Me } from './types';

/** A choice only when the account is in more than one workspace. */
export function showSwitcher(me: Pick<Me, 'workspaces'>): boolean {
  return (me.workspaces?.length ?? 0) > 1;
}

/**
 * Server admins may always create workspaces; other owners too when the server's sign-up is not closed.
 * The server says which (`can_create_workspace`); an older answer without it means server admins only.
 */
export function canAddWorkspace(me: Pick<Me, 'server_admin' | 'can_create_workspace'>): boolean {
  return !!(me.can_create_workspace ?? me.server_admin);
}

/** The switcher's options: the account's workspaces by name, the current one first if missing from the list. */
export function switcherOptions(me: Pick<Me, 'workspaces' | 'workspace_id'>): { id: string; label: string }[] {
  const list = me.workspaces ?? [];
  const options = list.map((w) => ({ id: w.id, label: w.name }));
  if (!list.some((w) => w.id == me.workspace_id)) options.unshift({ id: me.workspace_id, label: 'This workspace' });
  // Two workspaces of one name would read alike: the role tells them apart.
  const names = new Map<string, number>();
  for (const o of options) names.set(o.label, (names.get(o.label) ?? 0) + 1);
  return options.map((o) => {
    const w = list.find((x) => x.id == o.id);
    return names.get(o.label)! > 1 && w ? { ...o, label: `${o.label} (${w.role})` } : o;
  });
}
