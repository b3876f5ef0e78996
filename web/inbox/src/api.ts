/** The agent REST API, same origin, session cookie (docs/inbox.md). Every failure is an ApiError. */

import type { LiveApi, LiveVisitor } from './live';
import type { Reach } from './reach';
import type {
  Activity,
  Agent,
  ApiKey,
  Canned,
  Contact,
  Conversation,
  Invitation,
  Me,
  Message,
  NewWorkspace,
  SearchResult,
  Status,
  Workspace,
  Notified,
  Rating,
} from './types';

/** An answer other than 2xx; `status` 0 means no answer at all (network down). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code = '',
    message = '',
  ) {
    super(message || code || (status ? 'HTTP ' + status : 'Network error'));
  }
}

/** A one-line text for an error line in the UI; a 404 means the server does not offer it yet. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status == 0) return 'Cannot reach the server. Check your connection.';
    if (e.status == 404 && e.code != 'not_found') return 'Not available on this server yet.';
    if (e.status == 404) return 'Not found (or not available on this server yet).';
    if (e.status == 403) return 'You are not allowed to do this.';
    return e.message;
  }
  return String((e as Error)?.message || e);
}

let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/api/v1/' + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0);
  }
  const json = response.status == 204 ? {} : await response.json().catch(() => null);
  if (!response.ok) {
    // A 401 on anything but the sign-in forms means the session ended.
    // A wrong password while accepting an invitation or a sign-up link is a 401 of that form, not the end of a session.
    if (response.status == 401 && !/^(auth\/login|auth\/password-reset|invitations\/accept|setup|signup\/complete)/.test(path)) onUnauthorized();
    throw new ApiError(response.status, json?.error?.code, json?.error?.message);
  }
  return (json ?? {}) as T;
}

const enc = encodeURIComponent;

/** What an invitation link shows; `existing_account`: sign in with that account's password instead of choosing one. */
export type InvitationInfo = { email: string; role: string; workspace_name: string; existing_account?: boolean; name?: string };

/** `bots` has no server filter: it reads the whole list and keeps the bot-owned ones (flows, apps) (store.matches). */
export type ListQuery = { tab: 'mine' | 'unassigned' | 'all' | 'bots'; status: Status };
export type MessagePage = { messages: Message[]; has_more: boolean };

export const api = {
  login: (email: string, password: string) => call<Me>('POST', 'auth/login', { email, password }),
  logout: () => call<{}>('POST', 'auth/logout'),
  me: () => call<Me>('GET', 'auth/me'),
  /** Opens another workspace of the same account (a new session cookie). */
  switchWorkspace: (workspace_id: string) => call<Me>('POST', 'auth/workspace', { workspace_id }),
  createWorkspace: (name: string, site_url: string) => call<{ workspace: NewWorkspace }>('POST', 'workspaces', { name, site_url }),
  updateMe: (body: Partial<Pick<Agent, 'name' | 'presence' | 'notifications'>>) => call<{ agent: Agent }>('PATCH', 'auth/me', body),
  forgot: (email: string) => call<{}>('POST', 'auth/password-reset', { email }),
  resetPassword: (token: string, new_password: string) => call<{}>('POST', 'auth/password-reset/confirm', { token, new_password }),
  lookupInvitation: (token: string) =>
    call<InvitationInfo>('GET', 'invitations/lookup?token=' + enc(token)),
  acceptInvitation: (token: string, name: string, password: string) =>
    call<{ agent: Agent }>('POST', 'invitations/accept', { token, name, password }),

  conversations(q: ListQuery, limit = 50, before?: string) {
    const filter = q.tab == 'mine' ? 'mine=true&' : q.tab == 'unassigned' ? 'unassigned=true&' : '';
    const page = before ? '&before=' + enc(before) : '';
    return call<{ conversations: Conversation[]; next_before?: string }>('GET', `conversations?${filter}status=${q.status}&limit=${limit}${page}`);
  },
  notified: (id: string) => call<Notified>('GET', `conversations/${enc(id)}/notified`),
  rating: (id: string) => call<{ rating?: Rating | null }>('GET', `conversations/${enc(id)}/rating`),
  /** How a reply would reach each conversation's customer now (at most 100 ids). */
  reach: (ids: string[]) => call<{ reach: Reach[] }>('GET', `conversations/reach?ids=${ids.map(enc).join(',')}`),
  conversation: (id: string) => call<{ conversation: Conversation; messages: Message[]; has_more: boolean }>('GET', `conversations/${enc(id)}?limit=1`),
  /** Messages with seq < before, oldest first (docs/inbox.md). */
  messages: (id: string, before: number, limit = 50) => call<MessagePage>('GET', `conversations/${enc(id)}/messages?before=${before}&limit=${limit}`),
  messagesAfter: (id: string, after: number, limit = 100) => call<MessagePage>('GET', `conversations/${enc(id)}/messages?after=${after}&limit=${limit}`),
  /** `attachments`: ids of uploaded files (Attach.tsx); with them `text` may be empty. */
  sendMessage: (id: string, client_msg_id: string, text: string, attachments?: string[]) =>
    call<{ message: Message; seq: number; message_id: string }>('POST', `conversations/${enc(id)}/messages`, {
      client_msg_id,
      text,
      ...(attachments?.length ? { attachments } : {}),
    }),
  sendNote: (id: string, client_msg_id: string, text: string, mentions?: string[], attachments?: string[]) =>
    call<{ message: Message; seq: number; message_id: string }>('POST', `conversations/${enc(id)}/notes`, {
      client_msg_id,
      text,
      ...(mentions?.length ? { mentions } : {}),
      ...(attachments?.length ? { attachments } : {}),
    }),
  assign: (id: string, assignee_id: string | null) => call<Conversation>('POST', `conversations/${enc(id)}/assign`, { assignee_id }),
  setStatus: (id: string, status: Status, snoozed_until?: number) =>
    call<Conversation>('POST', `conversations/${enc(id)}/status`, status == 'snoozed' ? { status, snoozed_until } : { status }),
  markRead: (id: string, seq: number) => call<{}>('POST', `conversations/${enc(id)}/read`, { seq }),
  activity: (id: string) => call<Activity>('GET', `conversations/${enc(id)}/activity`),

  contact: (id: string) => call<{ contact: Contact; conversations: Conversation[] }>('GET', `contacts/${enc(id)}`),
  updateContact: (id: string, body: { name?: string | null; email?: string | null }) => call<{ contact: Contact }>('PATCH', `contacts/${enc(id)}`, body),
  /** Owners and admins: the contact and everything of it (docs/privacy.md). */
  deleteContact: (id: string) => call<{ contact_id: string; deleted: Record<string, number> }>('DELETE', `contacts/${enc(id)}`),
  search: (q: string) => call<SearchResult>('GET', 'search?q=' + enc(q) + '&limit=20'),

  agents: () => call<{ agents: Agent[] }>('GET', 'agents'),
  updateAgent: (id: string, body: { role?: string; active?: boolean }) => call<Agent>('PATCH', `agents/${enc(id)}`, body),
  invitations: () => call<{ invitations: Invitation[] }>('GET', 'invitations'),
  invite: (email: string, role: string) => call<{ invitation: Invitation; url: string }>('POST', 'invitations', { email, role }),
  revokeInvitation: (id: string) => call<{}>('DELETE', `invitations/${enc(id)}`),

  canned: (q = '') => call<{ canned_responses: Canned[] }>('GET', 'canned-responses' + (q ? '?q=' + enc(q) : '')),
  createCanned: (body: { shortcut: string; title?: string; text: string }) => call<Canned>('POST', 'canned-responses', body),
  updateCanned: (id: string, body: { shortcut?: string; title?: string; text?: string }) => call<Canned>('PATCH', `canned-responses/${enc(id)}`, body),
  deleteCanned: (id: string) => call<{}>('DELETE', `canned-responses/${enc(id)}`),

  apiKeys: () => call<{ api_keys: ApiKey[] }>('GET', 'api-keys'),
  createApiKey: (name: string) => call<ApiKey>('POST', 'api-keys', { name }),
  revokeApiKey: (id: string) => call<{}>('DELETE', `api-keys/${enc(id)}`),

  /** Visitors on the site now, newest activity first (docs/inbox.md, "Visitors"). */
  liveVisitors: () => call<{ visitors: LiveVisitor[] }>('GET', 'visitors/live'),
  /** A proactive message: 201 with the new conversation; 404 when the visitor left. */
  messageVisitor: (id: string, text: string, client_msg_id: string) =>
    call<Conversation | { conversation: Conversation }>('POST', `visitors/live/${enc(id)}/messages`, { text, client_msg_id }),

  workspace: () => call<Workspace>('GET', 'workspace'),
  updateWorkspace: (body: Record<string, unknown>) => call<Workspace>('PATCH', 'workspace', body),
};

/** The live visitors' server (live.ts). */
export const liveApi: LiveApi = {
  list: api.liveVisitors,
  message: api.messageVisitor,
  errorText,
  isNotFound: (e) => e instanceof ApiError && e.status == 404,
};
