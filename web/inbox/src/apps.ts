/**
 * Bot apps seen from the inbox (docs/apps.md): their admin routes, the handover calls agents make
 * (take, pass to an app), and the pure helpers of the Apps screen (form → request body, texts).
 */

import { call } from './api';
import type { Conversation } from './types';

/** An app's webhook as the server shows it; empty while the webhook feature is absent. */
export type AppWebhook = { id?: string; url?: string; events?: string[]; status?: 'active' | 'failing' | string; failing_since?: number | null };

export type App = {
  id: string;
  name: string;
  avatar_url?: string | null;
  token_prefix: string;
  primary_receiver: boolean;
  webhook?: AppWebhook;
  created_at: number;
  updated_at: number;
};

/** A new app, or a new token: the secrets are in this answer only. */
export type IssuedApp = App & { token: string; webhook_secret?: string };

export type AppBody = { name: string; avatar_url?: string; webhook_url: string; events: string[]; primary_receiver: boolean };

const enc = encodeURIComponent;

export const appsApi = {
  list: () => call<{ apps: App[] }>('GET', 'apps'),
  create: (body: AppBody) => call<IssuedApp>('POST', 'apps', body),
  update: (id: string, body: Partial<AppBody>) => call<App>('PATCH', `apps/${enc(id)}`, body),
  remove: (id: string) => call<void>('DELETE', `apps/${enc(id)}`),
  rotateToken: (id: string) => call<IssuedApp>('POST', `apps/${enc(id)}/token`, {}),
  /** An agent takes the thread for the team from whoever owns it (an app, a flow). */
  take: (conversationId: string) => call<{ conversation: Conversation }>('POST', `conversations/${enc(conversationId)}/thread/take`, {}),
  /** An agent gives the thread to an app. */
  passToApp: (conversationId: string, appId: string) =>
    call<{ conversation: Conversation }>('POST', `conversations/${enc(conversationId)}/thread/pass`, { target: 'app', app_id: appId }),
};

/** The events an app may subscribe to, with what they mean; the first five are the defaults of docs/apps.md. */
export const APP_EVENTS: { name: string; label: string }[] = [
  { name: 'message.created', label: 'A message is sent' },
  { name: 'conversation.created', label: 'A conversation starts' },
  { name: 'conversation.handed_over', label: 'The thread changes owner' },
  { name: 'conversation.thread_requested', label: 'An app asks for the thread' },
  { name: 'conversation.status_changed', label: 'A conversation is resolved, reopened, snoozed…' },
  { name: 'conversation.assigned', label: 'A conversation is assigned' },
  { name: 'conversation.rated', label: 'A customer rates a conversation' },
  { name: 'contact.updated', label: 'A contact changes' },
];

export const DEFAULT_APP_EVENTS = APP_EVENTS.slice(0, 5).map((e) => e.name);

/** What the form edits. */
export type AppForm = { name: string; avatar_url: string; webhook_url: string; events: string[]; primary_receiver: boolean };

export const emptyAppForm = (): AppForm => ({ name: '', avatar_url: '', webhook_url: '', events: [...DEFAULT_APP_EVENTS], primary_receiver: false });

export const formOf = (app: App): AppForm => ({
  name: app.name,
  avatar_url: app.avatar_url ?? '',
  webhook_url: app.webhook?.url ?? '',
  events: app.webhook?.events ?? [...DEFAULT_APP_EVENTS],
  primary_receiver: app.primary_receiver,
});

/** What the form says is wrong before asking the server, or '' (the server checks again, and names its reasons). */
export function formProblem(f: AppForm): string {
  if (!f.name.trim()) return 'Give the app a name.';
  if (f.name.trim().length > 80) return 'The name is at most 80 characters.';
  if (f.avatar_url.trim() && !/^https:\/\//i.test(f.avatar_url.trim())) return 'The avatar must be an https:// URL.';
  if (!/^https?:\/\//i.test(f.webhook_url.trim())) return 'The webhook URL must start with https:// (or http://).';
  if (!f.events.length) return 'Choose at least one event.';
  return '';
}

/**
 * The request body: a new app sends everything set; a change sends only what differs from `before`
 * (an avatar cleared is sent as '' so the server removes it).
 */
export function appBody(f: AppForm, before?: App): Partial<AppBody> {
  const events = APP_EVENTS.map((e) => e.name).filter((n) => f.events.includes(n));
  const full: AppBody = { name: f.name.trim(), webhook_url: f.webhook_url.trim(), events, primary_receiver: f.primary_receiver };
  const avatar = f.avatar_url.trim();
  if (!before) return avatar ? { ...full, avatar_url: avatar } : full;
  const old = formOf(before);
  const body: Partial<AppBody> = {};
  if (full.name != old.name) body.name = full.name;
  if (avatar != old.avatar_url.trim()) body.avatar_url = avatar;
  if (full.webhook_url != old.webhook_url) body.webhook_url = full.webhook_url;
  if (!sameSet(events, old.events)) body.events = events;
  if (full.primary_receiver != old.primary_receiver) body.primary_receiver = full.primary_receiver;
  return body;
}

const sameSet = (a: string[], b: string[]) => a.length == b.length && a.every((x) => b.includes(x));

/** The webhook's state in the list: "Active", "Failing since …", or "Not set up" while the server has none. */
export function webhookState(w: AppWebhook | undefined, format: (at: number) => string): { text: string; failing: boolean } {
  if (!w || !w.url) return { text: 'Not set up', failing: false };
  if (w.status == 'failing') return { text: w.failing_since ? `Failing since ${format(w.failing_since)}` : 'Failing', failing: true };
  return { text: w.status == 'active' || !w.status ? 'Active' : w.status, failing: false };
}

/** The confirmation asked before a delete: the threads the app owns go to the team. */
export const deleteQuestion = (name: string) =>
  `Delete the app “${name}”? Its token and webhook stop at once, and every conversation it handles goes to the team.`;

export const rotateQuestion = (name: string) => `Issue a new token for “${name}”? The current token stops working at once.`;
