// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_TEXT } from '../../shared/strings';
import type { Chat } from '../../widget/src/chat';
import type { FollowUp } from '../../widget/src/followup';
import { ApiError, type CustomerApi, type Item } from './api';
import { App } from './App';
import { ME_TEXTS } from './strings';

const ME_TEXT = ME_TEXTS.en;

const item: Item = {
  conversation: { id: 'c1', status: 'open', last_seq: 3, visitor_read_seq: 1, agent_read_seq: 0, created_at: 1, last_activity_at: 2,
    last_message_preview: '<img src=x onerror=alert(1)>' },
  workspace: { id: 'w1', name: 'Scarf shop', color: '#aa3355' },
  contact_id: 'k1',
  unread_count: 2,
};

function fakeApi(overrides: Partial<CustomerApi> = {}) {
  const calls: string[] = [];
  const api = {
    me: async () => {
      calls.push('me');
      throw new ApiError(401, 'unauthorized');
    },
    signIn: async (token: string) => {
      calls.push('signIn ' + token);
      return { customer: { id: 'u1', email: 'ann@example.com' }, conversation_id: 'c1' };
    },
    conversations: async () => [item],
    requestLink: async (email: string) => {
      calls.push('requestLink ' + email);
      return {};
    },
    logout: async () => ({}),
    ...overrides,
  } as unknown as CustomerApi;
  return { api, calls };
}

let root: HTMLElement;
const noChat = (() => {
  throw new Error('no chat in this test');
}) as unknown as (item: Item) => Chat;

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  history.replaceState(null, '', '/me/');
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const find = <T extends Element>(css: string) =>
  vi.waitFor(() => {
    const found = root.querySelector<T>(css);
    if (!found) throw new Error(css + ' not yet');
    return found;
  });
/** No push, email already proven: the follow-up controls show nothing. */
const quietFollow = { pushSupported: () => false, pushOn: () => false, emailDone: () => true, dismissEmail() {} } as unknown as FollowUp;
const show = (api: CustomerApi, chatFor = noChat) =>
  render(h(App, { api, text: FRAME_TEXT.en, me: ME_TEXT, locale: 'en', chatFor, followFor: () => quietFollow }), root);

/** Enough of a widget chat for the conversation screen to render. */
function fakeChat(opened: string[]): Chat {
  const state = { status: 'online', started: true, conversations: [], threads: {}, view: null, loading: {}, typing: {}, agentRead: {},
    visitorRead: {}, announcement: '', open: false, ratings: {} };
  return {
    state,
    subscribe: () => () => {},
    setPanelOpen() {},
    show: (id: string) => opened.push(id),
    load() {},
    outbox: { send() {}, retry() {}, typing() {}, stopTyping() {} },
  } as unknown as Chat;
}

describe('the /me app', () => {
  it('spends the token of a sign-in link and takes it out of the address bar', async () => {
    history.replaceState(null, '', '/me/#/signin?token=ml_abc&c=c1');
    const { api, calls } = fakeApi({ signIn: async () => ({ customer: { id: 'u1', email: 'ann@example.com' } }) });
    const opened: string[] = [];
    const chat = fakeChat(opened);
    show(api, () => chat);
    await vi.waitFor(() => expect(opened).toEqual(['c1']));
    expect(location.hash).toBe('#/c/c1');
    expect(location.href).not.toContain('token');
    expect(calls).not.toContain('me');
    expect(root.querySelector('h1')!.textContent).toBe('Scarf shop');
  });

  it('says when a link is used or expired and offers the form', async () => {
    history.replaceState(null, '', '/me/#/signin?token=ml_old');
    const { api } = fakeApi({
      signIn: async () => {
        throw new ApiError(400, 'invalid_token');
      },
    });
    show(api);
    await vi.waitFor(() => expect(root.textContent).toContain(ME_TEXT.linkInvalid));
    expect(root.querySelector('h1')!.textContent).toBe(ME_TEXT.signInTitle);
    expect(location.hash).toBe('#/');
  });

  it('asks for a link by email and says to check the mailbox', async () => {
    const { api, calls } = fakeApi();
    show(api);
    const input = await find<HTMLInputElement>('#me-email');
    input.value = 'nope';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(root.querySelector('[role=alert]')!.textContent).toBe(ME_TEXT.badEmail));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    input.value = ' ann@example.com ';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(root.querySelector('h1')!.textContent).toBe(ME_TEXT.checkEmail));
    expect(calls).toContain('requestLink ann@example.com');
  });

  it("shows a conversation with the widget's files: the paperclip, and a message's image fetched with the visitor token", async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      fetched.push(url + ' ' + (init.headers as Record<string, string>).Authorization);
      return new Response(new Blob(['jpeg']));
    });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:thumb');
    try {
      history.replaceState(null, '', '/me/#/c/c1');
      const { api } = fakeApi({ me: async () => ({ id: 'u1', email: 'ann@example.com' }) });
      const chat = fakeChat([]);
      const cat = { id: 'f1', name: 'cat.jpg', content_type: 'image/jpeg', size: 2048, kind: 'image', width: 320, height: 240 };
      Object.assign(chat.state.threads, { c1: [{ id: 'm1', seq: 1, sender: { type: 'agent', name: 'Ann' }, text: 'cat.jpg', content: { attachments: [cat] }, createdAt: 1, state: 'sent' }] });
      Object.assign(chat, { deps: { api: { base: '/api/v1/', token: 'vt_me' } } });
      show(api, () => chat);
      const img = await find<HTMLImageElement>('img.att-thumb');
      expect(img.alt).toBe('cat.jpg');
      await vi.waitFor(() => expect(img.getAttribute('src')).toBe('blob:thumb'));
      expect(fetched).toEqual(['/api/v1/files/f1/thumbnail Bearer vt_me']);
      expect(root.querySelector('button.attach')!.getAttribute('aria-label')).toBe('Attach a file');
      expect(root.querySelector('input[type=file]')).not.toBeNull();
    } finally {
      vi.unstubAllGlobals();
      vi.restoreAllMocks();
    }
  });

  it('lists conversations with the business name, as text only', async () => {
    const { api } = fakeApi({ me: async () => ({ id: 'u1', email: 'ann@example.com' }) });
    show(api);
    const link = await find<HTMLAnchorElement>('.me-item');
    expect(link.getAttribute('href')).toBe('#/c/c1');
    expect(link.textContent).toContain('Scarf shop');
    expect(link.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain(ME_TEXT.unread);
  });
});
