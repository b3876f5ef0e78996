/**
 * Ways the conversation follows the visitor after they leave (docs/push.md, docs/widget.md): web push
 * through Parley's push page, and the email ask. Components only call these methods.
 */

import type { VisitorApi } from './api';
import type { Message } from './messages';

/** The workspace setting `email_ask_delay_seconds` when the config has none (docs/widget.md). */
export const ASK_AFTER = 30_000;

/** The visitor's first message that no agent has answered yet (a bot's answer does not count), if any. */
export function firstUnanswered(messages: Message[]): Message | null {
  let first: Message | null = null;
  for (const m of messages) {
    if (m.sender.type == 'agent') first = null;
    else if (m.sender.type == 'contact' && m.state != 'failed' && first == null) first = m;
  }
  return first;
}

/** What identifies a visitor's message on every page: its client_msg_id (the server keeps it). */
export const messageKey = (m: Message) => m.clientMsgId || m.id || '';

/**
 * Milliseconds until the email ask shows in a thread: since the visitor's first message that no agent
 * has answered yet, `askAfter` (the workspace's setting) when the team is online; at once when it is
 * not, or when the visitor already left a page with that very message unanswered (`leftOn`, its key,
 * recorded on pagehide). Null when there is nothing unanswered.
 */
export function emailAskDelay(messages: Message[], teamOnline: boolean, now: number, askAfter = ASK_AFTER, leftOn = ''): number | null {
  const first = firstUnanswered(messages);
  if (!first) return null;
  if (!teamOnline || (leftOn && leftOn == messageKey(first))) return 0;
  // Clamped: createdAt may come from the server's clock.
  return Math.min(askAfter, Math.max(0, askAfter - (now - first.createdAt)));
}

export function validEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value);
}

/** How the push page ended: turned on, a blocked popup, or closed without success. */
export type PushResult = 'on' | 'blocked' | 'closed';

export type FollowUpDeps = {
  /** The widget key: flags are per workspace. */
  key: string;
  api: VisitorApi;
  /** `<parley>/me/push.html?locale=xx` */
  pushUrl: string;
  win?: Window;
  storage?: () => Storage | null;
};

export class FollowUp {
  private readonly win: Window;
  /** Flags set here, for when storage is blocked (third-party storage in some browsers). */
  private memory = new Set<string>();
  private leftKey = '';

  constructor(private readonly deps: FollowUpDeps) {
    this.win = deps.win || window;
  }

  pushSupported(): boolean {
    return 'Notification' in this.win;
  }

  pushOn(): boolean {
    return this.flag('push');
  }

  /** The email ask was answered or dismissed in this browser: it never shows again. */
  emailDone(): boolean {
    return this.flag('email');
  }

  dismissEmail() {
    this.setFlag('email');
  }

  /** The key of the unanswered message the visitor last left a page with (pagehide): the ask is then due at once. */
  leftOn(): string {
    if (this.memory.has('left')) return this.leftKey;
    try {
      return this.storage()?.getItem(`parley:${this.deps.key}:left`) || '';
    } catch {
      return '';
    }
  }

  /** The page is being left while this message waits for an answer: the next page of the site asks at once. */
  left(messageKey: string) {
    this.memory.add('left');
    this.leftKey = messageKey;
    try {
      this.storage()?.setItem(`parley:${this.deps.key}:left`, messageKey);
    } catch {
      // kept in memory only
    }
  }

  async saveEmail(email: string): Promise<void> {
    await this.deps.api.contact({ email });
    this.setFlag('email');
  }

  /**
   * Opens the push page (a popup, else a new tab) and hands it the visitor token once it says it is
   * ready. Only that window, on Parley's own origin, gets the token; it resolves when the page reports
   * success, or when the window is closed.
   */
  openPush(): Promise<PushResult> {
    const win = this.win;
    const url = this.deps.pushUrl;
    const page = win.open(url, 'parley-push', 'popup,width=440,height=600') || win.open(url, '_blank');
    if (!page) return Promise.resolve('blocked');
    const origin = win.location.origin;
    return new Promise((resolve) => {
      const finish = (result: PushResult) => {
        win.removeEventListener('message', listener);
        clearInterval(timer);
        if (result == 'on') this.setFlag('push');
        resolve(result);
      };
      const listener = (e: MessageEvent) => {
        if (e.source !== page || e.origin !== origin || !e.data) return;
        if (e.data.type == 'parley-push-ready') page.postMessage({ type: 'parley-push-token', token: this.deps.api.token }, origin);
        // A refusal keeps the page open: the visitor may still try again there.
        if (e.data.type == 'parley-push-done' && e.data.ok === true) finish('on');
      };
      win.addEventListener('message', listener);
      const timer = setInterval(() => page.closed && finish('closed'), 1000);
    });
  }

  private storage(): Storage | null {
    try {
      return this.deps.storage ? this.deps.storage() : this.win.localStorage;
    } catch {
      return null; // third-party storage blocked: flags last for this page only
    }
  }

  private flag(name: string): boolean {
    if (this.memory.has(name)) return true;
    try {
      return this.storage()?.getItem(`parley:${this.deps.key}:${name}`) == '1';
    } catch {
      return false;
    }
  }

  private setFlag(name: string) {
    this.memory.add(name);
    try {
      this.storage()?.setItem(`parley:${this.deps.key}:${name}`, '1');
    } catch {
      // kept in memory only
    }
  }
}
