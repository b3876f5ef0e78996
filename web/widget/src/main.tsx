/**
 * The frame app's entry. It waits for the loader's `init` (token and config), then renders the
 * panel and connects. Protocol: docs/widget.md.
 */

import { render } from 'preact';
import { pickLocale } from '../../shared/i18n';
import { FRAME_TEXT } from '../../shared/strings';
import { browserTimeZone, VisitorApi } from './api';
import { App } from './App';
import { parentBridge } from './bridge';
import { Chat } from './chat';
import { FollowUp } from './followup';
import { Flows } from './flows';
import { beep, unlockSound } from './sound';
import './styles.css';
import { themeVariables } from './theme';

const params = new URLSearchParams(location.search);
const locale = pickLocale([params.get('locale'), ...navigator.languages]);
const text = FRAME_TEXT[locale];
const bridge = parentBridge(params.get('origin') || '', window.parent);
// The frame lives at {parley}/widget/frame.html: the API and the socket are beside /widget/.
const base = new URL('../', location.href);
const api = new VisitorApi(new URL('api/v1/', base).href, params.get('key') || '', undefined, { locale, timeZone: browserTimeZone() });
const chat = new Chat({ api, bridge, text, beep, wsUrl: new URL('ws/visitor', base).href.replace(/^http/, 'ws') });
// The push page lives on Parley's origin beside the customer inbox (docs/push.md).
const follow = new FollowUp({ key: params.get('key') || '', api, pushUrl: new URL('me/push.html?locale=' + locale, base).href });
let started = false;
let starting: Promise<unknown> | undefined;
/** The session starts once: at init when the chat is open or the visitor has a token, else when first needed. */
let ensureStarted: () => Promise<unknown> = () => Promise.resolve();

document.documentElement.lang = locale;
unlockSound();

bridge.listen((message) => {
  if (message.type == 'init' && !started) {
    started = true;
    const { config } = message;
    for (const [name, value] of Object.entries(themeVariables(config.color))) {
      document.documentElement.style.setProperty(name, value);
    }
    document.title = config.workspace_name;
    chat.setPanelOpen(message.open);
    render(
      <App chat={chat} config={config} text={text} locale={locale} follow={follow} onClose={() => bridge.post({ type: 'close' })} />,
      document.getElementById('app')!,
    );
    // Loaded in the background (closed panel) for page flows or an ongoing conversation: a quiet start
    // connects only when something is ongoing, and a visitor without a token gets no session until needed.
    const quiet = !message.open;
    api.anon = message.anon;
    ensureStarted = () => (starting ||= chat.start(message.token, quiet));
    if (message.open || message.token) ensureStarted();
    new Flows({ chat, config, key: params.get('key') || '', url: message.url, ensureStarted }).watchPage();
  }
  if (message.type == 'open') {
    chat.setPanelOpen(true);
    if (started) ensureStarted();
  }
  if (message.type == 'close') chat.setPanelOpen(false);
});

addEventListener('online', () => chat.socket.retryNow());
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && chat.state.view) chat.markRead(chat.state.view);
});
bridge.post({ type: 'ready' });
