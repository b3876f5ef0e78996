import { describe, expect, it } from 'vitest';
import { appBody, DEFAULT_APP_EVENTS, deleteQuestion, emptyAppForm, formOf, formProblem, webhookState, type App } from './apps';
import { reasonFor, DEFAULT_SETTINGS } from './notify';
import * as S from './store';
import type { Conversation } from './types';

const app: App = {
  id: 'a1',
  name: 'Order bot',
  avatar_url: 'https://shop.example/bot.png',
  token_prefix: 'pa_abcdefg',
  primary_receiver: false,
  webhook: { url: 'https://bot.example/hook', events: ['message.created', 'conversation.created'], status: 'active' },
  created_at: 1,
  updated_at: 1,
};

describe('the app form', () => {
  it('starts with the default events of docs/apps.md', () => {
    expect(DEFAULT_APP_EVENTS).toEqual(['message.created', 'conversation.created', 'conversation.handed_over', 'conversation.thread_requested', 'conversation.status_changed']);
    expect(emptyAppForm().events).toEqual(DEFAULT_APP_EVENTS);
  });

  it('says what is missing before asking the server', () => {
    const f = { ...emptyAppForm(), name: 'Order bot', webhook_url: 'https://bot.example/hook' };
    expect(formProblem(f)).toBe('');
    expect(formProblem({ ...f, name: '  ' })).toBe('Give the app a name.');
    expect(formProblem({ ...f, name: 'x'.repeat(81) })).toContain('80');
    expect(formProblem({ ...f, avatar_url: 'http://insecure/bot.png' })).toContain('https');
    expect(formProblem({ ...f, webhook_url: 'ftp://x' })).toContain('webhook URL');
    expect(formProblem({ ...f, events: [] })).toBe('Choose at least one event.');
  });

  it('sends everything for a new app, events in the documented order, no empty avatar', () => {
    const f = { ...emptyAppForm(), name: ' Order bot ', webhook_url: 'https://bot.example/hook ', events: ['conversation.created', 'message.created'], primary_receiver: true };
    expect(appBody(f)).toEqual({ name: 'Order bot', webhook_url: 'https://bot.example/hook', events: ['message.created', 'conversation.created'], primary_receiver: true });
    expect(appBody({ ...f, avatar_url: 'https://a/b.png' }).avatar_url).toBe('https://a/b.png');
  });

  it('sends only what changed on an edit, a cleared avatar as empty', () => {
    expect(appBody(formOf(app), app)).toEqual({});
    expect(appBody({ ...formOf(app), name: 'Orders', avatar_url: '' }, app)).toEqual({ name: 'Orders', avatar_url: '' });
    expect(appBody({ ...formOf(app), events: ['conversation.created', 'message.created'] }, app)).toEqual({});
    expect(appBody({ ...formOf(app), events: ['message.created'], primary_receiver: true }, app)).toEqual({ events: ['message.created'], primary_receiver: true });
  });

  it("says the webhook's state", () => {
    const fmt = (at: number) => 'at ' + at;
    expect(webhookState(app.webhook, fmt)).toEqual({ text: 'Active', failing: false });
    expect(webhookState({ url: 'https://x', status: 'failing', failing_since: 5 }, fmt)).toEqual({ text: 'Failing since at 5', failing: true });
    expect(webhookState({}, fmt)).toEqual({ text: 'Not set up', failing: false });
    expect(webhookState(undefined, fmt).text).toBe('Not set up');
    expect(deleteQuestion('Order bot')).toContain('goes to the team');
  });
});

const conv = (owner: Conversation['owner'], extra: Partial<Conversation> = {}): Conversation => ({
  id: 'c',
  status: 'open',
  visitor_id: 'v',
  last_seq: 1,
  agent_read_seq: 0,
  visitor_read_seq: 0,
  created_at: 1,
  last_activity_at: 1,
  owner,
  ...extra,
});

describe("an app's threads in the inbox", () => {
  it('are listed under Bots only, like a flow’s', () => {
    const c = conv({ type: 'app', id: 'a1' });
    expect(S.botOwned(c)).toBe(true);
    expect(S.flowOwned(c)).toBe(false);
    expect(S.matches(c, 'bots', 'open', 'me')).toBe(true);
    expect(S.matches(c, 'all', 'open', 'me')).toBe(false);
    expect(S.matches(conv({ type: 'humans' }), 'all', 'open', 'me')).toBe(true);
  });

  it('do not ring while the app handles them; a pass to the team does', () => {
    const mine = { assignee_id: 'me' };
    const m = { id: 'm', conversation_id: 'c', seq: 1, sender: { type: 'contact' as const }, text: 'hi', private: false, client_msg_id: 'x', created_at: Date.now() };
    expect(reasonFor('conversation', 'me', conv({ type: 'app', id: 'a1' }), undefined, DEFAULT_SETTINGS)).toBeNull();
    expect(reasonFor('message', 'me', conv({ type: 'app', id: 'a1' }, mine), m, DEFAULT_SETTINGS)).toBeNull();
    const passed = { to: { type: 'humans' as const }, reason: 'passed' as const };
    expect(reasonFor('handover', 'me', conv({ type: 'humans' }), undefined, DEFAULT_SETTINGS, passed)).toBe('handoff');
    expect(reasonFor('handover', 'me', conv({ type: 'humans' }), undefined, DEFAULT_SETTINGS, { ...passed, reason: 'agent_took' })).toBeNull();
  });
});

describe('the Apps page', () => {
  it('is for owners and admins only', async () => {
    const { settingsPages } = await import('./settingsPages');
    expect(settingsPages(true, false).map((p) => p.id)).toContain('apps');
    expect(settingsPages(false, false).map((p) => p.id)).not.toContain('apps');
  });
});
