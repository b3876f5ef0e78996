/**
 * The customer inbox at /me (docs/customer.md). Each conversation is a widget chat (web/widget/src)
 * driven by a visitor token the customer API mints for the customer's contact in that workspace.
 */

import { render } from 'preact';
import { pickLocale } from '../../shared/i18n';
import { FRAME_TEXT } from '../../shared/strings';
import type { Bridge } from '../../widget/src/bridge';
import { Chat } from '../../widget/src/chat';
import { FollowUp } from '../../widget/src/followup';
import '../../widget/src/styles.css';
import { CustomerApi, GuestVisitorApi, MeVisitorApi, type Item } from './api';
import { App } from './App';
import { ME_TEXTS } from './strings';
import './me.css';

// Under the service worker's scope (/me/): the document is also served at /me/.
if (location.pathname == '/me') history.replaceState(null, '', '/me/' + location.search + location.hash);

const locale = pickLocale([...navigator.languages]);
const text = FRAME_TEXT[locale];
const me = ME_TEXTS[locale];
const apiBase = new URL('/api/v1/', location.href).href;
const wsUrl = new URL('/ws/visitor', location.href).href.replace(/^http/, 'ws');
const api = new CustomerApi(apiBase);
/** No host page here: what the widget tells its loader goes nowhere. */
const noBridge: Bridge = { post() {}, listen: () => () => {} };
const chats = new Map<string, Chat>();
const follows = new Map<string, FollowUp>();

/** One chat (visitor session and socket) per contact, made when first opened and kept. */
function chatFor(item: Item): Chat {
  const key = item.workspace.id + '/' + item.contact_id + (item.guest ? '/guest' : '');
  let chat = chats.get(key);
  if (!chat) {
    const visitorApi = item.guest
      ? new GuestVisitorApi(apiBase, { ...item.guest, contact_id: item.contact_id })
      : new MeVisitorApi(apiBase, api, item.workspace.id, item.contact_id);
    chat = new Chat({ api: visitorApi, bridge: noBridge, text, wsUrl });
    chats.set(key, chat);
    chat.start();
  }
  return chat;
}

/**
 * The widget's follow-up controls for a chat: "Turn on notifications" opens the push page with this
 * chat's visitor token. The email ask never shows: a signed-in customer's email is proven already.
 */
function followFor(item: Item): FollowUp {
  const key = item.workspace.id + '/' + item.contact_id + (item.guest ? '/guest' : '');
  let follow = follows.get(key);
  if (!follow) {
    follow = new FollowUp({ key: 'me:' + item.workspace.id, api: chatFor(item).deps.api, pushUrl: new URL('/me/push.html?locale=' + locale, location.href).href });
    follow.dismissEmail();
    follows.set(key, follow);
  }
  return follow;
}

// Every text of the page is in this language (the app's and the chat's), so the document says so.
document.documentElement.lang = locale;
document.title = me.title;
function signOut() {
  chats.forEach((c) => {
    c.socket.close();
    c.uploads?.clear();
    c.files?.clear();
  });
  chats.clear();
  follows.clear();
}

render(<App api={api} text={text} me={me} locale={locale} chatFor={chatFor} followFor={followFor} onSignOut={signOut} />, document.getElementById('app')!);

addEventListener('online', () => chats.forEach((c) => c.socket.retryNow()));
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) chats.forEach((c) => c.state.view && c.markRead(c.state.view));
});
// Installable; the worker (push feature) may not be deployed yet, which is fine.
navigator.serviceWorker?.register('/me/sw.js', { scope: '/me/' }).catch(() => {});
